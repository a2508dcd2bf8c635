"""Writing content/coverage.yaml: the sections that teach each item and the questions that examine it."""
from __future__ import annotations

from pathlib import Path

import yaml

from courseware.catalog import Catalog
from courseware.catalog.coverage import item_order

HEADER = """\
# Which sections teach each item of content/outline.yaml and which quiz questions examine it.
# `sections` are written by hand; `questions` are rewritten by `flask --app wsgi content coverage` from the
# questions' `examines` fields. Both are checked by `flask --app wsgi content check` and the tests.
"""


def write_coverage(path: Path, catalog: Catalog) -> dict[str, int]:
    """Keep each item's sections, replace its questions; returns the number of questions per item."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examined: dict[str, list[str]] = {}
    for bank in catalog.banks.values():
        for question in bank.questions:
            for item in question.examines:
                examined.setdefault(item, []).append(question.id)
    lines = [HEADER]
    counts = {}
    for item_id in sorted((str(k) for k in data), key=item_order):
        sections = data[item_id]["sections"] if item_id in data else data[float(item_id)]["sections"]
        questions = examined.get(item_id, [])
        counts[item_id] = len(questions)
        lines.append(f'"{item_id}":')
        lines.append(f"  sections: {yaml.safe_dump(sections, default_flow_style=True, width=1000).strip()}")
        if questions:
            lines.append(f"  questions: [{', '.join(questions)}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts
