"""The figures of HR's effectiveness report for a set of cohorts, computed from the learners' records.

One pass makes a fixed number of GROUP BY queries over the chosen cohorts' learners only (never over
everyone's records), and returns for each cohort a JSON-ready dict: services/report_summaries.py stores
it, services/effectiveness.py assembles the report from it. Keys of a cohort's figures:

- learners: the cohort's learners
- reaction: module id -> {n, recommend (average 0-10), items: {survey item: [answers 1, 2, 3, 4, 5]}}
- learning: module number -> {n, pre, pre_n, post, gain, gain_n, pass_rate, pretest_n, pretest_avg}
- plans; follow_ups: [[due on, self-reported?, observed?, count]]; trend: follow-up day -> {avg, n};
  observations, observed_avg
- results: KPI -> [average before, average after, learners before, learners after]; months: KPI ->
  {before: [YYYY-MM], after: [...]}; untrained: KPI -> {month: [sum, figures]} of the learners not yet
  trained that month (what other cohorts compare against)
- evidence: level -> learners with a record at that level
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, distinct, func, or_, select

from courseware.catalog import Catalog
from courseware.extensions import db
from courseware.models import (
    ActionPlan, BehaviorObservation, FollowUp, FollowUpRating, KpiRecord, ObservationRating, ReactionSurvey,
    SurveyAnswer, User,
)
from courseware.services import level2
from courseware.services.report_changes import NO_COHORT, scope_of


def empty() -> dict[str, Any]:
    return {"learners": 0, "reaction": {}, "learning": {}, "plans": 0, "follow_ups": [], "trend": {},
            "observations": 0, "observed_avg": None, "results": {}, "months": {}, "untrained": {}, "evidence": {}}


def compute(catalog: Catalog, scopes: set[str]) -> dict[str, dict[str, Any]]:
    """The figures of each scope: "c<cohort id>", or "none" for the learners without a cohort."""
    figures = {scope: empty() for scope in scopes}
    cohort_ids = [int(s[1:]) for s in scopes if s != NO_COHORT]
    in_scope = User.cohort_id.in_(cohort_ids or [-1])
    if NO_COHORT in scopes:
        in_scope = or_(in_scope, User.cohort_id.is_(None))
    learner = and_(User.role == "learner", in_scope)
    learners = select(User.id).where(learner)

    def of(cohort_id):
        return figures[scope_of(cohort_id)]

    for cohort_id, n in db.session.execute(select(User.cohort_id, func.count()).where(learner).group_by(User.cohort_id)):
        of(cohort_id)["learners"] = n
    _reaction(of, learner)
    _learning(catalog, of, learner, learners)
    _behavior(of, learner)
    _results(of, learner)
    _evidence(catalog, of, learner, learners)
    return figures


def _reaction(of, learner) -> None:
    rows = db.session.execute(
        select(User.cohort_id, ReactionSurvey.module_id, SurveyAnswer.item, SurveyAnswer.value, func.count())
        .join(ReactionSurvey, ReactionSurvey.user_id == User.id).join(SurveyAnswer, SurveyAnswer.survey_id == ReactionSurvey.id)
        .where(learner).group_by(User.cohort_id, ReactionSurvey.module_id, SurveyAnswer.item, SurveyAnswer.value))
    for cohort_id, module_id, item, value, count in rows:
        entry = of(cohort_id)["reaction"].setdefault(module_id, {"n": 0, "recommend": None, "items": {}})
        entry["items"].setdefault(item, [0] * 5)[value - 1] += count
    for cohort_id, module_id, n, recommend in db.session.execute(
        select(User.cohort_id, ReactionSurvey.module_id, func.count(), func.avg(ReactionSurvey.recommend))
        .join(ReactionSurvey, ReactionSurvey.user_id == User.id).where(learner)
        .group_by(User.cohort_id, ReactionSurvey.module_id)):
        entry = of(cohort_id)["reaction"].setdefault(module_id, {"n": 0, "recommend": None, "items": {}})
        entry["n"], entry["recommend"] = n, _f(recommend)


def _learning(catalog, of, learner, learners) -> None:
    pairs = level2.pre_post(catalog, learners).subquery()
    gain = level2.gain_expression(pairs.c.anchor_pre, pairs.c.anchor_post)  # on the anchor items: the same questions
    rows = db.session.execute(
        select(User.cohort_id, pairs.c.module, func.count(), func.avg(pairs.c.pre), func.count(pairs.c.pre),
               func.avg(pairs.c.post), func.avg(gain), func.count(gain), func.avg(pairs.c.passed))
        .join(pairs, pairs.c.user_id == User.id).where(learner).group_by(User.cohort_id, pairs.c.module))
    for cohort_id, module, n, pre, pre_n, post, avg_gain, gain_n, passed in rows:
        of(cohort_id)["learning"][str(module)] = {
            "n": n, "pre": _f(pre), "pre_n": pre_n, "post": _f(post), "gain": _f(avg_gain), "gain_n": gain_n,
            "pass_rate": 100 * float(passed) if passed is not None else None}
    pre = level2.pre_scores(catalog).where(level2.Attempt.user_id.in_(learners)).subquery()
    for cohort_id, module, n, average in db.session.execute(
        select(User.cohort_id, pre.c.module, func.count(), func.avg(pre.c.pre)).join(pre, pre.c.user_id == User.id)
        .where(learner).group_by(User.cohort_id, pre.c.module)):
        entry = of(cohort_id)["learning"].setdefault(
            str(module), {"n": 0, "post": None, "gain": None, "gain_n": 0, "pass_rate": None})
        entry["pretest_n"], entry["pretest_avg"] = n, _f(average)


def _behavior(of, learner) -> None:
    for cohort_id, plans in db.session.execute(
        select(User.cohort_id, func.count()).join(ActionPlan, ActionPlan.user_id == User.id).where(learner)
        .group_by(User.cohort_id)):
        of(cohort_id)["plans"] = plans
    self_reported, observed = FollowUp.self_reported_at.is_not(None), FollowUp.observed_at.is_not(None)
    for cohort_id, due_on, is_self, is_observed, n in db.session.execute(
        select(User.cohort_id, FollowUp.due_on, self_reported, observed, func.count())
        .join(FollowUp, FollowUp.user_id == User.id).where(learner)
        .group_by(User.cohort_id, FollowUp.due_on, self_reported, observed)
        .order_by(User.cohort_id, FollowUp.due_on, self_reported, observed)):
        of(cohort_id)["follow_ups"].append([due_on.isoformat(), bool(is_self), bool(is_observed), n])
    for cohort_id, day, average, n in db.session.execute(
        select(User.cohort_id, FollowUp.day, func.avg(FollowUpRating.rating), func.count(distinct(FollowUp.id)))
        .join(FollowUp, FollowUp.user_id == User.id).join(FollowUpRating, FollowUpRating.follow_up_id == FollowUp.id)
        .where(learner).group_by(User.cohort_id, FollowUp.day)):
        of(cohort_id)["trend"][str(day)] = {"avg": _f(average), "n": n}
    for cohort_id, n, average in db.session.execute(
        select(User.cohort_id, func.count(distinct(BehaviorObservation.id)), func.avg(ObservationRating.rating))
        .join(BehaviorObservation, BehaviorObservation.learner_id == User.id)
        .join(ObservationRating, ObservationRating.observation_id == BehaviorObservation.id)
        .where(learner).group_by(User.cohort_id)):
        of(cohort_id).update(observations=n, observed_avg=_f(average))


def plan_month():
    """The month a learner finished the course (submitted the action plan), as YYYY-MM text in SQL."""
    return func.substr(func.cast(ActionPlan.submitted_on, db.String), 1, 7)


def _results(of, learner) -> None:
    before, after = KpiRecord.month < plan_month(), KpiRecord.month > plan_month()
    trained = (select(User.cohort_id).join(KpiRecord, KpiRecord.user_id == User.id)
               .join(ActionPlan, ActionPlan.user_id == User.id).where(learner))
    for cohort_id, kpi, avg_before, avg_after, n_before, n_after in db.session.execute(
        trained.add_columns(KpiRecord.kpi, func.avg(case((before, KpiRecord.value))), func.avg(case((after, KpiRecord.value))),
                            func.count(distinct(case((before, KpiRecord.user_id)))),
                            func.count(distinct(case((after, KpiRecord.user_id)))))
        .group_by(User.cohort_id, KpiRecord.kpi)):
        of(cohort_id)["results"][kpi] = [_f(avg_before), _f(avg_after), n_before, n_after]
    # The months the cohort's figures fall in, before and after the course.
    phase = case((before, "before"), (after, "after"), else_="during")
    for cohort_id, kpi, month, when in db.session.execute(
        trained.add_columns(KpiRecord.kpi, KpiRecord.month, phase).distinct().order_by(KpiRecord.month)):
        if when != "during":
            of(cohort_id)["months"].setdefault(kpi, {"before": [], "after": []})[when].append(month)
    # What the cohort adds to other cohorts' comparison group: its learners not yet trained, per month.
    untrained = or_(ActionPlan.id.is_(None), KpiRecord.month < plan_month())
    for cohort_id, kpi, month, total, n in db.session.execute(
        select(User.cohort_id, KpiRecord.kpi, KpiRecord.month, func.sum(KpiRecord.value), func.count())
        .join(KpiRecord, KpiRecord.user_id == User.id).join(ActionPlan, ActionPlan.user_id == User.id, isouter=True)
        .where(learner, untrained).group_by(User.cohort_id, KpiRecord.kpi, KpiRecord.month)):
        of(cohort_id)["untrained"].setdefault(kpi, {})[month] = [float(total), n]


def _evidence(catalog, of, learner, learners) -> None:
    levels = {
        1: select(ReactionSurvey.user_id.label("user_id")).where(ReactionSurvey.user_id.in_(learners)),
        2: select(level2.post_scores(catalog).where(level2.Attempt.user_id.in_(learners)).subquery().c.user_id),
        3: select(ActionPlan.user_id.label("user_id")).where(ActionPlan.user_id.in_(learners))
           .union(select(BehaviorObservation.learner_id).where(BehaviorObservation.learner_id.in_(learners))),
        4: select(KpiRecord.user_id.label("user_id")).join(ActionPlan, ActionPlan.user_id == KpiRecord.user_id)
           .where(KpiRecord.user_id.in_(learners), KpiRecord.month > plan_month()),
    }
    for level, query in levels.items():
        users = query.subquery()
        for cohort_id, n in db.session.execute(
            select(User.cohort_id, func.count(distinct(User.id))).join(users, users.c.user_id == User.id)
            .where(learner).group_by(User.cohort_id)):
            of(cohort_id)["evidence"][str(level)] = n


def _f(value) -> float | None:
    return None if value is None else float(value)
