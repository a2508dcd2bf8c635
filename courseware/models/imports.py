"""The import log: each CSV import that went in (users, KPI figures), from the web or the command line."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow


class ImportRecord(db.Model):
    """One successful import: what (users or kpis), which file, how many rows, from where, by whom and when."""

    __tablename__ = "import_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # users, kpis
    file_name: Mapped[str] = mapped_column(String(255))
    rows: Mapped[int]
    source: Mapped[str] = mapped_column(String(8))  # web, cli
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow, index=True)
