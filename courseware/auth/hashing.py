"""How passwords are hashed: the PASSWORD_HASH_METHOD setting, strong unless the app is a test app."""
from __future__ import annotations

from functools import lru_cache

from flask import Flask, current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"  # Werkzeug's scrypt:32768:8:1, memory-hard, about 0.1 s a hash
MIN_SCRYPT_N = 2**15
MIN_PBKDF2_ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256


class HashMethodError(SystemExit):
    """PASSWORD_HASH_METHOD is malformed, or cheap outside the tests: start-up stops with one line."""


def strength_problem(method: str) -> str | None:
    """Why `method` (Werkzeug's "scrypt:n:r:p" or "pbkdf2:hash:iterations") is too cheap or malformed, else None."""
    name, *args = method.split(":")
    try:
        if name == "scrypt":
            n, r, _p = (int(a) for a in args) if args else (MIN_SCRYPT_N, 8, 1)
            if n < MIN_SCRYPT_N or r < 8:
                return f"scrypt with N={n}, r={r} is cheaper than Werkzeug's default N={MIN_SCRYPT_N}, r=8"
            return None
        if name == "pbkdf2":
            if len(args) > 2:
                return "pbkdf2 takes at most a hash name and an iteration count"
            iterations = int(args[1]) if len(args) == 2 else MIN_PBKDF2_ITERATIONS
            if iterations < MIN_PBKDF2_ITERATIONS:
                return f"pbkdf2 with {iterations} iterations is below {MIN_PBKDF2_ITERATIONS:,}"
            return None
    except ValueError:
        return "its numbers are not whole numbers"
    return f"unknown method {name!r} (use scrypt or pbkdf2)"


def init_app(app: Flask) -> None:
    """Refuse to start with a cheap or malformed PASSWORD_HASH_METHOD unless TESTING is set."""
    method = app.config.setdefault("PASSWORD_HASH_METHOD", DEFAULT_METHOD)
    problem = strength_problem(method)
    if problem is None:
        return
    if app.config.get("TESTING") and not problem.startswith(("unknown", "its numbers", "pbkdf2 takes")):
        return  # the test suite hashes cheaply on purpose
    raise HashMethodError(f"refusing to start: PASSWORD_HASH_METHOD={method!r}: {problem}")


def configured_method() -> str:
    """The app's PASSWORD_HASH_METHOD; outside an app, the strong default."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD", DEFAULT_METHOD)
    return DEFAULT_METHOD


def hash_password(password: str) -> str:
    """The stored form of a password, made with the configured method (bulk imports hash before they write)."""
    return generate_password_hash(password, method=configured_method())


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return generate_password_hash("no such user", method=method)


def check_against_nothing(password: str) -> None:
    """The work of checking a password when there is no such user, so a wrong username takes as long."""
    check_password_hash(_dummy_hash(configured_method()), password)
