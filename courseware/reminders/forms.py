"""The account page's reminder choices, and the admin's retry buttons."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from courseware.reminders.reminder import KIND_LABELS, OPTIONAL


class ReminderChoicesForm(FlaskForm):
    """The optional reminder kinds the user wants (those left unchecked are turned off)."""

    wanted = SelectMultipleField(_l("Reminders I want"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in OPTIONAL],
                                 widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    submit = SubmitField(_l("Save my reminder choices"))


class RetryForm(FlaskForm):
    """A POST with its CSRF token: retry one failed delivery, or all of them."""

    submit = SubmitField(_l("Retry now"))
