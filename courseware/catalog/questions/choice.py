"""Choice questions: single choice, multiple choice (partial credit), true/false."""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from courseware.catalog.questions.base import (
    OUTCOMES,
    FormGetter,
    GiftReading,
    NotImportable,
    QuestionType,
    TallyRow,
    both,
    read_items,
    shuffled,
)
from courseware.catalog.questions.registry import register
from courseware.catalog.texts import read_text
from courseware.quizzes.gift.parser import escape, weight_text


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


def _gift_choices(item, right: list[bool]) -> list[dict[str, Any]]:
    """Choices `a`, `b`, ... from a GIFT item's answers, `right` saying which are correct."""
    choices = []
    for index, (answer, correct) in enumerate(zip(item.answers, right)):
        choice: dict[str, Any] = {"id": chr(ord("a") + index), "text": answer.text}
        if correct:
            choice["correct"] = True
        if answer.feedback:
            choice["feedback"] = answer.feedback
        choices.append(choice)
    return choices


def _gift_choice_form(item, single: bool) -> bool:
    """Whether a GIFT item is a choice question of the kind asked: one `=` answer is single, else multiple."""
    if item.form != "multichoice":
        return False
    if len(item.answers) < 2:
        raise NotImportable("a multiple-choice question needs at least two answers")
    return (sum(a.marker == "=" for a in item.answers) == 1) == single


class _ChoiceType(QuestionType):
    """Choices the learner picks; the item statistics count how often each (bank) choice was picked."""

    fields = {"choices"}

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

    @classmethod
    def tally(cls, snap, response, fraction) -> list[str]:
        source = {c["id"]: c["source"] for c in snap["choices"]}
        return [source.get(choice, choice) for choice in ([response] if isinstance(response, str) else response or [])]

    @classmethod
    def tally_rows(cls, snap, counter) -> list[TallyRow]:
        return [(c["source"], c["text"], counter.get(c["source"], 0), c["correct"])
                for c in sorted(snap["choices"], key=lambda c: c["source"])]

    @classmethod
    def gift_entry(cls, fields):
        return {"choices": [
            {"id": c["id"], "text": both(c["text"] or "—"), **({"correct": True} if c.get("correct") else {}),
             **({"feedback": both(c["feedback"])} if c.get("feedback") else {})}
            for c in fields["choices"]
        ]}

    @classmethod
    def _gift_lines(cls, data, lang: str, marker) -> str:
        lines = []
        for c in data["choices"]:
            feedback = f"#{escape(c['feedback'][lang])}" if c.get("feedback") else ""
            lines.append(f"    {marker(c)}{escape(c['text'][lang])}{feedback}")
        return "\n".join(lines)


@register
class SingleChoice(_ChoiceType):
    """One right answer among 3-5 choices."""

    id = "single"
    template = "quizzes/types/single.html"

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

    @classmethod
    def demo_response(cls, snap, right, rng):
        return cls.correct_response(snap) if right else rng.choice([c["id"] for c in snap["choices"] if not c["correct"]])

    @classmethod
    def from_gift(cls, item):
        if not _gift_choice_form(item, single=True):
            return None
        notes = []
        if any(a.marker == "~" and a.weight for a in item.answers):
            notes.append("partial-credit weights on wrong answers dropped (single choice scores 0 or 1)")
        return GiftReading({"choices": _gift_choices(item, [a.marker == "=" for a in item.answers])}, notes)

    @classmethod
    def to_gift(cls, data, lang):
        return cls._gift_lines(data, lang, lambda c: "=" if c["correct"] else "~")


@register
class MultipleChoice(_ChoiceType):
    """Several right answers. Score: right picked / all right - wrong picked / all wrong, never below 0."""

    id = "multiple"
    template = "quizzes/types/multiple.html"

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

    @classmethod
    def demo_response(cls, snap, right, rng):
        key = cls.correct_response(snap)
        return key if right else sorted({rng.choice(key), rng.choice([c["id"] for c in snap["choices"] if not c["correct"]])})

    @classmethod
    def from_gift(cls, item):
        if not _gift_choice_form(item, single=False):
            return None
        right = [(a.weight or 0) > 0 or a.marker == "=" for a in item.answers]
        if not any(right):
            raise NotImportable("no answer has a positive weight")
        if all(right):
            raise NotImportable("every answer is right: nothing to choose")
        return GiftReading({"choices": _gift_choices(item, right)},
                           ["weights replaced by our rule: right picked / all right - wrong picked / all wrong"])

    @classmethod
    def to_gift(cls, data, lang):
        # our rule as GIFT weights: each right choice +100/right, each wrong one -100/wrong
        right = sum(1 for c in data["choices"] if c["correct"])
        wrong = len(data["choices"]) - right
        return cls._gift_lines(data, lang, lambda c: f"~%{weight_text(100 / right)}%" if c["correct"]
                               else f"~%-{weight_text(100 / wrong)}%")


@register
class TrueFalse(QuestionType):
    """A statement that is true or false."""

    id = "truefalse"
    fields = {"answer", "feedback_true", "feedback_false"}
    template = "quizzes/types/truefalse.html"

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

    @classmethod
    def tally(cls, snap, response, fraction) -> list[str]:
        return [response or "(blank)"]

    @classmethod
    def tally_rows(cls, snap, counter) -> list[TallyRow]:
        key = cls.correct_response(snap)
        return [(value, label, counter.get(value, 0), value == key) for value, label in (("true", _l("True")), ("false", _l("False")))] \
            + [("(blank)", OUTCOMES["blank"], counter.get("(blank)", 0), None)]

    @classmethod
    def demo_response(cls, snap, right, rng):
        key = cls.correct_response(snap)
        return key if right else ("false" if key == "true" else "true")

    @classmethod
    def from_gift(cls, item):
        if item.form != "truefalse":
            return None
        fields: dict[str, Any] = {"answer": item.truth}
        # Moodle: the first feedback is shown to those who answered wrong, the second to those who answered right.
        wrong, right = (item.feedback + ["", ""])[:2]
        if wrong:
            fields["feedback_true" if not item.truth else "feedback_false"] = wrong
        if right:
            fields["feedback_true" if item.truth else "feedback_false"] = right
        return GiftReading(fields, [])

    @classmethod
    def gift_entry(cls, fields):
        entry: dict[str, Any] = {"answer": fields["answer"]}
        for key in ("feedback_true", "feedback_false"):
            if fields.get(key):
                entry[key] = both(fields[key])
        return entry

    @classmethod
    def to_gift(cls, data, lang):
        answer = "TRUE" if data["answer"] else "FALSE"
        wrong_key, right_key = ("feedback_false", "feedback_true") if data["answer"] else ("feedback_true", "feedback_false")
        feedback = ""
        if data.get(wrong_key) or data.get(right_key):
            feedback = f"#{escape(data[wrong_key][lang]) if data.get(wrong_key) else ''}"
            feedback += f"#{escape(data[right_key][lang])}" if data.get(right_key) else ""
        return f"    {answer}{feedback}"
