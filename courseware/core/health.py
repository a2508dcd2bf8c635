"""The health check's database probe: read a real table within a time limit, or say why not."""
from __future__ import annotations

import logging
import time

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from courseware.database import is_sqlite, milliseconds
from courseware.extensions import db

log = logging.getLogger(__name__)

# A table every migrated database has; reading it touches the file (SQLite) or the table's lock (PostgreSQL).
PROBE = text("SELECT count(*) FROM alembic_version")


def database_status(timeout: float, busy_timeout: float) -> str:
    """'ok' when a real table can be read within `timeout` seconds, else 'error: <reason>'.

    `busy_timeout` is SQLite's usual wait, put back on the pooled connection after the probe."""
    deadline = time.monotonic() + timeout
    try:
        connection = db.session.connection()  # a new SQLite connection may wait up to `timeout` to set WAL
        if is_sqlite(connection.engine):
            left = max(0.0, deadline - time.monotonic())
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds(left)}")
            try:
                connection.execute(PROBE).scalar_one()
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds(busy_timeout)}")
        else:
            # Waiting for a lock counts too: statement_timeout covers the whole statement.
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds(timeout)}")
            connection.execute(PROBE).scalar_one()
        db.session.rollback()  # ends the probe's transaction (and its SET LOCAL)
        return "ok"
    except SQLAlchemyError as exc:  # the check must answer even when the database is down
        db.session.rollback()
        log.warning("health check: the database cannot be read: %s", exc)
        return f"error: {_reason(exc)}"


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's one-line message (locked, timeout, not a database); only the error's kind for a failed
    connection, whose message names the server (the health check is public)."""
    original = getattr(exc, "orig", None)
    if original is None:
        return type(exc).__name__
    message = str(original).strip().splitlines()[0] if str(original).strip() else ""
    if getattr(original, "sqlstate", "") is None or not message:
        return type(original).__name__
    return message[:200]
