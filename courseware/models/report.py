"""Stored per-cohort figures of HR's effectiveness report, the version that says when they are stale, and the
declared models whose rows the report reads."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from courseware.extensions import db
from courseware.models.types import UtcDateTime


class ReportSummary(db.Model):
    """One cohort's aggregated evaluation figures ("none": learners without a cohort, who can be a
    comparison group). A write to a learner's records raises `version`; the figures are recomputed when
    `computed_version` (the version they were computed at) lags behind it or the catalog changed."""

    __tablename__ = "report_summaries"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)  # "c<cohort id>" or "none"
    version: Mapped[int] = mapped_column(default=0)
    computed_version: Mapped[int | None]
    catalog_key: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    computed_at: Mapped[UtcDateTime | None]


@dataclass(frozen=True)
class Owned:
    """A record of one learner: `learner` names the column holding their id; `columns`, the columns whose change
    matters (None: any change); `counted`, what a row must satisfy to count in the report, as a test of the object
    and as a SQL condition (None: every row)."""

    learner: str
    columns: frozenset[str] | None = None
    counted: tuple[Callable[[Any], bool], Callable[[], Any]] | None = None


@dataclass(frozen=True)
class Child:
    """A row that belongs to a learner's record: `parent_key` names the column holding the parent's id."""

    parent_key: str
    parent: type


@dataclass(frozen=True)
class Membership:
    """The learners themselves: who is a learner, in which cohort (a change moves figures between cohorts)."""

    columns: frozenset[str]


@functools.cache
def report_inputs() -> dict[type, Owned | Child | Membership]:
    """Every model whose rows HR's report reads, and how a row leads to its learner: the one place a new record
    type is declared (evaluation/report/changes.py raises the figures' version from it; a test holds the report's
    queries to it)."""
    from courseware.models.evaluation import (
        ActionPlan,
        FollowUp,
        FollowUpRating,
        KpiRecord,
        ReactionSurvey,
        SurveyAnswer,
    )
    from courseware.models.quiz import IN_PROGRESS, Attempt, AttemptAnswer
    from courseware.models.roleplay import BehaviorObservation, ObservationRating
    from courseware.models.user import User

    return {
        User: Membership(frozenset({"cohort_id", "role", "is_demo"})),
        ReactionSurvey: Owned("user_id"),
        SurveyAnswer: Child("survey_id", ReactionSurvey),
        # An attempt counts once submitted; one whose time ran out counts from its deadline on (the report's
        # stored figures are stale from then: evaluation/report/summaries.py), before the state catches up.
        Attempt: Owned("user_id", frozenset({"user_id", "quiz_id", "number", "state", "score"}),
                       counted=(lambda attempt: attempt.state != IN_PROGRESS, lambda: Attempt.state != IN_PROGRESS)),
        AttemptAnswer: Child("attempt_id", Attempt),
        ActionPlan: Owned("user_id", frozenset({"user_id", "submitted_on"})),
        FollowUp: Owned("user_id", frozenset({"user_id", "day", "due_on", "self_reported_at", "observed_at"})),
        FollowUpRating: Child("follow_up_id", FollowUp),
        KpiRecord: Owned("user_id"),
        BehaviorObservation: Owned("learner_id"),
        ObservationRating: Child("observation_id", BehaviorObservation),
    }
