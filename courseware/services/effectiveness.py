"""HR's training-effectiveness report: the four levels per cohort and module.

The figures come from each cohort's stored summary (services/report_summaries.py), kept fresh as
learners' records change, so a report reads one row per cohort whatever the number of learners; what
depends on the day (follow-ups due) and on other cohorts (the comparison group) is put together here."""
from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from courseware.catalog import Catalog
from courseware.extensions import db
from courseware.models import Cohort
from courseware.services import report_summaries
from courseware.services.gradebook import safe_cell
from courseware.services.report_changes import scope_of

PER_PAGE = 10  # cohorts on one page of the report; the CSV export has them all


@dataclass
class KpiChange:
    before: float | None = None
    after: float | None = None
    learners_before: int = 0
    learners_after: int = 0
    comparison_before: float | None = None
    comparison_after: float | None = None
    comparison_learners: int = 0

    @staticmethod
    def _change(before, after):
        return None if before in (None, 0) or after is None else 100 * (after - before) / before

    @property
    def change(self) -> float | None:
        return self._change(self.before, self.after)

    @property
    def comparison_change(self) -> float | None:
        return self._change(self.comparison_before, self.comparison_after)


@dataclass
class CohortReport:
    cohort: Cohort
    learners: int = 0
    reaction: dict[str, dict] = field(default_factory=dict)  # module -> {n, recommend, items: {item: {avg, n, dist}}}
    learning: dict[int, dict] = field(default_factory=dict)  # module number -> {n, pre, post, gain, gain_n, pass_rate}
    behavior: dict = field(default_factory=dict)
    results: dict[str, KpiChange] = field(default_factory=dict)
    evidence: dict[int, int] = field(default_factory=dict)  # level -> learners with evidence


@dataclass
class Report:
    cohorts: list[CohortReport]
    today: date
    page: int = 1
    pages: int = 1
    total: int = 0  # cohorts matching the filter, on every page


def _matching(cohort_ids: list[int] | None, start: date | None, end: date | None):
    query = select(Cohort)
    if cohort_ids:
        query = query.where(Cohort.id.in_(cohort_ids))
    if start:
        query = query.where(Cohort.start_date >= start)
    if end:
        query = query.where(Cohort.start_date <= end)
    return query


def build(catalog: Catalog, today: date, cohort_ids: list[int] | None = None, start: date | None = None,
          end: date | None = None, page: int | None = None) -> Report:
    """The report on the matching cohorts, newest first: one page of them, or all when `page` is None."""
    query = _matching(cohort_ids, start, end).order_by(Cohort.start_date.desc(), Cohort.name)
    total = pages = None
    if page is not None:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        pages = max(1, math.ceil(total / PER_PAGE))
        page = min(max(page, 1), pages)
        query = query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    cohorts = list(db.session.scalars(query))
    figures = report_summaries.all_figures(catalog)
    comparison = _comparison_totals(figures)
    reports = [_cohort_report(c, figures.get(scope_of(c.id)) or {}, comparison, today) for c in cohorts]
    return Report(reports, today, page or 1, pages or 1, total if total is not None else len(reports))


def _comparison_totals(figures: dict[str, dict]) -> dict[tuple[str, str], list[float]]:
    """(KPI, month) -> [sum, figures] over every untrained learner, whatever their cohort."""
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for f in figures.values():
        for kpi, months in f.get("untrained", {}).items():
            for month, (total, n) in months.items():
                cell = totals[(kpi, month)]
                cell[0] += total
                cell[1] += n
    return totals


def _cohort_report(cohort: Cohort, f: dict[str, Any], comparison, today: date) -> CohortReport:
    report = CohortReport(cohort, f.get("learners", 0))
    for module_id, entry in f.get("reaction", {}).items():
        report.reaction[module_id] = {"n": entry["n"], "recommend": entry["recommend"],
                                      "items": {item: _distribution(dist) for item, dist in entry["items"].items()}}
    report.learning = {int(module): dict(entry) for module, entry in f.get("learning", {}).items()}
    report.behavior = _behavior(f, today)
    report.results = _results(f, comparison)
    report.evidence = {int(level): n for level, n in f.get("evidence", {}).items()}
    return report


def _distribution(dist: list[int]) -> dict[str, Any]:
    total = sum(dist)
    average = sum((i + 1) * c for i, c in enumerate(dist)) / total if total else None
    return {"dist": dist, "n": total, "avg": average}


