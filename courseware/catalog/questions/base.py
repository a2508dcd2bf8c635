"""What every question type shares: the Question record and the QuestionType interface."""
from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from courseware.catalog.problems import ProblemLog
from courseware.catalog.texts import read_text
from courseware.catalog.yamlfile import LineDict, LineList

FormGetter = Callable[[str], list[str]]  # field name -> submitted values (request.form.getlist)


class InvalidAnswer(ValueError):
    """An answer that cannot be read as the question asks (a word in a number box, two items in one position):
    it is refused with a message, never saved as a wrong answer. `code` names the problem; `typed` is what
    the learner entered, to show back beside the message."""

    def __init__(self, code: str, typed: Any = None):
        self.code = code
        self.typed = typed
        super().__init__(code)


@dataclass(frozen=True)
class Question:
    """A question as written in a bank file, validated."""

    id: str
    type: str
    bank: str
    examines: tuple[str, ...]
    difficulty: str
    tags: tuple[str, ...]
    text: Mapping[str, str]
    explanation: Mapping[str, str]
    data: Mapping[str, Any]  # the type's own fields, as plain JSON
    line: int
    translate: bool = False  # imported in one language only; the other is a copy to be translated
    pool: str = "practice"  # assessment (pre- and post-tests) or practice (practice quizzes); see catalog.pools


class QuestionType:
    """One question type: validates its definition, prepares an attempt's copy, reads and scores answers.

    An attempt keeps a *snapshot* of each question (texts, presented order and key), so scoring never
    depends on the bank file as it is today. `public()` is the part of a snapshot that may reach the
    browser before submission: it never contains a key or feedback.
    """

    id: ClassVar[str]
    fields: ClassVar[set[str]] = set()  # the type's own keys in a bank file
    gradable_by_choice: ClassVar[bool] = False  # responses are choice ids (for "how often each choice")

    @classmethod
    def parse(cls, entry: LineDict, log: ProblemLog, where: str) -> dict[str, Any] | None:
        raise NotImplementedError

    @classmethod
    def snapshot(cls, data: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """The type's part of an attempt's copy of the question: order as presented, and the key."""
        return dict(data)

    @classmethod
    def public(cls, snap: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def read_response(cls, snap: Mapping[str, Any], get: FormGetter, name: str) -> Any:
        """The learner's answer from form fields starting with `name`, checked against the snapshot; None if blank.
        Raises InvalidAnswer for an answer the question cannot take."""
        raise NotImplementedError

    @classmethod
    def grade(cls, snap: Mapping[str, Any], response: Any) -> float:
        """Fraction of the mark earned, 0.0 to 1.0 (a blank answer scores 0)."""
        raise NotImplementedError

    @classmethod
    def correct_response(cls, snap: Mapping[str, Any]) -> Any:
        raise NotImplementedError


def read_items(entry: LineDict, key: str, log: ProblemLog, where: str, text_keys: tuple[str, ...],
               minimum: int, maximum: int) -> list[dict[str, Any]] | None:
    """A list of `{id, <text keys>...}` items (choices, ordering items, pairs) with unique ids."""
    items = entry.get(key)
    if not isinstance(items, LineList):
        log.add(entry.line_of(key), f"{where}: '{key}' must be a list")
        return None
    if not minimum <= len(items) <= maximum:
        log.add(entry.line_of(key), f"{where}: '{key}' needs {minimum} to {maximum} entries, not {len(items)}")
    result, seen, ok = [], set(), True
    for index, item in enumerate(items):
        line = items.line_of(index)
        if not isinstance(item, LineDict):
            log.add(line, f"{where}: each entry of '{key}' must be a mapping")
            ok = False
            continue
        item_id = str(item.get("id", "")).strip()
        if not item_id:
            log.add(line, f"{where}: an entry of '{key}' has no id")
            ok = False
        elif item_id in seen:
            log.add(line, f"{where}: id '{item_id}' is used twice in '{key}'")
            ok = False
        seen.add(item_id)
        parsed: dict[str, Any] = {"id": item_id}
        for text_key in text_keys:
            optional = text_key.endswith("?")
            name = text_key.rstrip("?")
            text = read_text(item, name, log, f"{where} {key} '{item_id}'", required=not optional)
            if text is None and (not optional or name in item):
                ok = False
            elif text is not None:
                parsed[name] = text
        result.append(parsed)
    return result if ok else None


def shuffled(items: list, rng: random.Random, shuffle: bool) -> list:
    items = list(items)
    if shuffle:
        rng.shuffle(items)
    return items


def typed_text(get: FormGetter, name: str, limit: int) -> str | None:
    """What the learner typed in a text box, trimmed and cut to `limit` characters; None when empty."""
    values = get(name)
    text = values[0].strip()[:limit] if values else ""
    return text or None
