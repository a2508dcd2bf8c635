"""Template helpers: dates in the reader's language and the company's time zone, lists, time left."""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import format_date, format_time, get_locale
from jinja2 import pass_context
from markupsafe import Markup, escape

from courseware.core.inputs import FREE_TEXT_MAX, text_message
from courseware.core.urls import HOMES, home_url
from courseware.models.types import utcnow


def remaining(deadline: datetime) -> str:
    seconds = max(0, int((deadline - utcnow()).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def show_date(value: date | datetime | None) -> str:
    """One date format per language: "2026年12月3日", "Dec 3, 2026"."""
    return format_date(value, "medium") if value else "—"


def show_datetime(value: datetime | None) -> str:
    """A moment as its date (show_date) and its time of day in the company's time zone."""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')}" if value else "—"


def join_list(items: Iterable) -> Markup:
    """A list in the reader's language: "甲、乙、丙" in Chinese, "a, b, c" in English (each item escaped)."""
    locale = get_locale()
    separator = "、" if locale and locale.language == "zh" else ", "
    return Markup(separator).join(escape(item) for item in items)


def code_list(names: Iterable[str]) -> Markup:
    """Format names (CSV columns, KPI ids) as code, listed the reader's way: `username`、`month`."""
    return join_list(Markup("<code>%s</code>") % name for name in names)


def per_render(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose result depends on the reader (their language, the request), run at every render. Jinja runs
    a plain filter on constant arguments once, when it compiles the template: `("username", "email")|code_list`
    was joined in the language of the first reader of the page in each process, for everyone after."""

    @pass_context
    @functools.wraps(function)
    def filter_(_context, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return filter_


def init_app(app: Flask) -> None:
    app.add_template_filter(per_render(show_datetime), "datetime")
    app.add_template_filter(per_render(show_date), "date")
    app.add_template_filter(per_render(join_list), "join_list")
    app.add_template_filter(per_render(code_list), "code_list")
    app.add_template_global(utcnow, "now")
    app.add_template_global(remaining, "remaining")
    app.add_template_global(home_url, "home_url")
    app.add_template_global(HOMES, "home_endpoints")
    app.add_template_global(FREE_TEXT_MAX, "free_text_max")
    app.add_template_global(text_message(FREE_TEXT_MAX), "text_message")
