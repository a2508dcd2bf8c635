"""The periodic summaries: a weekly digest to each trainer and a monthly summary to HR.

Both reuse what the pages already compute (the trainer's dashboard services, HR's report figures)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select

from courseware.catalog import Catalog
from courseware.clock import company_today
from courseware.evaluation import follow_ups
from courseware.evaluation.report import effectiveness
from courseware.extensions import db
from courseware.models import BehaviorObservation, Role, ScenarioRun, User
from courseware.models.roleplay import RUN_FINISHED
from courseware.people.supervision import trained_cohort_ids
from courseware.quizzes import assignments
from courseware.reminders import reminder as r
from courseware.reminders.recipients import reachable
from courseware.reminders.reminder import Reminder, path_for


def weekly_digests(catalog: Catalog, now: datetime) -> list[Reminder]:
    """Once per ISO week, to each trainer with something to do: overdue learners, follow-ups to rate,
    role plays to observe."""
    today = company_today(now)
    year, week, _day = today.isocalendar()
    found = []
    for trainer in reachable(Role.TRAINER):
        cohort_ids = trained_cohort_ids(trainer)
        learners = list(db.session.scalars(select(User).where(User.cohort_id.in_(cohort_ids or {-1}),
                                                              User.role == Role.LEARNER, User.active.is_(True))
                                           .order_by(User.display_name)))
        overdue = [(u, sum(1 for w in assignments.learner_work(catalog, u, now=now) if w.overdue)) for u in learners]
        overdue = [(u, n) for u, n in overdue if n]
        to_rate = [s for s in follow_ups.due_for_trainer(trainer, today) if not s.observed and s.follow_up.due_on <= today]
        to_observe = _unobserved_runs(catalog, [u.id for u in learners])
        if overdue or to_rate or to_observe:
            found.append(Reminder(r.WEEKLY_DIGEST, f"digest:{year}-W{week:02d}", trainer, path_for("learn.dashboard"),
                                  None, {"overdue": overdue, "to_rate": to_rate, "to_observe": to_observe,
                                         "week": f"{year}-W{week:02d}"}))
    return found


def monthly_summaries(catalog: Catalog, now: datetime) -> list[Reminder]:
    """Once per month, to HR: each cohort's learners and behavior follow-ups, from the report's own figures."""
    today = company_today(now)
    recipients = reachable(Role.HR)
    if not recipients:
        return []
    report = effectiveness.build(catalog, today)
    cohorts = [{"name": c.cohort.name, "learners": c.learners, "behavior": c.behavior, "demo": c.demo_learners > 0}
               for c in report.cohorts]
    month = today.strftime("%Y-%m")
    return [Reminder(r.MONTHLY_SUMMARY, f"summary:{month}", hr, path_for("evaluation.report"), None,
                     {"cohorts": cohorts, "month": month}) for hr in recipients]


def _unobserved_runs(catalog: Catalog, learner_ids: list[int]) -> list[tuple[User, dict]]:
    """Finished role plays of these learners that no observation records yet: (learner, scenario title)."""
    if not learner_ids:
        return []
    observed = select(BehaviorObservation.id).where(and_(BehaviorObservation.learner_id == ScenarioRun.user_id,
                                                         BehaviorObservation.scenario_id == ScenarioRun.scenario_id))
    rows = db.session.execute(
        select(User, ScenarioRun.scenario_id).join(ScenarioRun, ScenarioRun.user_id == User.id)
        .where(User.id.in_(learner_ids), ScenarioRun.state == RUN_FINISHED, ~observed.exists())
        .distinct().order_by(User.display_name, ScenarioRun.scenario_id)).all()
    return [(user, dict(catalog.scenarios[sid].title) if sid in catalog.scenarios else {"en": sid}) for user, sid in rows]
