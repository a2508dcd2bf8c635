"""Level 1, reaction: one survey per learner and module, editable until the cohort's trainer closes it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from courseware.catalog import Catalog, Module
from courseware.core.inputs import FREE_TEXT_MAX, text_problem
from courseware.extensions import db
from courseware.models import Cohort, ReactionSurvey, SurveyAnswer, SurveyClosure, User
from courseware.people.supervision import can_manage_cohort
from courseware.reading.progress import CourseProgress, reading_progress


class SurveyError(ValueError):
    def __init__(self, code: str, fields: list[str] | None = None):
        self.code = code
        self.fields = fields or []
        super().__init__(code)


@dataclass(frozen=True)
class SurveyInput:
    answers: dict[str, int]
    recommend: int | None
    comments: str = ""


def find(user_id: int, module_id: str) -> ReactionSurvey | None:
    return db.session.scalar(select(ReactionSurvey).options(selectinload(ReactionSurvey.answers))
                             .where(ReactionSurvey.user_id == user_id, ReactionSurvey.module_id == module_id))


def is_closed(user: User, module_id: str) -> bool:
    if user.cohort_id is None:
        return False
    return db.session.get(SurveyClosure, (user.cohort_id, module_id)) is not None


def submit(catalog: Catalog, user: User, module: Module, data: SurveyInput) -> ReactionSurvey:
    """Create or update the learner's survey of a module (one transaction); every item must be answered 1-5."""
    items = [i.id for i in catalog.evaluation.survey]
    missing = [i for i in items if data.answers.get(i) not in (1, 2, 3, 4, 5)]
    if data.recommend is None or not 0 <= data.recommend <= 10:
        missing.append("recommend")
    if text_problem(data.comments, FREE_TEXT_MAX, multiline=True):
        missing.append("comments")
    if missing:
        raise SurveyError("incomplete", missing)
    if is_closed(user, module.id):
        raise SurveyError("closed")
    survey = find(user.id, module.id)
    if survey is None:
        survey = ReactionSurvey(user_id=user.id, module_id=module.id, recommend=data.recommend, comments="")
        db.session.add(survey)
    survey.recommend = data.recommend
    survey.comments = data.comments.strip()
    survey.answers = [SurveyAnswer(item=item, value=data.answers[item]) for item in items]
    try:
        db.session.commit()
    except IntegrityError:  # the same survey submitted twice at once: keep one, with these answers
        db.session.rollback()
        return submit(catalog, user, module, data)
    return survey


def close(actor: User, cohort: Cohort, module_id: str) -> None:
    if not can_manage_cohort(actor, cohort):
        raise SurveyError("forbidden")
    if db.session.get(SurveyClosure, (cohort.id, module_id)) is None:
        db.session.add(SurveyClosure(cohort_id=cohort.id, module_id=module_id, closed_by=actor.id))
        db.session.commit()


def closed_modules(cohort_id: int) -> set[str]:
    return set(db.session.scalars(select(SurveyClosure.module_id).where(SurveyClosure.cohort_id == cohort_id)))


def pending(catalog: Catalog, user: User, progress: CourseProgress | None = None) -> list[Module]:
    """Modules the learner has read to the end but not yet rated (and whose survey is still open)."""
    progress = progress or reading_progress(catalog, user.id)
    finished = [p.module for p in progress.modules if p.total and p.done == p.total]
    if not finished:
        return []
    settled = _rated_or_closed(user)
    return [m for m in finished if m.id not in settled]


def _rated_or_closed(user: User) -> set[str]:
    """Modules the learner rated or whose survey their cohort's trainer closed (one query)."""
    query = select(ReactionSurvey.module_id).where(ReactionSurvey.user_id == user.id)
    if user.cohort_id:
        query = query.union(select(SurveyClosure.module_id).where(SurveyClosure.cohort_id == user.cohort_id))
    return set(db.session.scalars(query))
