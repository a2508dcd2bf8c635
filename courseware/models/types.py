"""Column types shared by the models."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from sqlalchemy import DateTime
from sqlalchemy.orm import mapped_column

# Every timestamp is stored with its time zone (UTC), the same on SQLite and PostgreSQL.
UtcDateTime = Annotated[datetime, mapped_column(DateTime(timezone=True))]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
