"""`flask init-db`, `flask backup PATH`, `flask restore PATH`: the database's schema and copies."""
from __future__ import annotations

from pathlib import Path

import click
from flask_migrate import upgrade

from courseware.extensions import db


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema by the migrations."""
    ensure_sqlite_folder()
    upgrade()
    click.echo("Database is at the latest migration.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Copy the SQLite database to PATH while the app runs (SQLite's online backup); PostgreSQL: pg_dump."""
    from courseware.core.backup import BackupError, backup_sqlite

    try:
        pages = backup_sqlite(db.engine, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {pages} pages to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database without asking.")
def restore(path: Path, yes: bool) -> None:
    """Replace the SQLite database with a backup made by `flask backup` (PostgreSQL: pg_restore)."""
    from courseware.core.backup import BackupError, restore_sqlite

    if not yes:
        click.confirm(f"Replace the current database with {path}?", abort=True)
    try:
        restore_sqlite(db.engine, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored the database from {path}.")


def ensure_sqlite_folder() -> None:
    """Make the folder of a SQLite database file (instance/ on a fresh clone)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


COMMANDS = (init_db, backup, restore)
