"""Reminder deliveries: one row per channel, recipient and event; its unique key is what sends each reminder once."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow

CLAIMED, SENT, FAILED, GIVEN_UP = "claimed", "sent", "failed", "given_up"
STATUSES = (CLAIMED, SENT, FAILED, GIVEN_UP)


class Delivery(db.Model):
    """A reminder claimed by a sender (inserted before sending), then sent, failed (retried later) or given up."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("channel", "recipient_key", "event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    event_key: Mapped[str] = mapped_column(String(160))  # e.g. assignment-due:17:2026-12-05, digest:2026-W49
    channel: Mapped[str] = mapped_column(String(16))  # email (robots: wecom, dingtalk, feishu)
    recipient_key: Mapped[str] = mapped_column(String(64))  # user:5 or cohort-robot:2
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=CLAIMED, index=True)
    attempts: Mapped[int] = mapped_column(default=1)  # sends tried, counted when claimed
    # claimed: when the claim's lease runs out (a crashed sender's row is taken over then); failed: the next try
    next_try_at: Mapped[UtcDateTime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    sent_at: Mapped[UtcDateTime | None]
