"""Quiz forms: the answer fields are built from the attempt's snapshot; these carry CSRF and the buttons."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField


class StartForm(FlaskForm):
    submit = SubmitField(_l("Start the quiz"))


class AttemptPageForm(FlaskForm):
    page = HiddenField()
    previous = SubmitField(_l("Previous"))
    next = SubmitField(_l("Next"))
    save = SubmitField(_l("Save answers"))
    finish = SubmitField(_l("Finish attempt…"))


class SubmitForm(FlaskForm):
    submit = SubmitField(_l("Submit all and finish"))

