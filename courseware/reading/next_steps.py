"""What a learner does next: the card at a module's end, and the dashboard's step once the course is read."""
from __future__ import annotations

from dataclasses import dataclass

from courseware.catalog import Catalog, Module, Quiz
from courseware.evaluation import action_plans, reaction
from courseware.models import User
from courseware.quizzes import assignments, attempts
from courseware.quizzes.attempts import QuizStatus
from courseware.reading.progress import CourseProgress


@dataclass(frozen=True)
class ModuleEnd:
    """The card under a module's last section: its survey (if still to answer), its post-test, the next module."""

    module: Module
    survey_pending: bool
    posttest: QuizStatus | None
    next_module: Module | None


@dataclass(frozen=True)
class NextStep:
    """Where "continue" points once every section is read: kind is survey, quiz, action_plan or done."""

    kind: str
    module: Module | None = None
    quiz: Quiz | None = None


def _posttests(catalog: Catalog, module: Module | None = None) -> list[Quiz]:
    quizzes = [q for q in catalog.quizzes.values() if q.kind == "posttest" and (module is None or q.module == module.order)]
    return sorted(quizzes, key=lambda q: (q.module or 0, q.id))


def module_end(catalog: Catalog, user: User, module: Module) -> ModuleEnd:
    """The module's survey, post-test status and the module after it, for the card at its end."""
    quiz = next(iter(_posttests(catalog, module)), None)
    status = attempts.status(user.id, quiz, assignments.due_date(user, "quiz", quiz.id)) if quiz else None
    later = [m for m in catalog.modules if m.order > module.order]
    pending = reaction.find(user.id, module.id) is None and not reaction.is_closed(user, module.id)
    return ModuleEnd(module, pending, status, min(later, key=lambda m: m.order) if later else None)


def after_reading(catalog: Catalog, user: User, progress: CourseProgress) -> NextStep:
    """Once the course is read: a survey still to answer, then the first quiz not finished (pre-test, then post-tests
    in course order), then the action plan; otherwise the course is done."""
    surveys = reaction.pending(catalog, user, progress)
    if surveys:
        return NextStep("survey", module=surveys[0])
    quizzes = [q for q in catalog.quizzes.values() if q.kind == "pretest"] + _posttests(catalog)
    waiting = next((s for s in attempts.statuses(user.id, quizzes) if not s.finished), None)
    if waiting:
        return NextStep("quiz", quiz=waiting.quiz)
    if action_plans.is_due(user.id, progress):
        return NextStep("action_plan")
    return NextStep("done")
