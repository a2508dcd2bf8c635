"""The channels a reminder travels through, behind one small interface: e-mail now, group robots later.

A channel has a `name` (stored with each delivery), says which reminders it `accepts` and under which
`recipient_key` it delivers them, and `send`s one (ChannelError on failure). channels_for() is the registry."""
from __future__ import annotations

from typing import Protocol

from flask import current_app

from courseware.notify.mail import MailError, mail_configured, send_mail
from courseware.reminders.reminder import Reminder
from courseware.reminders.render import render


class ChannelError(Exception):
    """The channel could not deliver the message; the text says why (kept as the delivery's last error)."""


class Channel(Protocol):
    name: str

    def accepts(self, reminder: Reminder) -> bool: ...

    def recipient_key(self, reminder: Reminder) -> str: ...

    def send(self, reminder: Reminder) -> None: ...


class EmailChannel:
    """E-mail over SMTP to the recipient's address, in their language, plain text and HTML."""

    name = "email"

    @staticmethod
    def configured() -> bool:
        return mail_configured(current_app.config)

    def accepts(self, reminder: Reminder) -> bool:
        return bool(reminder.recipient.email)

    def recipient_key(self, reminder: Reminder) -> str:
        return reminder.recipient_key

    def send(self, reminder: Reminder) -> None:
        message = render(reminder)
        try:
            send_mail(current_app.config, reminder.recipient.email, message.subject, message.text, message.html,
                      to_name=reminder.recipient.display_name)
        except MailError as error:
            raise ChannelError(str(error)) from error


def configured_channels() -> list[Channel]:
    """Every channel set up in this deployment. Hook for the group robots (WeCom, DingTalk, Feishu): add a
    channel here whose recipient_key is "cohort-robot:<id>" and that accepts the reminders meant for a cohort."""
    return [EmailChannel()] if EmailChannel.configured() else []


def channels_for(reminder: Reminder, channels: list[Channel] | None = None) -> list[Channel]:
    """The configured channels that carry this reminder."""
    return [c for c in (configured_channels() if channels is None else channels) if c.accepts(reminder)]
