"""Question pools: assessment questions are drawn by pre- and post-tests, practice questions by practice quizzes."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from courseware.catalog.problems import ProblemLog

if TYPE_CHECKING:
    from courseware.catalog.banks import Bank
    from courseware.catalog.questions import Question

POOLS = ("assessment", "practice")
POOL_OF_KIND = {"pretest": "assessment", "posttest": "assessment", "practice": "practice"}
CORE_TAG = "core"  # the pre-test's questions: they assess, so they are assessment questions


def candidates(questions: Iterable[Question], pool: str, tags: Sequence[str] = ()) -> list[Question]:
    """The questions a draw may pick: those of its pool that carry every tag it names (the one draw rule)."""
    return [q for q in questions if q.pool == pool and set(tags) <= set(q.tags)]


@dataclass(frozen=True)
class PoolRules:
    """What a course requires of its banks' pools (`content check`); the default requires nothing."""

    chapter_modules: tuple[int, ...] = ()  # banks of these modules need the minimum sizes below
    assessment: int = 0  # questions in a chapter bank's assessment pool, at least
    practice: int = 0  # questions in a chapter bank's practice pool, at least
    assessment_per_item: int = 0  # in every module bank, per OUTLINE item of the module
    practice_per_item: int = 0

    @classmethod
    def from_config(cls, value: Mapping | None) -> PoolRules:
        if not value:
            return cls()
        if not isinstance(value, Mapping):
            raise ValueError("QUIZ_POOL_RULES: must be a JSON object such as {\"assessment\": 20, \"practice\": 15}")
        unknown = set(value) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"QUIZ_POOL_RULES: unknown key(s) {', '.join(sorted(unknown))}")
        return cls(**{**value, "chapter_modules": tuple(value.get("chapter_modules", ()))})


def check_pools(banks: Mapping[str, Bank], items: Iterable[str], rules: PoolRules, sink: list) -> None:
    """Every chapter bank has pools of the minimum size, and each pool covers each OUTLINE item of its module."""
    items = list(items)
    for bank in banks.values():
        if bank.module is None:
            continue
        log = ProblemLog(bank.path, sink)
        minimums = {"assessment": rules.assessment, "practice": rules.practice}
        if bank.module in rules.chapter_modules:
            for pool, minimum in minimums.items():
                size = sum(q.pool == pool for q in bank.questions)
                if size < minimum:
                    log.add(bank.line, f"bank '{bank.id}': the {pool} pool has {size} questions, needs at least {minimum}")
        per_item = {"assessment": rules.assessment_per_item, "practice": rules.practice_per_item}
        for item in (i for i in items if int(i.split(".")[0]) == bank.module):
            for pool, minimum in per_item.items():
                size = sum(q.pool == pool and item in q.examines for q in bank.questions)
                if size < minimum:
                    log.add(bank.line, f"bank '{bank.id}': item {item} is examined by {size} question(s) of the "
                                       f"{pool} pool, needs at least {minimum}")
