"""The evaluation data file (`content/evaluation.yaml`): survey items, the behavior checklist, the KPIs."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from courseware.catalog.problems import ProblemLog
from courseware.catalog.texts import read_text
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml

KPI_IDS = ("revenue", "orders", "avg_order_value", "new_customers", "conversion_rate", "cycle_days", "retention_rate",
           "satisfaction")


@dataclass(frozen=True)
class Item:
    id: str
    text: Mapping[str, str]
    items: tuple[str, ...] = ()  # OUTLINE items a checklist entry comes from
    label: Mapping[str, str] = field(default_factory=dict)  # a survey item's short name (report columns, charts)


@dataclass(frozen=True)
class Kpi:
    id: str
    name: Mapping[str, str]
    unit: Mapping[str, str]
    better: str  # higher or lower: which way is an improvement (the report's verdict on the results)
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Evaluation:
    scale: tuple[Mapping[str, str], ...] = ()  # Likert labels 1..5
    survey: tuple[Item, ...] = ()
    recommend: Mapping[str, str] = field(default_factory=dict)
    checklist: tuple[Item, ...] = ()
    kpis: tuple[Kpi, ...] = ()

    def kpi(self, kpi_id: str) -> Kpi | None:
        return next((k for k in self.kpis if k.id == kpi_id), None)


def _items(parent, key: str, log: ProblemLog, with_outline: bool = False, with_label: bool = False) -> tuple[Item, ...]:
    raw = parent.get(key) if isinstance(parent, LineDict) else None
    if not isinstance(raw, LineList) or not raw:
        log.add(parent.line_of(key) if isinstance(parent, LineDict) else 1, f"'{key}' must be a list")
        return ()
    items = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, LineDict) or not entry.get("id"):
            log.add(raw.line_of(index), f"{key}: each entry needs an id and a text")
            continue
        text = read_text(entry, "text", log, f"{key} '{entry['id']}'")
        label = read_text(entry, "label", log, f"{key} '{entry['id']}'") if with_label else {}
        if text and label is not None:
            items.append(Item(str(entry["id"]), text, tuple(entry.get("items") or ()) if with_outline else (), label))
    return tuple(items)


def load_evaluation(path: Path, sink: list) -> Evaluation:
    if not path.is_file():
        return Evaluation()
    log = ProblemLog(path, sink)
    data = load_yaml(path, log)
    if not isinstance(data, LineDict):
        return Evaluation()
    survey = data.get("survey")
    if not isinstance(survey, LineDict):
        log.add(data.line_of("survey"), "'survey' must give the scale, the items and the recommendation question")
        return Evaluation()
    scale_raw = survey.get("scale")
    scale = []
    if not isinstance(scale_raw, LineDict) or sorted(scale_raw) != [1, 2, 3, 4, 5]:
        log.add(survey.line_of("scale"), "survey scale: label the points 1 to 5")
    else:
        scale = [read_text(scale_raw, n, log, f"scale {n}") or {} for n in range(1, 6)]
    recommend = survey.get("recommend")
    recommend_text = read_text(recommend, "text", log, "recommend") if isinstance(recommend, LineDict) else None
    kpis = []
    raw = data.get("kpis")
    for index, entry in enumerate(raw if isinstance(raw, LineList) else []):
        kpi_id = entry.get("id") if isinstance(entry, LineDict) else None
        if kpi_id not in KPI_IDS:
            log.add(raw.line_of(index), f"unknown KPI '{kpi_id}' (one of {', '.join(KPI_IDS)})")
            continue
        name, unit = read_text(entry, "name", log, kpi_id), read_text(entry, "unit", log, kpi_id)
        better = entry.get("better")
        if better is None:  # the results level's verdict (improvement or not) depends on it: never assumed
            log.add(raw.line_of(index), f"{kpi_id}: missing 'better' (higher or lower: which way is an improvement)")
        elif better not in ("higher", "lower"):
            log.add(entry.line_of("better"), f"{kpi_id}: 'better' must be higher or lower")
        bounds = entry.get("range") or [None, None]
        kpis.append(Kpi(kpi_id, name or {}, unit or {}, better, bounds[0], bounds[1]))
    missing = set(KPI_IDS) - {k.id for k in kpis}
    if missing:
        log.add(data.line_of("kpis"), f"kpis: missing {', '.join(sorted(missing))}")
    return Evaluation(tuple(scale), _items(survey, "items", log, with_label=True), recommend_text or {},
                      _items(data, "checklist", log, with_outline=True), tuple(kpis))
