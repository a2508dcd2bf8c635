"""Fetching what a URL names, with the owner check: anything missing or not the user's is "not found",
so ids reveal nothing."""
from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from courseware.extensions import db
from courseware.models import Cohort, Role, User
from courseware.people.supervision import can_manage_cohort, can_read_cohort, can_read_learner

T = TypeVar("T")


def found(value: T | None) -> T:
    if value is None:
        abort(404)
    return value


def own_or_404(model: type[T], object_id: int) -> T:
    """A learner's record (attempt, run) that belongs to the current user."""
    record: Any = db.session.get(model, object_id)
    if record is None or record.user_id != current_user.id:
        abort(404)
    return record


def record_or_404(model: type[T], object_id: int) -> T:
    """A record by its id; the caller checks who may act on it."""
    return found(db.session.get(model, object_id))


def cohort_or_404(cohort_id: int, manage: bool = False) -> Cohort:
    """A cohort the user may read (gradebook, statistics) or, with `manage`, run (assign, grant, close surveys)."""
    cohort = db.session.get(Cohort, cohort_id)
    allowed = cohort and (can_manage_cohort(current_user, cohort) if manage else can_read_cohort(current_user, cohort))
    if not allowed:
        abort(404)
    return cohort


def readable_learner_or_404(user_id: int) -> User:
    """A learner whose pages the current user may read: the learner, their cohort's trainers, HR and admins."""
    learner = db.session.get(User, user_id)
    if learner is None or not can_read_learner(current_user, learner):
        abort(404)
    return learner


def tracked_learner_or_404(user_id: int) -> User:
    """A learner's tracker or competency profile: only learners have one, so a staff account is "not found"."""
    learner = readable_learner_or_404(user_id)
    if learner.role != Role.LEARNER:
        abort(404)
    return learner


def readable_or_404(model: type[T], object_id: int) -> tuple[T, User]:
    """A learner's record and its owner, for the owner, their cohort's trainers, HR and admins."""
    record: Any = found(db.session.get(model, object_id))
    return record, readable_learner_or_404(record.user_id)
