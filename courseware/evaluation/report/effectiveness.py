"""HR's training-effectiveness report: the four levels per cohort and module, as one figures object that the
page and the exports only format.

The figures come from each cohort's stored summary (evaluation/report/summaries.py), kept fresh as
learners' records change, so a report reads one row per cohort whatever the number of learners; what
depends on the day (follow-ups due) and on other cohorts (the comparison group) is put together here."""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy import func, select

from courseware.catalog import Catalog
from courseware.evaluation.report import summaries, table
from courseware.evaluation.report.changes import scope_of
from courseware.evaluation.report.compute import LearningFigures, ReactionFigures, ScopeFigures, overdue
from courseware.evaluation.report.figures import Figure
from courseware.evaluation.report.stats import DifferenceInDifferences, difference_in_differences, relative_changes
from courseware.extensions import db
from courseware.models import Cohort
from courseware.quizzes.gradebook import safe_cell

PER_PAGE = 10  # cohorts on one page of the report; the exports have them all


@dataclass(frozen=True)
class KpiResult:
    """One KPI of a cohort: the trained learners before and after, and the difference in differences against
    the comparison group (its `trained` and `comparison` are the two groups' changes in %)."""

    before: Figure
    after: Figure
    did: DifferenceInDifferences
    better: str  # higher or lower


@dataclass(frozen=True)
class Behavior:
    plans: int = 0
    due: int = 0
    self_reported: int = 0
    observed: int = 0
    overdue: int = 0
    trend: dict[int, Figure] = field(default_factory=dict)
    observation: Figure | None = None  # role-play observations' average rating 1-5 (n observations)


@dataclass
class CohortReport:
    cohort: Cohort
    learners: int = 0
    demo_learners: int = 0  # learners made by `flask demo`: the cohort's figures are demo data
    reaction: dict[str, ReactionFigures] = field(default_factory=dict)
    learning: dict[int, LearningFigures] = field(default_factory=dict)
    behavior: Behavior = field(default_factory=Behavior)
    results: dict[str, KpiResult] = field(default_factory=dict)
    evidence: dict[int, int] = field(default_factory=dict)  # level -> learners with evidence

    def rows(self) -> list[tuple[int, str, str, object, int | str, Figure | None]]:
        """Every figure of the cohort as (level, module or KPI, measure, value, n, figure), module, KPI and measure
        as codes (evaluation/report/table.py names them in the reader's language): what the exports write."""
        out: list = []

        def add(level, scope, measure, f: Figure | None):
            if f is not None:
                out.append((level, scope, measure, f.value, f.n, f))

        for level in (1, 2, 3, 4):
            out.append((level, "", "learners_with_evidence", self.evidence.get(level, 0), self.learners, None))
        for module_id, entry in self.reaction.items():
            for item, stats in entry.items.items():
                add(1, module_id, f"survey_average:{item}", stats.average)
            add(1, module_id, "recommend_average", entry.recommend)
        for module, entry in sorted(self.learning.items()):
            scope = f"module {module}"
            add(2, scope, "pretest_average", entry.pre)
            add(2, scope, "posttest_average", entry.post)
            add(2, scope, "normalized_gain", entry.gain)
            add(2, scope, "pass_rate", entry.pass_rate)
        b = self.behavior
        for measure, count, n in (("action_plans", b.plans, self.learners), ("follow_ups_due", b.due, ""),
                                  ("follow_ups_self_reported", b.self_reported, ""), ("follow_ups_observed", b.observed, ""),
                                  ("follow_ups_overdue", b.overdue, "")):
            out.append((3, "", measure, count, n, None))
        for day, t in sorted(b.trend.items()):
            add(3, f"day {day}", "checklist_average", t)
        add(3, "", "observation_average", b.observation)
        for kpi, k in self.results.items():
            add(4, kpi, "kpi_before", k.before)
            add(4, kpi, "kpi_after", k.after)
            add(4, kpi, "change_trained", k.did.trained)
            add(4, kpi, "change_comparison", k.did.comparison)
            add(4, kpi, "difference_in_differences", k.did.difference)
        return out


@dataclass
class Report:
    cohorts: list[CohortReport]
    today: date
    page: int = 1
    pages: int = 1
    total: int = 0  # cohorts matching the filter, on every page

    @property
    def has_demo_data(self) -> bool:
        return any(c.demo_learners for c in self.cohorts)


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
    figures = summaries.all_figures(catalog)
    reports = [_cohort_report(catalog, c, scope_of(c.id), figures, today, _derived(catalog, figures)) for c in cohorts]
    return Report(reports, today, page or 1, pages or 1, total if total is not None else len(reports))


