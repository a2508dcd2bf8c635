"""Assignments: a trainer gives a quiz, a module or a scenario to a cohort or chosen learners, with a due date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from courseware.catalog import Catalog
from courseware.extensions import db
from courseware.models import Assignment, Cohort, ScenarioRun, User, assignment_learners
from courseware.models.roleplay import RUN_FINISHED
from courseware.models.types import utcnow
from courseware.people.supervision import can_manage_cohort
from courseware.quizzes import attempts
from courseware.reading.progress import CourseProgress, reading_progress


class AssignmentError(ValueError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class NewAssignment:
    kind: str
    target_id: str
    cohort_id: int
    learner_ids: tuple[int, ...] = ()  # empty: the whole cohort
    due_at: datetime | None = None


@dataclass(frozen=True)
class AssignedWork:
    """One assignment as a learner sees it; a quiz's carries the learner's standing on it (its status word)."""

    assignment: Assignment
    done: bool
    overdue: bool
    quiz_status: attempts.QuizStatus | None = None


def target_exists(catalog: Catalog, kind: str, target_id: str) -> bool:
    if kind == "quiz":
        return target_id in catalog.quizzes
    if kind == "module":
        return catalog.module(target_id) is not None
    if kind == "scenario":
        return target_id in catalog.scenarios
    return False


def create(catalog: Catalog, actor: User, data: NewAssignment) -> Assignment:
    cohort = db.session.get(Cohort, data.cohort_id)
    if cohort is None or not can_manage_cohort(actor, cohort):
        raise AssignmentError("forbidden")
    if not target_exists(catalog, data.kind, data.target_id):
        raise AssignmentError("unknown_target")
    if data.due_at is not None and data.due_at.tzinfo is None:
        raise AssignmentError("naive_due_date")
    learners: list[User] = []
    if data.learner_ids:
        learners = list(db.session.scalars(select(User).where(User.id.in_(data.learner_ids), User.cohort_id == cohort.id)))
        if len(learners) != len(set(data.learner_ids)):
            raise AssignmentError("learner_not_in_cohort")
    assignment = Assignment(kind=data.kind, target_id=data.target_id, cohort_id=cohort.id, whole_cohort=not learners,
                            due_at=data.due_at, created_by=actor.id)
    assignment.learners = learners
    db.session.add(assignment)
    db.session.commit()
    return assignment


def delete(actor: User, assignment: Assignment) -> None:
    cohort = db.session.get(Cohort, assignment.cohort_id)
    if cohort is None or not can_manage_cohort(actor, cohort):
        raise AssignmentError("forbidden")
    db.session.delete(assignment)
    db.session.commit()


def for_cohort(cohort_id: int) -> list[Assignment]:
    return list(db.session.scalars(
        select(Assignment).where(Assignment.cohort_id == cohort_id).options(selectinload(Assignment.learners))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    ))


def for_learner(user: User) -> list[Assignment]:
    """Assignments given to the learner's cohort as a whole or to the learner by name."""
    named = Assignment.id.in_(select(assignment_learners.c.assignment_id).where(assignment_learners.c.user_id == user.id))
    if user.cohort_id is None:
        query = select(Assignment).where(named)
    else:
        query = select(Assignment).where(or_((Assignment.cohort_id == user.cohort_id) & Assignment.whole_cohort, named))
    return list(db.session.scalars(query.order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)))


def due_dates(user: User, kind: str) -> dict[str, datetime]:
    """target id -> the latest due date among the learner's assignments of that kind (one query)."""
    dates: dict[str, datetime] = {}
    for a in for_learner(user):
        if a.kind == kind and a.due_at and (a.target_id not in dates or a.due_at > dates[a.target_id]):
            dates[a.target_id] = a.due_at
    return dates


def due_date(user: User, kind: str, target_id: str) -> datetime | None:
    """The latest due date among the learner's assignments of this target."""
    return due_dates(user, kind).get(target_id)


def learner_work(catalog: Catalog, user: User, now: datetime | None = None,
                 progress: CourseProgress | None = None) -> list[AssignedWork]:
    """The learner's assignments with done/overdue, for the dashboard (a fixed number of queries)."""
    now = now or utcnow()
    assignments = for_learner(user)
    if not assignments:
        return []
    finished = _finished_scenarios(user.id)
    progress = progress or reading_progress(catalog, user.id)
    quizzes = [catalog.quizzes[a.target_id] for a in assignments if a.kind == "quiz" and a.target_id in catalog.quizzes]
    standing = {s.quiz.id: s for s in attempts.statuses(user.id, list({q.id: q for q in quizzes}.values()), now=now)}
    work = []
    for assignment in assignments:
        quiz_status = standing.get(assignment.target_id) if assignment.kind == "quiz" else None
        if assignment.kind == "module":
            module_progress = progress.of(assignment.target_id)
            done = bool(module_progress and module_progress.total and module_progress.done == module_progress.total)
        elif quiz_status is not None:
            done = quiz_status.finished  # a failed post-test with an attempt left is not done
        else:
            done = assignment.target_id in finished
        overdue = not done and assignment.due_at is not None and assignment.due_at < now
        work.append(AssignedWork(assignment, done, overdue, quiz_status))
    return work


def _finished_scenarios(user_id: int) -> set[str]:
    """The ids of the role plays the learner finished (one query)."""
    return set(db.session.scalars(select(ScenarioRun.scenario_id).distinct().where(
        ScenarioRun.user_id == user_id, ScenarioRun.state == RUN_FINISHED)))