def _behavior(f: dict[str, Any], today: date) -> dict[str, Any]:
    behavior: dict[str, Any] = {}
    if f.get("plans"):
        behavior["plans"] = f["plans"]
    due = [(is_self, observed, n) for due_on, is_self, observed, n in f.get("follow_ups", [])
           if date.fromisoformat(due_on) <= today]
    if f.get("follow_ups"):
        behavior.update(due=sum(n for *_, n in due), self_reported=sum(n for s, _, n in due if s),
                        observed=sum(n for _, o, n in due if o), overdue=sum(n for s, o, n in due if not (s and o)))
    if f.get("trend"):
        behavior["trend"] = {int(day): t for day, t in f["trend"].items()}
    if f.get("observations"):
        behavior.update(observations=f["observations"], observed_avg=f["observed_avg"])
    return behavior


def _results(f: dict[str, Any], comparison) -> dict[str, KpiChange]:
    results = {}
    own = f.get("untrained", {})
    for kpi, (before, after, n_before, n_after) in f.get("results", {}).items():
        change = KpiChange(before, after, n_before, n_after)
        months = f.get("months", {}).get(kpi, {})
        # The comparison group: the untrained learners of the other cohorts (and of none), in the same months.
        others = {}
        for phase in ("before", "after"):
            for month in months.get(phase, []):
                total, n = comparison.get((kpi, month), (0.0, 0))
                mine = own.get(kpi, {}).get(month, (0.0, 0))
                others.setdefault(phase, []).append((total - mine[0], n - mine[1]))
            cells = others.get(phase, [])
            n = sum(c[1] for c in cells)
            setattr(change, f"comparison_{phase}", sum(c[0] for c in cells) / n if n else None)
        # The learners behind the comparison's "after" figure: those of its busiest month (one KPI figure per
        # learner and month); an exact distinct count across months would need every learner's months.
        change.comparison_learners = max((n for _, n in others.get("after", [])), default=0)
        results[kpi] = change
    return results


def to_csv(report: Report, catalog: Catalog, lang: str) -> str:
    """One row per cohort, level and measure (UTF-8 with BOM; formula-like cells neutralized)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["cohort", "level", "module_or_kpi", "measure", "value", "learners"])

    def row(cohort, level, scope, measure, value, n):
        shown = "" if value is None else (f"{value:.2f}" if isinstance(value, float) else value)
        writer.writerow([safe_cell(v) for v in (cohort.name, level, scope, measure, shown, n)])

    for c in report.cohorts:
        for module_id, entry in c.reaction.items():
            for item, stats in entry["items"].items():
                row(c.cohort, 1, module_id, f"{item} average (1-5)", stats["avg"], stats["n"])
            row(c.cohort, 1, module_id, "recommend average (0-10)", entry["recommend"], entry["n"])
        for module, entry in c.learning.items():
            row(c.cohort, 2, f"module {module}", "pre-test average", entry.get("pre"), entry.get("pre_n"))
            row(c.cohort, 2, f"module {module}", "post-test average", entry.get("post"), entry.get("n"))
            row(c.cohort, 2, f"module {module}", "normalized gain", entry.get("gain"), entry.get("gain_n"))
            row(c.cohort, 2, f"module {module}", "post-test pass rate %", entry.get("pass_rate"), entry.get("n"))
        b = c.behavior
        row(c.cohort, 3, "", "action plans", b.get("plans", 0), c.learners)
        row(c.cohort, 3, "", "follow-ups due", b.get("due", 0), "")
        row(c.cohort, 3, "", "follow-ups self-reported", b.get("self_reported", 0), "")
        row(c.cohort, 3, "", "follow-ups observed", b.get("observed", 0), "")
        for day, t in sorted(b.get("trend", {}).items()):
            row(c.cohort, 3, f"day {day}", "checklist rating average (1-5)", t["avg"], t["n"])
        for kpi, k in c.results.items():
            row(c.cohort, 4, kpi, "before", k.before, k.learners_before)
            row(c.cohort, 4, kpi, "after", k.after, k.learners_after)
            row(c.cohort, 4, kpi, "change %", k.change, k.learners_after)
            row(c.cohort, 4, kpi, "comparison change %", k.comparison_change, k.comparison_learners)
    return out.getvalue()
