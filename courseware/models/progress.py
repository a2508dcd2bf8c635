"""Reading progress: which sections a learner has marked as read, and where they stopped."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow


class SectionRead(db.Model):
    """One row per learner and section read; keyed by catalog ids so content edits keep it."""

    __tablename__ = "section_reads"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "section_id", name="uq_section_reads_user_section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(64))
    section_id: Mapped[str] = mapped_column(String(64))
    read_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)


class ReadingPosition(db.Model):
    """The last section a learner opened, for "continue where you left off"."""

    __tablename__ = "reading_positions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64))
    section_id: Mapped[str] = mapped_column(String(64))
    visited_at: Mapped[UtcDateTime] = mapped_column(default=utcnow, onupdate=utcnow)
