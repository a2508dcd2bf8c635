"""Language: Simplified Chinese by default, English one click away, remembered per user."""
from __future__ import annotations

from courseware.extensions import db
from courseware.i18n import pick
from courseware.models import User


def test_chinese_is_the_default_and_english_is_one_click_away(client, auth, users):
    users("learner", username="mei")
    auth.login("mei")
    page = client.get("/learn/basics/definition").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page and "<h1>定义</h1>" in page
    assert '>English</button>' in page
    response = client.post("/language", data={"lang": "en", "next": "/learn/basics/definition"})
    assert response.headers["Location"] == "/learn/basics/definition"
    page = client.get("/learn/basics/definition").get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>Definition</h1>" in page and ">中文</button>" in page
    assert "Mark as read" in page


def test_language_choice_is_remembered_on_the_account(client, auth, users):
    user = users("learner", username="mei")
    auth.login("mei")
    client.post("/language", data={"lang": "en"})
    assert db.session.get(User, user.id).locale == "en"
    auth.logout()
    with client.session_transaction() as session:
        session.clear()
    auth.login("mei")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_anonymous_choice_carries_into_the_login(client, users):
    client.post("/language", data={"lang": "en"})
    assert "Log in" in client.get("/login").get_data(as_text=True)
    user = users("learner", username="mei")
    client.post("/login", data={"username": "mei", "password": "correct-horse"})
    assert db.session.get(User, user.id).locale == "en"


def test_language_switch_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post("/language", data={"lang": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "lang" not in session


def test_ui_strings_are_translated_to_chinese(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and "Log in" not in page


def test_missing_translation_falls_back_with_a_visible_notice(app, client, auth, users, monkeypatch):
    section = app.extensions["catalog"].module("next").section("later")
    monkeypatch.delitem(section.html, "en")  # as if a section had not been translated yet (put back after the test)
    users("learner", username="mei", locale="en")
    auth.login("mei")
    page = client.get("/learn/next/later").get_data(as_text=True)
    assert "以后的内容" in page
    assert 'class="notice notice--fallback"' in page and "shown in 中文" in page
    assert pick({"zh-Hans": "中文"}, "en").fallback and not pick({"en": "x"}, "en").fallback


def test_lists_and_dates_follow_each_reader_not_the_first_one(app):
    """Jinja runs a plain filter on constant arguments once, when it compiles the template: the import page's
    column list came out in the language of the first reader of the page in each process."""
    from datetime import date

    from flask_babel import force_locale

    source = '{{ ("a", "b")|join_list }} {{ ("c", "d")|code_list }} {{ date|date }}'
    with app.test_request_context(), force_locale("en"):
        template = app.jinja_env.from_string(source)  # compiled while the reader is English
        assert template.render(date=date(2026, 12, 3)) == "a, b <code>c</code>, <code>d</code> Dec 3, 2026"
    with app.test_request_context(), force_locale("zh_Hans"):
        assert template.render(date=date(2026, 12, 3)) == "a、b <code>c</code>、<code>d</code> 2026年12月3日"
