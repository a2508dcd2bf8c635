"""Serving behind a reverse proxy and over HTTPS.

`PROXY_COUNT` (the number of proxies in front of the app, 0 by default) makes Werkzeug's ProxyFix trust
that many `X-Forwarded-For`, `-Proto` and `-Host` values, so the login limit per address sees the
visitor's address rather than the proxy's, and a request that reached the proxy over HTTPS counts as
HTTPS. On such a request every cookie the app sets (session, remember-me) is marked `Secure`, and the
response carries `Strict-Transport-Security`. `SESSION_COOKIE_SECURE=1` still forces `Secure` always.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

_SECURE = re.compile(r";\s*secure\s*(;|$)", re.IGNORECASE)


class SecureCookiesOverHttps:
    """WSGI middleware: adds `Secure` to every Set-Cookie header of a response to an HTTPS request."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            headers = [(name, secure_cookie(value) if name.lower() == "set-cookie" else value) for name, value in headers]
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def secure_cookie(header: str) -> str:
    return header if _SECURE.search(header) else header + "; Secure"


def init_app(app: Flask) -> None:
    # The cookie middleware sits inside ProxyFix, so it sees the scheme the visitor used.
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)  # type: ignore[method-assign]
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
