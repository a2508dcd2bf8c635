"""HR's training-effectiveness report: the four levels per cohort and module, aggregated in SQL.

Every figure comes from a GROUP BY over the learners' records, so the number of queries depends on the
number of cohorts and KPIs, never on the number of learners."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, distinct, func, or_, select

from courseware.catalog import Catalog
from courseware.extensions import db
from courseware.models import (
    ActionPlan, BehaviorObservation, Cohort, FollowUp, FollowUpRating, KpiRecord, ObservationRating, ReactionSurvey,
    SurveyAnswer, User,
)
from courseware.services import level2
from courseware.services.gradebook import safe_cell


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
    reaction: dict[str, dict] = field(default_factory=dict)  # module -> {n, recommend, items: {item: {avg, dist}}}
    learning: dict[int, dict] = field(default_factory=dict)  # module number -> {n, pre, post, gain, gain_n, pass_rate}
    behavior: dict = field(default_factory=dict)
    results: dict[str, KpiChange] = field(default_factory=dict)
    evidence: dict[int, int] = field(default_factory=dict)  # level -> learners with evidence


@dataclass
class Report:
    cohorts: list[CohortReport]
    today: date


def _cohorts(cohort_ids: list[int] | None, start: date | None, end: date | None) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.start_date, Cohort.name)
    if cohort_ids:
        query = query.where(Cohort.id.in_(cohort_ids))
    if start:
        query = query.where(Cohort.start_date >= start)
    if end:
        query = query.where(Cohort.start_date <= end)
    return list(db.session.scalars(query))


def build(catalog: Catalog, today: date, cohort_ids: list[int] | None = None, start: date | None = None,
          end: date | None = None) -> Report:
    cohorts = _cohorts(cohort_ids, start, end)
    reports = {c.id: CohortReport(c) for c in cohorts}
    ids = list(reports) or [-1]
    learner = and_(User.role == "learner", User.cohort_id.in_(ids))
    for cohort_id, n in db.session.execute(select(User.cohort_id, func.count()).where(learner).group_by(User.cohort_id)):
        reports[cohort_id].learners = n
    _reaction(reports, learner)
    _learning(catalog, reports, learner)
    _behavior(reports, learner, today)
    _results(reports, learner, ids)
    _evidence(catalog, reports, learner)
    return Report(list(reports.values()), today)


def _reaction(reports, learner) -> None:
    rows = db.session.execute(
        select(User.cohort_id, ReactionSurvey.module_id, SurveyAnswer.item, SurveyAnswer.value, func.count())
        .join(ReactionSurvey, ReactionSurvey.user_id == User.id).join(SurveyAnswer, SurveyAnswer.survey_id == ReactionSurvey.id)
        .where(learner).group_by(User.cohort_id, ReactionSurvey.module_id, SurveyAnswer.item, SurveyAnswer.value))
    for cohort_id, module_id, item, value, count in rows:
        entry = reports[cohort_id].reaction.setdefault(module_id, {"n": 0, "recommend": None, "items": {}})
        dist = entry["items"].setdefault(item, {"dist": [0] * 5})["dist"]
        dist[value - 1] += count
    for entry in (e for r in reports.values() for e in r.reaction.values()):
        for stats in entry["items"].values():
            total = sum(stats["dist"])
            stats["n"] = total
            stats["avg"] = sum((i + 1) * c for i, c in enumerate(stats["dist"])) / total if total else None
    for cohort_id, module_id, n, recommend in db.session.execute(
        select(User.cohort_id, ReactionSurvey.module_id, func.count(), func.avg(ReactionSurvey.recommend))
        .join(ReactionSurvey, ReactionSurvey.user_id == User.id).where(learner)
        .group_by(User.cohort_id, ReactionSurvey.module_id)):
        entry = reports[cohort_id].reaction.setdefault(module_id, {"n": 0, "recommend": None, "items": {}})
        entry["n"], entry["recommend"] = n, float(recommend)


def _learning(catalog, reports, learner) -> None:
    pairs = level2.pre_post(catalog).subquery()
    gain = level2.gain_expression(pairs.c.pre, pairs.c.post)
    rows = db.session.execute(
        select(User.cohort_id, pairs.c.module, func.count(), func.avg(pairs.c.pre), func.count(pairs.c.pre),
               func.avg(pairs.c.post), func.avg(gain), func.count(gain), func.avg(pairs.c.passed))
        .join(pairs, pairs.c.user_id == User.id).where(learner).group_by(User.cohort_id, pairs.c.module))
    for cohort_id, module, n, pre, pre_n, post, avg_gain, gain_n, passed in rows:
        reports[cohort_id].learning[module] = {
            "n": n, "pre": _f(pre), "pre_n": pre_n, "post": _f(post), "gain": _f(avg_gain), "gain_n": gain_n,
            "pass_rate": 100 * float(passed) if passed is not None else None}
    pre = level2.pre_scores(catalog).subquery()
    for cohort_id, module, n, average in db.session.execute(
        select(User.cohort_id, pre.c.module, func.count(), func.avg(pre.c.pre)).join(pre, pre.c.user_id == User.id)
        .where(learner).group_by(User.cohort_id, pre.c.module)):
        entry = reports[cohort_id].learning.setdefault(module, {"n": 0, "post": None, "gain": None, "gain_n": 0, "pass_rate": None})
        entry["pretest_n"], entry["pretest_avg"] = n, _f(average)


def _behavior(reports, learner, today: date) -> None:
    for cohort_id, plans in db.session.execute(
        select(User.cohort_id, func.count()).join(ActionPlan, ActionPlan.user_id == User.id).where(learner)
        .group_by(User.cohort_id)):
        reports[cohort_id].behavior["plans"] = plans
    due = FollowUp.due_on <= today
    for cohort_id, due_n, self_n, observed_n, overdue in db.session.execute(
        select(User.cohort_id, func.count(case((due, 1))),
               func.count(case((and_(due, FollowUp.self_reported_at.is_not(None)), 1))),
               func.count(case((and_(due, FollowUp.observed_at.is_not(None)), 1))),
               func.count(case((and_(due, or_(FollowUp.self_reported_at.is_(None), FollowUp.observed_at.is_(None))), 1))))
        .join(FollowUp, FollowUp.user_id == User.id).where(learner).group_by(User.cohort_id)):
        reports[cohort_id].behavior.update(due=due_n, self_reported=self_n, observed=observed_n, overdue=overdue)
    for cohort_id, day, average, n in db.session.execute(
        select(User.cohort_id, FollowUp.day, func.avg(FollowUpRating.rating), func.count(distinct(FollowUp.id)))
        .join(FollowUp, FollowUp.user_id == User.id).join(FollowUpRating, FollowUpRating.follow_up_id == FollowUp.id)
        .where(learner).group_by(User.cohort_id, FollowUp.day)):
        reports[cohort_id].behavior.setdefault("trend", {})[day] = {"avg": _f(average), "n": n}
    for cohort_id, n, average in db.session.execute(
        select(User.cohort_id, func.count(distinct(BehaviorObservation.id)), func.avg(ObservationRating.rating))
        .join(BehaviorObservation, BehaviorObservation.learner_id == User.id)
        .join(ObservationRating, ObservationRating.observation_id == BehaviorObservation.id)
        .where(learner).group_by(User.cohort_id)):
        reports[cohort_id].behavior.update(observations=n, observed_avg=_f(average))


def _plan_month():
    """The month a learner finished the course (submitted the action plan), as YYYY-MM text in SQL."""
    return func.substr(func.cast(ActionPlan.submitted_on, db.String), 1, 7)


def _results(reports, learner, ids) -> None:
    plan_month = _plan_month()
    before = KpiRecord.month < plan_month
    after = KpiRecord.month > plan_month
    for cohort_id, kpi, avg_before, avg_after, n_before, n_after in db.session.execute(
        select(User.cohort_id, KpiRecord.kpi, func.avg(case((before, KpiRecord.value))), func.avg(case((after, KpiRecord.value))),
               func.count(distinct(case((before, KpiRecord.user_id)))), func.count(distinct(case((after, KpiRecord.user_id)))))
        .join(KpiRecord, KpiRecord.user_id == User.id).join(ActionPlan, ActionPlan.user_id == User.id)
        .where(learner).group_by(User.cohort_id, KpiRecord.kpi)):
        reports[cohort_id].results[kpi] = KpiChange(_f(avg_before), _f(avg_after), n_before, n_after)
    # The months each cohort's figures fall in, before and after the course (cohorts x KPIs x months rows).
    months: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    phases = (select(User.cohort_id, KpiRecord.kpi, KpiRecord.month,
                     case((before, "before"), (after, "after"), else_="during").label("phase"))
              .join(KpiRecord, KpiRecord.user_id == User.id).join(ActionPlan, ActionPlan.user_id == User.id)
              .where(learner).subquery())
    for cohort_id, kpi, month, phase in db.session.execute(select(phases).distinct()):
        months[(cohort_id, kpi, phase)].add(month)
    # The comparison group: learners of other cohorts (or none) not yet trained in that month.
    untrained = or_(ActionPlan.id.is_(None), KpiRecord.month < plan_month)
    per_month: dict[tuple[str, str], list[tuple[int | None, float, int]]] = defaultdict(list)
    for kpi, month, cohort_id, total, n in db.session.execute(
        select(KpiRecord.kpi, KpiRecord.month, User.cohort_id, func.sum(KpiRecord.value), func.count())
        .join(User, User.id == KpiRecord.user_id).join(ActionPlan, ActionPlan.user_id == User.id, isouter=True)
        .where(User.role == "learner", untrained).group_by(KpiRecord.kpi, KpiRecord.month, User.cohort_id)):
        per_month[(kpi, month)].append((cohort_id, float(total), n))
    for cohort_id, report in reports.items():
        for kpi, change in report.results.items():
            for phase in ("before", "after"):
                cells = [(total, n) for m in months.get((cohort_id, kpi, phase), ())
                         for other, total, n in per_month.get((kpi, m), []) if other != cohort_id]
                total, n = sum(c[0] for c in cells), sum(c[1] for c in cells)
                setattr(change, f"comparison_{phase}", total / n if n else None)
    # The learners behind the comparison's "after" figure: those of its busiest month (one KPI figure per
    # learner and month), from the same per-month counts; an exact distinct count across months would join
    # every KPI record with every cohort's months and grow with the square of the data.
    for cohort_id, report in reports.items():
        for kpi, change in report.results.items():
            per_after_month = [sum(n for other, _, n in per_month.get((kpi, m), []) if other != cohort_id)
                               for m in months.get((cohort_id, kpi, "after"), ())]
            change.comparison_learners = max(per_after_month, default=0)


def _evidence(catalog, reports, learner) -> None:
    levels = {
        1: select(ReactionSurvey.user_id.label("user_id")),
        2: select(level2.post_scores(catalog).subquery().c.user_id.label("user_id")),
        3: select(ActionPlan.user_id.label("user_id")).union(select(BehaviorObservation.learner_id)),
        4: select(KpiRecord.user_id.label("user_id")).join(ActionPlan, ActionPlan.user_id == KpiRecord.user_id)
           .where(KpiRecord.month > _plan_month()),
    }
    for level, query in levels.items():
        users = query.subquery()
        for cohort_id, n in db.session.execute(
            select(User.cohort_id, func.count(distinct(User.id))).join(users, users.c.user_id == User.id)
            .where(learner).group_by(User.cohort_id)):
            reports[cohort_id].evidence[level] = n


def _f(value) -> float | None:
    return None if value is None else float(value)


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
