"""The observers' rubric (`content/roleplays/rubric.yaml`): what ratings 1 to 5 look like in each competency."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.catalog.problems import ProblemLog
from courseware.catalog.scenarios.model import COMPETENCIES
from courseware.catalog.texts import read_text
from courseware.catalog.yamlfile import LineDict, load_yaml


@dataclass(frozen=True)
class RubricEntry:
    """How an observer rates one competency: its name, what it covers, and what 1 to 5 look like."""

    name: Mapping[str, str]
    description: Mapping[str, str]
    anchors: tuple[Mapping[str, str], ...]  # ratings 1..5


def load_rubric(path: Path, sink: list) -> dict[str, RubricEntry]:
    """The rubric by competency; its problems go to `sink`."""
    log = ProblemLog(path, sink)
    if not path.is_file():
        log.add(1, "missing rubric file: the observation form needs the anchored descriptions")
        return {}
    data = load_yaml(path, log)
    if not isinstance(data, LineDict):
        return {}
    rubric = {}
    for name in data:
        if name not in COMPETENCIES:
            log.add(data.line_of(name), f"unknown competency '{name}' (one of {', '.join(COMPETENCIES)})")
    for name in COMPETENCIES:
        entry = data.get(name)
        if not isinstance(entry, LineDict):
            log.add(data.line, f"rubric: missing competency '{name}'")
            continue
        anchors = entry.get("anchors")
        texts = []
        if not isinstance(anchors, LineDict) or sorted(anchors) != [1, 2, 3, 4, 5]:
            log.add(entry.line_of("anchors"), f"{name}: 'anchors' must describe the ratings 1 to 5")
        else:
            texts = [read_text(anchors, level, log, f"{name} anchor {level}") for level in range(1, 6)]
        title = read_text(entry, "name", log, name)
        description = read_text(entry, "description", log, name)
        if title and description and len(texts) == 5 and all(texts):
            rubric[name] = RubricEntry(title, description, tuple(texts))
    return rubric
