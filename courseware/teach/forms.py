"""Trainer forms: assignments and grants."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, HiddenField, IntegerField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional

from courseware.core.inputs import YearRange, coerce_id


class AssignmentForm(FlaskForm):
    target = SelectField(_l("Work to assign"), validators=[DataRequired()])
    learners = SelectMultipleField(_l("Learners (none chosen: the whole cohort)"), coerce=coerce_id, validators=[Optional()])
    due_at = DateTimeLocalField(_l("Due (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional(), YearRange()])
    submit = SubmitField(_l("Assign"))


class GrantForm(FlaskForm):
    learner = SelectField(_l("Learner"), coerce=coerce_id)
    quiz = SelectField(_l("Quiz"))
    extra_attempts = IntegerField(_l("Extra attempts"), default=1, validators=[NumberRange(min=0, max=10)])
    extra_minutes = IntegerField(_l("Extra minutes"), default=0, validators=[NumberRange(min=0, max=600)])
    confirmed = HiddenField()  # "1" once the trainer has read the warning that the learner has seen the key
    submit = SubmitField(_l("Grant"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Remove"))
