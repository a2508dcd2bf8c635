"""Template helpers: dates in the reader's language and the company's time zone, time left."""
from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import format_datetime

from courseware.core.inputs import FREE_TEXT_MAX, text_message
from courseware.core.urls import HOMES, home_url
from courseware.models.types import utcnow


def remaining(deadline: datetime) -> str:
    seconds = max(0, int((deadline - utcnow()).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda value: format_datetime(value, "short") if value else "—", "datetime")
    app.add_template_global(utcnow, "now")
    app.add_template_global(remaining, "remaining")
    app.add_template_global(home_url, "home_url")
    app.add_template_global(HOMES, "home_endpoints")
    app.add_template_global(FREE_TEXT_MAX, "free_text_max")
    app.add_template_global(text_message(FREE_TEXT_MAX), "text_message")
