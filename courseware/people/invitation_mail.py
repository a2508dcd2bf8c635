"""The invitation e-mail: subject, plain text and HTML in the invited user's language, with the absolute link."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, render_template
from flask_babel import format_date, format_time
from flask_babel import gettext as _

from courseware.models import User
from courseware.notify.language import in_language, language_of


def invitation_link(token: str) -> str:
    """PUBLIC_URL and the path of the set-your-password page for this token."""
    path = current_app.url_map.bind("").build("auth.accept_invitation", {"token": token})
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def invitation_message(user: User, token: str, expires_at: datetime) -> tuple[str, str, str]:
    """(subject, text, html) for `user`, in their language (else the default, Simplified Chinese); the expiry is
    given in the company's time zone."""
    with in_language(language_of(user)):
        values = {
            "user": user, "link": invitation_link(token), "zone": current_app.config["BABEL_DEFAULT_TIMEZONE"],
            "expires": f"{format_date(expires_at, 'long')} {format_time(expires_at, 'short')}",
        }
        subject = _("Your account on the sales training platform")
        return subject, render_template("mail/invitation.txt", **values), render_template("mail/invitation.html", **values)
