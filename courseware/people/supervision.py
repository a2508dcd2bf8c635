"""Who may see or act on a learner's records: the learner, the trainers of their cohort, HR (read), admins."""
from __future__ import annotations

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Cohort, Role, User, cohort_trainers


def trained_cohort_ids(user: User) -> set[int]:
    return set(db.session.scalars(select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == user.id)))


def can_manage_cohort(user: User, cohort: Cohort) -> bool:
    """Assign work, grant attempts: the cohort's trainers and admins."""
    return user.role == Role.ADMIN or (user.role == Role.TRAINER and cohort.id in trained_cohort_ids(user))


def can_read_cohort(user: User, cohort: Cohort) -> bool:
    """Gradebook and statistics: the cohort's trainers, HR (read-only, all cohorts) and admins."""
    return user.role in (Role.ADMIN, Role.HR) or can_manage_cohort(user, cohort)


def can_read_learner(user: User, learner: User) -> bool:
    """A learner's own records: themself, their cohort's trainers, HR and admins."""
    if user.id == learner.id or user.role in (Role.ADMIN, Role.HR):
        return True
    return user.role == Role.TRAINER and learner.cohort_id is not None and learner.cohort_id in trained_cohort_ids(user)


def readable_cohorts(user: User) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.start_date.desc(), Cohort.name)
    if user.role == Role.TRAINER:
        query = query.where(Cohort.id.in_(select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == user.id)))
    elif user.role not in (Role.ADMIN, Role.HR):
        return []
    return list(db.session.scalars(query))


def statistics_scope(user: User, readable: list[Cohort], chosen: int | None) -> list[int] | None:
    """The cohorts whose attempts item statistics count: the one chosen, else a trainer's own, else all (None)."""
    if chosen:
        return [chosen]
    return [c.id for c in readable] if user.role == Role.TRAINER else None


def can_observe(user: User, learner: User) -> bool:
    """Record a behavior observation: trainers of the learner's cohort and admins."""
    if learner.role != Role.LEARNER:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.TRAINER and learner.cohort_id is not None and learner.cohort_id in trained_cohort_ids(user)


def observable_learners(user: User) -> list[User]:
    query = select(User).where(User.role == Role.LEARNER, User.active).order_by(User.display_name)
    if user.role == Role.TRAINER:
        query = query.where(User.cohort_id.in_(trained_cohort_ids(user) or {-1}))
    elif user.role != Role.ADMIN:
        return []
    return list(db.session.scalars(query))
