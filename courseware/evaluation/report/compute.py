"""The figures of HR's effectiveness report for a set of cohorts, computed once from the learners' records.

One pass makes a fixed number of queries over the chosen cohorts' learners only (never over everyone's
records): GROUP BY queries, plus one row per learner and module (quiz scores) and per learner, KPI and month
(KPI figures), the per-learner values that the intervals and the comparison group need. It returns a
`ScopeFigures` per cohort: evaluation/report/summaries.py stores it (JSON, fields by name), and
evaluation/report/effectiveness.py assembles the report, its CSV and the learner's tracker from it.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy import and_, case, distinct, func, or_, select

from courseware.catalog import Catalog
from courseware.evaluation import learning
from courseware.evaluation.report.changes import NO_COHORT, scope_of
from courseware.evaluation.report.figures import Figure
from courseware.evaluation.report.stats import mean_figure, relative_changes
from courseware.extensions import db
from courseware.models import (
    ActionPlan,
    BehaviorObservation,
    FollowUp,
    FollowUpRating,
    KpiRecord,
    ObservationRating,
    ReactionSurvey,
    Role,
    SurveyAnswer,
    User,
)


@dataclass(frozen=True)
class ItemFigures:
    average: Figure  # 1-5, over the survey's answers to this item
    answers: list[int]  # how many answered 1, 2, 3, 4, 5


@dataclass(frozen=True)
class ReactionFigures:
    n: int  # surveys of the module
    recommend: Figure  # 0-10
    items: dict[str, ItemFigures]


@dataclass(frozen=True)
class LearningFigures:
    pre: Figure  # the pre-test scored on the module's questions, over every learner who took it
    post: Figure  # the best post-test
    gain: Figure  # normalized gain of the learners with both, with its 95% t interval
    pass_rate: Figure  # % of the post-test takers who passed


@dataclass(frozen=True)
class FollowUpCount:
    due_on: str
    self_reported: bool
    observed: bool
    count: int


@dataclass(frozen=True)
class LearnerKpi:
    """One learner's figures of one KPI, split by the month they finished the course."""

    before: float | None  # mean of the monthly figures before
    after: float | None
    months_before: list[str]
    months_after: list[str]
    values_before: list[float]  # the figures of `months_before`, in the same order


@dataclass(frozen=True)
class TrainedKpi:
    """A cohort's trained learners (those with an action plan) on one KPI."""

    before: Figure
    after: Figure
    changes: list[float]  # each learner's change in %, learners with figures before and after
    months_before: list[str]  # the months any of them has a figure before the course
    months_after: list[str]


@dataclass(frozen=True)
class MonthlyFigures:
    """The monthly figures of one KPI of a cohort's learners while not yet trained: one row per learner, one
    column per month, None where there is no figure (what other cohorts' comparison groups are made of)."""

    months: list[str]
    learners: list[int]
    values: list[list[float | None]]


@dataclass
class ScopeFigures:
    """What a cohort's records say, stored as they are; what depends on the day or other cohorts is added later."""

    learners: int = 0
    demo_learners: int = 0
    reaction: dict[str, ReactionFigures] = field(default_factory=dict)  # module id ->
    learning: dict[int, LearningFigures] = field(default_factory=dict)  # module number ->
    plans: int = 0
    follow_ups: list[FollowUpCount] = field(default_factory=list)
    trend: dict[int, Figure] = field(default_factory=dict)  # follow-up day -> checklist rating 1-5
    observed: Figure | None = None  # role-play observations' average rating 1-5
    results: dict[str, TrainedKpi] = field(default_factory=dict)  # KPI ->
    untrained: dict[str, MonthlyFigures] = field(default_factory=dict)  # KPI ->
    evidence: dict[int, int] = field(default_factory=dict)  # level -> learners with a record at that level


