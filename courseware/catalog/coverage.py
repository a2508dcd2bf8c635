"""content/coverage.yaml: which sections teach each OUTLINE item (and, later, which questions test it)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.catalog.problems import ProblemLog
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml

ITEM_PATTERN = re.compile(r"^(\d+)\.(\d+)$")
ITEM_KEYS = {"sections"}


@dataclass(frozen=True)
class CoverageItem:
    id: str  # "1.6": module 1, item 6
    sections: tuple[str, ...]  # "module-folder#section-id"


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
        items[item_id] = CoverageItem(item_id, tuple(str(s) for s in listed))
    return items
