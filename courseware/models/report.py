"""Stored per-cohort figures of HR's effectiveness report, and the version that says when they are stale."""
from __future__ import annotations

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
