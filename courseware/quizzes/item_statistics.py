"""Item statistics of a quiz from the database: the marks matrix for quizstats, plus how often each choice was picked."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from courseware.catalog import Quiz
from courseware.catalog.questions import question_type
from courseware.catalog.questions.base import TallyRow
from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer, User
from courseware.models.quiz import SUBMITTED
from courseware.quizzes import expiry
from courseware.quizzes.quizstats import QuestionStats, TestStats, quiz_statistics

LOW_DISCRIMINATION = 30  # below this the question is flagged for review


@dataclass
class QuestionReport:
    id: str
    type: str
    text: dict[str, str]
    stats: QuestionStats
    # the type's tally rows: (key, label, count, is key), e.g. (bank choice id, its text, times picked, correct)
    choices: list[TallyRow] = field(default_factory=list)

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
            response = answer.response if answer else None
            picks[snap["question"]].update(question_type(snap["type"]).tally(snap, response, fraction))
        rows.append(row)
    max_marks = [first_snap[qid]["mark"] for qid in ids]
    test = quiz_statistics(ids, rows, max_marks)
    questions = [QuestionReport(qid, first_snap[qid]["type"], first_snap[qid]["text"], stats,
                                question_type(first_snap[qid]["type"]).tally_rows(first_snap[qid], picks[qid]))
                 for qid, stats in zip(ids, test.questions)]
    complete = all(m is not None for row in rows for m in row)
    return QuizReport(quiz, which, test, questions, complete)
