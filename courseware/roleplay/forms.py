"""Role-play forms: starting a run, choosing, and a trainer's observation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from courseware.core.inputs import FREE_TEXT_MAX, CleanText, coerce_id


class StartRunForm(FlaskForm):
    restart = BooleanField()
    submit = SubmitField(_l("Start the role play"))


class ChoiceForm(FlaskForm):
    """Carries the step and node the choice was made at, so a stale post (reload, back, other tab) is ignored."""

    step = HiddenField()
    node = HiddenField()


class ObservationForm(FlaskForm):
    learner = SelectField(_l("Learner"), coerce=coerce_id)
    scenario = SelectField(_l("Scenario"), validators=[Optional()])
    observed_on = DateField(_l("Date observed"), validators=[DataRequired()])
    comments = TextAreaField(_l("Comments"), validators=[Optional(), CleanText(FREE_TEXT_MAX, multiline=True)])
    submit = SubmitField(_l("Save observation"))


def rating_field(label: str) -> RadioField:
    return RadioField(label, choices=[(str(n), str(n)) for n in range(1, 6)], validators=[DataRequired()])
