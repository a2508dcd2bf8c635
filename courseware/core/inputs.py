"""Input limits in one place: bounded ids and numbers from URLs and forms, and the rule for names and free text."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter
from wtforms.validators import ValidationError

# Primary keys are SQLAlchemy `Integer` columns: 32-bit signed on PostgreSQL.
MAX_ID = 2**31 - 1
NAME_MAX = 100  # display names, cohort names (the columns hold 120)
FREE_TEXT_MAX = 5000  # comments, notes, commitments
_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() also accepts '²' and '٣'
_NAME_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEXT_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # keeps \t \n \r


def parse_int(value: object, default: int | None = None, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The ASCII-digit integer in `value` if it lies in [minimum, maximum], else `default` (never raises)."""
    if not isinstance(value, str):
        return default
    text = value.strip()
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    if not _DIGITS.fullmatch(text):
        return default
    number = -int(text) if negative else int(text)
    return number if minimum <= number <= maximum else default


def coerce_id(value: object) -> int | None:
    """A `coerce` for SelectField: a bounded id, or None (which matches no choice, so the field is invalid)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_ID else None
    return parse_int(value)


class BoundedIntConverter(IntegerConverter):
    """The app's `<int:...>` converter: ASCII digits only and at most MAX_ID, so larger ids are 404, not 500."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 0, max: int | None = MAX_ID, signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def text_problem(value: str, max_length: int, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored ("too_long", "control"), or None; names are one line, free text may break lines."""
    if len(value) > max_length:
        return "too_long"
    if (_TEXT_FORBIDDEN if multiline else _NAME_FORBIDDEN).search(value):
        return "control"
    return None


def search_text(value: str, max_length: int = NAME_MAX) -> str:
    """A search box's text: control characters dropped (PostgreSQL refuses NUL), at most `max_length` characters."""
    return _NAME_FORBIDDEN.sub("", value).strip()[:max_length]


def strip(value: object) -> object:
    """A WTForms filter for names: surrounding spaces, tabs and line breaks are dropped before the checks."""
    return value.strip() if isinstance(value, str) else value


class CleanText:
    """WTForms validator: at most `max_length` characters and no control characters (free text keeps tabs and
    line breaks)."""

    def __init__(self, max_length: int = NAME_MAX, multiline: bool = False):
        self.max_length, self.multiline = max_length, multiline
        self.field_flags = {"maxlength": max_length}

    def __call__(self, form, field) -> None:
        problem = text_problem(field.data or "", self.max_length, self.multiline)
        if problem == "too_long":
            raise ValidationError(_l("Use at most %(n)s characters.", n=f"{self.max_length:,}"))
        if problem == "control":
            raise ValidationError(_l("Remove the control characters (such as NUL) from this field."))


class YearRange:
    """WTForms validator: a date between the years 2000 and 2100 (year 1 overflows the time-zone conversion)."""

    def __init__(self, first: int = 2000, last: int = 2100):
        self.first, self.last = first, last

    def __call__(self, form, field) -> None:
        if field.data is not None and not self.first <= field.data.year <= self.last:
            raise ValidationError(_l("Choose a date between %(first)s and %(last)s.", first=self.first, last=self.last))


def text_message(max_length: int):
    """The one message for a free-text field read outside WTForms (survey comments, commitments, notes)."""
    return _l("Use at most %(n)s characters, without control characters.", n=f"{max_length:,}")