def compute(catalog: Catalog, scopes: set[str], user_id: int | None = None) -> dict[str, ScopeFigures]:
    """The figures of each scope: "c<cohort id>", or "none" for the learners without a cohort; with `user_id`,
    of that one person only (the tracker), under their scope."""
    figures = {scope: ScopeFigures() for scope in scopes}
    if user_id is not None:
        learner = User.id == user_id
    else:
        cohort_ids = [int(s[1:]) for s in scopes if s != NO_COHORT]
        in_scope = User.cohort_id.in_(cohort_ids or [-1])
        if NO_COHORT in scopes:
            in_scope = or_(in_scope, User.cohort_id.is_(None))
        learner = and_(User.role == Role.LEARNER, in_scope)
    learners = select(User.id).where(learner)

    def of(cohort_id) -> ScopeFigures:
        return figures.setdefault(scope_of(cohort_id), ScopeFigures())

    for cohort_id, n, demo in db.session.execute(
            select(User.cohort_id, func.count(), func.sum(case((User.is_demo, 1), else_=0)))
            .where(learner).group_by(User.cohort_id)):
        of(cohort_id).learners, of(cohort_id).demo_learners = n, int(demo or 0)
    _reaction(of, learner)
    _learning(catalog, of, learner, learners)
    _behavior(of, learner)
    _evidence(catalog, of, learner, learners)
    _results(of, learner)
    return figures


def _reaction(of, learner) -> None:
    answers: dict = defaultdict(lambda: defaultdict(lambda: [0] * 5))
    for cohort_id, module_id, item, value, count in db.session.execute(
        select(User.cohort_id, ReactionSurvey.module_id, SurveyAnswer.item, SurveyAnswer.value, func.count())
        .join(ReactionSurvey, ReactionSurvey.user_id == User.id).join(SurveyAnswer, SurveyAnswer.survey_id == ReactionSurvey.id)
        .where(learner).group_by(User.cohort_id, ReactionSurvey.module_id, SurveyAnswer.item, SurveyAnswer.value)):
        answers[(cohort_id, module_id)][item][value - 1] += count
    for cohort_id, module_id, n, recommend in db.session.execute(
        select(User.cohort_id, ReactionSurvey.module_id, func.count(), func.avg(ReactionSurvey.recommend))
        .join(ReactionSurvey, ReactionSurvey.user_id == User.id).where(learner)
        .group_by(User.cohort_id, ReactionSurvey.module_id)):
        items = {item: ItemFigures(likert_average(dist), dist) for item, dist in answers[(cohort_id, module_id)].items()}
        of(cohort_id).reaction[module_id] = ReactionFigures(n, Figure(_f(recommend), n, "surveys"), items)


def likert_average(dist: list[int]) -> Figure:
    """The average answer (1-5) of a distribution of answers [how many 1s, 2s, 3s, 4s, 5s]."""
    total = sum(dist)
    return Figure(sum((i + 1) * c for i, c in enumerate(dist)) / total if total else None, total, "surveys")


def _learning(catalog, of, learner, learners) -> None:
    pre = learning.pre_scores(catalog).where(learning.Attempt.user_id.in_(learners)).subquery()
    pres: dict = defaultdict(list)
    for cohort_id, module, score in db.session.execute(
            select(User.cohort_id, pre.c.module, pre.c.pre).join(pre, pre.c.user_id == User.id).where(learner)):
        pres[(cohort_id, module)].append(float(score))
    pairs = learning.pre_post(catalog, learners).subquery()
    posts: dict = defaultdict(list)
    for cohort_id, module, post_score, passed, anchor_pre, anchor_post in db.session.execute(
            select(User.cohort_id, pairs.c.module, pairs.c.post, pairs.c.passed, pairs.c.anchor_pre, pairs.c.anchor_post)
            .join(pairs, pairs.c.user_id == User.id).where(learner)):
        posts[(cohort_id, module)].append((float(post_score), bool(passed), _f(anchor_pre), _f(anchor_post)))
    for cohort_id, module in sorted(set(pres) | set(posts), key=lambda k: (k[0] or 0, k[1])):
        rows = posts.get((cohort_id, module), [])
        # The gain compares the same questions: the anchor items, asked by the pre-test and again by the post-test.
        gains = [g for g in (learning.normalized_gain(p, q) for *_, p, q in rows) if g is not None]
        of(cohort_id).learning[int(module)] = LearningFigures(
            pre=mean_figure(pres.get((cohort_id, module), []), "pretest"),
            post=mean_figure([post for post, *_ in rows], "posttest"),
            gain=mean_figure(gains, "paired", interval=True),
            pass_rate=mean_figure([100.0 if passed else 0.0 for _, passed, *_ in rows], "posttest"))


