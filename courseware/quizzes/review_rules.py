"""What a submitted attempt's review may show its learner: the key, the marks and the explanations by the quiz's
review rule, and for the pre-test chapter by chapter, once that chapter's post-test shows its own key (the
post-test re-asks the pre-test's questions, so their keys must not come sooner)."""
from __future__ import annotations

from dataclasses import dataclass

from courseware.catalog import Catalog
from courseware.models import Attempt, AttemptAnswer, User
from courseware.quizzes import assignments, attempts


@dataclass(frozen=True)
class ChapterScore:
    """The pre-test's score on one chapter's questions (percent of their marks) and how many there were."""

    module: int
    score: float
    questions: int


def shown_slots(catalog: Catalog, attempt: Attempt, owner: User, viewer: User) -> frozenset[int]:
    """The slots whose key, right/wrong mark and explanation the viewer may see. Staff reading a learner's
    attempt see them all; the learner sees them when the quiz's rule allows."""
    every = frozenset(range(len(attempt.snapshot)))
    if viewer.id != owner.id:
        return every
    quiz = catalog.quiz(attempt.quiz_id)
    due = assignments.due_dates(owner, "quiz")
    if quiz.kind != "pretest":
        return every if attempts.review_allowed(attempts.status(owner.id, quiz, due.get(quiz.id))) else frozenset()
    posttests = [q for q in catalog.quizzes.values() if q.kind == "posttest"]
    finished = {s.quiz.module for s in attempts.statuses(owner.id, posttests, due) if s.submitted and attempts.review_allowed(s)}
    return frozenset(slot for slot, snap in enumerate(attempt.snapshot) if snap.get("module") in finished)


def key_shown(catalog: Catalog, learner: User, quiz) -> bool:
    """Whether the learner can already read some of this quiz's correct answers in a review (another attempt
    would then be taken with the key at hand)."""
    submitted = attempts.status(learner.id, quiz).submitted
    return bool(submitted) and bool(shown_slots(catalog, submitted[-1], learner, learner))


def chapter_scores(attempt: Attempt, answers: dict[int, AttemptAnswer]) -> list[ChapterScore]:
    """Per chapter (the module of each question's bank), the share of the marks earned, in percent."""
    earned: dict[int, list[float]] = {}
    for slot, snap in enumerate(attempt.snapshot):
        if snap.get("module") is None:
            continue
        answer = answers.get(slot)
        earned.setdefault(snap["module"], []).append((answer.fraction or 0.0) if answer else 0.0)
    return [ChapterScore(module, round(100 * sum(marks) / len(marks), 1), len(marks))
            for module, marks in sorted(earned.items())]
