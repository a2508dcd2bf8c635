"""Quiz attempts: each keeps the exact questions, order and keys it is scored with."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"


class Attempt(db.Model):
    """One try at a quiz. `snapshot` holds the questions as presented, with their keys (server side only)."""

    __tablename__ = "attempts"
    # The unique number per learner and quiz is what makes the attempt limit hold under simultaneous starts.
    __table_args__ = (UniqueConstraint("user_id", "quiz_id", "number", name="uq_attempts_user_quiz_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(64), index=True)
    number: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    started_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    deadline_at: Mapped[UtcDateTime | None]
    submitted_at: Mapped[UtcDateTime | None]
    auto_submitted: Mapped[bool] = mapped_column(default=False)
    score: Mapped[float | None]  # percent, set at submission
    snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    answers: Mapped[list[AttemptAnswer]] = relationship(
        back_populates="attempt", lazy="raise", order_by="AttemptAnswer.slot", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.state == IN_PROGRESS


class AttemptAnswer(db.Model):
    """The learner's answer to one slot of an attempt, saved as they go; `fraction` set at submission."""

    __tablename__ = "attempt_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "slot", name="uq_attempt_answers_attempt_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    slot: Mapped[int]
    question_id: Mapped[str] = mapped_column(String(64), index=True)
    module: Mapped[int | None]  # the module the question's bank belongs to: level 2 per module from a mixed pre-test
    response: Mapped[Any | None] = mapped_column(JSON)
    fraction: Mapped[float | None]
    saved_at: Mapped[UtcDateTime] = mapped_column(default=utcnow, onupdate=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers", lazy="raise")


class QuizGrant(db.Model):
    """A trainer's exception for one learner and quiz: extra attempts and/or extra minutes."""

    __tablename__ = "quiz_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(64))
    extra_attempts: Mapped[int] = mapped_column(default=0)
    extra_minutes: Mapped[int] = mapped_column(default=0)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
