"""Numbers in the page's language, one helper for the report page, its headlines and its charts: thousands
separators, money (¥ and 万 in Chinese), percentages (relative change) kept apart from percentage points."""
from __future__ import annotations

from flask_babel import get_locale

MISSING = "—"
TEN_THOUSAND = 10_000  # 万: Chinese writes large amounts in ten-thousands
MONEY_UNITS = ("元", "yuan", "CNY", "¥")


def chinese(lang: str | None = None) -> bool:
    """Whether numbers are written for Chinese: `lang` ("zh-Hans", "en"), else the request's Babel locale."""
    if lang is None:
        locale = get_locale()
        lang = str(locale) if locale is not None else "zh"
    return lang.lower().startswith("zh")


def language() -> str:
    """The content language of the request's Babel locale: "zh-Hans" or "en"."""
    return "zh-Hans" if chinese() else "en"


def _signed(text: str, value: float, signed: bool) -> str:
    return f"+{text}" if signed and value > 0 else text


def number(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """`value` with thousands separators and `digits` decimals (— when missing); `signed` puts + before a rise."""
    if value is None:
        return MISSING
    return _signed(f"{value:,.{digits}f}", value, signed)


def money(value: float | None, lang: str | None = None) -> str:
    """An amount in yuan: ¥12.3万 in Chinese from 10,000 up (¥9,800 below), ¥12,300 in English."""
    if value is None:
        return MISSING
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if chinese(lang) and amount >= TEN_THOUSAND:
        return f"{sign}¥{amount / TEN_THOUSAND:,.1f}万"
    return f"{sign}¥{amount:,.0f}"


def percent(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """A relative change or a share, in % (14.9%)."""
    return MISSING if value is None else f"{number(value, digits, signed)}%"


def points(value: float | None, digits: int = 1, signed: bool = False, lang: str | None = None) -> str:
    """A difference of two percentages, in percentage points: 3.2 pp, or 3.2 个百分点 in Chinese."""
    if value is None:
        return MISSING
    return f"{number(value, digits, signed)}{'个百分点' if chinese(lang) else ' pp'}"


def in_unit(value: float | None, unit: str, digits: int = 1, lang: str | None = None) -> str:
    """A KPI figure in its unit: money for yuan, % for rates, otherwise the number with separators."""
    if unit in MONEY_UNITS:
        return money(value, lang)
    if unit == "%":
        return percent(value, digits)
    return number(value, digits)


def signed_percent(value: float | None) -> str:
    """A change in %, with its sign: +15.4%."""
    return percent(value, signed=True)


def signed_points(value: float | None) -> str:
    """A difference in percentage points, with its sign: +14.9 pp / +14.9个百分点."""
    return points(value, signed=True)


def unit_formatter(unit: str):
    """`in_unit` for one KPI's unit, as a function of the value (for the report's table cells)."""
    return lambda value: in_unit(value, unit)
