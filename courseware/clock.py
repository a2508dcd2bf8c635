"""The company's calendar: dates are the company's (DISPLAY_TIMEZONE), whatever the server's time zone."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from courseware.models.types import utcnow


def company_zone() -> ZoneInfo:
    """The company's time zone (`DISPLAY_TIMEZONE`, default Asia/Shanghai)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def company_today(now: datetime | None = None) -> date:
    """Today in the company's time zone: due dates, overdue, follow-ups and KPI months all count by it."""
    return (now or utcnow()).astimezone(company_zone()).date()


def from_company_time(local: datetime) -> datetime:
    """A wall-clock time entered in the company's time zone, as an aware UTC datetime."""
    return local.replace(tzinfo=company_zone()).astimezone(UTC)
