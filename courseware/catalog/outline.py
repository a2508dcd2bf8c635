"""content/outline.yaml: the course outline (items, titles, the facts each must carry) and its check against coverage."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from courseware.catalog.coverage import ITEM_PATTERN, CoverageItem
from courseware.catalog.modules import Module
from courseware.catalog.problems import ProblemLog
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml
from courseware.languages import LANGUAGES

ITEM_KEYS = {"title", "facts"}


@dataclass(frozen=True)
class Fact:
    words: Mapping[str, str]  # language -> the exact words (a figure, a named term) the teaching text must contain
    line: int = 1


@dataclass(frozen=True)
class OutlineItem:
    id: str  # "1.7": module 1, item 7
    title: Mapping[str, str]
    facts: tuple[Fact, ...] = ()
    line: int = 1


def _both_languages(value, log: ProblemLog, line: int, where: str) -> dict[str, str] | None:
    """A text in every language: a mapping with a non-empty string per language."""
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value[lang].strip() for lang in LANGUAGES):
        log.add(line, f"{where}: needs a text in each language ({', '.join(LANGUAGES)})")
        return None
    for extra in sorted(set(value) - set(LANGUAGES), key=str):
        log.add(value.line_of(extra) if isinstance(value, LineDict) else line, f"{where}: unknown language '{extra}'")
    return {lang: value[lang].strip() for lang in LANGUAGES}


def _facts(value, log: ProblemLog, line: int, item_id: str) -> tuple[Fact, ...]:
    if value is None:
        return ()
    if not isinstance(value, LineList):
        log.add(line, f"item {item_id}: 'facts' must be a list")
        return ()
    facts = []
    for index, entry in enumerate(value):
        fact_line = value.line_of(index)
        if isinstance(entry, (str, int, float)) and str(entry).strip():  # the same words in every language
            facts.append(Fact({lang: str(entry).strip() for lang in LANGUAGES}, fact_line))
            continue
        words = _both_languages(entry, log, fact_line, f"item {item_id}: a fact")
        if words:
            facts.append(Fact(words, fact_line))
    return tuple(facts)


def load_outline(path: Path, sink: list) -> dict[str, OutlineItem]:
    """Read outline.yaml: `items`, each id ("1.6") with a title in each language and the facts it must carry."""
    log = ProblemLog(path, sink)
    if not path.is_file():
        log.add(1, "missing outline file")
        return {}
    data = load_yaml(path, log)
    if data is None:
        return {}
    if not isinstance(data, LineDict) or not isinstance(data.get("items"), LineDict):
        log.add(1, "the outline must map 'items' to item ids ('1.1') with their title and facts")
        return {}
    for extra in sorted(set(data) - {"items"}, key=str):
        log.add(data.line_of(extra), f"unknown key '{extra}'")
    items: dict[str, OutlineItem] = {}
    listed = data["items"]
    for key, value in listed.items():
        line, item_id = listed.line_of(key), str(key)
        if not isinstance(key, str) or not ITEM_PATTERN.match(item_id):  # unquoted, 1.10 would read as 1.1
            log.add(line, f"'{item_id}' is not an item id like '1.6' (quote it in YAML)")
            continue
        if not isinstance(value, LineDict):
            log.add(line, f"item {item_id}: needs a 'title' and a list of 'facts'")
            continue
        for extra in sorted(set(value) - ITEM_KEYS, key=str):
            log.add(value.line_of(extra), f"item {item_id}: unknown key '{extra}'")
        title = _both_languages(value.get("title"), log, value.line_of("title"), f"item {item_id}: 'title'")
        facts = _facts(value.get("facts"), log, value.line_of("facts"), item_id)
        items[item_id] = OutlineItem(item_id, title or {}, facts, line)
    return items


def plain(html: str) -> str:
    """Text as a reader sees it, for finding a fact: tags dropped, entities read, spaces collapsed, case folded."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip().casefold()


def section_texts(modules: Iterable[Module]) -> dict[str, dict[str, str]]:
    """'folder#section' (and 'slug#section') -> language -> the section's plain text."""
    texts: dict[str, dict[str, str]] = {}
    for module in modules:
        for section in module.sections:
            text = {lang: plain(str(section.html.get(lang, ""))) for lang in LANGUAGES}
            texts[f"{module.folder}#{section.id}"] = texts[f"{module.id}#{section.id}"] = text
    return texts


def check_outline(outline_path: Path, outline: Mapping[str, OutlineItem], coverage_path: Path,
                  coverage: Mapping[str, CoverageItem], texts: Mapping[str, Mapping[str, str]], sink: list) -> None:
    """coverage.yaml covers exactly the outline's items, and the sections it cites carry each item's facts."""
    log, coverage_log = ProblemLog(outline_path, sink), ProblemLog(coverage_path, sink)
    for item in outline.values():
        if item.id not in coverage:
            log.add(item.line, f"item {item.id}: not covered: coverage.yaml names no section that teaches it")
            continue
        cited = coverage[item.id].sections
        for fact in item.facts:
            for lang in LANGUAGES:
                words = re.sub(r"\s+", " ", fact.words[lang]).casefold()
                if not any(words in texts.get(ref, {}).get(lang, "") for ref in cited):
                    log.add(fact.line, f"item {item.id}: '{fact.words[lang]}' ({lang}) is not in the text of "
                                       f"{', '.join(cited)}, the sections coverage.yaml cites for it")
    for item in coverage.values():
        if item.id not in outline:
            coverage_log.add(item.line, f"item {item.id}: not an item of outline.yaml")
