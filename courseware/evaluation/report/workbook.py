"""The report as an Excel workbook: a cover sheet with the filter and the date made, then one sheet per level,
written from the same lines as the CSV (evaluation/report/table.py), numbers as numbers and dates as dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from courseware.catalog import Catalog
from courseware.core.spreadsheets import Number, add_sheet, new_workbook, to_bytes
from courseware.evaluation.report.effectiveness import Report
from courseware.evaluation.report.figures import BASES
from courseware.evaluation.report.table import FORMATS, LEVELS, Line, lines


@dataclass(frozen=True)
class ReportFilter:
    """The report's filter as the reader chose it: cohort names (none: all), and the start dates' bounds."""

    cohorts: list[str]
    start: date | None = None
    end: date | None = None


def to_xlsx(catalog: Catalog, report: Report, chosen: ReportFilter, made: date) -> bytes:
    """The workbook: the cover, then reaction, learning, behavior and results, each with a frozen header row."""
    book = new_workbook()
    cover = [[_("Made on"), made],
             [_("Cohorts"), "、".join(chosen.cohorts) if chosen.cohorts else _("All cohorts")],
             [_("Cohorts starting from"), chosen.start], [_("Cohorts starting until"), chosen.end],
             [_("Cohorts in the report"), report.total]]
    if report.has_demo_data:
        cover.append([_("Demo data"), _("Cohorts marked so hold demo data made by the demo command, not real learners' results.")])
    add_sheet(book, _("Cover"), [_("Report"), _("Training effectiveness")], cover, widths={1: 24, 2: 60})
    headers = [_("Cohort"), _("Cohort starts"), _("Module or KPI"), _("Measure"), _("Value"), _("Learners (n)"),
               _("Computed over"), _("Interval (95%), low"), _("Interval (95%), high"), _("Demo data")]
    every = lines(catalog, report)
    for level, name in LEVELS.items():
        rows = [_row(line) for line in every if line.level == level]
        add_sheet(book, str(name), headers, rows, widths={1: 20, 3: 24, 4: 40, 7: 40})
    return to_bytes(book)


def _row(line: Line) -> list[object]:
    f = line.figure
    return [line.cohort, line.starts, line.scope_name, line.measure_name, _number(line.kind, line.value),
            line.n if isinstance(line.n, int) else None, str(BASES[f.basis]) if f is not None else "",
            _number(line.kind, f.low if f else None), _number(line.kind, f.high if f else None), line.demo]


def _number(kind: str, value: float | int | None) -> Number:
    """A figure as Excel stores it: a percent as a fraction (85.0 -> 0.85, shown 85.0%)."""
    if value is not None and kind == "percent":
        value = value / 100
    return Number(value, FORMATS[kind])
