"""One learner's four evaluation levels at a glance: the report's figures (evaluation/report/compute.py)
computed over this one learner, plus the records behind them (follow-ups, the action plan)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from courseware.catalog import Catalog
from courseware.evaluation.report import compute
from courseware.evaluation.report.changes import scope_of
from courseware.evaluation.report.compute import LearnerKpi, LearningFigures, ReactionFigures, ScopeFigures
from courseware.evaluation.report.figures import Figure
from courseware.extensions import db
from courseware.models import ActionPlan, FollowUp, FollowUpRating, User
from courseware.roleplay import profile


@dataclass
class LearnerTracker:
    """The report's figures computed over this one learner (`figures`, what a cohort of them alone would report),
    and the records behind them."""

    learner: User
    figures: ScopeFigures = field(default_factory=ScopeFigures)
    simulated: dict[str, float | None] = field(default_factory=dict)
    plan_on: date | None = None
    commitments: int = 0
    follow_ups: list[dict] = field(default_factory=list)  # id, day, due_on, self, observed, rating, overdue
    kpis: dict[str, LearnerKpi] = field(default_factory=dict)

    @property
    def reaction(self) -> dict[str, ReactionFigures]:  # module id ->
        return self.figures.reaction

    @property
    def learning(self) -> dict[int, LearningFigures]:  # module number -> (n 1 each)
        return self.figures.learning

    @property
    def observed(self) -> Figure | None:  # role-play observations' average rating, n observations
        return self.figures.observed

    def survey_average(self, module_id: str) -> float | None:
        """The learner's average answer (1-5) over a module's survey items."""
        entry = self.reaction.get(module_id)
        if entry is None:
            return None
        answers = [0] * 5
        for item in entry.items.values():
            answers = [a + b for a, b in zip(answers, item.answers)]
        return compute.likert_average(answers).value

    def status(self, level: int) -> str:
        """none / started / complete, for the at-a-glance row: the report's evidence at each level (level 2 starts
        with the pre-test, before the report counts it)."""
        evidence = self.figures.evidence
        if level == 1:
            return "started" if evidence.get(1) else "none"
        if level == 2:
            return "none" if not self.learning else "started"
        if level == 3:
            if not evidence.get(3):
                return "none"
            return "complete" if self.follow_ups and all(f["self"] and f["observed"] for f in self.follow_ups) else "started"
        return "none" if not self.kpis else ("complete" if evidence.get(4) else "started")


def build(catalog: Catalog, learner: User, today: date) -> LearnerTracker:
    """The tracker of `learner` on `today`."""
    scope = scope_of(learner.cohort_id)
    tracker = LearnerTracker(learner, figures=compute.compute(catalog, {scope}, user_id=learner.id)[scope])
    tracker.simulated = profile.build(learner.id).simulated
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.user_id == learner.id))
    if plan:
        tracker.plan_on = plan.submitted_on
        tracker.commitments = db.session.scalar(select(func.count()).select_from(ActionPlan).join(ActionPlan.commitments)
                                                .where(ActionPlan.id == plan.id))
    ratings = dict(db.session.execute(select(FollowUpRating.follow_up_id, func.avg(FollowUpRating.rating))
                                      .join(FollowUp, FollowUp.id == FollowUpRating.follow_up_id)
                                      .where(FollowUp.user_id == learner.id).group_by(FollowUpRating.follow_up_id)).all())
    for f in db.session.scalars(select(FollowUp).where(FollowUp.user_id == learner.id).order_by(FollowUp.day)):
        done_self, observed = f.self_reported_at is not None, f.observed_at is not None
        tracker.follow_ups.append({"id": f.id, "day": f.day, "due_on": f.due_on, "self": done_self, "observed": observed,
                                   "rating": ratings.get(f.id),
                                   "overdue": compute.overdue(f.due_on, done_self, observed, today)})
    rows = compute.kpi_rows(User.id == learner.id)
    tracker.kpis = compute.learner_kpis((kpi, month, value, finished) for *_, kpi, month, value, finished in rows)
    return tracker
