"""GET /healthz: a real table read within HEALTHZ_TIMEOUT (else 503 with the reason) and what the catalog loaded."""
from __future__ import annotations

import sqlite3
import time

import psycopg
import pytest
from flask_migrate import upgrade

from courseware.extensions import db
from tests.conftest import make_app

TIMEOUT = 1.0  # seconds; the default is 2, a shorter one keeps the tests quick
MARGIN = 2.0   # for a loaded test machine: far below the 15 s busy timeout the check must not wait for


def test_healthz_reports_database_and_catalog(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "modules": 2, "sections": 4, "quizzes": 3, "scenarios": 1}


def timed_get(client) -> tuple[object, float]:
    started = time.monotonic()
    response = client.get("/healthz")
    return response, time.monotonic() - started


def test_a_locked_postgresql_table_gives_503_within_the_timeout(make_extra_app, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL half; SQLite's is below")
    app = make_extra_app(HEALTHZ_TIMEOUT=TIMEOUT)
    dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as other:
        other.execute("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")
        response, took = timed_get(app.test_client())
        other.rollback()
    assert response.status_code == 503
    assert response.json["status"] == "degraded"
    assert response.json["database"] == "error: canceling statement due to statement timeout"
    assert TIMEOUT <= took < TIMEOUT + MARGIN
    assert timed_get(app.test_client())[0].status_code == 200  # the lock is gone, and so is the time limit


@pytest.fixture
def sqlite_file(tmp_path):
    """A migrated SQLite file and a factory of apps on it; their pools are closed after."""
    path = tmp_path / "health.sqlite"
    made = []

    def app_on_it(**settings):
        app = make_app(f"sqlite:///{path}", HEALTHZ_TIMEOUT=TIMEOUT, **settings)
        made.append(app)
        return app

    with app_on_it(SQLITE_JOURNAL_MODE="DELETE").app_context():
        upgrade()
    yield path, app_on_it
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("pooled", [True, False], ids=["pooled connection", "new connection"])
def test_an_outside_exclusive_lock_on_a_rollback_journal_file_gives_503_within_the_timeout(sqlite_file, pooled):
    path, app_on_it = sqlite_file
    app = app_on_it(SQLITE_JOURNAL_MODE="DELETE", SQLITE_BUSY_TIMEOUT=15)
    client = app.test_client()
    if pooled:
        assert client.get("/healthz").status_code == 200
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        response, took = timed_get(client)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 503
    assert response.json["database"] == "error: database is locked"
    assert took < TIMEOUT + MARGIN  # not the 15 s a write would wait
    assert client.get("/healthz").status_code == 200  # the lock is gone; the pooled connection is sound again
    with app.app_context():
        connection = db.engine.raw_connection()
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 15000  # put back after the probe
        connection.close()


def test_an_outside_exclusive_transaction_does_not_stop_readers_in_wal_mode(sqlite_file):
    path, app_on_it = sqlite_file
    client = app_on_it().test_client()
    assert client.get("/healthz").status_code == 200  # switches the file to WAL
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        response = client.get("/healthz")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 200 and response.json["database"] == "ok"  # a wait would have ended in 503


@pytest.mark.parametrize("pooled", [True, False], ids=["pooled connection", "new connection"])
@pytest.mark.parametrize("journal_mode", ["DELETE", "WAL"])
def test_a_file_that_is_not_a_database_gives_503(sqlite_file, pooled, journal_mode):
    path, app_on_it = sqlite_file
    app = app_on_it(SQLITE_JOURNAL_MODE=journal_mode)
    client = app.test_client()
    if pooled:
        assert client.get("/healthz").status_code == 200
    path.write_bytes(b"not a database " * 512)
    response, took = timed_get(client)
    assert response.status_code == 503
    # SQLite's words depend on which page it reads first: the header, or a cached page's neighbour.
    assert response.json["database"] in ("error: file is not a database", "error: database disk image is malformed")
    assert took < TIMEOUT + MARGIN
