"""Admin forms for a cohort's group robots: the robot's settings, and the buttons that post one action."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from courseware.core.inputs import CleanText, strip
from courseware.notify.robot_config import RobotSettings, url_problem_text
from courseware.notify.robots import URL_MAX, url_problem


def _kind_choices():
    return [("wecom", _l("WeCom group robot")), ("dingtalk", _l("DingTalk custom robot")),
            ("feishu", _l("Feishu/Lark custom bot"))]


def _webhook_address(form, field) -> None:
    problem = url_problem(field.data or "", current_app.config.get("ROBOTS_ALLOW_HTTP", False))
    if problem:
        raise ValidationError(url_problem_text(problem))


class RobotForm(FlaskForm):
    kind = SelectField(_l("Platform"), choices=_kind_choices)
    webhook_url = StringField(_l("Webhook address"), filters=[strip],
                              validators=[DataRequired(), Length(max=URL_MAX), _webhook_address])
    secret = PasswordField(_l("Signing secret (DingTalk “Additional signature”, Feishu “Signature verification”; none for WeCom)"),
                           filters=[strip], validators=[Optional(), CleanText(200)],
                           render_kw={"autocomplete": "new-password"})  # never the admin's own saved password
    enabled = BooleanField(_l("On: reminders go to this group"), default=True)
    submit = SubmitField(_l("Save robot"))

    def settings(self, keep_secret: bool = False) -> RobotSettings:
        """The form as plain data; an empty secret keeps the stored one when editing."""
        secret = self.secret.data or ""
        return RobotSettings(self.kind.data, self.webhook_url.data, None if keep_secret and not secret else secret,
                             bool(self.enabled.data))


class EditRobotForm(RobotForm):
    clear_secret = BooleanField(_l("Remove the stored secret"))

    def settings(self, keep_secret: bool = True) -> RobotSettings:
        settings = super().settings(keep_secret=True)
        return RobotSettings(settings.kind, settings.webhook_url, "", settings.enabled) if self.clear_secret.data else settings


class RobotActionForm(FlaskForm):
    """A button that posts one action (turn on or off, test, delete): only its CSRF token is checked."""
