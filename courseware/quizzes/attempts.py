"""Taking a quiz: start, save as you go, submit once, time limits, grading methods, review rules."""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from courseware.catalog import Catalog, Quiz
from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer, QuizGrant
from courseware.models.quiz import IN_PROGRESS, SUBMITTED
from courseware.models.types import utcnow
from courseware.quizzes import drawing, expiry
from courseware.quizzes.expiry import is_expired, ran_out  # noqa: F401 (ran_out: for the views)


class QuizError(Exception):
    """A rule of taking quizzes was broken; `code` says which (for a translated message)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Allowance:
    attempts: int  # 0 = unlimited
    extra_minutes: int


@dataclass
class QuizStatus:
    """A learner's standing on one quiz."""

    quiz: Quiz
    attempts: list[Attempt]
    allowance: Allowance
    due_at: datetime | None = None
    open_attempt: Attempt | None = field(default=None)

    @property
    def submitted(self) -> list[Attempt]:
        return [a for a in self.attempts if a.state == SUBMITTED]

    @property
    def attempts_left(self) -> int | None:
        if not self.allowance.attempts:
            return None
        return max(0, self.allowance.attempts - len(self.attempts))

    @property
    def can_start(self) -> bool:
        return self.open_attempt is None and (self.attempts_left is None or self.attempts_left > 0)

    @property
    def grade(self) -> float | None:
        return final_grade(self.quiz.grading, self.submitted)

    @property
    def graded(self) -> bool:
        """False for the diagnostic pre-test: it has a score but no pass or fail."""
        return self.quiz.kind != "pretest"

    @property
    def passed(self) -> bool | None:
        grade = self.grade
        return None if grade is None or not self.graded else grade >= self.quiz.pass_mark

    @property
    def state(self) -> str:
        """The one status word of a learner's standing: not_started, in_progress, passed, not_passed (attempts
        left, see `attempts_left`), failed (no attempt left) or completed (the diagnostic pre-test)."""
        if self.open_attempt is not None:
            return "in_progress"
        if not self.submitted:
            return "not_started"
        if not self.graded:
            return "completed"
        if self.passed:
            return "passed"
        return "not_passed" if self.attempts_left is None or self.attempts_left > 0 else "failed"

    @property
    def finished(self) -> bool:
        """Nothing more is expected of the learner: passed, out of attempts, or the pre-test taken."""
        return self.state in ("passed", "failed", "completed")


def final_grade(method: str, submitted: list[Attempt]) -> float | None:
    """The quiz grade from the submitted attempts by the quiz's grading method (Moodle's four)."""
    scores = [a.score for a in sorted(submitted, key=lambda a: a.number) if a.score is not None]
    if not scores:
        return None
    if method == "highest":
        return max(scores)
    if method == "first":
        return scores[0]
    if method == "last":
        return scores[-1]
    return round(sum(scores) / len(scores), 4)


def _grants(user_id: int, quiz_ids: list[str]) -> dict[str, tuple[int, int]]:
    """quiz id -> (extra attempts, extra minutes) granted to the learner."""
    return {quiz_id: (int(attempts), int(minutes)) for quiz_id, attempts, minutes in db.session.execute(
        select(QuizGrant.quiz_id, func.sum(QuizGrant.extra_attempts), func.sum(QuizGrant.extra_minutes))
        .where(QuizGrant.user_id == user_id, QuizGrant.quiz_id.in_(quiz_ids)).group_by(QuizGrant.quiz_id))}


def attempts_so_far(user_id: int, quiz: Quiz, now: datetime | None = None) -> list[Attempt]:
    """The learner's attempts at a quiz in order, those whose time ran out read as submitted."""
    return _attempts(user_id, [quiz.id], now).get(quiz.id, [])


def _attempts(user_id: int, quiz_ids: list[str], now: datetime | None) -> dict[str, list[Attempt]]:
    """quiz id -> the learner's attempts in order, those whose time ran out read as submitted (nothing is written)."""
    found: dict[str, list[Attempt]] = {}
    rows = db.session.scalars(select(Attempt).where(Attempt.user_id == user_id, Attempt.quiz_id.in_(quiz_ids))
                              .order_by(Attempt.quiz_id, Attempt.number))
    for attempt in expiry.as_read(list(rows), now):
        found.setdefault(attempt.quiz_id, []).append(attempt)
    return found


