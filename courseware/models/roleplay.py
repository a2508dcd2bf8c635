"""Role-play runs (a learner playing a scenario) and behavior observations (a trainer rating a learner)."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow

RUN_IN_PROGRESS = "in_progress"
RUN_FINISHED = "finished"
RUN_ABANDONED = "abandoned"


class ScenarioRun(db.Model):
    """One play of a scenario. The server owns the state: `step` counts the choices made, and a choice is
    applied only if it was made at the current step (so a reload, the back button or a second tab never
    counts twice). `path` keeps what was said and chosen, so later script edits change no past run."""

    __tablename__ = "scenario_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), default=RUN_IN_PROGRESS)
    started_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    finished_at: Mapped[UtcDateTime | None]
    current_node: Mapped[str] = mapped_column(String(64))
    step: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str | None] = mapped_column(String(16))
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    best: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # the scenario's best possible, when played
    path: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    @property
    def is_open(self) -> bool:
        return self.state == RUN_IN_PROGRESS


class BehaviorObservation(db.Model):
    """A trainer's (or manager's) rating of a learner's behavior, 1-5 per competency: evaluation level 3."""

    __tablename__ = "behavior_observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    observer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), default="roleplay")
    scenario_id: Mapped[str | None] = mapped_column(String(64))
    comments: Mapped[str] = mapped_column(Text, default="")
    observed_on: Mapped[date]
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    rating_rows: Mapped[list[ObservationRating]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    @property
    def ratings(self) -> dict[str, int]:
        return {row.competency: row.rating for row in self.rating_rows}


class ObservationRating(db.Model):
    """One competency's rating (1-5) in an observation; a row each, so reports aggregate them in SQL."""

    __tablename__ = "observation_ratings"

    observation_id: Mapped[int] = mapped_column(ForeignKey("behavior_observations.id", ondelete="CASCADE"), primary_key=True)
    competency: Mapped[str] = mapped_column(String(32), primary_key=True)
    rating: Mapped[int]
