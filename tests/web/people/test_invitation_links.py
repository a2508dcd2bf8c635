"""The invitation link: 72 hours, once, in the visitor's language; crafted tokens are "not valid", never a 500;
password rules, other sessions ending, rate limits, role checks and CSRF on the new routes."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from courseware.extensions import db
from courseware.models.types import utcnow
from courseware.people import invitations
from tests.web.people.invitehelpers import NEW_PASSWORD, by_name, set_password, with_clean_globals


def invite(users, username: str = "wangfang", **fields) -> str:
    """A learner with a fresh invitation; the link's path."""
    user = users("learner", username=username, email=f"{username}@example.com", **fields)
    return "/invite/" + invitations.replace_invitation(user)[0]


def test_the_link_works_until_72_hours_then_says_expired_in_both_languages(client, users):
    path = invite(users)
    with time_machine.travel(utcnow() + timedelta(hours=71, minutes=59), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(utcnow() + timedelta(hours=72, seconds=1), tick=False):
        page = client.get(path)
        assert page.status_code == 410 and "此邀请已过期" in page.get_data(as_text=True)
        assert "72 小时" in page.get_data(as_text=True) and "请联系管理员" in page.get_data(as_text=True)
        client.post("/language", data={"lang": "en"})
        english = client.get(path).get_data(as_text=True)
        assert "This invitation has expired" in english and "Ask your administrator" in english
        assert set_password(client, path).status_code == 410
    wang = by_name("wangfang")
    assert not wang.check_password(NEW_PASSWORD)  # an expired link set nothing


def test_a_used_link_says_so_in_english_too(client, users):
    path = invite(users)
    client.post("/language", data={"lang": "en"})
    assert set_password(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 410 and "This invitation has already been used" in again.get_data(as_text=True)
    assert set_password(client, path, "another-fine-phrase").status_code == 410
    assert by_name("wangfang").check_password(NEW_PASSWORD)
    assert by_name("wangfang").locale == "en"  # the language chosen on the page is kept


CRAFTED = ["x", "A" * 43, "A" * 42 + "!", "A" * 5000, "²" * 43, "%00" * 20, "..%2F..%2Fadmin", "' OR 1=1 --",
           "%E2%80%AE" * 15, "%F0%9F%98%80" * 43]


@pytest.mark.parametrize("token", CRAFTED)
def test_a_crafted_token_is_not_valid_never_a_500(client, users, token):
    invite(users)  # a real invitation exists: none of these find it
    for response in (client.get(f"/invite/{token}"), client.post(f"/invite/{token}", data={"new": "x", "confirm": "x"})):
        assert response.status_code == 404
        if "%2F" not in token:  # a slash leaves the route: the site's own "not found" page
            assert "此邀请链接无效" in response.get_data(as_text=True)


def test_the_password_rules_apply_and_the_link_stays_usable(client, users):
    path = invite(users)
    weak = set_password(client, path, "1234567890")
    assert weak.status_code == 400 and "密码不能是连续" in weak.get_data(as_text=True)
    named = set_password(client, path, "wangfang-2026-x")
    assert named.status_code == 400 and "用户名" in named.get_data(as_text=True)
    differ = client.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert differ.status_code == 400
    assert set_password(client, path).status_code == 302


def test_setting_the_password_ends_the_users_other_sessions(app, users):
    users("learner", username="mei", email="mei@example.com")
    laptop = app.test_client()
    assert laptop.post("/login", data={"username": "mei", "password": "correct-horse"}).status_code == 302
    assert laptop.get("/").status_code == 200
    path = "/invite/" + invitations.replace_invitation(by_name("mei"))[0]
    phone = app.test_client()
    assert set_password(phone, path).status_code == 302 and phone.get("/").status_code == 200
    assert "/login" in laptop.get("/").headers.get("Location", "")


def test_a_logged_in_visitor_becomes_the_invitee(client, auth, users):
    users("admin", username="boss")
    auth.login("boss")
    path = invite(users)
    assert set_password(client, path).status_code == 302
    assert client.get("/admin/users").status_code == 403  # now the learner wangfang, not the admin


def test_the_admin_pages_show_the_status(client, auth, users):
    users("admin", username="boss")
    auth.login("boss")
    path = invite(users)
    wang = by_name("wangfang")
    assert "邀请待接受，有效期至" in client.get(f"/admin/users/{wang.id}").get_data(as_text=True)
    with time_machine.travel(utcnow() + timedelta(hours=73), tick=False):
        assert "邀请已于" in client.get("/admin/users").get_data(as_text=True)
        assert "过期" in client.get(f"/admin/users/{wang.id}").get_data(as_text=True)
    assert set_password(client.application.test_client(), path).status_code == 302
    assert "使用" in client.get(f"/admin/users/{wang.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["learner", "trainer", "hr"])
def test_only_an_admin_sends_invitations(client, auth, users, role):
    target = users("learner", username="target", email="t@example.com")
    users(role, username="someone")
    auth.login("someone")
    assert client.post(f"/admin/users/{target.id}/invite").status_code == 403
    auth.logout()
    assert "/login" in client.post(f"/admin/users/{target.id}/invite").headers["Location"]
    assert db.session.scalar(db.select(db.func.count()).select_from(invitations.Invitation)) == 0


def test_csrf_is_required_on_both_new_routes(make_extra_app, users):
    app = with_clean_globals(make_extra_app(WTF_CSRF_ENABLED=True))
    with app.app_context():
        path = invite(users)
        users("admin", username="boss")
        visitor = app.test_client()
        assert set_password(visitor, path).status_code == 400
        page = visitor.get(path).get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
        assert visitor.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}).status_code == 302
        admin = app.test_client()
        login_token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', admin.get("/login").get_data(as_text=True))
        admin.post("/login", data={"username": "boss", "password": "correct-horse", "csrf_token": login_token.group(1)})
        assert admin.post(f"/admin/users/{by_name('wangfang').id}/invite").status_code == 400


def test_guessing_links_is_rate_limited_like_the_login_page(make_extra_app, users):
    app = with_clean_globals(make_extra_app(RATELIMIT_ENABLED=True))
    with app.app_context():
        path = invite(users)
        visitor = app.test_client()
        statuses = [visitor.get(f"/invite/{'A' * 43}").status_code for _ in range(31)]
        assert statuses[:30] == [404] * 30 and statuses[30] == 429
        assert app.test_client().get(path).status_code == 429  # the same address: it waits a minute


def test_a_deactivated_account_gets_no_invitation(client, auth, users):
    users("admin", username="boss")
    gone = users("learner", username="gone", email="gone@example.com", active=False)
    auth.login("boss")
    client.application.config.update(MAIL_SERVER="127.0.0.1", PUBLIC_URL="https://training.example.com")
    page = client.post(f"/admin/users/{gone.id}/invite", follow_redirects=True).get_data(as_text=True)
    assert "该账户已停用：请先启用。" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(invitations.Invitation)) == 0
