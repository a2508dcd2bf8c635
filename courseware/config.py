"""Configuration read from environment variables."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Settings for a real deployment; every value can be set by an environment variable."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'instance' / 'courseware.sqlite'}"
    )
    CONTENT_DIR = os.environ.get("CONTENT_DIR", str(PROJECT_ROOT / "content"))
    QUIZ_DIR = os.environ.get("QUIZ_DIR", str(PROJECT_ROOT / "quizzes"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_Hans"
    # Dates are shown, and due dates entered, in the company's time zone; they are stored in UTC.
    BABEL_DEFAULT_TIMEZONE = os.environ.get("DISPLAY_TIMEZONE", "Asia/Shanghai")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are trusted (core/https.py).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
    PASSWORD_MIN_LENGTH = 10
    # Request bodies (core/body_limits.py): every form, and the CSV imports (users, KPIs); larger is 413.
    MAX_CONTENT_LENGTH = 256 * 1024
    UPLOAD_MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # scripts/bench.py only: a bare route and a per-request SQL query count in a response header.
    BENCHMARK = os.environ.get("COURSEWARE_BENCHMARK") == "1"


class TestConfig(Config):
    """Settings for the test suite: CSRF off unless a test turns it on, fast hashing."""

    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
