"""Backups of the SQLite database with SQLite's online backup API (safe while the app is serving).

PostgreSQL deployments use the server's own tools (`pg_dump -Fc` and `pg_restore`, see the README)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine


class BackupError(Exception):
    pass


def _sqlite_file(engine: Engine) -> str:
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(f"backup and restore work on a SQLite file; for {url.get_backend_name()} use pg_dump and "
                          "pg_restore (see the README, 'Backups')")
    return url.database


def backup_sqlite(engine: Engine, target: Path) -> int:
    """Copy the live database to `target` page by page; returns the number of pages copied."""
    source_file = _sqlite_file(engine)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source_file) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
    source.close()
    copy.close()
    return pages


def restore_sqlite(engine: Engine, backup: Path) -> None:
    """Replace the live database's content with the backup's (the backup API copies in one step)."""
    target_file = _sqlite_file(engine)
    with sqlite3.connect(backup) as source:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{backup} is not a sound SQLite database")
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            raise BackupError(f"{backup} is not a backup of this application (no alembic_version table)")
        engine.dispose()  # no pooled connection may hold the old pages
        with sqlite3.connect(target_file) as target:
            source.backup(target)
        target.close()
    source.close()
