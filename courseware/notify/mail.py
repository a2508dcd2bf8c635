"""E-mail over SMTP with the standard library: one message, plain text and HTML, to one address."""
from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr, make_msgid


class MailError(Exception):
    """The SMTP server could not be reached or refused the message; the text says which and why."""


def mail_configured(config: Mapping) -> bool:
    """Whether outgoing e-mail is set up (MAIL_SERVER)."""
    return bool(config.get("MAIL_SERVER"))


def build_message(config: Mapping, to: str, subject: str, text: str, html: str | None = None,
                  to_name: str | None = None) -> EmailMessage:
    """A UTF-8 message from MAIL_DEFAULT_SENDER: the text part, and the HTML part as its alternative."""
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = formataddr((to_name, to)) if to_name else to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or None)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send_message(config: Mapping, message: EmailMessage) -> None:
    """Deliver one message through MAIL_SERVER:MAIL_PORT (STARTTLS and login when configured)."""
    if not mail_configured(config):
        raise MailError("MAIL_SERVER is not set")
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config.get("MAIL_TIMEOUT", 10)) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}: {error}") from error


def send_mail(config: Mapping, to: str, subject: str, text: str, html: str | None = None,
              to_name: str | None = None) -> None:
    """Build and deliver one message; MailError on any failure."""
    send_message(config, build_message(config, to, subject, text, html, to_name))
