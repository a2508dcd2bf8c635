"""Sessions that really end: cookies name a user by a session token (Flask-Login's alternative id), and the
token is replaced on logout, "log out everywhere", a password change or reset, deactivation and a role change,
so a session or remember-me cookie copied before any of those is refused when replayed."""
from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_login.utils import decode_cookie, encode_cookie

from courseware.models import User
from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-secret"


def browser(app: Flask, username: str, password: str = PASSWORD) -> FlaskClient:
    """A new browser logged in as `username` with "remember me"."""
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password, "remember": "y"})
    assert response.status_code == 302 and "/login" not in response.headers["Location"], username
    return client


def logged_in(client: FlaskClient) -> bool:
    """Whether the client's cookies open the account page (reachable by every role, even with a one-time password)."""
    response = client.get("/account/password")
    assert response.status_code == 200 or (response.status_code == 302 and "/login" in response.headers["Location"])
    return response.status_code == 200


def cookies_of(client: FlaskClient) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")}


def replay(app: Flask, cookies: dict[str, str]) -> bool:
    """Whether these cookies, set in a fresh browser, log it in."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return logged_in(client)


def replays(app: Flask, cookies: dict[str, str]) -> dict[str, bool]:
    """Replay the session cookie alone, the remember-me cookie alone, and both."""
    return {"session": replay(app, {"session": cookies["session"]}),
            "remember_token": replay(app, {"remember_token": cookies["remember_token"]}),
            "both": replay(app, cookies)}


def edit(admin: FlaskClient, user: User, **fields) -> None:
    data = {"display_name": user.display_name, "email": "", "role": user.role, "cohort": "0", "active": "y",
            "confirmed": "y", **fields}  # the admin has confirmed a deactivation or a role taken away
    data = {key: value for key, value in data.items() if value is not None}
    assert admin.post(f"/admin/users/{user.id}", data=data).status_code == 302


# Each event: what happens, and the password a fresh login then uses (None: no login is possible).
def logout(app, mei_browser, admin, mei):
    assert mei_browser.post("/logout").headers["Location"] == "/login"
    assert not logged_in(mei_browser)
    return PASSWORD


def logout_everywhere(app, mei_browser, admin, mei):
    phone = browser(app, "mei")
    assert phone.post("/account/logout-everywhere").headers["Location"] == "/login"
    assert not logged_in(phone) and not logged_in(mei_browser)
    return PASSWORD


def password_change(app, mei_browser, admin, mei):
    phone = browser(app, "mei")
    response = phone.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert logged_in(phone)  # the browser that changed it stays logged in, with the new token
    assert not logged_in(mei_browser)
    return NEW_PASSWORD


def password_reset(app, mei_browser, admin, mei):
    page = admin.post(f"/admin/users/{mei.id}/reset-password", follow_redirects=True).get_data(as_text=True)
    return re.search(r'<code class="one-time-password">([A-Za-z0-9]{12})</code>', page).group(1)


def deactivation(app, mei_browser, admin, mei):
    edit(admin, mei, active=None)
    return None


def deactivation_and_reactivation(app, mei_browser, admin, mei):
    edit(admin, mei, active=None)
    edit(admin, mei, active="y")
    return PASSWORD


def role_change(app, mei_browser, admin, mei):
    edit(admin, mei, role="trainer")
    return PASSWORD


EVENTS: list[Callable] = [logout, logout_everywhere, password_change, password_reset, deactivation,
                          deactivation_and_reactivation, role_change]


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.__name__)
def test_cookies_copied_before_the_event_are_refused_after_it(app, users, event):
    mei = users("learner", username="mei")
    users("admin", username="boss")
    admin = browser(app, "boss")
    mei_browser = browser(app, "mei")
    copied = cookies_of(mei_browser)
    assert replays(app, copied) == {"session": True, "remember_token": True, "both": True}  # they work before

    password = event(app, mei_browser, admin, mei)

    assert replays(app, copied) == {"session": False, "remember_token": False, "both": False}
    assert logged_in(admin)  # the admin's own session is untouched
    fresh = app.test_client()
    response = fresh.post("/login", data={"username": "mei", "password": password or PASSWORD})
    assert (response.status_code == 302) is (password is not None)
    assert logged_in(fresh) is (password is not None)


def test_other_edits_keep_the_sessions(app, users):
    mei = users("learner", username="mei")
    users("admin", username="boss")
    admin = browser(app, "boss")
    copied = cookies_of(browser(app, "mei"))
    edit(admin, mei, display_name="Mei Lin")
    browser(app, "mei")  # logging in elsewhere does not end the first browser's session
    assert replays(app, copied) == {"session": True, "remember_token": True, "both": True}


def test_cookies_carry_the_session_token_not_the_row_id(app, users):
    mei = users("learner", username="mei")
    client = browser(app, "mei")
    with client.session_transaction() as session:
        assert session["_user_id"] == mei.session_token
    assert decode_cookie(client.get_cookie("remember_token").value, key=app.secret_key) == mei.session_token
    assert len(mei.session_token) >= 43 and mei.session_token != users("learner").session_token

    # A cookie signed with the app's own key but naming the row id (the old scheme) names nobody.
    signer = app.session_interface.get_signing_serializer(app)
    assert not replay(app, {"session": signer.dumps({"_user_id": str(mei.id), "_fresh": True})})
    assert not replay(app, {"remember_token": encode_cookie(str(mei.id), key=app.secret_key)})


def test_log_out_everywhere_is_on_the_account_page_behind_csrf(make_extra_app, users):
    guarded = make_extra_app(WTF_CSRF_ENABLED=True)
    users("learner", username="mei")
    client = guarded.test_client()
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "mei", "password": PASSWORD, "csrf_token": token})
    page = client.get("/account/password").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/account/logout-everywhere">(.*?)</form>', page, re.S)
    assert form and "在所有设备上退出登录" in form.group(1)
    assert 'href="/account/password"' in client.get("/").get_data(as_text=True)  # the header links the account page
    assert client.post("/account/logout-everywhere").status_code == 400  # no token: refused, still logged in
    assert logged_in(client)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', form.group(1)).group(1)
    assert client.post("/account/logout-everywhere", data={"csrf_token": token}).headers["Location"] == "/login"
    assert not logged_in(client)
