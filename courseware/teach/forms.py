"""Trainer forms: assignments (with their lists and the due time converted to UTC), grants, and the item-statistics
query."""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from courseware.catalog import Catalog
from courseware.clock import from_company_time
from courseware.core.inputs import YearRange, coerce_id, parse_int
from courseware.i18n import pick
from courseware.models import Cohort
from courseware.models.types import utcnow
from courseware.quizzes.assignments import NewAssignment


class AssignmentForm(FlaskForm):
    target = SelectField(_l("Work to assign"), validators=[DataRequired()])
    learners = SelectMultipleField(_l("Learners (none chosen: the whole cohort)"), coerce=coerce_id, validators=[Optional()])
    due_at = DateTimeLocalField(_l("Due (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional(), YearRange()])
    past_ok = BooleanField(_l("The date is in the past: assign anyway"))
    submit = SubmitField(_l("Assign"))
    past_due = False  # set when the due date is past and not confirmed: the page then shows past_ok

    def validate_due_at(self, field) -> None:
        """A due time already past (in the company's time zone) needs the trainer's confirmation."""
        if field.data is None or field.errors or self.past_ok.data:
            return
        if from_company_time(field.data) < utcnow():
            self.past_due = True
            raise ValidationError(_("This date is in the past. To assign anyway, check the box below and assign again."))

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
    confirmed = HiddenField()  # "1" from the confirmation page: a remove without it only asks
    submit = SubmitField(_l("Remove"))


class GradebookFilterForm(FlaskForm):
    """The gradebook's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    show = SelectField(_l("Show"), default="", choices=[
        SelectChoice("", _l("All learners")), SelectChoice("late", _l("Late")), SelectChoice("missing", _l("Missing")),
        SelectChoice("not_passed", _l("Not passed"))])
    quiz = SelectField(_l("Quiz"), default="")


@dataclass(frozen=True)
class GradebookQuery:
    """The filters that hold (none when the query string is not valid: the form then carries the message)."""

    form: GradebookFilterForm
    show: str | None
    quiz: str | None


def gradebook_query(catalog: Catalog) -> GradebookQuery:
    """The gradebook's filters from the query string; an unknown value filters nothing and says which field."""
    form = GradebookFilterForm(request.args)
    form.quiz.choices = [SelectChoice("", _("All quizzes"))] + [SelectChoice(q.id, pick(q.title).text)
                                                                for q in catalog.quizzes.values()]
    if not form.validate():
        return GradebookQuery(form, None, None)
    return GradebookQuery(form, form.show.data or None, form.quiz.data or None)


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
