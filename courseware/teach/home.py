"""The trainer's home: their cohorts and what needs them today, read with a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from courseware.catalog import Catalog
from courseware.evaluation import follow_ups
from courseware.extensions import db
from courseware.models import (
    Assignment,
    Attempt,
    BehaviorObservation,
    Cohort,
    QuizGrant,
    Role,
    ScenarioRun,
    SectionRead,
    User,
    assignment_learners,
)
from courseware.models.quiz import IN_PROGRESS
from courseware.models.roleplay import RUN_FINISHED
from courseware.people.supervision import readable_cohorts
from courseware.quizzes import expiry
from courseware.quizzes.attempts import Allowance, QuizStatus

IDLE_DAYS = 7  # nothing read for this long puts a learner at risk
WEEK = 7


@dataclass(frozen=True)
class DueWork:
    """An assignment with a due date and the learners who have not done it yet."""

    assignment: Assignment
    cohort: Cohort
    learners: list[User]


@dataclass(frozen=True)
class AtRisk:
    learner: User
    reasons: list[str]  # failed_posttest, idle, follow_up_overdue


@dataclass
class TrainerHome:
    cohorts: list[Cohort]
    overdue: list[DueWork] = field(default_factory=list)
    due_this_week: list[DueWork] = field(default_factory=list)
    to_rate: list[follow_ups.FollowUpStatus] = field(default_factory=list)
    to_observe: list[tuple[User, list[str]]] = field(default_factory=list)  # learner, role plays finished, not observed
    at_risk: list[AtRisk] = field(default_factory=list)


class _Records:
    """Every record of the learners the home needs, one query per kind (never one per learner)."""

    def __init__(self, catalog: Catalog, learners: list[User], now: datetime):
        ids = [u.id for u in learners] or [-1]
        self.attempts: dict[tuple[int, str], list[Attempt]] = {}
        rows = db.session.scalars(select(Attempt).where(Attempt.user_id.in_(ids)).order_by(Attempt.number))
        for attempt in expiry.as_read(list(rows), now):
            self.attempts.setdefault((attempt.user_id, attempt.quiz_id), []).append(attempt)
        self.grants = {(u, q): int(n or 0) for u, q, n in db.session.execute(
            select(QuizGrant.user_id, QuizGrant.quiz_id, func.sum(QuizGrant.extra_attempts))
            .where(QuizGrant.user_id.in_(ids)).group_by(QuizGrant.user_id, QuizGrant.quiz_id))}
        self.read: dict[tuple[int, str], int] = {(u, m): n for u, m, n in db.session.execute(
            select(SectionRead.user_id, SectionRead.module_id, func.count())
            .where(SectionRead.user_id.in_(ids)).group_by(SectionRead.user_id, SectionRead.module_id))}
        self.last_read = dict(db.session.execute(
            select(SectionRead.user_id, func.max(SectionRead.read_at)).where(SectionRead.user_id.in_(ids))
            .group_by(SectionRead.user_id)).all())
        self.finished_runs: set[tuple[int, str]] = set(map(tuple, db.session.execute(
            select(ScenarioRun.user_id, ScenarioRun.scenario_id).distinct()
            .where(ScenarioRun.user_id.in_(ids), ScenarioRun.state == RUN_FINISHED)).all()))
        self.observed: set[tuple[int, str | None]] = set(map(tuple, db.session.execute(
            select(BehaviorObservation.learner_id, BehaviorObservation.scenario_id).distinct()
            .where(BehaviorObservation.learner_id.in_(ids))).all()))
        self.catalog = catalog

    def quiz_status(self, user_id: int, quiz_id: str) -> QuizStatus | None:
        quiz = self.catalog.quizzes.get(quiz_id)
        if quiz is None:
            return None
        mine = self.attempts.get((user_id, quiz_id), [])
        allowance = Allowance(quiz.attempts + self.grants.get((user_id, quiz_id), 0) if quiz.attempts else 0, 0)
        return QuizStatus(quiz, mine, allowance, None, next((a for a in mine if a.state == IN_PROGRESS), None))

    def done(self, user_id: int, assignment: Assignment) -> bool:
        """The learner finished the assigned work (the rule of the learner's dashboard, assignments.learner_work)."""
        if assignment.kind == "quiz":
            status = self.quiz_status(user_id, assignment.target_id)
            return status is not None and status.finished
        if assignment.kind == "module":
            module = self.catalog.module(assignment.target_id)
            total = len(module.sections) if module else 0
            return bool(total) and self.read.get((user_id, assignment.target_id), 0) >= total
        return (user_id, assignment.target_id) in self.finished_runs


def _assignments(cohort_ids: list[int]) -> tuple[list[Assignment], dict[int, set[int]]]:
    rows = list(db.session.scalars(select(Assignment).where(
        Assignment.cohort_id.in_(cohort_ids or [-1]), Assignment.due_at.is_not(None))
        .order_by(Assignment.due_at, Assignment.id)))
    named: dict[int, set[int]] = {}
    for assignment_id, user_id in db.session.execute(select(
            assignment_learners.c.assignment_id, assignment_learners.c.user_id)
            .where(assignment_learners.c.assignment_id.in_([a.id for a in rows] or [-1]))):
        named.setdefault(assignment_id, set()).add(user_id)
    return rows, named


def build(catalog: Catalog, trainer: User, now: datetime, today: date) -> TrainerHome:
    """What needs the trainer today, in their own cohorts (an admin sees every cohort's)."""
    cohorts = readable_cohorts(trainer)
    by_id = {c.id: c for c in cohorts}
    learners = list(db.session.scalars(select(User).where(
        User.cohort_id.in_(list(by_id) or [-1]), User.role == Role.LEARNER, User.active).order_by(User.display_name)))
    records = _Records(catalog, learners, now)
    home = TrainerHome(cohorts)
    assignments, named = _assignments(list(by_id))
    for assignment in assignments:
        if assignment.due_at > now + timedelta(days=WEEK):
            continue
        targets = [u for u in learners if u.cohort_id == assignment.cohort_id
                   and (assignment.whole_cohort or u.id in named.get(assignment.id, set()))]
        pending = [u for u in targets if not records.done(u.id, assignment)]
        if pending:
            bucket = home.overdue if assignment.due_at < now else home.due_this_week
            bucket.append(DueWork(assignment, by_id[assignment.cohort_id], pending))
    due = follow_ups.due_for_trainer(trainer, today)
    home.to_rate = [s for s in due if not s.observed]  # due within a week or overdue, as the rating may come early
    late_follow_ups = {s.learner.id for s in due if s.overdue and not s.self_done}
    unobserved: dict[int, list[str]] = {}
    for uid, scenario_id in sorted(records.finished_runs - records.observed):
        unobserved.setdefault(uid, []).append(scenario_id)
    home.to_observe = [(u, unobserved[u.id]) for u in learners if u.id in unobserved]
    home.at_risk = _at_risk(catalog, learners, records, late_follow_ups, now)
    return home


def _at_risk(catalog: Catalog, learners: list[User], records: _Records, late_follow_ups: set[int],
             now: datetime) -> list[AtRisk]:
    posttests = [q.id for q in catalog.quizzes.values() if q.kind == "posttest"]
    idle_since = now - timedelta(days=IDLE_DAYS)
    found = []
    for learner in learners:
        reasons = []
        if any((s := records.quiz_status(learner.id, q)) and s.state == "failed" for q in posttests):
            reasons.append("failed_posttest")
        last = records.last_read.get(learner.id)
        if (last is None and learner.created_at < idle_since) or (last is not None and last < idle_since):
            reasons.append("idle")
        if learner.id in late_follow_ups:
            reasons.append("follow_up_overdue")
        if reasons:
            found.append(AtRisk(learner, reasons))
    return found
