"""SQLite under write load (WAL journal mode and a busy timeout on every connection of the app's engine), and
emptying the database (the demo rebuild, the tests)."""
from __future__ import annotations

import logging
import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
JOURNAL_MODES = ("WAL", "DELETE", "TRUNCATE", "PERSIST")

# Transactions keep pysqlite's own handling: it sends BEGIN just before a transaction's first INSERT, UPDATE or
# DELETE, so the write lock is asked for by a fresh transaction and waits on the busy handler. SQLAlchemy's
# recipe (driver autocommit, our own BEGIN at the first statement) makes a session that reads and then writes
# fail at once with "database is locked": SQLite does not call the busy handler when a read transaction asks
# for the write lock. BEGIN IMMEDIATE on every session would make readers queue behind writers. Both were
# measured; see docs/sqlite-under-load.md.


def init_app(app: Flask) -> None:
    """Set the SQLite pragmas on each new connection of the app's engine (PostgreSQL is left as it is)."""
    from courseware.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.url.get_backend_name() != "sqlite":
        return
    busy_ms = milliseconds(app.config["SQLITE_BUSY_TIMEOUT"])
    setup_ms = milliseconds(app.config["HEALTHZ_TIMEOUT"])
    journal_mode = str(app.config["SQLITE_JOURNAL_MODE"]).upper()
    if journal_mode not in JOURNAL_MODES:
        raise ValueError(f"SQLITE_JOURNAL_MODE must be one of {', '.join(JOURNAL_MODES)}, not {journal_mode!r}")

    @event.listens_for(engine, "connect")
    def set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record) -> None:
        # Changing the journal mode needs a lock; a file locked from outside must not stall a new connection
        # (nor /healthz) for the whole busy timeout, so that step waits only briefly. WAL is stored in the
        # file: once one connection has switched it, every later connection finds it on.
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {setup_ms}")
            try:
                cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
            except sqlite3.OperationalError as exc:  # locked: keep the file's mode, the next connection retries
                log.warning("SQLite journal mode not set to %s: %s", journal_mode, exc)
            # pysqlite's own `timeout` (5 s by default) is this same busy handler; the pragma replaces it.
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        finally:
            cursor.close()


def milliseconds(seconds: float | str) -> int:
    """A timeout setting in seconds (from the environment, maybe a string) as whole milliseconds."""
    return max(0, round(float(seconds) * 1000))


def is_sqlite(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite"


def delete_every_row() -> None:
    """Delete every row of every table, children first, in the session's transaction (the caller commits)."""
    from courseware.evaluation.report import changes
    from courseware.extensions import db

    tables = list(reversed(db.metadata.sorted_tables))
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # One round trip for all the tables (the test suite wipes after each test: 19 ms a wipe became 2.6 ms).
        quote = connection.dialect.identifier_preparer.format_table
        connection.exec_driver_sql("; ".join(f"DELETE FROM {quote(table)}" for table in tables))
    else:  # sqlite3 runs one statement per call
        for table in tables:
            db.session.execute(table.delete())
    changes.discard(db.session)  # the figures went with everything else: nothing is left to recompute
