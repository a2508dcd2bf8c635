"""The password rules' messages in the user's language, for every form that sets a password."""
from __future__ import annotations

from flask_babel import gettext as _

from courseware.people.password_policy import MIN_LENGTH, PasswordRejected


def rejection_message(exc: PasswordRejected) -> str:
    """Which rule the password broke, said to the person typing it."""
    if exc.code == "too_short":
        return _("A password needs at least %(n)d characters.", n=MIN_LENGTH)
    if exc.code == "contains_name":
        return _("The password must not contain the username or the display name.")
    if exc.code == "repeated":
        return _("The password must not be one character or group of characters repeated (like “aaaaaaaaaa” or “abcabcabcabc”).")
    if exc.code == "sequential":
        return _("The password must not be a sequence (like “1234567890”, “abcdefghij” or the keyboard row “qwertyuiop”).")
    return _("This password is one of the 10,000 most common passwords, which are tried first by attackers; choose another.")


def rules_hint() -> str:
    """The rules in one line, under a new-password field."""
    return _("At least %(n)d characters, without the username or display name, repetitions, sequences or common "
             "passwords. A few words in a row make a good one.", n=MIN_LENGTH)
