"""Cohorts: a named group of learners with one or more trainers and a start date."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow

if TYPE_CHECKING:
    from courseware.models.user import User

cohort_trainers = Table(
    "cohort_trainers",
    db.metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Cohort(db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    start_date: Mapped[date]
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    learners: Mapped[list[User]] = relationship(
        foreign_keys="User.cohort_id", back_populates="cohort", lazy="raise", order_by="User.display_name"
    )
    trainers: Mapped[list[User]] = relationship(
        secondary=cohort_trainers, back_populates="trains", lazy="raise", order_by="User.display_name"
    )

    def __repr__(self) -> str:
        return f"<Cohort {self.name}>"
