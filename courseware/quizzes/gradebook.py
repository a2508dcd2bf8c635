"""The trainer's gradebook: per learner and quiz, attempts, best/last, grade, pass/fail, late or missing."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from courseware.catalog import Catalog, Quiz
from courseware.clock import company_zone
from courseware.core.spreadsheets import Number, add_sheet, new_workbook, to_bytes
from courseware.extensions import db
from courseware.models import Assignment, Attempt, Cohort, QuizGrant, Role, User, assignment_learners
from courseware.models.quiz import IN_PROGRESS, SUBMITTED
from courseware.models.types import utcnow
from courseware.quizzes import expiry
from courseware.quizzes.attempts import final_grade

SCORE = "0.0"  # how Excel shows scores and grades (0-100)


@dataclass(frozen=True)
class Cell:
    attempts: int
    in_progress: bool
    best: float | None
    last: float | None
    grade: float | None
    passed: bool | None
    due_at: datetime | None
    late: bool  # first submission after the due date
    missing: bool  # due date passed with nothing submitted
    review_id: int | None = None  # the last submitted attempt, for its review
    granted: int = 0  # extra attempts granted to the learner
    allowed: int = 0  # attempts allowed, grants included (0: unlimited)


@dataclass(frozen=True)
class Gradebook:
    cohort: Cohort
    quizzes: list[Quiz]
    learners: list[User]
    cells: dict[tuple[int, str], Cell]

    def cell(self, learner: User, quiz: Quiz) -> Cell:
        return self.cells[(learner.id, quiz.id)]


def _due_dates(cohort: Cohort, learner_ids: list[int]) -> dict[tuple[int, str], datetime]:
    """(learner, quiz) -> latest due date among the cohort's quiz assignments that apply to the learner."""
    rows = db.session.execute(
        select(Assignment.id, Assignment.target_id, Assignment.due_at, Assignment.whole_cohort)
        .where(Assignment.cohort_id == cohort.id, Assignment.kind == "quiz", Assignment.due_at.is_not(None))
    ).all()
    named: dict[int, set[int]] = {}
    for assignment_id, user_id in db.session.execute(
        select(assignment_learners.c.assignment_id, assignment_learners.c.user_id)
        .where(assignment_learners.c.assignment_id.in_([r.id for r in rows]))
    ):
        named.setdefault(assignment_id, set()).add(user_id)
    due: dict[tuple[int, str], datetime] = {}
    for row in rows:
        for learner_id in (learner_ids if row.whole_cohort else named.get(row.id, set())):
            key = (learner_id, row.target_id)
            due[key] = max(due.get(key, row.due_at), row.due_at)
    return due


def _grants(learner_ids: list[int]) -> dict[tuple[int, str], int]:
    """(learner, quiz) -> extra attempts granted (one query)."""
    rows = db.session.execute(
        select(QuizGrant.user_id, QuizGrant.quiz_id, func.sum(QuizGrant.extra_attempts))
        .where(QuizGrant.user_id.in_(learner_ids)).group_by(QuizGrant.user_id, QuizGrant.quiz_id))
    return {(user_id, quiz_id): int(extra or 0) for user_id, quiz_id, extra in rows}


def build(catalog: Catalog, cohort: Cohort, now: datetime | None = None) -> Gradebook:
    """Four queries whatever the cohort's size: learners, due dates, grants, attempts (and their answers when some
    ran out of time: they read as submitted). Nothing is written."""
    now = now or utcnow()
    quizzes = list(catalog.quizzes.values())
    learners = list(db.session.scalars(
        select(User).where(User.cohort_id == cohort.id, User.role == Role.LEARNER).order_by(User.display_name)))
    ids = [u.id for u in learners]
    due, grants = _due_dates(cohort, ids), _grants(ids) if ids else {}
    by_key: dict[tuple[int, str], list[Attempt]] = {}
    if ids:
        rows = db.session.scalars(select(Attempt).where(Attempt.user_id.in_(ids)).order_by(Attempt.number))
        for attempt in expiry.as_read(list(rows), now):
            by_key.setdefault((attempt.user_id, attempt.quiz_id), []).append(attempt)
    cells = {}
    for learner in learners:
        for quiz in quizzes:
            key = (learner.id, quiz.id)
            cells[key] = _cell(quiz, by_key.get(key, []), due.get(key), now, grants.get(key, 0))
    return Gradebook(cohort, quizzes, learners, cells)


