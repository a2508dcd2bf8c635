"""Records that make each kind of reminder due, at a fixed daytime moment (noon in Shanghai)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from courseware.extensions import db
from courseware.models import Assignment, Delivery, FollowUp
from courseware.reading import progress

NOON = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai: outside the quiet hours
TODAY = date(2026, 12, 3)


def learner_with_email(users, cohort, name="li", locale="zh-Hans", **fields):
    fields.setdefault("email", f"{name}@example.com")
    return users("learner", username=name, cohort=cohort, locale=locale, **fields)


def assignment(cohort, due_at, target="basics-check", kind="quiz") -> Assignment:
    row = Assignment(kind=kind, target_id=target, cohort_id=cohort.id, due_at=due_at)
    db.session.add(row)
    db.session.commit()
    return row


def follow_up(learner, due_on=TODAY - timedelta(days=1), day=30) -> FollowUp:
    row = FollowUp(user_id=learner.id, day=day, due_on=due_on)
    db.session.add(row)
    db.session.commit()
    return row


def read_module(app, learner, module_id="basics") -> None:
    module = app.extensions["catalog"].module(module_id)
    for section in module.sections:
        progress.mark_read(learner.id, module.id, section.id)


def deliveries() -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Delivery).order_by(Delivery.id)))


def by_recipient(messages) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in messages:
        out.setdefault(m["To"].addresses[0].addr_spec, []).append(m)
    return out
