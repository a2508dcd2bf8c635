"""`flask demo`: the demo database (four demo accounts, two cohorts of learners)."""
from __future__ import annotations

import click
from flask_migrate import upgrade
from sqlalchemy import select

from courseware.cli.db import ensure_sqlite_folder
from courseware.extensions import db


@click.command("demo")
@click.option("--if-new", is_flag=True, help="Only when the database has no users yet (used by `make run`).")
def demo(if_new: bool) -> None:
    """(Re)build the demo database: four demo accounts, two cohorts of learners, some reading progress."""
    from courseware.catalog.current import current_catalog
    from courseware.demo import DEMO_PASSWORD, build_demo
    from courseware.models import User

    ensure_sqlite_folder()
    upgrade()
    if if_new and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database has users already; demo data left as it is (`flask --app wsgi demo` rebuilds it).")
        return
    summary = build_demo(current_catalog())
    click.echo(f"Demo data built: {summary.learners} learners in {summary.cohorts} cohorts.")
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for username, role in summary.accounts:
        click.echo(f"  {username:<10} {role}")


COMMANDS = (demo,)