def _cell(quiz: Quiz, attempts: list[Attempt], due_at: datetime | None, now: datetime, granted: int = 0) -> Cell:
    submitted = [a for a in attempts if a.state == SUBMITTED]
    scores = [a.score for a in submitted if a.score is not None]
    grade = final_grade(quiz.grading, submitted)
    first_submission = min((a.submitted_at for a in submitted), default=None)
    return Cell(
        attempts=len(attempts),
        in_progress=any(a.state == IN_PROGRESS for a in attempts),
        best=max(scores) if scores else None,
        last=scores[-1] if scores else None,
        grade=grade,
        passed=None if grade is None or quiz.kind == "pretest" else grade >= quiz.pass_mark,  # the pre-test is diagnostic
        due_at=due_at,
        late=bool(due_at and first_submission and first_submission > due_at),
        missing=bool(due_at and not submitted and now > due_at),
        review_id=submitted[-1].id if submitted else None,
        granted=granted,
        allowed=quiz.attempts + granted if quiz.attempts else 0,
    )


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ at the start); a plain negative
    number such as -0.25 stays a number."""
    text = "" if value is None else str(value)
    if re.fullmatch(r"-\d+(\.\d+)?", text):
        return text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def headers(book: Gradebook, lang: str) -> list[str]:
    """The export's header row in the reader's language: the learner, then five columns per quiz."""
    out = [_("Username"), _("Learner's name")]
    for quiz in book.quizzes:
        title = quiz.title.get(lang) or quiz.id
        out += [_("%(quiz)s: attempts", quiz=title), _("%(quiz)s: best", quiz=title), _("%(quiz)s: last", quiz=title),
                _("%(quiz)s: grade", quiz=title), _("%(quiz)s: status", quiz=title), _("%(quiz)s: due", quiz=title)]
    return out + [_("Demo data")]


def status(cell: Cell) -> str:
    """A cell's status in words, the reader's language ('' when there is nothing to say)."""
    text = (_("passed") if cell.passed else _("failed") if cell.passed is False else
            _("in progress") if cell.in_progress else _("missing") if cell.missing else
            _("taken") if cell.grade is not None else "")
    return _("%(status)s (late)", status=text).strip() if cell.late else text


def rows(book: Gradebook) -> list[list[object]]:
    """One row per learner, typed (numbers, local due dates, text): what both exports write."""
    out = []
    for learner in book.learners:
        row: list[object] = [learner.username, learner.display_name]
        for quiz in book.quizzes:
            cell = book.cell(learner, quiz)
            due = cell.due_at.astimezone(company_zone()).replace(tzinfo=None) if cell.due_at else None
            row += [cell.attempts, cell.best, cell.last, cell.grade, status(cell), due]
        out.append(row + [_("Demo data") if learner.is_demo else ""])
    return out


def to_csv(book: Gradebook, lang: str) -> str:
    """UTF-8 with BOM, so Excel opens Chinese names correctly; the last column labels demo learners' rows."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in headers(book, lang)])
    for row in rows(book):
        writer.writerow([safe_cell(_csv_text(v)) for v in row])
    return out.getvalue()


def to_xlsx(book: Gradebook, lang: str) -> bytes:
    """One sheet: scores as numbers (0.0), due dates as dates, the header row frozen."""
    typed = [[Number(v, SCORE) if isinstance(v, float) else v for v in row] for row in rows(book)]
    sheet = new_workbook()
    add_sheet(sheet, _("Gradebook"), headers(book, lang), typed, widths={1: 16, 2: 16})
    return to_bytes(sheet)


def _csv_text(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value
