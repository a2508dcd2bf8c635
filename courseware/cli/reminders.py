"""`flask reminders preview|send`: what reminders are due now, and delivering them at once (for cron and scripts)."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

reminders_cli = AppGroup("reminders", help="Reminders by e-mail: what is due now, and sending it.")


IGNORE_QUIET = click.option("--ignore-quiet-hours", is_flag=True,
                            help="Send now even in the quiet hours (a person sending by hand; cron should not).")


def _quiet_note(verb: str) -> str:
    config = current_app.config
    return (f"Quiet hours ({config['QUIET_HOURS_START']}:00 to {config['QUIET_HOURS_END']}:00, "
            f"{config['BABEL_DEFAULT_TIMEZONE']}): nothing {verb} now; due reminders wait until "
            f"{config['QUIET_HOURS_END']}:00. Add --ignore-quiet-hours to send them now.")


def _no_channel() -> bool:
    """True (with the message) when neither e-mail nor any group robot is set up."""
    from courseware.reminders.channels import configured_channels

    if configured_channels():
        return False
    click.echo("No channel is configured: set MAIL_SERVER (and MAIL_PORT) for e-mail, or add a cohort's group "
               "robot on the admin pages.", err=True)
    return True


@reminders_cli.command("preview")
@IGNORE_QUIET
def preview_command(ignore_quiet_hours: bool) -> None:
    """List the reminders that would be sent now; sends nothing and writes nothing."""
    from courseware.models.types import utcnow
    from courseware.reminders.dispatch import preview_due
    from courseware.reminders.quiet_hours import is_quiet

    if _no_channel():
        return
    if not ignore_quiet_hours and is_quiet(utcnow()):
        click.echo(_quiet_note("would be sent"))
        return
    planned = preview_due(quiet_hours=not ignore_quiet_hours)
    for p in planned:
        click.echo(f"{p.kind}\t{p.channel}\t{p.recipient} ({p.name})\t{p.subject}")
    click.echo(f"{len(planned)} message(s) would be sent.")


@reminders_cli.command("send")
@IGNORE_QUIET
def send_command(ignore_quiet_hours: bool) -> None:
    """Send every reminder due now, synchronously; prints the messages sent per kind and channel."""
    from courseware.extensions import db
    from courseware.models import Delivery
    from courseware.models.delivery import FAILED, GIVEN_UP
    from courseware.models.types import utcnow
    from courseware.reminders.dispatch import send_due
    from courseware.reminders.quiet_hours import is_quiet

    if _no_channel():
        sys.exit(1)
    if not ignore_quiet_hours and is_quiet(utcnow()):
        click.echo(_quiet_note("is sent"))
        return
    counts = send_due(quiet_hours=not ignore_quiet_hours)
    for (kind, channel), n in sorted(counts.items()):
        click.echo(f"{kind}\t{channel}\t{n}")
    click.echo(f"{sum(counts.values())} message(s) sent.")
    waiting = db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.status.in_((FAILED, GIVEN_UP))))
    if waiting:
        click.echo(f"{waiting} delivery(ies) failed and wait for a retry or were given up: see Admin › Reminders.", err=True)


COMMANDS = (reminders_cli,)
