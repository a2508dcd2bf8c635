"""HR's home: one tile per cohort, its reading completion and one figure per level taken from the report."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from courseware.catalog import Catalog
from courseware.evaluation.report import effectiveness
from courseware.evaluation.report.effectiveness import CohortReport, KpiResult
from courseware.evaluation.report.figures import Figure
from courseware.extensions import db
from courseware.models import Role, SectionRead, User


@dataclass(frozen=True)
class Tile:
    """A cohort at a glance: `reaction`, `learning` and `behavior` are (label, figure) pairs picked from the
    report's figures (the one with the most learners behind it); `results` is (KPI id, its result as the report has
    it) for the first KPI of the catalog with enough data for an interval, else the first with any."""

    report: CohortReport
    completed: int  # learners who read every section of the course
    reaction: tuple[str, Figure] | None
    learning: tuple[str, Figure] | None
    behavior: tuple[str, Figure] | None
    results: tuple[str, KpiResult] | None = None


def _largest(candidates: list[tuple[str, Figure | None]]) -> tuple[str, Figure] | None:
    """The figure with a value and the largest n (the first among equals), with its label."""
    found = [(label, f) for label, f in candidates if f is not None and f.value is not None]
    return max(found, key=lambda pair: pair[1].n, default=None)


def _completed(catalog: Catalog, cohort_ids: list[int]) -> dict[int, int]:
    """cohort id -> learners who read every section (one query for all cohorts)."""
    per_learner = (select(User.cohort_id, SectionRead.user_id).join(User, User.id == SectionRead.user_id)
                   .where(User.cohort_id.in_(cohort_ids or [-1]), User.role == Role.LEARNER)
                   .group_by(User.cohort_id, SectionRead.user_id)
                   .having(func.count(func.distinct(SectionRead.module_id + "/" + SectionRead.section_id))
                           >= catalog.section_count).subquery())
    return dict(db.session.execute(select(per_learner.c.cohort_id, func.count()).group_by(per_learner.c.cohort_id)).all())


def tile(catalog: Catalog, cohort: CohortReport, completed: int) -> Tile:
    """One cohort's tile from its report."""
    reaction = _largest([(module_id, r.recommend) for module_id, r in cohort.reaction.items()])
    learning = _largest([(str(module), entry.gain) for module, entry in sorted(cohort.learning.items())])
    b = cohort.behavior
    behavior = _largest([("observation", b.observation)] + [(str(day), t) for day, t in sorted(b.trend.items())])
    ordered = [(k.id, cohort.results[k.id]) for k in catalog.evaluation.kpis if k.id in cohort.results]
    results = next((pair for pair in ordered if pair[1].did.enough), ordered[0] if ordered else None)
    return Tile(cohort, completed, reaction, learning, behavior, results)


def build(catalog: Catalog, today: date) -> list[Tile]:
    """Every cohort's tile, newest cohort first: the report's figures for all cohorts, and one completion query."""
    report = effectiveness.build(catalog, today)
    completed = _completed(catalog, [c.cohort.id for c in report.cohorts])
    return [tile(catalog, c, completed.get(c.cohort.id, 0)) for c in report.cohorts]
