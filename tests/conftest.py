"""Fixtures: the app on SQLite and on a real PostgreSQL server, a client, a CLI runner, users."""
from __future__ import annotations

import gc
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from courseware import create_app
from courseware.config import TestConfig
from courseware.demo import build_demo
from courseware.extensions import db
from tests.apps import discard_kept_apps, install_catalog_cache, kept_app, share_template_cache
from tests.factories import UserFactory
from tests.servers.postgres import PostgresServer
from tests.servers.robot_receiver import RobotReceiver
from tests.servers.smtp import SMTPServer

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
FIXTURE_QUIZZES = ROOT / "tests" / "fixtures" / "quizzes"
REAL_CONTENT = ROOT / "content"
# The reference material beside the clone (the course outline, other projects' GIFT files): conformance tests read
# it from here and skip, saying why, when a clone stands alone.
SHARED = Path(os.environ.get("COURSEWARE_SHARED", ROOT.parent / "shared"))
install_catalog_cache()  # apps get a catalog read once per process (tests/apps.py)


def shared_file(*parts: str) -> Path:
    """A reference file from SHARED, or a skip that names it when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference file {path} is absent (set COURSEWARE_SHARED to the folder that holds it)")
    return path



RAM_DISK = Path("/dev/shm")


def pytest_configure(config):
    """The tests' temporary files (SQLite databases, the PostgreSQL server's data, logs) go to the RAM disk when the
    machine has one and TMPDIR is not set: on a shared machine's disk, SQLite's commits waited on it (the
    quiz and evaluation tests on SQLite took 18% longer). Set before pytest makes its temporary folder; pytest-xdist's
    workers and every server the tests start inherit it."""
    if "TMPDIR" not in os.environ and RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK):
        os.environ["TMPDIR"] = str(RAM_DISK)
        tempfile.tempdir = None  # tempfile reads TMPDIR again


def pytest_collection_finish(session):
    """Once the test modules are imported: what is loaded so far is left out of the garbage collector's scans
    (gc.freeze), and it runs less often (every 20,000 net allocations rather than 700). A worker's apps, catalogs and
    SQLAlchemy statements made it scan the same long-lived objects over and over: `make test-fast` used 3 to 10%
    less CPU (median 4%) in seven pairs of runs, and a worker's peak memory grew by about 30 MB (docs/test-speed.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Mark every test that needs the PostgreSQL server `postgresql` (`make test-fast` leaves them out with -m), and
    every browser test `browser`. A module marked `only_database("sqlite")` keeps only that half of its database
    tests: the route fuzzer's two halves live in two files, so `--dist loadfile` runs them on two workers."""
    browser = ROOT / "tests" / "browser"
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        database = callspec.params.get("database_url") if callspec else None
        only = item.get_closest_marker("only_database")
        if only and database and database not in only.args:
            dropped.append(item)
            continue
        kept.append(item)
        if "postgres" in item.fixturenames or database == "postgresql":
            item.add_marker(pytest.mark.postgresql)
        if browser in item.path.parents:
            item.add_marker(pytest.mark.browser)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


