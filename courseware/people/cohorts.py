"""Cohorts: creating them, their trainers, and moving learners between them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from courseware.extensions import db
from courseware.models import Cohort, Role, User, cohort_trainers


class CohortError(ValueError):
    """A rule about cohorts was broken; the message says which."""


@dataclass(frozen=True)
class CohortSummary:
    cohort: Cohort
    learner_count: int


def list_cohorts() -> list[CohortSummary]:
    """Every cohort with its trainers and learner count, in two queries."""
    counts = dict(
        db.session.execute(
            select(User.cohort_id, func.count(User.id)).where(User.cohort_id.is_not(None)).group_by(User.cohort_id)
        ).all()
    )
    cohorts = db.session.scalars(
        select(Cohort).options(selectinload(Cohort.trainers)).order_by(Cohort.start_date.desc(), Cohort.name)
    )
    return [CohortSummary(c, counts.get(c.id, 0)) for c in cohorts]


def in_start_order() -> list[Cohort]:
    """Every cohort, the earliest start first (the report's filter lists them so)."""
    return list(db.session.scalars(select(Cohort).order_by(Cohort.start_date)))


def get_cohort(cohort_id: int) -> Cohort | None:
    return db.session.scalar(
        select(Cohort)
        .where(Cohort.id == cohort_id)
        .options(selectinload(Cohort.trainers), selectinload(Cohort.learners))
    )


def find_by_name(name: str) -> Cohort | None:
    return db.session.scalar(select(Cohort).where(Cohort.name == name.strip()))


def create_cohort(name: str, start_date: date, trainer_ids: list[int]) -> Cohort:
    if find_by_name(name):
        raise CohortError(f"a cohort named '{name}' exists")
    cohort = Cohort(name=name.strip(), start_date=start_date)
    cohort.trainers = _trainers(trainer_ids)
    db.session.add(cohort)
    db.session.commit()
    return cohort


def set_trainers(cohort: Cohort, trainer_ids: list[int]) -> None:
    cohort.trainers = _trainers(trainer_ids)
    db.session.commit()


def _trainers(ids: list[int]) -> list[User]:
    trainers = list(db.session.scalars(select(User).where(User.id.in_(ids), User.role.in_((Role.TRAINER, Role.ADMIN)))))
    if len(trainers) != len(set(ids)):
        raise CohortError("only trainers and admins can train a cohort")
    return trainers


def move_learner(learner: User, cohort: Cohort | None) -> None:
    """Put a learner in a cohort (or in none); their records stay with them."""
    if learner.role != Role.LEARNER:
        raise CohortError(f"{learner.username} is not a learner")
    learner.cohort_id = cohort.id if cohort else None
    db.session.commit()


def trained_by(user: User) -> list[Cohort]:
    """The cohorts this user is a trainer of, by start date."""
    query = select(Cohort).join(cohort_trainers).where(cohort_trainers.c.user_id == user.id)
    return list(db.session.scalars(query.order_by(Cohort.start_date.desc(), Cohort.name)))


def stage_trainer_removal(user: User) -> None:
    """Stage (no commit) removing the user from every cohort they train."""
    db.session.execute(delete(cohort_trainers).where(cohort_trainers.c.user_id == user.id))


def trainer_choices() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_((Role.TRAINER, Role.ADMIN)), User.active).order_by(User.display_name)))


def learner_choices() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.LEARNER).order_by(User.display_name)))
