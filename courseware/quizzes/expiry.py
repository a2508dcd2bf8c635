"""Attempts whose time ran out: read as submitted (graded on the answers saved in time) without writing, and closed
in one set-based step inside a write transaction."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, case, select, update

from courseware.catalog.questions import question_type
from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer
from courseware.models.quiz import IN_PROGRESS, SUBMITTED
from courseware.models.types import utcnow

# Answers sent just as the clock runs out still count: the request may have been on its way.
GRACE = timedelta(seconds=30)


def is_expired(attempt: Attempt, now: datetime | None = None) -> bool:
    """Whether the attempt's time (plus the grace) has run out; says nothing of its state."""
    return attempt.deadline_at is not None and (now or utcnow()) > attempt.deadline_at + GRACE


def ran_out(attempt: Attempt, now: datetime | None = None) -> bool:
    """Still open in the database, but its time ran out: it reads as submitted."""
    return attempt.state == IN_PROGRESS and is_expired(attempt, now)


def ran_out_condition(now: datetime | None = None):
    """`ran_out` in SQL."""
    return and_(Attempt.state == IN_PROGRESS, Attempt.deadline_at.is_not(None),
                Attempt.deadline_at < (now or utcnow()) - GRACE)


def grade(attempt: Attempt, answers: dict[int, AttemptAnswer]) -> tuple[float, dict[int, float]]:
    """The score in percent and each slot's fraction, from the saved answers (a slot without one graded blank)."""
    fractions = {slot: question_type(snap["type"]).grade(snap, answers[slot].response if slot in answers else None)
                 for slot, snap in enumerate(attempt.snapshot)}
    total = sum(s["mark"] for s in attempt.snapshot)
    earned = sum(fractions[slot] * snap["mark"] for slot, snap in enumerate(attempt.snapshot))
    return (round(100 * earned / total, 4) if total else 0.0), fractions


def _saved_answers(attempts: Iterable[Attempt]) -> dict[int, dict[int, AttemptAnswer]]:
    ids = [a.id for a in attempts]
    found: dict[int, dict[int, AttemptAnswer]] = {i: {} for i in ids}
    if ids:
        for row in db.session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id.in_(ids))):
            found[row.attempt_id][row.slot] = row
    return found


def as_read(attempts: list[Attempt], now: datetime | None = None) -> list[Attempt]:
    """The attempts as they stand at `now`: each one whose time ran out replaced by a submitted copy outside the
    session (its score, and its graded answers in `graded_answers`). One query for their answers, none when no
    attempt ran out; nothing is written."""
    late = [a for a in attempts if ran_out(a, now)]
    if not late:
        return attempts
    saved = _saved_answers(late)
    copies = {a.id: _submitted_copy(a, saved[a.id]) for a in late}
    return [copies.get(a.id, a) if ran_out(a, now) else a for a in attempts]


def _submitted_copy(attempt: Attempt, answers: dict[int, AttemptAnswer]) -> Attempt:
    score, fractions = grade(attempt, answers)
    copy = Attempt(id=attempt.id, user_id=attempt.user_id, quiz_id=attempt.quiz_id, number=attempt.number,
                   state=SUBMITTED, started_at=attempt.started_at, deadline_at=attempt.deadline_at,
                   submitted_at=attempt.deadline_at, auto_submitted=True, score=score, snapshot=attempt.snapshot)
    copy.graded_answers = {
        slot: AttemptAnswer(id=answers[slot].id if slot in answers else None, attempt_id=attempt.id, slot=slot,
                            question_id=snap["question"], module=snap.get("module"),
                            response=answers[slot].response if slot in answers else None, fraction=fractions[slot])
        for slot, snap in enumerate(attempt.snapshot)}
    return copy


def close_expired(now: datetime | None = None, user_ids: list[int] | None = None) -> int:
    """Submit the attempts whose time ran out (of these learners, or everyone's) exactly as `as_read` reads them:
    one query for them, one for their answers, then one UPDATE of the attempts, one of the saved answers and one
    INSERT of the blank ones, in the caller's transaction (the caller commits). Returns how many were closed."""
    now = now or utcnow()
    query = select(Attempt).where(ran_out_condition(now)).with_for_update()  # a simultaneous submit waits, or wins
    if user_ids is not None:
        query = query.where(Attempt.user_id.in_(user_ids))
    late = list(db.session.scalars(query))
    if not late:
        return 0
    saved = _saved_answers(late)
    scores, fractions, blanks = {}, {}, []
    for attempt in late:
        scores[attempt.id], graded = grade(attempt, saved[attempt.id])
        for slot, fraction in graded.items():
            if slot in saved[attempt.id]:
                fractions[saved[attempt.id][slot].id] = fraction
            else:
                snap = attempt.snapshot[slot]
                blanks.append(AttemptAnswer(attempt_id=attempt.id, slot=slot, question_id=snap["question"],
                                            module=snap.get("module"), fraction=fraction))
    closed = db.session.execute(
        update(Attempt).where(Attempt.id.in_(list(scores)), Attempt.state == IN_PROGRESS)
        .values(state=SUBMITTED, auto_submitted=True, submitted_at=Attempt.deadline_at,
                score=case(scores, value=Attempt.id))
        .execution_options(synchronize_session=False)).rowcount
    if fractions:
        db.session.execute(update(AttemptAnswer).where(AttemptAnswer.id.in_(list(fractions)))
                           .values(fraction=case(fractions, value=AttemptAnswer.id))
                           .execution_options(synchronize_session=False))
    db.session.add_all(blanks)
    for attempt in late:
        db.session.expire(attempt)  # the UPDATE bypassed the objects: read them again
    for rows in saved.values():
        for row in rows.values():
            db.session.expire(row)
    db.session.flush()
    return closed
