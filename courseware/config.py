"""Configuration read from environment variables."""
from __future__ import annotations

import json
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COURSE_POOL_RULES = {"chapter_modules": [1, 2, 3], "assessment": 20, "practice": 15,
                     "assessment_per_item": 2, "practice_per_item": 1}


def _json_setting(name: str, default):
    """An environment variable holding JSON, or `default`; a malformed value stops start-up with its name."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return json.loads(raw)
    except ValueError as error:
        raise SystemExit(f"{name}: not valid JSON ({error})") from None


class Config:
    """Settings for a real deployment; every value can be set by an environment variable."""

    # None: read at start-up from the SECRET_KEY variable, else from instance/secret_key (secret_key.py).
    SECRET_KEY = None
    # Set by the `flask` command (wsgi.py, cli/startup.py): make instance/secret_key when missing, and load the
    # app on broken content files (`flask content check` reports them).
    CREATE_SECRET_KEY_FILE = False
    START_WITH_BROKEN_CONTENT = False
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'instance' / 'courseware.sqlite'}"
    )
    CONTENT_DIR = os.environ.get("CONTENT_DIR", str(PROJECT_ROOT / "content"))
    QUIZ_DIR = os.environ.get("QUIZ_DIR", str(PROJECT_ROOT / "quizzes"))
    # What `content check` requires of the question pools (catalog/pools.py): chapter banks hold at least
    # 20 assessment and 15 practice questions, and every OUTLINE item has 2 assessment and 1 practice question.
    # QUIZ_POOL_RULES='{}' turns them off (a small course of one's own).
    QUIZ_POOL_RULES = _json_setting("QUIZ_POOL_RULES", COURSE_POOL_RULES)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # SQLite only (courseware/database.py): how long a write waits for another writer's lock, in seconds, and
    # the journal mode (WAL lets readers go on while one connection writes; DELETE for a network file system).
    SQLITE_BUSY_TIMEOUT = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "15"))
    SQLITE_JOURNAL_MODE = os.environ.get("SQLITE_JOURNAL_MODE", "WAL")
    # /healthz answers 503 when the database cannot be read within this many seconds.
    HEALTHZ_TIMEOUT = float(os.environ.get("HEALTHZ_TIMEOUT", "2"))
    BABEL_DEFAULT_LOCALE = "zh_Hans"
    # Dates are shown, and due dates entered, in the company's time zone; they are stored in UTC.
    BABEL_DEFAULT_TIMEZONE = os.environ.get("DISPLAY_TIMEZONE", "Asia/Shanghai")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
    # How passwords are hashed (Werkzeug's method string); "scrypt" is scrypt:32768:8:1. A cheaper method
    # stops start-up unless TESTING is set (courseware/auth/hashing.py).
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are trusted (core/https.py).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    WTF_CSRF_TIME_LIMIT = None
    # Where the login limits are counted: empty means REDIS_URL when it is set (shared by every app server),
    # else each process's memory (limiter_storage() in courseware/__init__.py). If the storage cannot be reached,
    # the limits fall back to memory rather than refuse every login.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "")
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
    # Request bodies (core/body_limits.py): every form, and the CSV imports (users, KPIs); larger is 413.
    MAX_CONTENT_LENGTH = 256 * 1024
    UPLOAD_MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # The public address of the platform, used in links sent by e-mail and to group robots
    # (for example https://training.example.com); links are relative paths when it is empty.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")
    # Outgoing e-mail over SMTP (courseware/notify/mail.py); no MAIL_SERVER, no e-mail.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "training@localhost")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # Group robots (courseware/notify/robots.py): webhooks must be https://; ROBOTS_ALLOW_HTTP=1 allows http://
    # (a local test receiver only). ROBOTS_TIMEOUT: seconds to wait for the platform's answer.
    ROBOTS_ALLOW_HTTP = os.environ.get("ROBOTS_ALLOW_HTTP", "") == "1"
    ROBOTS_TIMEOUT = float(os.environ.get("ROBOTS_TIMEOUT", "10"))
    # The language of the reminders posted to group robots (zh-Hans or en): a group has no language of its own.
    ROBOTS_LANGUAGE = os.environ.get("ROBOTS_LANGUAGE", "zh-Hans")
    # Reminders (courseware/reminders/): nothing is sent from QUIET_HOURS_START to QUIET_HOURS_END o'clock in the
    # company's time zone (DISPLAY_TIMEZONE); due reminders wait for the morning.
    QUIET_HOURS_START = int(os.environ.get("QUIET_HOURS_START", "21"))
    QUIET_HOURS_END = int(os.environ.get("QUIET_HOURS_END", "8"))
    # Redis, shared by several app servers: login limits and the job queue use it when set.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # The job queue's SQLite file when REDIS_URL is not set (courseware/jobs/, docs/jobs.md).
    JOBS_SQLITE_PATH = os.environ.get("JOBS_SQLITE_PATH", str(PROJECT_ROOT / "instance" / "jobs.sqlite"))
    # scripts/bench.py only: a bare route and a per-request SQL query count in a response header.
    BENCHMARK = os.environ.get("COURSEWARE_BENCHMARK") == "1"


class TestConfig(Config):
    """Settings for the test suite: CSRF off unless a test turns it on, fast hashing."""

    TESTING = True
    SECRET_KEY = "test-secret"
    QUIZ_POOL_RULES: dict = {}  # the fixture course is small; tests of the shipped banks apply Config's rules
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    ROBOTS_ALLOW_HTTP = True  # the robot receiver of the tests listens on http://127.0.0.1
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # one iteration: every factory user and login costs nothing
