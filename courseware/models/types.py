"""Column types shared by the models."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import DateTime
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator


class _UtcDateTime(TypeDecorator):
    """A timestamp that is always an aware UTC datetime in Python, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime: use datetime.now(timezone.utc)")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:  # SQLite keeps no zone: the value was stored in UTC
            value = value.replace(tzinfo=UTC)
        return value


UtcDateTime = Annotated[datetime, mapped_column(_UtcDateTime())]


def utcnow() -> datetime:
    return datetime.now(UTC)
