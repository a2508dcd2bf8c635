"""The import log the admin home shows: each users or KPI import that went in, and the latest of them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import ImportRecord, User

RECENT = 10


@dataclass(frozen=True)
class LoggedImport:
    kind: str  # users, kpis
    file_name: str
    rows: int
    source: str  # web, cli
    by: str | None  # the display name of who imported it from the web
    at: datetime


def record(kind: str, file_name: str, rows: int, source: str, user_id: int | None = None) -> None:
    """Log an import that went in (its own short transaction, after the import's)."""
    db.session.add(ImportRecord(kind=kind, file_name=file_name[:255], rows=rows, source=source, created_by=user_id))
    db.session.commit()


def recent(limit: int = RECENT) -> list[LoggedImport]:
    """The latest imports, newest first."""
    rows = db.session.execute(
        select(ImportRecord, User.display_name).outerjoin(User, User.id == ImportRecord.created_by)
        .order_by(ImportRecord.created_at.desc(), ImportRecord.id.desc()).limit(limit)).all()
    return [LoggedImport(r.kind, r.file_name, r.rows, r.source, name, r.created_at) for r, name in rows]
