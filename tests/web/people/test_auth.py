"""Logging in and out: passwords, safe `next`, remember me, deactivated accounts, one-time passwords."""
from __future__ import annotations

import pytest

from courseware.extensions import db
from courseware.people import accounts
from tests.queries import count_queries


def test_login_and_logout(client, auth, users):
    users("learner", username="mei")
    response = auth.login("mei")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert auth.logout().headers["Location"] == "/login"
    assert client.get("/").headers["Location"].startswith("/login")


def test_password_is_hashed_with_the_configured_method(app, users):
    """The test app's cheap method (the production default, scrypt, is checked in tests/unit/test_password_hashing.py)."""
    user = users("learner")
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$") and "correct-horse" not in user.password_hash
    assert user.check_password("correct-horse") and not user.check_password("correct-horsE")


@pytest.mark.parametrize("username,password", [("mei", "wrong-password"), ("nobody", "correct-horse")])
def test_same_message_for_wrong_user_and_wrong_password(client, auth, users, username, password):
    users("learner", username="mei")
    response = auth.login(username, password)
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True) or "用户名或密码错误" in response.get_data(as_text=True)


def test_next_redirect_stays_on_the_site(client, auth, users):
    users("learner", username="mei")
    assert auth.login("mei", next_url="/glossary").headers["Location"] == "/glossary"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_next_redirect_refuses_other_sites(client, auth, users, target):
    users("learner", username="mei")
    assert auth.login("mei", next_url=target).headers["Location"] == "/"


def test_login_page_carries_next_from_the_query(client):
    response = client.get("/glossary")
    assert response.status_code == 302 and "next=%2Fglossary" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="/glossary"' in page


def test_remember_me_sets_a_lasting_cookie(client, auth, users):
    users("learner", username="mei")
    auth.login("mei", remember=True)
    assert client.get_cookie("remember_token") is not None


def test_without_remember_me_no_lasting_cookie(client, auth, users):
    users("learner", username="mei")
    auth.login("mei")
    assert client.get_cookie("remember_token") is None


def test_deactivated_user_cannot_log_in(client, auth, users):
    users("learner", username="gone", active=False)
    assert auth.login("gone").status_code == 401
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_and_samesite(client, auth, users):
    users("learner", username="mei")
    response = auth.login("mei")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_one_time_password_must_be_changed_first(app, client, auth):
    user, password = accounts.create_user(accounts.NewUser("newhire", "新人", "learner"))
    assert auth.login("newhire", password).status_code == 302
    assert client.get("/").headers["Location"] == "/account/password"
    short = client.post("/account/password", data={"current": password, "new": "short", "confirm": "short"})
    assert short.status_code == 200 and db.session.get(type(user), user.id).must_change_password
    response = client.post("/account/password", data={"current": password, "new": "a-long-new-secret", "confirm": "a-long-new-secret"})
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert accounts.authenticate("newhire", "a-long-new-secret") is not None


def test_static_files_and_health_check_do_not_load_the_logged_in_user(app, client, auth, users):
    users("learner", username="mei")
    auth.login("mei")
    assert count_queries(lambda: client.get("/static/css/site.css").close()) == 0
    assert count_queries(lambda: client.get("/static/favicon.svg").close()) == 0
    # Its own probe only (a time limit, the read, on SQLite the usual limit put back), not the user.
    assert count_queries(lambda: client.get("/healthz").close()) == (3 if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else 2)
    assert count_queries(lambda: client.get("/").close()) > 0  # a page does load the user
