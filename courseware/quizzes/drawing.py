"""Drawing an attempt's questions: from the draw's pool, spread over the outline items the questions examine,
and for a post-test, the learner's own pre-test questions of that chapter again (the anchor items), so that
learning is measured on the same questions before and after."""
from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select

from courseware.catalog import Catalog, Quiz
from courseware.catalog.questions import Question, question_type
from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer
from courseware.models.quiz import SUBMITTED


def stratified_sample(questions: Sequence[Question], count: int, rng: random.Random,
                      covered: Collection[str] = ()) -> list[Question]:
    """`count` questions spread over the outline items they examine (their first item): each round takes one
    question of each least-covered item, items in random order, so every item is drawn before any twice as
    far as the count allows. Items in `covered` (already asked, e.g. by anchors) count as drawn once."""
    by_item: dict[str, list[Question]] = {}
    for question in questions:
        by_item.setdefault(question.examines[0] if question.examines else "", []).append(question)
    for group in by_item.values():
        rng.shuffle(group)
    drawn_per_item = {item: int(item in covered) for item in by_item}
    picked: list[Question] = []
    while len(picked) < count and any(by_item.values()):
        open_items = [item for item, group in by_item.items() if group]
        rng.shuffle(open_items)
        fewest = min(drawn_per_item[item] for item in open_items)
        for item in (i for i in open_items if drawn_per_item[i] == fewest):
            if len(picked) == count:
                break
            picked.append(by_item[item].pop())
            drawn_per_item[item] += 1
    return picked


def pretest_questions(catalog: Catalog, user_id: int, module: int | None) -> list[str]:
    """The ids of the questions of `module` that the learner's first submitted pre-test asked (in slot order)."""
    pretest = next((q.id for q in catalog.quizzes.values() if q.kind == "pretest"), None)
    if pretest is None or module is None:
        return []
    return list(db.session.scalars(
        select(AttemptAnswer.question_id).join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .where(Attempt.user_id == user_id, Attempt.quiz_id == pretest, Attempt.number == 1,
               Attempt.state == SUBMITTED, AttemptAnswer.module == module)
        .order_by(AttemptAnswer.slot)))


def draw_questions(catalog: Catalog, quiz: Quiz, rng: random.Random, anchors: Sequence[str] = ()) -> list[tuple[Question, bool]]:
    """(question, is anchor) for one attempt: each draw's anchors that its pool still holds, then new questions
    stratified by outline item, preferring the items the anchors leave out."""
    drawn: list[tuple[Question, bool]] = []
    for draw in quiz.draw:
        candidates = draw.candidates(catalog.banks[draw.bank])
        wanted = set(anchors)
        kept = [q for q in candidates if q.id in wanted][:draw.count]
        fresh = [q for q in candidates if q.id not in wanted]
        covered = {q.examines[0] for q in kept if q.examines}
        drawn += [(q, True) for q in kept]
        drawn += [(q, False) for q in stratified_sample(fresh, draw.count - len(kept), rng, covered)]
    return drawn


def build_snapshot(catalog: Catalog, quiz: Quiz, rng: random.Random, anchors: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Draw the questions and fix their order, choices and keys for one attempt."""
    drawn = draw_questions(catalog, quiz, rng, anchors)
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    snapshot = []
    for question, anchor in drawn:
        kind = question_type(question.type)
        snapshot.append({
            "question": question.id, "bank": question.bank, "module": catalog.banks[question.bank].module,
            "type": question.type, "examines": list(question.examines), "anchor": anchor,
            "text": dict(question.text), "explanation": dict(question.explanation), "mark": 1.0,
            **kind.snapshot(question.data, rng, quiz.shuffle_choices),
        })
    return snapshot


def snapshot_for(catalog: Catalog, quiz: Quiz, user_id: int, rng: random.Random) -> list[dict[str, Any]]:
    """A new attempt's questions: a post-test re-asks the learner's own pre-test questions of its chapter."""
    anchors = pretest_questions(catalog, user_id, quiz.module) if quiz.kind == "posttest" else []
    return build_snapshot(catalog, quiz, rng, anchors)