def statuses(user_id: int, quizzes: list[Quiz], due: dict[str, datetime] | None = None,
             now: datetime | None = None) -> list[QuizStatus]:
    """Attempts so far (those whose time ran out read as submitted), what is allowed, and the grade, for each quiz: two
    queries whatever the number of quizzes."""
    ids = [q.id for q in quizzes]
    attempts, grants, due = _attempts(user_id, ids, now), _grants(user_id, ids), due or {}
    result = []
    for quiz in quizzes:
        extra_attempts, extra_minutes = grants.get(quiz.id, (0, 0))
        allowance = Allowance(quiz.attempts + extra_attempts if quiz.attempts else 0, extra_minutes)
        mine = attempts.get(quiz.id, [])
        open_attempt = next((a for a in mine if a.state == IN_PROGRESS), None)
        result.append(QuizStatus(quiz, mine, allowance, due.get(quiz.id), open_attempt))
    return result


def status(user_id: int, quiz: Quiz, due_at: datetime | None = None, now: datetime | None = None) -> QuizStatus:
    """One quiz's status (see `statuses`)."""
    return statuses(user_id, [quiz], {quiz.id: due_at} if due_at else None, now)[0]


def start(catalog: Catalog, user_id: int, quiz: Quiz, now: datetime | None = None) -> Attempt:
    """Open a new attempt, or return the one still open. Attempt numbers are unique per learner and
    quiz, so two simultaneous starts cannot both take the last attempt."""
    now = now or utcnow()
    expiry.close_expired(now, [user_id])  # this write also records the learner's attempts whose time ran out
    current = status(user_id, quiz, now=now)
    if current.open_attempt:
        return current.open_attempt
    if not current.can_start:
        raise QuizError("no_attempts_left")
    minutes = quiz.time_limit + current.allowance.extra_minutes if quiz.time_limit else 0
    attempt = Attempt(
        user_id=user_id, quiz_id=quiz.id, number=len(current.attempts) + 1, state=IN_PROGRESS, started_at=now,
        deadline_at=now + timedelta(minutes=minutes) if minutes else None,
        snapshot=drawing.snapshot_for(catalog, quiz, user_id, random.Random(secrets.randbits(64))),
    )
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request (double click, second tab) created this attempt number first: use that one.
        db.session.rollback()
        existing = db.session.scalar(select(Attempt).where(
            Attempt.user_id == user_id, Attempt.quiz_id == quiz.id, Attempt.state == IN_PROGRESS))
        if existing is None:
            raise QuizError("no_attempts_left") from None
        return existing
    return attempt


def as_read(attempt: Attempt, now: datetime | None = None) -> Attempt:
    """The attempt as it stands: one whose time ran out reads as submitted (nothing is written)."""
    return expiry.as_read([attempt], now)[0]


def answers_by_slot(attempt: Attempt) -> dict[int, AttemptAnswer]:
    """The attempt's answers by slot; graded ones for an attempt read as submitted after its time ran out."""
    graded = getattr(attempt, "graded_answers", None)
    if graded is not None:
        return graded
    rows = db.session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id))
    return {row.slot: row for row in rows}


def save_answers(attempt: Attempt, responses: dict[int, Any], now: datetime | None = None) -> None:
    """Store the answers given so far (only for slots that exist); nothing after submission or time-out."""
    if attempt.state != IN_PROGRESS:
        raise QuizError("already_submitted")
    if is_expired(attempt, now):
        submit(attempt, now=now, auto=True)
        raise QuizError("time_up")
    for _ in range(3):
        try:
            if _lock(attempt) != IN_PROGRESS:  # another tab submitted it meanwhile
                db.session.rollback()
                raise QuizError("already_submitted")
            _write_answers(attempt, responses)
            db.session.commit()
            return
        except IntegrityError:  # a simultaneous save inserted the same slot first: write again over it
            db.session.rollback()
    raise QuizError("busy")


