"""Behind a proxy and over HTTPS: Secure cookies and HSTS on HTTPS requests only, forwarded headers
trusted only when PROXY_COUNT says a proxy is there, and the login limit per visitor's address."""
from __future__ import annotations

import pytest

from courseware.core.https import secure_cookie

FORWARDED_HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def login_cookies(client, **request) -> dict[str, str]:
    """Log in with remember-me; the Set-Cookie headers of the response by cookie name."""
    response = client.post("/login", data={"username": "mei", "password": "correct-horse", "remember": "y"}, **request)
    assert response.status_code == 302
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def is_secure(header: str) -> bool:
    return any(part.strip().lower() == "secure" for part in header.split(";")[1:])


def test_cookies_are_secure_and_hsts_sent_over_https_only(app, users):
    users("learner", username="mei")
    plain = login_cookies(app.test_client())
    assert set(plain) >= {"session", "remember_token"} and not any(map(is_secure, plain.values()))
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
    tls = login_cookies(app.test_client(), base_url="https://localhost")
    assert set(tls) >= {"session", "remember_token"} and all(map(is_secure, tls.values())), tls
    assert all("HttpOnly" in h and "SameSite=Lax" in h for h in tls.values())
    assert app.test_client().get("/login", base_url="https://localhost").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_session_cookie_secure_setting_forces_secure_over_http(make_extra_app, users):
    forced = make_extra_app(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    users("learner", username="mei")
    cookies = login_cookies(forced.test_client())
    assert [h.count("Secure") for h in cookies.values()] == [1] * len(cookies)  # never twice


@pytest.mark.parametrize("proxies", [0, 1])
def test_forwarded_scheme_is_trusted_only_behind_a_declared_proxy(make_extra_app, users, proxies):
    proxied = make_extra_app(PROXY_COUNT=proxies)
    users("learner", username="mei")
    cookies = login_cookies(proxied.test_client(), headers=FORWARDED_HTTPS)
    assert all(map(is_secure, cookies.values())) is bool(proxies)
    hsts = proxied.test_client().get("/login", headers=FORWARDED_HTTPS).headers.get("Strict-Transport-Security")
    assert (hsts is not None) is bool(proxies)


def test_login_limit_per_address_counts_the_visitor_behind_the_proxy(make_extra_app, users):
    limited = make_extra_app(RATELIMIT_ENABLED=True, PROXY_COUNT=1)
    client = limited.test_client()

    def attempt(address: str, n: int) -> int:
        return client.post("/login", data={"username": f"u{n}", "password": "x"},
                           headers={"X-Forwarded-For": address}).status_code

    assert [attempt("203.0.113.7", n) for n in range(31)][-1] == 429  # 30 a minute from one visitor
    assert attempt("198.51.100.9", 99) == 401  # another visitor behind the same proxy is not blocked


def test_secure_is_added_once():
    assert secure_cookie("session=x; HttpOnly; Path=/") == "session=x; HttpOnly; Path=/; Secure"
    assert secure_cookie("session=x; Secure; HttpOnly") == "session=x; Secure; HttpOnly"
    assert secure_cookie("a=secure; Path=/") == "a=secure; Path=/; Secure"
