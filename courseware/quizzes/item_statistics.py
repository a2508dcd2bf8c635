"""Item statistics of a quiz from the database: the marks matrix for quizstats, plus how often each choice was picked."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from courseware.catalog import Quiz
from courseware.catalog.questions import question_type
from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer, User
from courseware.models.quiz import SUBMITTED
from courseware.quizzes.quizstats import QuestionStats, TestStats, quiz_statistics
from courseware.quizzes import expiry

LOW_DISCRIMINATION = 30  # below this the question is flagged for review


@dataclass
class QuestionReport:
    id: str
    type: str
    text: dict[str, str]
    stats: QuestionStats
    # choice type: (bank choice id, text, times picked, is key); other types: (outcome, None, count, None)
    choices: list[tuple[str, Any, int, bool | None]] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        di = self.stats.discrimination_index
        return di is not None and di < LOW_DISCRIMINATION


@dataclass
class QuizReport:
    quiz: Quiz
    which: str
    test: TestStats
    questions: list[QuestionReport]
    complete: bool  # every attempt had every question (needed for the CIC)


def report(quiz: Quiz, cohort_ids: list[int] | None, which: str = "first") -> QuizReport:
    """Statistics over learners' first (or all) submitted attempts, optionally only some cohorts'."""
    query = select(Attempt).where(Attempt.quiz_id == quiz.id, or_(Attempt.state == SUBMITTED, expiry.ran_out_condition()))
    if cohort_ids is not None:
        query = query.join(User, User.id == Attempt.user_id).where(User.cohort_id.in_(cohort_ids))
    attempts = expiry.as_read(list(db.session.scalars(query.order_by(Attempt.user_id, Attempt.number))))
    if which == "first":
        seen: set[int] = set()
        attempts = [a for a in attempts if not (a.user_id in seen or seen.add(a.user_id))]
    answers: dict[int, dict[int, AttemptAnswer]] = {}
    stored = [a.id for a in attempts if getattr(a, "graded_answers", None) is None]
    answers.update({a.id: a.graded_answers for a in attempts if getattr(a, "graded_answers", None) is not None})
    if stored:
        for row in db.session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id.in_(stored))):
            answers.setdefault(row.attempt_id, {})[row.slot] = row
    columns: dict[str, int] = {}
    first_snap: dict[str, dict] = {}
    for attempt in attempts:
        for snap in attempt.snapshot:
            if snap["question"] not in columns:
                columns[snap["question"]] = len(columns)
                first_snap[snap["question"]] = snap
    ids = list(columns)
    rows: list[list[float | None]] = []
    picks: dict[str, Counter] = {qid: Counter() for qid in ids}
    for attempt in attempts:
        row: list[float | None] = [None] * len(ids)
        for slot, snap in enumerate(attempt.snapshot):
            answer = answers.get(attempt.id, {}).get(slot)
            fraction = answer.fraction if answer and answer.fraction is not None else 0.0
            row[columns[snap["question"]]] = fraction * snap["mark"]
            _count_pick(picks[snap["question"]], snap, answer.response if answer else None, fraction)
        rows.append(row)
    max_marks = [first_snap[qid]["mark"] for qid in ids]
    test = quiz_statistics(ids, rows, max_marks)
    questions = [QuestionReport(qid, first_snap[qid]["type"], first_snap[qid]["text"], stats,
                                _choice_rows(first_snap[qid], picks[qid]))
                 for qid, stats in zip(ids, test.questions)]
    complete = all(m is not None for row in rows for m in row)
    return QuizReport(quiz, which, test, questions, complete)


def _count_pick(counter: Counter, snap: dict, response: Any, fraction: float) -> None:
    kind = question_type(snap["type"])
    if kind.gradable_by_choice and snap["type"] != "truefalse":
        source = {c["id"]: c["source"] for c in snap["choices"]}
        for choice in ([response] if isinstance(response, str) else response or []):
            counter[source.get(choice, choice)] += 1
    elif snap["type"] == "truefalse":
        counter[response or "(blank)"] += 1
    else:
        counter["right" if fraction >= 0.999 else "partial" if fraction > 0 else "blank" if response is None else "wrong"] += 1


def _choice_rows(snap: dict, counter: Counter) -> list[tuple[str, Any, int, bool | None]]:
    if snap["type"] in ("single", "multiple"):
        return [(c["source"], c["text"], counter.get(c["source"], 0), c["correct"])
                for c in sorted(snap["choices"], key=lambda c: c["source"])]
    if snap["type"] == "truefalse":
        key = "true" if snap["answer"] else "false"
        return [(v, None, counter.get(v, 0), v == key) for v in ("true", "false")] + [("(blank)", None, counter.get("(blank)", 0), None)]
    return [(outcome, None, counter.get(outcome, 0), None) for outcome in ("right", "partial", "wrong", "blank")]
