"""What every question type shares: the Question record and the QuestionType interface."""
from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l

from courseware.catalog.problems import ProblemLog
from courseware.catalog.texts import read_text
from courseware.catalog.yamlfile import LineDict, LineList
from courseware.languages import LANGUAGES

if TYPE_CHECKING:
    from collections import Counter

    from courseware.quizzes.gift.parser import GiftItem

FormGetter = Callable[[str], list[str]]  # field name -> submitted values (request.form.getlist)
# An item-statistics row: (key, label, times counted, is the key or None). The label is a choice's
# {lang: text} or a translated word.
TallyRow = tuple[str, Any, int, "bool | None"]
# What an answer came to, for types whose answers are not choices to count.
OUTCOMES = {"right": _l("right"), "partial": _l("partly right"), "wrong": _l("wrong"), "blank": _l("blank")}


class InvalidAnswer(ValueError):
    """An answer that cannot be read as the question asks (a word in a number box, two items in one position):
    it is refused with a message, never saved as a wrong answer. `code` names the problem, `message` is what
    the learner is told (a translated string); `typed` is what the learner entered, to show back beside it."""

    def __init__(self, code: str, message: Any, typed: Any = None):
        self.code = code
        self.message = message
        self.typed = typed
        super().__init__(code)


class NotImportable(ValueError):
    """A GIFT question of a type's form that the type cannot keep (the reason is the message)."""


@dataclass
class GiftReading:
    """A type's reading of a GIFT question: its fields in the one language, and what was dropped."""

    fields: dict[str, Any]
    notes: list[str]


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
    """One question type: everything that differs between types lives in its class.

    It validates its definition (`parse`), prepares an attempt's copy (`snapshot`), reads and scores answers
    (`read_response`, `grade`), names the template that renders it, counts answers for the item statistics
    (`tally`, `tally_rows`), answers for the demo data (`demo_response`), and reads and writes GIFT
    (`from_gift`, `gift_entry`, `to_gift`). A type is one class registered with `registry.register`.

    An attempt keeps a *snapshot* of each question (texts, presented order and key), so scoring never
    depends on the bank file as it is today. `public()` is the part of a snapshot that may reach the
    browser before submission: it never contains a key or feedback.
    """

    id: ClassVar[str]
    fields: ClassVar[set[str]] = set()  # the type's own keys in a bank file
    # Renders the question for answering (mode "answer") and in review (mode "review", with the key when
    # shown); it reads the page's SlotView `q`.
    template: ClassVar[str]

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

    @classmethod
    def tally(cls, snap: Mapping[str, Any], response: Any, fraction: float) -> list[str]:
        """The keys one answer is counted under in the item statistics; by default what it came to."""
        return ["right" if fraction >= 0.999 else "partial" if fraction > 0 else "blank" if response is None else "wrong"]

    @classmethod
    def tally_rows(cls, snap: Mapping[str, Any], counter: Counter) -> list[TallyRow]:
        """The item-statistics rows of one question, from the counts of its `tally` keys."""
        return [(outcome, label, counter.get(outcome, 0), None) for outcome, label in OUTCOMES.items()]

    @classmethod
    def demo_response(cls, snap: Mapping[str, Any], right: bool, rng: random.Random) -> Any:
        """A stored response for the demo data: the key, or a plausible mistake (None: left blank)."""
        return cls.correct_response(snap) if right else None

    @classmethod
    def from_gift(cls, item: GiftItem) -> GiftReading | None:
        """This type's fields from a parsed GIFT question, or None when the question is not of this type.
        Raises NotImportable when it is, but cannot be kept (two answers in a matching question)."""
        return None

    @classmethod
    def gift_entry(cls, fields: Mapping[str, Any]) -> dict[str, Any]:
        """The bank-file keys of fields read from GIFT: the one language fills both."""
        return dict(fields)

    @classmethod
    def to_gift(cls, data: Mapping[str, Any], lang: str) -> str | None:
        """The answer part (between the braces) of the question in GIFT, or None: GIFT cannot hold this type."""
        return None


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


def both(text: str) -> dict[str, str]:
    """One language's text as the text of every language (imports mark such questions for translation)."""
    return {lang: text for lang in LANGUAGES}


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
