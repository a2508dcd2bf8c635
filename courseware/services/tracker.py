"""One learner's four evaluation levels at a glance: reaction, learning, behavior, results."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from courseware.catalog import Catalog
from courseware.extensions import db
from courseware.models import (
    ActionPlan, BehaviorObservation, FollowUp, FollowUpRating, KpiRecord, ObservationRating, ReactionSurvey, SurveyAnswer,
    User,
)
from courseware.services import competency_profile, level2


@dataclass
class LearnerTracker:
    learner: User
    surveys: dict[str, dict] = field(default_factory=dict)  # module id -> {average, recommend}
    learning: dict[int, dict] = field(default_factory=dict)  # module number -> {pre, post, gain, passed}
    simulated: dict[str, float | None] = field(default_factory=dict)
    plan_on: date | None = None
    commitments: int = 0
    follow_ups: list[dict] = field(default_factory=list)  # day, due_on, self, observed, rating, overdue
    observations: int = 0
    observed_average: float | None = None
    kpis: dict[str, dict] = field(default_factory=dict)  # kpi -> {before, after, months_before, months_after}

    def status(self, level: int) -> str:
        """none / started / complete, for the at-a-glance row."""
        if level == 1:
            return "none" if not self.surveys else "started"
        if level == 2:
            return "none" if not self.learning else "started"
        if level == 3:
            if self.plan_on is None and not self.observations:
                return "none"
            return "complete" if self.follow_ups and all(f["self"] and f["observed"] for f in self.follow_ups) else "started"
        return "none" if not self.kpis else ("complete" if any(k["after"] is not None for k in self.kpis.values()) else "started")


def build(catalog: Catalog, learner: User, today: date) -> LearnerTracker:
    tracker = LearnerTracker(learner)
    for module_id, average, recommend in db.session.execute(
        select(ReactionSurvey.module_id, func.avg(SurveyAnswer.value), func.max(ReactionSurvey.recommend))
        .join(SurveyAnswer, SurveyAnswer.survey_id == ReactionSurvey.id)
        .where(ReactionSurvey.user_id == learner.id).group_by(ReactionSurvey.module_id)
    ):
        tracker.surveys[module_id] = {"average": round(float(average), 2), "recommend": recommend}
    pre = {m: p for _, m, p in db.session.execute(level2.pre_scores(catalog).where(level2.Attempt.user_id == learner.id))}
    posts = {m: (p, passed) for _, m, p, passed in db.session.execute(
        level2.post_scores(catalog).where(level2.Attempt.user_id == learner.id))}
    for module in sorted(set(pre) | set(posts)):
        pre_value = pre.get(module)
        post_value, passed = posts.get(module, (None, None))
        tracker.learning[module] = {"pre": pre_value, "post": post_value, "passed": bool(passed) if passed is not None else None,
                                    "gain": level2.normalized_gain(pre_value, post_value)}
    tracker.simulated = competency_profile.build(learner.id).simulated
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.user_id == learner.id))
    if plan:
        tracker.plan_on = plan.submitted_on
        tracker.commitments = db.session.scalar(select(func.count()).select_from(ActionPlan).join(ActionPlan.commitments)
                                                .where(ActionPlan.id == plan.id))
    ratings = dict(db.session.execute(select(FollowUpRating.follow_up_id, func.avg(FollowUpRating.rating))
                                      .join(FollowUp, FollowUp.id == FollowUpRating.follow_up_id)
                                      .where(FollowUp.user_id == learner.id).group_by(FollowUpRating.follow_up_id)).all())
    for f in db.session.scalars(select(FollowUp).where(FollowUp.user_id == learner.id).order_by(FollowUp.day)):
        tracker.follow_ups.append({"id": f.id, "day": f.day, "due_on": f.due_on, "self": f.self_reported_at is not None,
                                   "observed": f.observed_at is not None, "rating": ratings.get(f.id),
                                   "overdue": f.due_on < today and (f.self_reported_at is None or f.observed_at is None)})
    count, average = db.session.execute(
        select(func.count(func.distinct(BehaviorObservation.id)), func.avg(ObservationRating.rating))
        .join(ObservationRating, ObservationRating.observation_id == BehaviorObservation.id)
        .where(BehaviorObservation.learner_id == learner.id)).one()
    tracker.observations, tracker.observed_average = count, round(float(average), 2) if average is not None else None
    if plan and plan.submitted_on:
        month = plan.submitted_on.strftime("%Y-%m")  # the month the course ended counts as neither before nor after
        for kpi, before, after, n_before, n_after in db.session.execute(
            select(KpiRecord.kpi,
                   func.avg(case((KpiRecord.month < month, KpiRecord.value), else_=None)),
                   func.avg(case((KpiRecord.month > month, KpiRecord.value), else_=None)),
                   func.count(case((KpiRecord.month < month, 1), else_=None)),
                   func.count(case((KpiRecord.month > month, 1), else_=None)))
            .where(KpiRecord.user_id == learner.id).group_by(KpiRecord.kpi)
        ):
            tracker.kpis[kpi] = {"before": before, "after": after, "months_before": n_before, "months_after": n_after}
    else:
        for kpi, average, months in db.session.execute(
            select(KpiRecord.kpi, func.avg(KpiRecord.value), func.count()).where(KpiRecord.user_id == learner.id)
            .group_by(KpiRecord.kpi)
        ):
            tracker.kpis[kpi] = {"before": average, "after": None, "months_before": months, "months_after": 0}
    return tracker
