"""Trainer forms: assignments (with their lists and the due time converted to UTC), grants, and the item-statistics
query."""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, HiddenField, IntegerField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional

from courseware.catalog import Catalog
from courseware.clock import from_company_time
from courseware.core.inputs import YearRange, coerce_id, parse_int
from courseware.i18n import pick
from courseware.models import Cohort
from courseware.quizzes.assignments import NewAssignment


class AssignmentForm(FlaskForm):
    target = SelectField(_l("Work to assign"), validators=[DataRequired()])
    learners = SelectMultipleField(_l("Learners (none chosen: the whole cohort)"), coerce=coerce_id, validators=[Optional()])
    due_at = DateTimeLocalField(_l("Due (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional(), YearRange()])
    submit = SubmitField(_l("Assign"))

    def assignment(self, cohort_id: int) -> NewAssignment:
        """What the assignments service creates: the work ("quiz:<id>", ...), the learners chosen, and the due time,
        entered in the company's time zone, in UTC."""
        kind, _sep, target = self.target.data.partition(":")
        due_at = from_company_time(self.due_at.data) if self.due_at.data else None
        return NewAssignment(kind, target, cohort_id, tuple(self.learners.data or ()), due_at)


class GrantForm(FlaskForm):
    learner = SelectField(_l("Learner"), coerce=coerce_id)
    quiz = SelectField(_l("Quiz"))
    extra_attempts = IntegerField(_l("Extra attempts"), default=1, validators=[NumberRange(min=0, max=10)])
    extra_minutes = IntegerField(_l("Extra minutes"), default=0, validators=[NumberRange(min=0, max=600)])
    confirmed = HiddenField()  # "1" once the trainer has read the warning that the learner has seen the key
    submit = SubmitField(_l("Grant"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


def _target_choices(catalog: Catalog) -> list[tuple[str, str]]:
    # One message per kind, so that Chinese puts its own colon: "角色扮演：…".
    choices = [(f"quiz:{q.id}", _("Quiz: %(title)s", title=pick(q.title).text)) for q in catalog.quizzes.values()]
    choices += [(f"module:{m.id}", _("Module: %(title)s", title=pick(m.title).text)) for m in catalog.modules]
    choices += [(f"scenario:{s_id}", _("Role play: %(title)s", title=pick(s.title).text))
                for s_id, s in catalog.scenarios.items()]
    return choices


def cohort_forms(catalog: Catalog, cohort: Cohort) -> tuple[AssignmentForm, GrantForm]:
    """The cohort page's two forms, their lists filled: the work to assign, the cohort's learners, the quizzes."""
    learners = [(u.id, f"{u.display_name} ({u.username})") for u in cohort.learners]
    assign = AssignmentForm()
    assign.target.choices = _target_choices(catalog)
    assign.learners.choices = learners
    grant = GrantForm()
    grant.learner.choices = learners
    grant.quiz.choices = [(q.id, pick(q.title).text) for q in catalog.quizzes.values()]
    return assign, grant


@dataclass(frozen=True)
class StatisticsQuery:
    """The item-statistics page's query string: one cohort (None: every cohort in scope), first or all attempts."""

    cohort: int | None
    attempts: str


def statistics_query() -> StatisticsQuery:
    """The query string of the item-statistics page; anything but "all" counts first attempts."""
    which = "all" if request.args.get("attempts") == "all" else "first"
    return StatisticsQuery(parse_int(request.args.get("cohort")), which)
