"""What learners must be reminded of now: assignments due soon or overdue, follow-ups due, surveys pending.

One function per kind; each only reads and returns Reminder values (staff accounts get no learner reminders)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from courseware.catalog import Catalog
from courseware.clock import company_today
from courseware.evaluation import reaction
from courseware.extensions import db
from courseware.models import Assignment, FollowUp, Role, User, assignment_learners
from courseware.quizzes import assignments
from courseware.reminders import reminder as r
from courseware.reminders.recipients import reachable
from courseware.reminders.reminder import Reminder, path_for

DUE_SOON = timedelta(hours=48)


def assignments_due(catalog: Catalog, now: datetime) -> list[Reminder]:
    """Unfinished assignments due within 48 hours: one reminder per learner, assignment and due date."""
    return [_work_reminder(catalog, r.ASSIGNMENT_DUE, "assignment-due", learner, work)
            for learner, work in _unfinished_work(catalog, now, now + DUE_SOON)
            if work.assignment.due_at > now]


def assignments_overdue(catalog: Catalog, now: datetime) -> list[Reminder]:
    """Unfinished assignments past their due date: one reminder per learner, assignment and due date."""
    return [_work_reminder(catalog, r.ASSIGNMENT_OVERDUE, "assignment-overdue", learner, work)
            for learner, work in _unfinished_work(catalog, now, now) if work.overdue]


def follow_ups_due(catalog: Catalog, now: datetime) -> list[Reminder]:
    """Follow-ups (30, 60, 90 days) whose day has come and that the learner has not reported on, with the form's link."""
    today = company_today(now)
    rows = db.session.execute(
        select(FollowUp, User).join(User, User.id == FollowUp.user_id)
        .where(FollowUp.due_on <= today, FollowUp.self_reported_at.is_(None)).order_by(FollowUp.id)).all()
    allowed = {u.id for u in reachable(Role.LEARNER, {user.id for _f, user in rows})}
    return [Reminder(r.FOLLOW_UP_DUE, f"follow-up:{f.id}:{f.due_on.isoformat()}", user,
                     path_for("evaluation.follow_up", follow_up_id=f.id), user.cohort_id,
                     {"day": f.day, "due_on": f.due_on, "overdue": f.due_on < today})
            for f, user in rows if user.id in allowed]


def surveys_pending(catalog: Catalog, now: datetime) -> list[Reminder]:
    """Modules a learner has read to the end without answering its survey (and not closed for the cohort)."""
    found = []
    for learner in reachable(Role.LEARNER):
        for module in reaction.pending(catalog, learner):
            found.append(Reminder(r.SURVEY_PENDING, f"survey:{module.id}", learner,
                                  path_for("evaluation.survey", module_id=module.id), learner.cohort_id,
                                  {"title": module.title}))
    return found


def _unfinished_work(catalog: Catalog, now: datetime, until: datetime):
    """(learner, AssignedWork) for unfinished assignments due by `until`, for the learners they concern."""
    dated = select(Assignment).where(Assignment.due_at.is_not(None), Assignment.due_at <= until)
    cohorts = set(db.session.scalars(dated.with_only_columns(Assignment.cohort_id).where(Assignment.whole_cohort)))
    named = set(db.session.scalars(select(assignment_learners.c.user_id).where(
        assignment_learners.c.assignment_id.in_(dated.with_only_columns(Assignment.id)))))
    concerned = set(db.session.scalars(select(User.id).where(or_(User.cohort_id.in_(cohorts or {-1}),
                                                                     User.id.in_(named or {-1})))))
    for learner in reachable(Role.LEARNER, concerned):
        for work in assignments.learner_work(catalog, learner, now=now):
            due = work.assignment.due_at
            if not work.done and due is not None and due <= until:
                yield learner, work


def _work_reminder(catalog: Catalog, kind: str, prefix: str, learner: User, work) -> Reminder:
    a = work.assignment
    title, path = _target(catalog, a)
    return Reminder(kind, f"{prefix}:{a.id}:{a.due_at.strftime('%Y-%m-%dT%H:%M')}", learner, path, a.cohort_id,
                    {"title": title, "due_at": a.due_at, "work_kind": a.kind})


def _target(catalog: Catalog, a: Assignment) -> tuple[dict, str]:
    """The assigned work's bilingual title and the path of its page."""
    if a.kind == "quiz":
        quiz = catalog.quizzes.get(a.target_id)
        return dict(quiz.title) if quiz else {"en": a.target_id}, path_for("quizzes.quiz", quiz_id=a.target_id)
    if a.kind == "module":
        module = catalog.module(a.target_id)
        return dict(module.title) if module else {"en": a.target_id}, path_for("learn.module", module_id=a.target_id)
    scenario = catalog.scenarios.get(a.target_id)
    return (dict(scenario.title) if scenario else {"en": a.target_id},
            path_for("roleplay.scenario", scenario_id=a.target_id))
