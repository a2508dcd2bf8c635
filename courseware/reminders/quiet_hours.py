"""Quiet hours: no reminder leaves between QUIET_HOURS_START and QUIET_HOURS_END in the company's time zone."""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from courseware.clock import company_zone


def is_quiet(now: datetime) -> bool:
    """Whether `now` falls in the quiet hours (a window over midnight, such as 21 to 8, is handled)."""
    start, end = current_app.config["QUIET_HOURS_START"], current_app.config["QUIET_HOURS_END"]
    hour = now.astimezone(company_zone()).hour
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end
