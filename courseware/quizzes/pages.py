"""What the quiz pages show: an attempt's questions for answering, and for review (no keys before submission)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from courseware.catalog import Quiz
from courseware.catalog.questions import question_type
from courseware.catalog.questions.base import InvalidAnswer
from courseware.models import Attempt, AttemptAnswer


@dataclass(frozen=True)
class SlotView:
    slot: int
    number: int
    type: str
    template: str  # the question type's template, included by name
    text: dict[str, str]
    public: dict[str, Any]  # what the type lets the browser see before submission
    response: Any
    # review only:
    fraction: float | None = None
    correct: Any = None
    explanation: dict[str, str] | None = None
    snapshot: dict[str, Any] | None = None
    # answering only: a refused answer's problem code, what the learner is told, and what was entered
    problem: str | None = None
    problem_text: Any = None
    typed: Any = None


def page_count(quiz: Quiz, attempt: Attempt) -> int:
    per_page = quiz.per_page or len(attempt.snapshot)
    return max(1, math.ceil(len(attempt.snapshot) / per_page))


def slots_on_page(quiz: Quiz, attempt: Attempt, page: int) -> range:
    per_page = quiz.per_page or len(attempt.snapshot)
    page = min(max(page, 0), page_count(quiz, attempt) - 1)
    return range(page * per_page, min(len(attempt.snapshot), (page + 1) * per_page))


def answering_view(attempt: Attempt, slots: range, answers: dict[int, AttemptAnswer],
                   problems: dict[int, InvalidAnswer] | None = None) -> list[SlotView]:
    """Questions to answer: texts, choices in their presented order, saved answers; never a key. A refused
    answer is shown as the learner entered it, with its problem."""
    views = []
    for slot in slots:
        snap = attempt.snapshot[slot]
        kind = question_type(snap["type"])
        saved = answers.get(slot)
        problem = (problems or {}).get(slot)
        views.append(SlotView(slot, slot + 1, snap["type"], kind.template, snap["text"], kind.public(snap),
                              saved.response if saved else None, problem=problem.code if problem else None,
                              problem_text=problem.message if problem else None,
                              typed=problem.typed if problem else None))
    return views


def review_view(attempt: Attempt, answers: dict[int, AttemptAnswer], shown: frozenset[int]) -> list[SlotView]:
    """The submitted attempt; for the `shown` slots, the mark, key, feedback and explanation too. A withheld key
    also withholds the right/wrong mark, which would give the key away."""
    views = []
    for slot, snap in enumerate(attempt.snapshot):
        kind = question_type(snap["type"])
        saved = answers.get(slot)
        show = slot in shown
        views.append(SlotView(
            slot, slot + 1, snap["type"], kind.template, snap["text"], kind.public(snap),
            saved.response if saved else None,
            fraction=((saved.fraction if saved else 0.0) if show else None),
            correct=kind.correct_response(snap) if show else None,
            explanation=snap.get("explanation") if show else None,
            snapshot=snap if show else None,
        ))
    return views


@dataclass(frozen=True)
class PageAnswers:
    """A page's answers as read from the form: the readable ones, and the refused ones (slot -> problem)."""

    responses: dict[int, Any]
    problems: dict[int, InvalidAnswer]


def read_page(attempt: Attempt, slots: range, get) -> PageAnswers:
    """The answers of the slots on one page, from the submitted form; an answer a question cannot take
    (a word in a number box, two items in one position) is left out and reported, never saved."""
    responses, problems = {}, {}
    for slot in slots:
        snap = attempt.snapshot[slot]
        try:
            responses[slot] = question_type(snap["type"]).read_response(snap, get, f"q{slot}")
        except InvalidAnswer as problem:
            problems[slot] = problem
    return PageAnswers(responses, problems)