def _behavior(of, learner) -> None:
    for cohort_id, plans in db.session.execute(
        select(User.cohort_id, func.count()).join(ActionPlan, ActionPlan.user_id == User.id).where(learner)
        .group_by(User.cohort_id)):
        of(cohort_id).plans = plans
    self_reported, observed = FollowUp.self_reported_at.is_not(None), FollowUp.observed_at.is_not(None)
    for cohort_id, due_on, is_self, is_observed, n in db.session.execute(
        select(User.cohort_id, FollowUp.due_on, self_reported, observed, func.count())
        .join(FollowUp, FollowUp.user_id == User.id).where(learner)
        .group_by(User.cohort_id, FollowUp.due_on, self_reported, observed)
        .order_by(User.cohort_id, FollowUp.due_on, self_reported, observed)):
        of(cohort_id).follow_ups.append(FollowUpCount(due_on.isoformat(), bool(is_self), bool(is_observed), n))
    for cohort_id, day, average, n in db.session.execute(
        select(User.cohort_id, FollowUp.day, func.avg(FollowUpRating.rating), func.count(distinct(FollowUp.id)))
        .join(FollowUp, FollowUp.user_id == User.id).join(FollowUpRating, FollowUpRating.follow_up_id == FollowUp.id)
        .where(learner).group_by(User.cohort_id, FollowUp.day)):
        of(cohort_id).trend[int(day)] = Figure(_f(average), n, "follow_ups")
    for cohort_id, n, average in db.session.execute(
        select(User.cohort_id, func.count(distinct(BehaviorObservation.id)), func.avg(ObservationRating.rating))
        .join(BehaviorObservation, BehaviorObservation.learner_id == User.id)
        .join(ObservationRating, ObservationRating.observation_id == BehaviorObservation.id)
        .where(learner).group_by(User.cohort_id)):
        of(cohort_id).observed = Figure(_f(average), n, "observations")


def overdue(due_on: date, self_reported: bool, observed: bool, today: date) -> bool:
    """A follow-up is overdue once its due day has passed without both the self-report and the observation."""
    return due_on < today and not (self_reported and observed)


def kpi_phase(month: str, finished: date | None) -> str:
    """before / during / after the course for a KPI month: a learner without a finished action plan is not yet
    trained (before); the month the course ended (the plan was submitted) counts as neither before nor after."""
    if finished is None:
        return "before"
    ended = _month_of(finished)
    return "before" if month < ended else ("after" if month > ended else "during")


@functools.lru_cache(maxsize=4096)
def _month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def kpi_rows(learner):
    """(cohort id, learner id, KPI, month, value, the day they finished the course) of the learners matching
    `learner` (a condition on User), in month order."""
    return db.session.execute(
        select(User.cohort_id, User.id, KpiRecord.kpi, KpiRecord.month, KpiRecord.value, ActionPlan.submitted_on)
        .join(KpiRecord, KpiRecord.user_id == User.id).join(ActionPlan, ActionPlan.user_id == User.id, isouter=True)
        .where(learner).order_by(User.id, KpiRecord.kpi, KpiRecord.month))