SERVER_TESTS = ("tests/browser/", "tests/multi/", "tests/test_scripts.py")
# The in-process files that take longest (8 s of worker time or more in a full run), longest first.
LONG_FILES = ("tests/web/security/test_fuzz_routes_postgresql.py", "tests/web/quizzes/test_quiz_pools.py",
              "tests/web/security/test_fuzz_routes.py", "tests/web/platform/test_language_crawl.py",
              "tests/web/platform/test_demo.py", "tests/web/notify/test_jobs.py",
              "tests/web/evaluation/test_evaluation_report.py", "tests/web/evaluation/test_report_export.py",
              "tests/web/test_roleplay.py")


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: unknown when the suite runs without xdist
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile`, with the files that run other processes (Chromium, gunicorn servers, the scripts) as
    one unit: one worker builds the browser tests' demo and starts their gunicorn and Chromium once, and those
    process-heavy tests run one after another rather than at once on both cores.

    The longest work is handed out first: that unit, then LONG_FILES, then the rest (xdist's own order, the files
    with most tests first, put the one-test fuzzer files last, and a worker ran them alone at the end)."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    first = ("servers", *LONG_FILES)

    class ServersTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "servers" if scope.startswith(SERVER_TESTS) else scope

        def _assign_work_unit(self, node) -> None:
            if not getattr(self, "_longest_first", False):
                self._longest_first = True
                order = sorted(self.workqueue, key=lambda scope: first.index(scope) if scope in first else len(first))
                for scope in order:  # a stable sort: the rest keep xdist's order
                    self.workqueue.move_to_end(scope)
            super()._assign_work_unit(node)

    return ServersTogether(config, log)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server per test session (per worker under pytest-xdist: each worker has its own)."""
    server = PostgresServer().start()
    yield server
    server.stop()


def _migrate(url: str) -> str:
    app = make_app(url)
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory) -> str:
    """The SQLite test database of this process, its schema made by the migrations once."""
    return _migrate(f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite'}")


@pytest.fixture(scope="session")
def postgresql_database(postgres) -> str:
    """The PostgreSQL test database of this process, its schema made by the migrations once."""
    return _migrate(postgres.create_database("courseware_test"))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Every database test runs twice: on SQLite and on PostgreSQL. PostgreSQL is never skipped. pytest sets this
    fixture up again each time a worker's tests switch from one database to the other (under --dist loadfile, at
    about every file): both databases stay migrated for the whole session, and each test leaves its database
    empty (the `app` fixture wipes it), so a switch only changes the URL and closes the other database's apps."""
    discard_kept_apps()
    return request.getfixturevalue(f"{request.param}_database")


def make_app(database_url: str, **overrides) -> Flask:
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config.update({"SQLALCHEMY_DATABASE_URI": database_url, "CONTENT_DIR": str(FIXTURE_CONTENT),
                   "QUIZ_DIR": str(FIXTURE_QUIZZES), **overrides})
    return share_template_cache(create_app(config))


@pytest.fixture
def app(database_url) -> Iterator[Flask]:
    """A fresh database per test: the schema is migrated once (database_url), the rows are wiped after. The app
    itself is kept for the next test while the test leaves it unchanged (tests/apps.py)."""
    with kept_app(("fixture", database_url), lambda: make_app(database_url), wipe=True) as made:
        yield made


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page (SQLite's backup API): safe even when a server has `target` open."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """The demo data of `flask demo` on the fixture course, built once per session in a SQLite file; tests copy it
    (copy_sqlite) rather than build it again. Its passwords are hashed with TestConfig's cheap method."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        build_demo(app.extensions["catalog"])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def real_app(app, database_url) -> Iterator[Flask]:
    """The app with the shipped course, banks and scenarios (same database as `app`, which wipes it)."""
    real = ("real", database_url)
    with kept_app(real, lambda: make_app(database_url, CONTENT_DIR=str(REAL_CONTENT), QUIZ_DIR=str(ROOT / "quizzes")),
                  wipe=False) as made:
        yield made


@pytest.fixture
def make_extra_app(app, database_url):
    """Another app on the test database with other settings (CSRF on, rate limits on); its pool is closed after."""
    made = []

    def factory(**overrides) -> Flask:
        extra = make_app(database_url, **overrides)
        made.append(extra)
        return extra

    yield factory
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def users(app) -> UserFactory:
    return UserFactory()


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = "correct-horse", next_url: str = "", remember: bool = False):
        data = {"username": username, "password": password, "next": next_url}
        if remember:
            data["remember"] = "y"
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def world(app, users):
    """Trainers, learners, HR and an admin around two cohorts, with a record of each kind (tests/routes.py)."""
    from tests.routes import build_world

    return build_world(app, users)


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A real SMTP server on a free local port; `smtp_server.inbox` holds what it received."""
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def robot_receiver() -> Iterator[RobotReceiver]:
    """A local HTTP server playing WeCom, DingTalk and Feishu robots; it checks payloads and signatures."""
    receiver = RobotReceiver().start()
    yield receiver
    receiver.stop()
