"""Level 3, behavior: the closing module's action plan of SMART commitments, and its 30/60/90-day follow-ups."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from courseware.catalog import Catalog
from courseware.core.inputs import FREE_TEXT_MAX, text_problem
from courseware.extensions import db
from courseware.models import ActionPlan, Commitment, FollowUp, User
from courseware.models.evaluation import FOLLOW_UP_DAYS
from courseware.reading.progress import CourseProgress

MIN_COMMITMENTS = 3


@dataclass(frozen=True)
class CommitmentInput:
    specific: str
    measure: str
    achievable: bool
    support: str
    items: tuple[str, ...]
    due_on: date | None

    @property
    def blank(self) -> bool:
        return not (self.specific.strip() or self.measure.strip() or self.items or self.due_on)


class PlanError(ValueError):
    """`problems` maps a commitment's position (0-based) to {SMART field: problem code}; -1 is the plan itself."""

    def __init__(self, problems: dict[int, dict[str, str]]):
        self.problems = problems
        super().__init__(str(problems))


def check(catalog: Catalog, commitments: list[CommitmentInput], today: date) -> dict[int, dict[str, str]]:
    """SMART, letter by letter: Specific (a concrete action), Measurable (a number to check), Achievable
    (confirmed), Relevant (linked to course items), Time-bound (a date within the next year)."""
    problems: dict[int, dict[str, str]] = {}
    known = set(catalog.coverage)
    filled = [c for c in commitments if not c.blank]
    if len(filled) < MIN_COMMITMENTS:
        problems[-1] = {"plan": "too_few"}
    for position, c in enumerate(commitments):
        if c.blank:
            continue
        issues = {name: "text" for name in ("specific", "measure", "support")
                  if text_problem(getattr(c, name), FREE_TEXT_MAX, multiline=True)}
        if len(c.specific.strip()) < 10:
            issues["specific"] = "vague"
        if not re.search(r"\d", c.measure) and "measure" not in issues:
            issues["measure"] = "no_number"
        if not c.achievable:
            issues["achievable"] = "unconfirmed"
        if not c.items or any(i not in known for i in c.items):
            issues["items"] = "no_item"
        if c.due_on is None or not today < c.due_on <= today + timedelta(days=366):
            issues["due_on"] = "bad_date"
        if issues:
            problems[position] = issues
    return problems


def is_due(user_id: int, course: CourseProgress) -> bool:
    """The plan is due once the closing module is read through, until the learner saves one."""
    closing = course.modules[-1] if course.modules else None
    return closing is not None and closing.done == closing.total and find(user_id) is None


def find(user_id: int) -> ActionPlan | None:
    return db.session.scalar(select(ActionPlan).options(selectinload(ActionPlan.commitments))
                             .where(ActionPlan.user_id == user_id))


def save(catalog: Catalog, user: User, commitments: list[CommitmentInput], today: date) -> ActionPlan:
    """Save the plan (every commitment SMART, at least three). The first save schedules the follow-ups at
    30, 60 and 90 days; later edits keep the commitments' identity by position, so reports stay attached."""
    problems = check(catalog, commitments, today)
    if problems:
        raise PlanError(problems)
    filled = [c for c in commitments if not c.blank]
    plan = find(user.id)
    if plan is None:
        plan = ActionPlan(user_id=user.id, submitted_on=today)
        plan.commitments = []
        db.session.add(plan)
    existing = list(plan.commitments)
    for position, data in enumerate(filled):
        row = existing[position] if position < len(existing) else Commitment(position=position)
        row.specific, row.measure, row.achievable = data.specific.strip(), data.measure.strip(), data.achievable
        row.support, row.items, row.due_on = data.support.strip(), list(data.items), data.due_on
        if position >= len(existing):
            plan.commitments.append(row)
    for row in existing[len(filled):]:
        plan.commitments.remove(row)
    if plan.submitted_on is None:
        plan.submitted_on = today
    db.session.flush()
    have = set(db.session.scalars(select(FollowUp.day).where(FollowUp.user_id == user.id)))
    for day in FOLLOW_UP_DAYS:
        if day not in have:
            db.session.add(FollowUp(user_id=user.id, day=day, due_on=plan.submitted_on + timedelta(days=day)))
    try:
        db.session.commit()
    except IntegrityError:  # a simultaneous first save created the plan: save again onto it
        db.session.rollback()
        return save(catalog, user, commitments, today)
    return find(user.id)
