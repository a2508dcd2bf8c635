"""`flask users import FILE.csv`: HR's onboarding import of new accounts."""
from __future__ import annotations

import io
from pathlib import Path

import click
from flask.cli import AppGroup

from courseware.cli.problems import exit_with_problems
from courseware.people.csv_import import ImportFailed, read_file

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--passwords-out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the one-time passwords to this CSV file instead of printing them.")
@click.option("--create-cohorts", is_flag=True, help="Create cohorts named in the file that do not exist yet.")
def users_import(csv_file: Path, passwords_out: Path | None, create_cohorts: bool) -> None:
    """Import users from CSV (username,display_name,email,role,cohort): every row valid, or nothing imported."""
    from courseware.people.users_import import UNKNOWN_COHORT_CLI, import_users, write_passwords

    try:
        result = import_users(read_file(csv_file), create_cohorts=create_cohorts, unknown_cohort=UNKNOWN_COHORT_CLI)
    except ImportFailed as exc:
        exit_with_problems(exc, csv_file)
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


COMMANDS = (users_cli,)
