"""`flask users import FILE.csv`: HR's onboarding import of new accounts (one-time passwords or invitations)."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from courseware.cli.problems import exit_with_problems
from courseware.people.csv_import import ImportFailed, read_file

users_cli = AppGroup("users", help="Manage user accounts.")

# What a failed invitation says on the command line (English: a command has no user language).
INVITATION_ERRORS = {
    "mail_not_configured": "invitations need e-mail: set MAIL_SERVER (and MAIL_PORT) and PUBLIC_URL",
    "no_email": "the user has no e-mail address",
    "no_user": "the user no longer exists",
    "inactive": "the account is deactivated",
    "mail_failed": "the e-mail could not be sent",
}


@users_cli.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--passwords-out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the one-time passwords to this CSV file instead of printing them.")
@click.option("--create-cohorts", is_flag=True, help="Create cohorts named in the file that do not exist yet.")
@click.option("--invite", is_flag=True,
              help="E-mail each new user an invitation to choose their own password (valid 72 hours) instead of "
                   "giving one-time passwords. Needs MAIL_SERVER and PUBLIC_URL.")
def users_import(csv_file: Path, passwords_out: Path | None, create_cohorts: bool, invite: bool) -> None:
    """Import users from CSV (username,display_name,email,role,cohort): every row valid, or nothing imported."""
    from courseware.people import import_log
    from courseware.people.invitations import can_invite
    from courseware.people.users_import import UNKNOWN_COHORT_CLI, import_users

    if invite and passwords_out:
        raise click.UsageError("--invite gives no passwords: leave out --passwords-out.")
    if invite and not can_invite(current_app.config):
        click.echo(f"Error: {INVITATION_ERRORS['mail_not_configured']}; nothing was imported.", err=True)
        sys.exit(1)
    try:
        result = import_users(read_file(csv_file), create_cohorts=create_cohorts, unknown_cohort=UNKNOWN_COHORT_CLI,
                              invite=invite)
    except ImportFailed as exc:
        exit_with_problems(exc, csv_file)
    import_log.record("users", csv_file.name, len(result.created), "cli")
    for name in result.new_cohorts:
        click.echo(f"Created cohort '{name}' (start date today; change it on the admin cohorts page).")
    if invite:
        _send_invitations(result)
    else:
        _show_passwords(result, passwords_out)


def _show_passwords(result, passwords_out: Path | None) -> None:
    from courseware.people.users_import import write_passwords

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


def _send_invitations(result) -> None:
    """E-mail every imported user their invitation; list the ones that failed and exit 1 if any did."""
    from courseware.people.invitations import send_invitations

    failures = send_invitations(result.user_ids)
    sent = len(result.user_ids) - len(failures)
    click.echo(f"Imported {len(result.created)} user(s); invitations sent to {sent} (valid 72 hours).")
    if failures:
        for failure in failures:
            reason = INVITATION_ERRORS.get(failure.error.code, failure.error.code)
            detail = f" ({failure.error.detail})" if failure.error.detail else ""
            click.echo(f"{failure.username}: invitation not sent: {reason}{detail}", err=True)
        click.echo(f"{len(failures)} invitation(s) not sent; the accounts exist: send new invitations from each "
                   "user's page in the admin area.", err=True)
        sys.exit(1)


COMMANDS = (users_cli,)
