"""Security basics: headers, CSRF on every form, login rate limits, session renewal, escaping."""
from __future__ import annotations

import re

import pytest



def test_security_headers_on_pages(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_in_pages(client, auth, users):
    users("learner", username="mei")
    auth.login("mei")
    for path in ("/", "/quizzes", "/roleplays", "/glossary", "/learn/basics/definition"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
        assert not re.search(r"<[^>]+\son[a-z]+=", page), path


@pytest.fixture
def csrf_app(make_extra_app):
    return make_extra_app(WTF_CSRF_ENABLED=True)


POST_ROUTES = ["/login", "/logout", "/language", "/account/password", "/learn/basics/definition/read",
               "/quizzes/basics-check/start", "/roleplays/practice-call/start", "/admin/users/new",
               "/admin/cohorts/new", "/admin/cohorts/move", "/teach/observations/new", "/action-plan",
               "/learn/basics/survey", "/reports/kpis"]


def test_every_post_form_needs_the_csrf_token(csrf_app, users):
    users("admin", username="boss")
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"username": "boss", "password": "correct-horse", "csrf_token": token}).status_code == 302
    for path in POST_ROUTES:
        assert client.post(path, data={"username": "x"}).status_code == 400, path
    rules = {r.rule for r in csrf_app.url_map.iter_rules() if "POST" in (r.methods or set())}
    assert rules  # every POST route is covered by CSRFProtect (no exemptions are registered)
    from courseware.extensions import csrf
    assert not csrf._exempt_views and not csrf._exempt_blueprints


def test_login_is_rate_limited_per_account_and_per_address(make_extra_app, users):
    limited = make_extra_app(RATELIMIT_ENABLED=True)
    users("learner", username="mei")
    client = limited.test_client()
    codes = [client.post("/login", data={"username": "mei", "password": "wrong-password"}).status_code for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    other = [client.post("/login", data={"username": f"u{i}", "password": "x"}).status_code for i in range(20)]
    assert 429 in other  # 30 a minute from one address, whatever the account


def test_session_is_renewed_at_login(client, users):
    users("learner", username="mei")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/login", data={"username": "mei", "password": "correct-horse"})
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session


def test_user_text_is_escaped(client, auth, users):
    users("admin", username="boss")
    users("learner", username="xss", display_name="<img src=x onerror=alert(1)>")
    auth.login("boss")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
