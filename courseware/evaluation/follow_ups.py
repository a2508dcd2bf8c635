"""Level 3 follow-ups at 30, 60 and 90 days: the learner's self-report and the trainer's checklist ratings."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from courseware.catalog import Catalog
from courseware.core.inputs import FREE_TEXT_MAX, text_problem
from courseware.evaluation import action_plans
from courseware.extensions import db
from courseware.models import CommitmentReport, FollowUp, FollowUpRating, Role, User
from courseware.models.types import utcnow
from courseware.people.supervision import can_observe, trained_cohort_ids

STATUSES = ("not_started", "in_progress", "done")
DUE_SOON_DAYS = 7


class FollowUpError(ValueError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class FollowUpStatus:
    follow_up: FollowUp
    learner: User
    self_done: bool
    observed: bool
    overdue: bool


def for_learner(user_id: int) -> list[FollowUp]:
    return list(db.session.scalars(select(FollowUp).where(FollowUp.user_id == user_id).order_by(FollowUp.day)))


def reports_of(follow_up_id: int) -> dict[int, CommitmentReport]:
    rows = db.session.scalars(select(CommitmentReport).where(CommitmentReport.follow_up_id == follow_up_id))
    return {r.commitment_id: r for r in rows}


def ratings_of(follow_up_id: int) -> dict[str, int]:
    rows = db.session.scalars(select(FollowUpRating).where(FollowUpRating.follow_up_id == follow_up_id))
    return {r.item: r.rating for r in rows}


def self_report(user: User, follow_up: FollowUp, reports: dict[int, tuple[str, str]]) -> None:
    """The learner reports on each commitment: not started, in progress or done, with a note."""
    if follow_up.user_id != user.id:
        raise FollowUpError("forbidden")
    plan = action_plans.find(user.id)
    ids = {c.id for c in plan.commitments} if plan else set()
    if set(reports) != ids or any(status not in STATUSES for status, _ in reports.values()):
        raise FollowUpError("incomplete")
    if any(text_problem(note, FREE_TEXT_MAX, multiline=True) for _, note in reports.values()):
        raise FollowUpError("text")
    existing = reports_of(follow_up.id)
    for commitment_id, (status, note) in reports.items():
        row = existing.get(commitment_id) or CommitmentReport(follow_up_id=follow_up.id, commitment_id=commitment_id)
        row.status, row.note = status, note.strip()
        db.session.add(row)
    follow_up.self_reported_at = utcnow()
    db.session.commit()


def observe(catalog: Catalog, observer: User, follow_up: FollowUp, ratings: dict[str, int], comment: str) -> None:
    """The trainer (or manager) rates each checklist behavior 1-5: trainers of the learner's cohort and admins."""
    learner = db.session.get(User, follow_up.user_id)
    if learner is None or not can_observe(observer, learner):
        raise FollowUpError("forbidden")
    items = [i.id for i in catalog.evaluation.checklist]
    if set(ratings) != set(items) or any(r not in (1, 2, 3, 4, 5) for r in ratings.values()):
        raise FollowUpError("incomplete")
    if text_problem(comment, FREE_TEXT_MAX, multiline=True):
        raise FollowUpError("text")
    db.session.execute(FollowUpRating.__table__.delete().where(FollowUpRating.follow_up_id == follow_up.id))
    db.session.add_all([FollowUpRating(follow_up_id=follow_up.id, item=i, rating=r) for i, r in ratings.items()])
    follow_up.observer_id, follow_up.observer_comment, follow_up.observed_at = observer.id, comment.strip(), utcnow()
    db.session.commit()


@dataclass(frozen=True)
class FollowUpAnswer:
    """A posted follow-up: the learner's self-report (part "self") or the observer's checklist (part "observe")."""

    part: str
    reports: dict[int, tuple[str, str]] = field(default_factory=dict)  # commitment id -> (status, note)
    ratings: dict[str, int | None] = field(default_factory=dict)  # checklist item -> 1-5
    comment: str = ""


def answer(catalog: Catalog, user: User, follow_up: FollowUp, data: FollowUpAnswer) -> None:
    """Save the part posted; a part the user may not answer (or no part) is refused as "forbidden"."""
    if data.part == "self":
        self_report(user, follow_up, data.reports)
    elif data.part == "observe":
        observe(catalog, user, follow_up, data.ratings, data.comment)
    else:
        raise FollowUpError("forbidden")


def due_for_trainer(user: User, today: date) -> list[FollowUpStatus]:
    """Follow-ups of the trainer's learners that are due within a week or overdue and not yet complete."""
    query = (select(FollowUp, User).join(User, User.id == FollowUp.user_id)
             .where(FollowUp.due_on <= date.fromordinal(today.toordinal() + DUE_SOON_DAYS))
             .where((FollowUp.observed_at.is_(None)) | (FollowUp.self_reported_at.is_(None)))
             .order_by(FollowUp.due_on))
    if user.role == Role.TRAINER:
        query = query.where(User.cohort_id.in_(trained_cohort_ids(user) or {-1}))
    elif user.role != Role.ADMIN:
        return []
    return [FollowUpStatus(f, learner, f.self_reported_at is not None, f.observed_at is not None, f.due_on < today)
            for f, learner in db.session.execute(query).all()]


def due_for_learner(user: User, today: date) -> list[FollowUpStatus]:
    rows = db.session.scalars(select(FollowUp).where(
        FollowUp.user_id == user.id, FollowUp.self_reported_at.is_(None),
        FollowUp.due_on <= date.fromordinal(today.toordinal() + DUE_SOON_DAYS)).order_by(FollowUp.due_on))
    return [FollowUpStatus(f, user, False, f.observed_at is not None, f.due_on < today) for f in rows]