def _lock(attempt: Attempt) -> str:
    """The attempt's current state, read under a row lock (on PostgreSQL), so saving and submitting the same
    attempt from two tabs or workers happen one after the other; SQLite serializes writers by itself."""
    return db.session.execute(select(Attempt.state).where(Attempt.id == attempt.id).with_for_update()).scalar_one()


def _write_answers(attempt: Attempt, responses: dict[int, Any]) -> None:
    existing = answers_by_slot(attempt)
    for slot, response in responses.items():
        if not 0 <= slot < len(attempt.snapshot):
            continue
        row = existing.get(slot)
        if row is None:
            snap = attempt.snapshot[slot]
            db.session.add(AttemptAnswer(attempt_id=attempt.id, slot=slot, question_id=snap["question"],
                                         module=snap.get("module"), response=response))
        elif row.response != response:
            row.response = response
    db.session.flush()


def submit(attempt: Attempt, responses: dict[int, Any] | None = None, now: datetime | None = None,
           auto: bool = False) -> Attempt:
    """Grade and close the attempt, once: a repeated submit (double click, retry, two tabs) changes nothing."""
    now = now or utcnow()
    if attempt.state != IN_PROGRESS:
        return attempt
    try:
        closed = _grade_and_close(attempt, responses if not is_expired(attempt, now) else None, now, auto)
    except IntegrityError:  # a simultaneous submit inserted the same answer rows first
        closed = False
    if not closed:
        db.session.rollback()
    else:
        db.session.commit()
    db.session.refresh(attempt)
    return attempt


def _grade_and_close(attempt: Attempt, responses: dict[int, Any] | None, now: datetime, auto: bool) -> bool:
    if _lock(attempt) != IN_PROGRESS:
        return False
    if responses:
        _write_answers(attempt, responses)
    answers = answers_by_slot(attempt)
    score, fractions = expiry.grade(attempt, answers)
    for slot, snap in enumerate(attempt.snapshot):
        answer = answers.get(slot)
        if answer is None:
            db.session.add(AttemptAnswer(attempt_id=attempt.id, slot=slot, question_id=snap["question"],
                                         module=snap.get("module"), fraction=fractions[slot]))
        else:
            answer.fraction = fractions[slot]
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == IN_PROGRESS)
        .values(state=SUBMITTED, score=score, auto_submitted=auto,
                # A time-out is recorded at the moment time ran out, not when someone next looked.
                submitted_at=attempt.deadline_at if auto and attempt.deadline_at else now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # the report's figures: the UPDATE's learner is noted (evaluation/report/changes.py)


def review_allowed(quiz_status: QuizStatus, now: datetime | None = None) -> bool:
    """Whether correct answers and explanations may be shown, by the quiz's review rule."""
    now = now or utcnow()
    if quiz_status.quiz.review == "immediately":
        return True
    if quiz_status.quiz.review == "after_last_attempt":
        return quiz_status.attempts_left == 0 and quiz_status.open_attempt is None
    return quiz_status.due_at is not None and now > quiz_status.due_at


def grant(user_id: int, quiz: Quiz, extra_attempts: int, extra_minutes: int, granted_by: int) -> QuizGrant:
    """Give a learner more attempts and/or more time; more time also extends an attempt now open."""
    expiry.close_expired(None, [user_id])  # time that ran out before the grant stays run out
    row = QuizGrant(user_id=user_id, quiz_id=quiz.id, extra_attempts=extra_attempts, extra_minutes=extra_minutes,
                    granted_by=granted_by)
    db.session.add(row)
    if extra_minutes:
        open_attempts = db.session.scalars(select(Attempt).where(
            Attempt.user_id == user_id, Attempt.quiz_id == quiz.id, Attempt.state == IN_PROGRESS,
            Attempt.deadline_at.is_not(None)))
        for attempt in open_attempts:
            attempt.deadline_at = attempt.deadline_at + timedelta(minutes=extra_minutes)
    db.session.commit()
    return row