def learner_kpis(rows: Iterable[tuple[str, str, float, date | None]]) -> dict[str, LearnerKpi]:
    """One learner's (KPI, month, value, finished) rows -> KPI -> their figures before and after the course."""
    split: dict[str, dict[str, list]] = defaultdict(lambda: {"before": [], "during": [], "after": []})
    for kpi, month, value, finished in rows:
        split[kpi][kpi_phase(month, finished)].append((month, float(value)))
    return {kpi: LearnerKpi(_mean(p["before"]), _mean(p["after"]), [m for m, _ in p["before"]], [m for m, _ in p["after"]],
                            [v for _, v in p["before"]])
            for kpi, p in split.items()}


def _mean(pairs) -> float | None:
    return sum(v for _, v in pairs) / len(pairs) if pairs else None


def _results(of, learner) -> None:
    """Each cohort's trained learners per KPI, the monthly figures of its learners not yet trained (what other
    cohorts compare against), and its learners with a figure after the course (evidence at level 4)."""
    by_learner: dict[tuple, list] = defaultdict(list)
    for cohort_id, user_id, kpi, month, value, finished in kpi_rows(learner):
        by_learner[(cohort_id, user_id, finished is not None)].append((kpi, month, value, finished))
    trained: dict = defaultdict(lambda: defaultdict(list))  # cohort -> KPI -> [LearnerKpi]
    untrained: dict = defaultdict(lambda: defaultdict(dict))  # cohort -> KPI -> learner -> month -> value
    for (cohort_id, user_id, finished), rows in by_learner.items():
        kpis = learner_kpis(rows)
        if any(figures.months_after for figures in kpis.values()):
            evidence = of(cohort_id).evidence
            evidence[4] = evidence.get(4, 0) + 1
        for kpi, figures in kpis.items():
            if finished:
                trained[cohort_id][kpi].append(figures)
            if figures.months_before:
                untrained[cohort_id][kpi][user_id] = dict(zip(figures.months_before, figures.values_before))
    for cohort_id, kpis in untrained.items():
        for kpi, people in kpis.items():
            months = sorted({m for values in people.values() for m in values})
            learners = sorted(people)
            of(cohort_id).untrained[kpi] = MonthlyFigures(
                months, learners, [[people[user].get(m) for m in months] for user in learners])
    for cohort_id, kpis in trained.items():
        for kpi, people in kpis.items():
            changes = relative_changes(np.array([np.nan if p.before is None else p.before for p in people]),
                                       np.array([np.nan if p.after is None else p.after for p in people]))
            of(cohort_id).results[kpi] = TrainedKpi(
                before=mean_figure([p.before for p in people if p.before is not None], "kpi_before"),
                after=mean_figure([p.after for p in people if p.after is not None], "kpi_after"),
                changes=changes[~np.isnan(changes)].tolist(),
                months_before=sorted({m for p in people for m in p.months_before}),
                months_after=sorted({m for p in people for m in p.months_after}))


def _evidence(catalog, of, learner, learners) -> None:
    levels = {
        1: select(ReactionSurvey.user_id.label("user_id")).where(ReactionSurvey.user_id.in_(learners)),
        2: select(learning.post_scores(catalog).where(learning.Attempt.user_id.in_(learners)).subquery().c.user_id),
        3: select(ActionPlan.user_id.label("user_id")).where(ActionPlan.user_id.in_(learners))
           .union(select(BehaviorObservation.learner_id).where(BehaviorObservation.learner_id.in_(learners))),
    }
    for level, query in levels.items():
        users = query.subquery()
        for cohort_id, n in db.session.execute(
            select(User.cohort_id, func.count(distinct(User.id))).join(users, users.c.user_id == User.id)
            .where(learner).group_by(User.cohort_id)):
            of(cohort_id).evidence[level] = n


def _f(value) -> float | None:
    return None if value is None else float(value)
