"""Evaluation forms: the fixed ones (KPI upload, report filter) as WTForms classes; the fields built from the data
file (survey items, commitments, follow-up answers) read by parsers that return the services' dataclasses."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from courseware.catalog.evaluation import Evaluation
from courseware.core.inputs import FREE_TEXT_MAX, CleanText, coerce_id, parse_int
from courseware.evaluation.action_plans import CommitmentInput
from courseware.evaluation.follow_ups import FollowUpAnswer
from courseware.evaluation.reaction import SurveyInput
from courseware.models import ActionPlan, Cohort, ReactionSurvey

PLAN_ROWS, PLAN_MIN_ROWS, PLAN_MAX_ROWS = 5, 3, 10  # commitment rows on the action-plan form
BLANK_COMMITMENT = CommitmentInput("", "", False, "", (), None)


class PostForm(FlaskForm):
    """CSRF only: the fields are built from the data file and read by the parsers below."""


class KpiUploadForm(FlaskForm):
    file = FileField(_l("KPI file (CSV)"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    cohorts = SelectMultipleField(_l("Cohorts"), coerce=coerce_id, validators=[Optional()])
    start = DateField(_l("Cohorts starting from"), validators=[Optional()])
    end = DateField(_l("to"), validators=[Optional()])
    page = StringField()  # the report's page of cohorts; anything but a number from 1 is the first

    def checked(self, cohorts: Iterable[Cohort]) -> ReportFilterForm:
        """Offer these cohorts and check the filter; a field that fails keeps its error and filters nothing."""
        self.cohorts.choices = [(c.id, c.name) for c in cohorts]
        self.validate()
        return self

    @property
    def page_number(self) -> int:
        return parse_int(self.page.data, 1, minimum=1)


class ObserverCommentForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), CleanText(FREE_TEXT_MAX, multiline=True)])


def survey_shown(existing: ReactionSurvey | None) -> SurveyInput:
    """What the survey form shows before a post: the saved answers, or nothing yet."""
    if existing is None:
        return SurveyInput({}, None, "")
    return SurveyInput({a.item: a.value for a in existing.answers}, existing.recommend, existing.comments)


def read_survey(evaluation: Evaluation) -> SurveyInput:
    """The survey as posted: each item's 1-5 (None when missing or not a number), the 0-10 recommendation and the
    comments; the reaction service says which are missing."""
    return SurveyInput({i.id: parse_int(request.form.get(f"item-{i.id}")) for i in evaluation.survey},
                       parse_int(request.form.get("recommend")), request.form.get("comments", ""))


def plan_shown(plan: ActionPlan | None) -> list[CommitmentInput]:
    """The saved commitments, then blank rows: five at least, and one more than the plan holds."""
    values = [CommitmentInput(c.specific, c.measure, c.achievable, c.support, tuple(c.items), c.due_on)
              for c in (plan.commitments if plan else [])]
    rows = max(PLAN_ROWS, len(values) + 1 if plan else PLAN_ROWS)
    return values + [BLANK_COMMITMENT] * (rows - len(values))


def read_commitments() -> list[CommitmentInput]:
    """The posted rows `c<n>-<field>` (as many as the form's `rows` says, 3 to 10); a date that is not a date is
    None, which the SMART check reports on its field."""
    rows = parse_int(request.form.get("rows"), PLAN_ROWS, minimum=PLAN_MIN_ROWS, maximum=PLAN_MAX_ROWS)
    return [CommitmentInput(
        specific=request.form.get(f"c{n}-specific", ""), measure=request.form.get(f"c{n}-measure", ""),
        achievable=request.form.get(f"c{n}-achievable") == "y", support=request.form.get(f"c{n}-support", ""),
        items=tuple(request.form.getlist(f"c{n}-items")), due_on=_date(request.form.get(f"c{n}-due_on", "")),
    ) for n in range(rows)]


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def read_follow_up(plan: ActionPlan | None, evaluation: Evaluation) -> FollowUpAnswer:
    """The part of the follow-up posted (`part`): the learner's status and note per commitment, or the observer's
    1-5 per checklist behavior and comment."""
    part = request.form.get("part", "")
    if part == "self":
        return FollowUpAnswer(part, reports={
            c.id: (request.form.get(f"status-{c.id}", ""), request.form.get(f"note-{c.id}", ""))
            for c in (plan.commitments if plan else [])})
    if part == "observe":
        ratings = {i.id: parse_int(request.form.get(f"rating-{i.id}")) for i in evaluation.checklist}
        return FollowUpAnswer(part, ratings=ratings, comment=request.form.get("comment", ""))
    return FollowUpAnswer(part)
