"""content/coverage.yaml: which sections teach each OUTLINE item (and, later, which questions test it)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.catalog.problems import ProblemLog
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml

ITEM_PATTERN = re.compile(r"^(\d+)\.(\d+)$")
ITEM_KEYS = {"sections", "questions"}


def item_order(item_id: str) -> tuple[int, int]:
    """Sort key for OUTLINE item ids in course order: 1.2 before 1.10, 1.10 before 2.1."""
    module, number = item_id.split(".")
    return int(module), int(number)


@dataclass(frozen=True)
class CoverageItem:
    id: str  # "1.6": module 1, item 6
    sections: tuple[str, ...]  # "module-folder#section-id"
    questions: tuple[str, ...] = ()  # ids of the questions that examine the item
    line: int = 1
    questions_line: int = 1


def load_coverage(path: Path, sections: Mapping[str, set[str]], sink: list) -> dict[str, CoverageItem]:
    """Read coverage.yaml; every section named there must exist."""
    log = ProblemLog(path, sink)
    if not path.is_file():
        log.add(1, "missing coverage file")
        return {}
    data = load_yaml(path, log)
    if data is None:
        return {}
    if not isinstance(data, LineDict):
        log.add(1, "coverage must map item ids ('1.1') to their sections")
        return {}
    items: dict[str, CoverageItem] = {}
    for key, value in data.items():
        line = data.line_of(key)
        item_id = str(key)
        if not ITEM_PATTERN.match(item_id):
            log.add(line, f"'{item_id}' is not an item id like '1.6' (quote it in YAML)")
            continue
        if not isinstance(value, LineDict) or not isinstance(value.get("sections"), LineList) or not value["sections"]:
            log.add(line, f"item {item_id}: needs a non-empty list 'sections'")
            continue
        for extra in set(value) - ITEM_KEYS:
            log.add(value.line_of(extra), f"item {item_id}: unknown key '{extra}'")
        listed = value["sections"]
        for index, ref in enumerate(listed):
            module, _, section_id = str(ref).partition("#")
            if module not in sections or not section_id or section_id not in sections[module]:
                log.add(listed.line_of(index), f"item {item_id}: no section '{ref}'")
        questions = value.get("questions", [])
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            log.add(value.line_of("questions"), f"item {item_id}: 'questions' must be a list of question ids")
            questions = []
        items[item_id] = CoverageItem(item_id, tuple(str(s) for s in listed), tuple(questions), line,
                                      value.line_of("questions"))
    return items


def check_questions(path: Path, coverage: Mapping[str, CoverageItem], banks: Mapping, sink: list) -> None:
    """coverage.yaml records, per item, exactly the questions whose `examines` names the item."""
    log = ProblemLog(path, sink)
    examined: dict[str, set[str]] = {}
    for bank in banks.values():
        bank_log = ProblemLog(bank.path, sink)
        for question in bank.questions:
            for item in question.examines:
                if item not in coverage:
                    bank_log.add(question.line, f"question '{question.id}' examines '{item}', which coverage.yaml does not list")
                examined.setdefault(item, set()).add(question.id)
    for item in coverage.values():
        listed, actual = set(item.questions), examined.get(item.id, set())
        for question_id in sorted(listed - actual):
            log.add(item.questions_line, f"item {item.id}: question '{question_id}' does not exist or does not examine {item.id}")
        for question_id in sorted(actual - listed):
            log.add(item.line, f"item {item.id}: question '{question_id}' examines it but is not listed (run `flask --app wsgi content coverage`)")
