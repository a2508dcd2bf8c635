"""The invitation e-mail: subject, plain text and HTML in the invited user's language, with the absolute link."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import current_app, g, render_template
from flask_babel import force_locale, format_date, format_time
from flask_babel import gettext as _

from courseware.languages import BABEL_LOCALES, DEFAULT_LANGUAGE, LANGUAGES
from courseware.models import User


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Render texts and templates in `lang` (a BCP 47 tag), whatever the request's language, then restore it."""
    saved = {name: g.pop(name) for name in ("translations", "language") if name in g}
    g.language = lang
    try:
        with force_locale(BABEL_LOCALES[lang]):
            yield
    finally:
        g.pop("translations", None)
        g.pop("language", None)
        for name, value in saved.items():
            setattr(g, name, value)


def invitation_link(token: str) -> str:
    """PUBLIC_URL and the path of the set-your-password page for this token."""
    path = current_app.url_map.bind("").build("auth.accept_invitation", {"token": token})
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def invitation_message(user: User, token: str, expires_at: datetime) -> tuple[str, str, str]:
    """(subject, text, html) for `user`, in their language (else the default, Simplified Chinese); the expiry is
    given in the company's time zone."""
    lang = user.locale if user.locale in LANGUAGES else DEFAULT_LANGUAGE
    with in_language(lang):
        values = {
            "user": user, "link": invitation_link(token), "zone": current_app.config["BABEL_DEFAULT_TIMEZONE"],
            "expires": f"{format_date(expires_at, 'long')} {format_time(expires_at, 'short')}",
        }
        subject = _("Your account on the sales training platform")
        return subject, render_template("mail/invitation.txt", **values), render_template("mail/invitation.html", **values)
