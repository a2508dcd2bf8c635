"""Bilingual texts in data files: a mapping of every language to a non-empty string."""
from __future__ import annotations

from typing import Any

from courseware.catalog.problems import ProblemLog
from courseware.catalog.yamlfile import LineDict
from courseware.languages import LANGUAGES


def read_text(parent: LineDict, key: str, log: ProblemLog, where: str, required: bool = True) -> dict[str, str] | None:
    """`parent[key]` as {lang: text}; every missing or empty language is logged with its line."""
    value = parent.get(key)
    line = parent.line_of(key)
    if value is None:
        if required:
            log.add(parent.line, f"{where}: missing '{key}'")
        return None
    if not isinstance(value, dict):
        log.add(line, f"{where}: '{key}' must give a text for each language ({', '.join(LANGUAGES)})")
        return None
    result: dict[str, str] = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if isinstance(text, int | float) and not isinstance(text, bool):
            text = str(text)
        if not isinstance(text, str) or not text.strip():
            log.add(value.line_of(lang) if lang in value else line, f"{where}: {key}: missing translation '{lang}'")
        else:
            result[lang] = text.strip()
    for lang in value:
        if lang not in LANGUAGES:
            log.add(value.line_of(lang), f"{where}: {key}: unknown language '{lang}'")
    return result if len(result) == len(LANGUAGES) else None


def as_plain(value: Any) -> Any:
    """LineDict/LineList trees to plain dicts and lists (for JSON snapshots)."""
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_plain(v) for v in value]
    return value