# What is derived from every cohort's figures together (comparison pools, each cohort's results), kept for
# the figures' stamp it was derived from: the next report with the same stored figures reuses it.
_kept: dict[str, object] = {"stamp": None, "derived": {}}


def _derived(catalog: Catalog, figures) -> dict:
    """The kept derivations for these figures and KPI directions (a new, empty one when either changed; not
    kept when the figures have no stamp)."""
    stamp = getattr(figures, "stamp", ())
    if not stamp:
        return {}
    stamp = (stamp, tuple((k.id, k.better) for k in catalog.evaluation.kpis))
    if stamp != _kept["stamp"]:
        _kept["stamp"], _kept["derived"] = stamp, {}
    return _kept["derived"]


def _cohort_report(catalog: Catalog, cohort: Cohort, scope: str, figures: dict[str, ScopeFigures], today: date,
                   derived: dict) -> CohortReport:
    f = figures.get(scope) or ScopeFigures()
    if ("results", scope) not in derived:
        derived[("results", scope)] = _results(catalog, scope, f, figures, derived)
    return CohortReport(cohort, f.learners, f.demo_learners, f.reaction, f.learning, _behavior(f, today),
                        derived[("results", scope)], f.evidence)


def _behavior(f: ScopeFigures, today: date) -> Behavior:
    due = [c for c in f.follow_ups if date.fromisoformat(c.due_on) <= today]
    return Behavior(
        plans=f.plans, due=sum(c.count for c in due), self_reported=sum(c.count for c in due if c.self_reported),
        observed=sum(c.count for c in due if c.observed),
        overdue=sum(c.count for c in due if overdue(date.fromisoformat(c.due_on), c.self_reported, c.observed, today)),
        trend=f.trend, observation=f.observed)


@dataclass(frozen=True)
class ComparisonPool:
    """Every cohort's not-yet-trained monthly figures of one KPI side by side: a row per learner, a column per month."""

    months: np.ndarray
    scopes: np.ndarray  # the scope of each row
    values: np.ndarray  # NaN where a learner has no figure

    @classmethod
    def of(cls, figures: dict[str, ScopeFigures], kpi: str) -> ComparisonPool:
        months = sorted({m for f in figures.values() if kpi in f.untrained for m in f.untrained[kpi].months})
        column = {m: i for i, m in enumerate(months)}
        blocks, scopes = [], []
        for scope, f in sorted(figures.items()):
            monthly = f.untrained.get(kpi)
            if monthly and monthly.learners:
                block = np.full((len(monthly.learners), len(months)), np.nan)
                block[:, [column[m] for m in monthly.months]] = np.array(monthly.values, dtype=float)
                blocks.append(block)
                scopes += [scope] * len(monthly.learners)
        values = np.vstack(blocks) if blocks else np.empty((0, len(months)))
        return cls(np.array(months, dtype=str), np.array(scopes, dtype=str), values)

    def changes(self, own: str, months_before: list[str], months_after: list[str]) -> list[float]:
        """The comparison group's per-learner changes in %: every learner of the other cohorts (and of none) with
        figures, while not yet trained, both in the cohort's months before and in its months after the course."""
        rows = self.values[self.scopes != own]
        before = _row_means(rows[:, np.isin(self.months, months_before)])
        after = _row_means(rows[:, np.isin(self.months, months_after)])
        changes = relative_changes(before, after)
        return changes[~np.isnan(changes)].tolist()


def _row_means(values: np.ndarray) -> np.ndarray:
    counts = (~np.isnan(values)).sum(axis=1)
    return np.where(counts > 0, np.nansum(values, axis=1) / np.maximum(counts, 1), np.nan)


def _results(catalog: Catalog, scope: str, f: ScopeFigures, figures: dict[str, ScopeFigures],
             derived: dict) -> dict[str, KpiResult]:
    results = {}
    for kpi_id, k in f.results.items():
        kpi = catalog.evaluation.kpi(kpi_id)
        better = kpi.better if kpi else "higher"
        if ("pool", kpi_id) not in derived:
            derived[("pool", kpi_id)] = ComparisonPool.of(figures, kpi_id)
        comparison = derived[("pool", kpi_id)].changes(scope, k.months_before, k.months_after)
        results[kpi_id] = KpiResult(k.before, k.after, difference_in_differences(k.changes, comparison, better), better)
    return results


def to_csv(catalog: Catalog, report: Report) -> str:
    """One row per cohort, level and measure, each with its n, what it is computed over and its 95% interval,
    headed and labeled in the reader's language beside the codes (UTF-8 with BOM; formula-like cells neutralized)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in table.headers()])
    for line in table.lines(catalog, report):
        writer.writerow([safe_cell(v) for v in line.csv_cells()])
    return out.getvalue()
