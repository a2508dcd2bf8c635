"""SQLite under write load, in process: WAL and the busy timeout on every connection, so that a write waits
for another connection's lock instead of failing with "database is locked"."""
from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import SectionRead, User
from courseware.reading import progress
from tests.conftest import make_app
from tests.factories import UserFactory


@pytest.fixture
def sqlite_app(tmp_path) -> Iterator[Flask]:
    """The app on its own SQLite file (these tests are about SQLite's locks; PostgreSQL has row locks)."""
    app = make_app(f"sqlite:///{tmp_path / 'load.sqlite'}", SQLITE_BUSY_TIMEOUT=15)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


WRITES = ("INSERT", "UPDATE", "DELETE")
DEADLINE = 60  # seconds: a bound for a stuck test, never reached by a passing run


class WriteLock:
    """Another process's connection that holds the write lock until released."""

    def __init__(self, path: str, statement: str = "BEGIN IMMEDIATE"):
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.execute(statement)
        self.released_at: float | None = None

    def release(self) -> None:
        self.released_at = time.monotonic()
        self.connection.execute("COMMIT")
        self.connection.close()

    def release_when(self, event: threading.Event) -> threading.Thread:
        """Let the lock go, from another thread, once `event` is set."""
        def hold():
            event.wait(DEADLINE)
            self.release()
        thread = threading.Thread(target=hold)
        thread.start()
        return thread


def database_file(app: Flask) -> str:
    return db.engine.url.database


def test_every_connection_has_wal_and_the_busy_timeout(sqlite_app):
    connection = db.engine.raw_connection()
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 15000
    finally:
        connection.close()


def test_journal_mode_and_timeout_come_from_the_settings(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'd.sqlite'}", SQLITE_JOURNAL_MODE="delete", SQLITE_BUSY_TIMEOUT="0.5")
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 500
        finally:
            connection.close()
            db.engine.dispose()


def test_an_unknown_journal_mode_stops_start_up_with_the_reason(tmp_path):
    with pytest.raises(ValueError, match="SQLITE_JOURNAL_MODE must be one of WAL, DELETE, TRUNCATE, PERSIST"):
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", SQLITE_JOURNAL_MODE="OFF; DROP TABLE users")


def test_a_session_that_reads_then_writes_waits_for_a_held_write_lock(sqlite_app):
    """The case SQLite does not retry inside a read transaction: the session reads first, then writes. The lock
    is let go when the write starts to run (SQLite's trace callback, called inside the step that then asks for
    the lock), so the write meets the lock held; a write that failed at once would raise "database is locked"."""
    learner = UserFactory()("learner")
    db.session.commit()
    lock = WriteLock(database_file(sqlite_app))
    writing, traced = threading.Event(), []
    holder = lock.release_when(writing)
    assert db.session.get(User, learner.id) is not None  # a read while the lock is held: not blocked (WAL)
    raw = db.session.connection().connection.driver_connection

    def trace(statement: str) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            traced.append(statement)
            writing.set()

    raw.set_trace_callback(trace)
    try:
        assert progress.mark_read(learner.id, "basics", "intro") is True  # the write waits for the lock
        done = time.monotonic()
    finally:
        raw.set_trace_callback(None)
        writing.set()
        holder.join()
    assert traced and lock.released_at is not None and done >= lock.released_at  # it waited, it did not fail
    assert db.session.scalar(select(func.count()).select_from(SectionRead)) == 1


def test_readers_are_not_blocked_by_an_outside_exclusive_transaction(tmp_path):
    # No busy timeout: a reader that had to wait for the lock would fail at once with "database is locked"
    # (as it does with a rollback journal: SQLITE_JOURNAL_MODE=DELETE).
    app = make_app(f"sqlite:///{tmp_path / 'read.sqlite'}", SQLITE_BUSY_TIMEOUT=0)
    with app.app_context():
        upgrade()
        UserFactory()("learner", username="reader")
        db.session.commit()
        db.session.remove()
        lock = WriteLock(database_file(app), "BEGIN EXCLUSIVE")
        try:  # WAL: BEGIN EXCLUSIVE keeps writers out, not readers
            assert db.session.scalar(select(User.username).where(User.username == "reader")) == "reader"
        finally:
            lock.release()
            db.session.remove()
            db.engine.dispose()
