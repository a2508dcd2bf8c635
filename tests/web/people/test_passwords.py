"""The password rules on every form and service that sets a password: the user's own change and an admin's new
user; each refusal names its rule, in Chinese and in English, and changes nothing."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from courseware.extensions import db
from courseware.models import User
from courseware.people import accounts
from courseware.people.password_policy import PasswordRejected

# rule -> (a password breaking it for user "wangfang" / "Wang Fang", the Chinese message, the English message)
RULES = {
    "too_short": ("short-pw", "密码至少需要 10 个字符。", "A password needs at least 10 characters."),
    "contains_name": ("Wang-Fang-2026!", "密码中不能包含用户名或显示名称。",
                      "The password must not contain the username or the display name."),
    "repeated": ("abcabcabcabc", "密码不能是同一个字符或同一组字符的重复", "must not be one character or group of characters repeated"),
    "sequential": ("qwertyuiop", "密码不能是连续的字符", "The password must not be a sequence"),
    "common": ("Tinkerbell", "该密码属于最常见的 10,000 个密码", "one of the 10,000 most common passwords"),
}


def errors_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def use_language(client, lang: str) -> None:
    if lang == "en":
        client.post("/language", data={"lang": "en"})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_change_password_refuses_each_rule_with_its_message(client, auth, users, lang):
    users("learner", username="wangfang", display_name="Wang Fang")
    auth.login("wangfang")
    use_language(client, lang)
    for rule, (password, zh, en) in RULES.items():
        response = client.post("/account/password", data={"current": "correct-horse", "new": password, "confirm": password})
        page = errors_of(response)
        assert response.status_code == 200 and (zh if lang == "zh" else en) in page, rule
        assert page.count('class="field__error"') == 1, rule  # only the rule that failed
        assert accounts.authenticate("wangfang", "correct-horse") is not None, rule  # nothing changed
    good = client.post("/account/password", data={"current": "correct-horse", "new": "river9-lantern", "confirm": "river9-lantern"})
    assert good.status_code == 302 and accounts.authenticate("wangfang", "river9-lantern") is not None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rules_are_shown_beside_the_field(client, auth, users, lang):
    users("learner", username="wangfang")
    auth.login("wangfang")
    use_language(client, lang)
    page = errors_of(client.get("/account/password"))
    assert ("至少 10 个字符，不能包含用户名或显示名称" if lang == "zh" else "At least 10 characters, without the username") in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_admin_new_user_password_keeps_the_rules(client, auth, users, lang):
    users("admin", username="boss")
    auth.login("boss")
    use_language(client, lang)
    for rule, (password, zh, en) in RULES.items():
        response = client.post("/admin/users/new", data={
            "username": "wangfang", "display_name": "Wang Fang", "role": "hr", "cohort": "0", "password": password})
        page = errors_of(response)
        assert response.status_code == 200 and (zh if lang == "zh" else en) in page, rule
        assert 'id="password-error"' in page, rule  # said at the password field
        assert db.session.scalar(select(User).where(User.username == "wangfang")) is None, rule
    response = client.post("/admin/users/new", data={
        "username": "wangfang", "display_name": "Wang Fang", "role": "hr", "cohort": "0", "password": "river9-lantern"})
    assert response.status_code == 302 and accounts.authenticate("wangfang", "river9-lantern") is not None


@pytest.mark.parametrize("rule", sorted(RULES))
def test_services_refuse_each_rule(users, rule):
    password = RULES[rule][0]
    with pytest.raises(PasswordRejected) as refused:
        accounts.create_user(accounts.NewUser("wangfang", "Wang Fang", "learner", password=password))
    assert refused.value.code == rule
    db.session.rollback()
    assert db.session.scalar(select(User).where(User.username == "wangfang")) is None
    mei = users("learner", username="wangfang", display_name="Wang Fang")
    with pytest.raises(PasswordRejected) as refused:
        accounts.change_password(mei, "correct-horse", password)
    assert refused.value.code == rule
    db.session.rollback()
    assert accounts.authenticate("wangfang", "correct-horse") is not None


def test_a_one_time_password_that_breaks_a_rule_is_drawn_again(monkeypatch):
    draws = iter("a" * 12 + "qrstuvwxyzab" + "Xy7-river9Lz".replace("-", "k"))  # repeated, sequential, then fine
    monkeypatch.setattr(accounts.secrets, "choice", lambda alphabet: next(draws))
    assert accounts.one_time_password("wangfang", "Wang Fang") == "Xy7kriver9Lz"
