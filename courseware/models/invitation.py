"""Invitations: a single-use link, valid 72 hours, with which a new user sets their own password."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow

if TYPE_CHECKING:
    from courseware.models.user import User


class Invitation(db.Model):
    """The one invitation a user may hold: a newer one replaces it. Only the SHA-256 of the link's token is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    expires_at: Mapped[UtcDateTime]
    used_at: Mapped[UtcDateTime | None]

    user: Mapped[User] = relationship(lazy="raise")

    def status(self, now: datetime) -> str:
        """"used", "expired" or "pending" at `now`."""
        if self.used_at is not None:
            return "used"
        return "expired" if now >= self.expires_at else "pending"
