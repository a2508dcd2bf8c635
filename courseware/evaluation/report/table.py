"""The report's figures as lines, named in the reader's language beside their codes: the one list the CSV and
the Excel export both write (each from `CohortReport.rows()`, as the page shows them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from courseware.catalog import Catalog
from courseware.evaluation.report.figures import BASES, Figure
from courseware.i18n import pick

if TYPE_CHECKING:
    from courseware.evaluation.report.effectiveness import Report

LEVELS = {1: _l("Reaction"), 2: _l("Learning"), 3: _l("Behavior"), 4: _l("Results")}
# The CSV's columns in their fixed order (codes); `headers()` names them in the reader's language.
COLUMNS = ["cohort", "level", "level_name", "module_or_kpi", "module_or_kpi_name", "measure", "measure_name", "value",
           "learners", "computed_over", "ci95_low", "ci95_high", "demo_data"]
_HEADERS = {
    "cohort": _l("Cohort"), "level": _l("Level"), "level_name": _l("Level name"), "module_or_kpi": _l("Module or KPI (code)"),
    "module_or_kpi_name": _l("Module or KPI"), "measure": _l("Measure (code)"), "measure_name": _l("Measure"),
    "value": _l("Value"), "learners": _l("Learners (n)"), "computed_over": _l("Computed over"),
    "ci95_low": _l("Interval (95%), low"), "ci95_high": _l("Interval (95%), high"), "demo_data": _l("Demo data"),
}
# measure code -> (its name, its kind: how Excel shows it)
MEASURES = {
    "learners_with_evidence": (_l("Learners with evidence at this level"), "count"),
    "recommend_average": (_l("Would recommend, average (0-10)"), "rating"),
    "pretest_average": (_l("Pre-test average (module questions)"), "score"),
    "posttest_average": (_l("Post-test average"), "score"),
    "normalized_gain": (_l("Normalized gain"), "gain"),
    "pass_rate": (_l("Post-test pass rate (%)"), "percent"),
    "action_plans": (_l("Action plans"), "count"),
    "follow_ups_due": (_l("Follow-ups due"), "count"),
    "follow_ups_self_reported": (_l("Follow-ups self-reported"), "count"),
    "follow_ups_observed": (_l("Follow-ups observed"), "count"),
    "follow_ups_overdue": (_l("Follow-ups overdue"), "count"),
    "checklist_average": (_l("Checklist rating, average (1-5)"), "rating"),
    "observation_average": (_l("Role-play observations, average (1-5)"), "rating"),
    "kpi_before": (_l("Before the course (mean of learners)"), "kpi"),
    "kpi_after": (_l("After the course (mean of learners)"), "kpi"),
    "change_trained": (_l("Change, trained learners (%)"), "percent"),
    "change_comparison": (_l("Change, comparison group (%)"), "percent"),
    "difference_in_differences": (_l("Difference in differences (percentage points)"), "points"),
}
# Excel number formats by kind; a percent is stored as a fraction (85.0 -> 0.85) so Excel shows 85.0%.
FORMATS = {"count": "0", "rating": "0.00", "score": "0.0", "gain": "0.00", "percent": "0.0%", "points": "+0.0;-0.0;0.0",
           "kpi": "#,##0.00"}


def headers() -> list[str]:
    """The CSV's header row, in the reader's language."""
    return [str(_HEADERS[c]) for c in COLUMNS]


@dataclass(frozen=True)
class Line:
    """One figure of one cohort, with the names a reader sees and the codes a program reads."""

    cohort: str
    starts: date | None
    level: int
    scope: str
    scope_name: str
    measure: str
    measure_name: str
    kind: str
    value: float | int | None
    n: int | str
    figure: Figure | None
    demo: str

    def csv_cells(self) -> list[object]:
        f = self.figure
        basis = str(BASES[f.basis]) if f is not None else ""
        return [self.cohort, self.level, str(LEVELS[self.level]), self.scope, self.scope_name, self.measure,
                self.measure_name, _text(self.value), self.n, basis, _text(f.low if f else None),
                _text(f.high if f else None), self.demo]


def lines(catalog: Catalog, report: Report) -> list[Line]:
    """Every figure of every cohort of the report, in the order of `CohortReport.rows()`."""
    out = []
    for c in report.cohorts:
        demo = _("Demo data") if c.demo_learners else ""
        for level, scope, measure, value, n, f in c.rows():
            name, kind = _measure(catalog, measure)
            out.append(Line(c.cohort.name, c.cohort.start_date, level, scope, scope_name(catalog, scope), measure, name,
                            kind, value, n, f, demo))
    return out


def _measure(catalog: Catalog, measure: str) -> tuple[str, str]:
    if measure.startswith("survey_average:"):
        item = next((i for i in catalog.evaluation.survey if i.id == measure.split(":", 1)[1]), None)
        label = pick(item.label or item.text).text if item else measure.split(":", 1)[1]
        return _("%(item)s, average (1-5)", item=label), "rating"
    name, kind = MEASURES[measure]
    return str(name), kind


def scope_name(catalog: Catalog, scope: str) -> str:
    """A module, a follow-up day or a KPI as the page names it ('' for the cohort as a whole)."""
    head, _space, number = scope.partition(" ")
    if head == "day" and number.isdigit():
        return _("Day %(n)d", n=int(number))
    module = catalog.module_by_order(int(number)) if head == "module" and number.isdigit() else catalog.module(scope)
    if module is not None:
        return f"{module.order} · {pick(module.title).text}"
    kpi = catalog.evaluation.kpi(scope)
    return pick(kpi.name).text if kpi else scope


def _text(value) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, float) else str(value)
