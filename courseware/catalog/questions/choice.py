"""Choice questions: single choice, multiple choice (partial credit), true/false."""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from courseware.catalog.questions.base import FormGetter, QuestionType, read_items, shuffled
from courseware.catalog.questions.registry import register
from courseware.catalog.texts import read_text


def _choices(entry, log, where, minimum, maximum):
    choices = read_items(entry, "choices", log, where, ("text", "feedback?"), minimum, maximum)
    if choices is None:
        return None
    raw = entry["choices"]
    for choice, item in zip(choices, raw):
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            log.add(item.line_of("correct"), f"{where}: 'correct' must be true or false")
            return None
        choice["correct"] = correct
        for key in item:
            if key not in {"id", "text", "feedback", "correct"}:
                log.add(item.line_of(key), f"{where}: unknown key '{key}' in a choice")
                return None
    return choices


class _ChoiceType(QuestionType):
    fields = {"choices"}
    gradable_by_choice = True

    @classmethod
    def snapshot(cls, data: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        # Ids the browser sees are positions (c1, c2, ...), so a bank's habit (say, the key is always
        # "a") cannot show through; `source` keeps the bank's id for the choice statistics.
        presented = shuffled(data["choices"], rng, shuffle)
        return {"choices": [{**c, "id": f"c{i}", "source": c["id"]} for i, c in enumerate(presented, start=1)]}

    @classmethod
    def public(cls, snap: Mapping[str, Any]) -> dict[str, Any]:
        return {"choices": [{"id": c["id"], "text": c["text"]} for c in snap["choices"]]}

    @classmethod
    def _ids(cls, snap: Mapping[str, Any]) -> set[str]:
        return {c["id"] for c in snap["choices"]}


@register
class SingleChoice(_ChoiceType):
    """One right answer among 3-5 choices."""

    id = "single"

    @classmethod
    def parse(cls, entry, log, where):
        choices = _choices(entry, log, where, 2, 8)
        if choices is None:
            return None
        if sum(c["correct"] for c in choices) != 1:
            log.add(entry.line_of("choices"), f"{where}: a single-choice question needs exactly one correct choice")
            return None
        return {"choices": choices}

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        values = [v for v in get(name) if v in cls._ids(snap)]
        return values[0] if values else None

    @classmethod
    def grade(cls, snap, response) -> float:
        return 1.0 if any(c["id"] == response and c["correct"] for c in snap["choices"]) else 0.0

    @classmethod
    def correct_response(cls, snap):
        return next(c["id"] for c in snap["choices"] if c["correct"])


@register
class MultipleChoice(_ChoiceType):
    """Several right answers. Score: right picked / all right - wrong picked / all wrong, never below 0."""

    id = "multiple"

    @classmethod
    def parse(cls, entry, log, where):
        choices = _choices(entry, log, where, 3, 8)
        if choices is None:
            return None
        right = sum(c["correct"] for c in choices)
        if right < 1 or right == len(choices):
            log.add(entry.line_of("choices"), f"{where}: a multiple-choice question needs at least one correct and one wrong choice")
            return None
        return {"choices": choices}

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        ids = cls._ids(snap)
        values = sorted({v for v in get(name) if v in ids})
        return values or None

    @classmethod
    def grade(cls, snap, response) -> float:
        picked = set(response or [])
        right = {c["id"] for c in snap["choices"] if c["correct"]}
        wrong = {c["id"] for c in snap["choices"] if not c["correct"]}
        score = len(picked & right) / len(right) - len(picked & wrong) / len(wrong)
        return max(0.0, round(score, 6))

    @classmethod
    def correct_response(cls, snap):
        return sorted(c["id"] for c in snap["choices"] if c["correct"])


@register
class TrueFalse(QuestionType):
    """A statement that is true or false."""

    id = "truefalse"
    fields = {"answer", "feedback_true", "feedback_false"}
    gradable_by_choice = True

    @classmethod
    def parse(cls, entry, log, where):
        answer = entry.get("answer")
        if not isinstance(answer, bool):
            log.add(entry.line_of("answer"), f"{where}: 'answer' must be true or false")
            return None
        data: dict[str, Any] = {"answer": answer}
        for key in ("feedback_true", "feedback_false"):
            if key in entry:
                text = read_text(entry, key, log, where)
                if text is None:
                    return None
                data[key] = text
        return data

    @classmethod
    def public(cls, snap):
        return {"choices": [{"id": "true"}, {"id": "false"}]}

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        values = [v for v in get(name) if v in ("true", "false")]
        return values[0] if values else None

    @classmethod
    def grade(cls, snap, response) -> float:
        return 1.0 if response == ("true" if snap["answer"] else "false") else 0.0

    @classmethod
    def correct_response(cls, snap):
        return "true" if snap["answer"] else "false"
