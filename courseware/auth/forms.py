"""Forms of logging in, changing one's password and setting it from an invitation."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from courseware.core.inputs import CleanText


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), CleanText(64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Remember me"))
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


def login_rate_key() -> str:
    """Rate-limit key per account: the username tried (lower-case), whatever the address."""
    return "user:" + (request.form.get("username") or "").strip().lower()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))]
    )
    submit = SubmitField(_l("Change password"))


class SetPasswordForm(FlaskForm):
    """An invited user's first password, chosen on the invitation page."""

    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))]
    )
    submit = SubmitField(_l("Set password"))
