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


# What a refused answer's problem code (catalog.questions.base.InvalidAnswer) says to the learner.
ANSWER_PROBLEMS = {
    "not_a_number": _l("Enter a number, such as 40, 1,200 or 35%."),
    "positions_not_distinct": _l("Give each item a different position."),
    "bad_position": _l("Choose each position from the list."),
}
