"""What the gradebook page shows: the rows a filter keeps, and each quiz's average and pass rate with its n."""
from __future__ import annotations

from dataclasses import dataclass

from courseware.catalog import Quiz
from courseware.models import User
from courseware.quizzes.gradebook import Cell, Gradebook

FILTERS = ("late", "missing", "not_passed")


@dataclass(frozen=True)
class QuizSummary:
    """A quiz's figures over the cohort's learners with a grade (n): the average grade and the pass rate."""

    quiz: Quiz
    submitted: int
    average: float | None
    passed: int

    @property
    def pass_rate(self) -> float | None:
        """Percent of learners with a grade who passed; None for the diagnostic pre-test or when n = 0."""
        if not self.submitted or self.quiz.kind == "pretest":
            return None
        return 100 * self.passed / self.submitted


def summaries(book: Gradebook) -> dict[str, QuizSummary]:
    """quiz id -> its average and pass rate over every learner of the cohort (not only the rows a filter shows)."""
    result = {}
    for quiz in book.quizzes:
        cells = [book.cell(learner, quiz) for learner in book.learners]
        grades = [c.grade for c in cells if c.grade is not None]
        average = round(sum(grades) / len(grades), 1) if grades else None
        result[quiz.id] = QuizSummary(quiz, len(grades), average, sum(1 for c in cells if c.passed))
    return result


def matches(cell: Cell, show: str) -> bool:
    """Whether a cell is late, missing or not passed (a graded quiz below its pass mark)."""
    return {"late": cell.late, "missing": cell.missing, "not_passed": cell.passed is False}.get(show, True)


def shown_learners(book: Gradebook, show: str | None, quiz_id: str | None) -> list[User]:
    """The learners a filter keeps: those with at least one matching cell (in the chosen quiz, if any)."""
    if not show:
        return book.learners
    quizzes = [q for q in book.quizzes if q.id == quiz_id] if quiz_id else book.quizzes
    return [learner for learner in book.learners if any(matches(book.cell(learner, q), show) for q in quizzes)]
