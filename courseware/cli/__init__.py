"""`flask` commands: init-db, demo, content check, users import."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from sqlalchemy import select

from courseware.catalog.coverage import item_order
from courseware.extensions import db

content_cli = AppGroup("content", help="Check the course content files.")
users_cli = AppGroup("users", help="Manage user accounts.")


def running_flask_command() -> bool:
    """True while the `flask` command loads the app (not gunicorn, not a test calling create_app)."""
    return click.get_current_context(silent=True) is not None


def running_content_check() -> bool:
    """True while `flask content check|coverage` loads the app: they must work on broken content."""
    if not running_flask_command():
        return False  # imported by gunicorn or a test, not by the `flask` command
    # Click has consumed the sub-command's name by the time Flask loads the app, so read the command line.
    argv = sys.argv[1:]
    return any(argv[i] == "content" and argv[i + 1] in ("check", "coverage") for i in range(len(argv) - 1))


@content_cli.command("check")
def content_check() -> None:
    """Validate every content file; print each problem as path:line: message."""
    problems = current_app.extensions["catalog_problems"]
    catalog = current_app.extensions["catalog"]
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(
        f"Content OK: {len(catalog.modules)} modules, {catalog.section_count} sections, "
        f"{len(catalog.glossary)} glossary terms, {len(catalog.coverage)} outline items mapped, "
        f"{len(catalog.quizzes)} quizzes, {len(catalog.scenarios)} scenarios."
    )
    practiced = sorted({item for s in catalog.scenarios.values() for item in s.items}, key=item_order)
    click.echo(f"Role plays practice {len(practiced)} of {len(catalog.coverage)} outline items: {', '.join(practiced)}.")


@content_cli.command("coverage")
def content_coverage() -> None:
    """Rewrite the `questions` lists of content/coverage.yaml from the questions' `examines` fields."""
    from courseware.catalog.coverage_file import write_coverage

    path = Path(current_app.config["CONTENT_DIR"]) / "coverage.yaml"
    counts = write_coverage(path, current_app.extensions["catalog"])
    uncovered = [item for item, n in counts.items() if n == 0]
    click.echo(f"Wrote {path}: {sum(counts.values())} question links over {len(counts)} items.")
    if uncovered:
        click.echo(f"Items no question examines yet: {', '.join(uncovered)}")


@users_cli.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--passwords-out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the one-time passwords to this CSV file instead of printing them.")
@click.option("--create-cohorts", is_flag=True, help="Create cohorts named in the file that do not exist yet.")
def users_import(csv_file: Path, passwords_out: Path | None, create_cohorts: bool) -> None:
    """Import users from CSV (username,display_name,email,role,cohort): every row valid, or nothing imported."""
    from courseware.people.users_import import ImportFailed, import_users, write_passwords

    try:
        result = import_users(csv_file, create_cohorts=create_cohorts)
    except ImportFailed as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    if passwords_out:
        with passwords_out.open("w", encoding="utf-8", newline="") as out:
            write_passwords(result, out)
        passwords_out.chmod(0o600)
        click.echo(f"Imported {len(result.created)} user(s); one-time passwords written to {passwords_out}.")
    else:
        click.echo(f"Imported {len(result.created)} user(s). One-time passwords (shown once):")
        listing = io.StringIO()
        write_passwords(result, listing)
        click.echo(listing.getvalue(), nl=False)
    for name in result.new_cohorts:
        click.echo(f"Created cohort '{name}' (start date today; change it on the admin cohorts page).")


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema by the migrations."""
    _ensure_sqlite_folder()
    upgrade()
    click.echo("Database is at the latest migration.")


@click.command("demo")
@click.option("--if-new", is_flag=True, help="Only when the database has no users yet (used by `make run`).")
def demo(if_new: bool) -> None:
    """(Re)build the demo database: four demo accounts, two cohorts of learners, some reading progress."""
    from courseware.catalog.current import current_catalog
    from courseware.models import User
    from courseware.demo import DEMO_PASSWORD, build_demo

    _ensure_sqlite_folder()
    upgrade()
    if if_new and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database has users already; demo data left as it is (`flask --app wsgi demo` rebuilds it).")
        return
    summary = build_demo(current_catalog())
    click.echo(f"Demo data built: {summary.learners} learners in {summary.cohorts} cohorts.")
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for username, role in summary.accounts:
        click.echo(f"  {username:<10} {role}")


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


def _ensure_sqlite_folder() -> None:
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def register(app: Flask) -> None:
    from courseware.cli import quizzes

    quizzes.register(app)
    app.cli.add_command(content_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(init_db)
    app.cli.add_command(demo)
    app.cli.add_command(backup)
    app.cli.add_command(restore)



