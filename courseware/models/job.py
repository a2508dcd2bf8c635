"""A ping job run by a consumer (courseware/jobs/pings.py)."""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow


class JobPing(db.Model):
    """One run of a ping job: its token, the consumer (host:pid) and when. A token seen twice ran twice."""

    __tablename__ = "job_pings"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), index=True)
    worker: Mapped[str] = mapped_column(String(200))
    ran_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
