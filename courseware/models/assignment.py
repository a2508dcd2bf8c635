"""Assignments: work a trainer gives a cohort or chosen learners, with an optional due date."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow
from courseware.models.user import User

KINDS = ("quiz", "module", "scenario")

assignment_learners = Table(
    "assignment_learners",
    db.metadata,
    Column("assignment_id", ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Assignment(db.Model):
    """A quiz, module or scenario (by catalog id) for a whole cohort, or for the learners listed."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[str] = mapped_column(String(64))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    whole_cohort: Mapped[bool] = mapped_column(default=True)
    due_at: Mapped[UtcDateTime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    learners: Mapped[list[User]] = relationship(secondary=assignment_learners, lazy="raise")
