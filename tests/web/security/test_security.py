"""Security basics: headers, CSRF on every form, session renewal, escaping (login limits: test_login_limits.py)."""
from __future__ import annotations

import re

import pytest

from tests.routes import MATRIX, PUBLIC, url_for_rule


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


CSRF_REFUSED = ("表单已过期或来自其他来源", "The form had expired or was sent from elsewhere")


def test_every_post_route_needs_the_csrf_token(csrf_app, world):
    """Every POST route of the URL map, posted by an actor it allows without the token: the CSRF page.
    The same post with the token is not refused for CSRF, so the check can tell the two apart."""
    clients = {}  # actor -> (logged-in client, a valid token of its session)

    def client_of(actor: str):
        if actor not in clients:
            client = csrf_app.test_client()
            response = client.post("/login", data={"username": actor, "password": "correct-horse",
                                                   "csrf_token": page_token(client, "/login")})
            assert response.status_code == 302, actor
            clients[actor] = client, page_token(client, "/course")  # the session is renewed at login: a new token
        return clients[actor]

    posted = []
    for rule in sorted(csrf_app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "POST" not in (rule.methods or set()):
            continue
        allowed = MATRIX[rule.endpoint]["POST"]
        actor = "admin" if allowed == PUBLIC or "admin" in allowed else sorted(allowed)[0]
        client, token = client_of(actor)
        url = url_for_rule(rule, world)
        data = world["post_data"].get(rule.endpoint, {})
        refused = client.post(url, data=data)
        assert refused.status_code == 400 and any(t in refused.get_data(as_text=True) for t in CSRF_REFUSED), url
        if rule.endpoint not in ("auth.logout", "auth.logout_everywhere"):  # with the token: not the CSRF page
            accepted = client.post(url, data={**data, "csrf_token": token})
            assert not any(t in accepted.get_data(as_text=True) for t in CSRF_REFUSED), url
        posted.append(rule.endpoint)
    assert posted == sorted(endpoint for endpoint, methods in MATRIX.items() if "POST" in methods)
    from courseware.extensions import csrf
    assert not csrf._exempt_views and not csrf._exempt_blueprints


def page_token(client, path: str) -> str:
    """The CSRF token of the first form on a page, as a browser would send it."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)


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
