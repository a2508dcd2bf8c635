"""`flask reminders preview|send`: what reminders are due now, and delivering them at once (for cron and scripts)."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

reminders_cli = AppGroup("reminders", help="Reminders by e-mail: what is due now, and sending it.")


def _quiet_note() -> str:
    config = current_app.config
    return (f"Quiet hours ({config['QUIET_HOURS_START']}:00 to {config['QUIET_HOURS_END']}:00, "
            f"{config['BABEL_DEFAULT_TIMEZONE']}): nothing is sent now; due reminders wait.")


@reminders_cli.command("preview")
def preview_command() -> None:
    """List the reminders that would be sent now; sends nothing and writes nothing."""
    from courseware.models.types import utcnow
    from courseware.notify.mail import mail_configured
    from courseware.reminders.dispatch import preview_due
    from courseware.reminders.quiet_hours import is_quiet

    if not mail_configured(current_app.config):
        click.echo("E-mail is not configured (MAIL_SERVER is empty): nothing would be sent.")
        return
    if is_quiet(utcnow()):
        click.echo(_quiet_note())
        return
    planned = preview_due()
    for p in planned:
        click.echo(f"{p.kind}\t{p.channel}\t{p.recipient} ({p.name})\t{p.subject}")
    click.echo(f"{len(planned)} message(s) would be sent.")


@reminders_cli.command("send")
def send_command() -> None:
    """Send every reminder due now, synchronously; prints the messages sent per kind and channel."""
    from courseware.extensions import db
    from courseware.models import Delivery
    from courseware.models.delivery import FAILED, GIVEN_UP
    from courseware.models.types import utcnow
    from courseware.notify.mail import mail_configured
    from courseware.reminders.dispatch import send_due
    from courseware.reminders.quiet_hours import is_quiet

    if not mail_configured(current_app.config):
        click.echo("E-mail is not configured: set MAIL_SERVER (and MAIL_PORT) to send reminders.", err=True)
        sys.exit(1)
    if is_quiet(utcnow()):
        click.echo(_quiet_note())
        return
    counts = send_due()
    for (kind, channel), n in sorted(counts.items()):
        click.echo(f"{kind}\t{channel}\t{n}")
    click.echo(f"{sum(counts.values())} message(s) sent.")
    waiting = db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.status.in_((FAILED, GIVEN_UP))))
    if waiting:
        click.echo(f"{waiting} delivery(ies) failed and wait for a retry or were given up: see Admin › Reminders.", err=True)


COMMANDS = (reminders_cli,)
