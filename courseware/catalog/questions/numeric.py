"""Numeric: a number within a tolerance (the share of base pay, a case figure)."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from courseware.catalog.questions.base import (
    FormGetter,
    GiftReading,
    InvalidAnswer,
    NotImportable,
    QuestionType,
    typed_text,
)
from courseware.catalog.questions.registry import register
from courseware.catalog.texts import read_text

# ASCII digits with optional thousands separators (1,200 or 1,200,000, never 1,2), a decimal part, a trailing %.
NUMBER = re.compile(r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]+)?%?$")
# Full-width forms as a Chinese keyboard types them (４０，０００．５％) -> ASCII; nothing else is folded.
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def parse_number(text: str) -> float | None:
    """'40', '40%', '４０', '1,200', '１，２００', ' -2.5 ' -> a float; anything else ('abc', '1,2', '%', '²') -> None."""
    cleaned = text.translate(FULL_WIDTH).strip().replace(" ", "")
    if not NUMBER.match(cleaned) or not any(c in "0123456789" for c in cleaned):
        return None
    return float(cleaned.rstrip("%").replace(",", ""))


@register
class Numeric(QuestionType):
    """Right when |answer - key| <= tolerance."""

    id = "numeric"
    fields = {"answer", "tolerance", "unit"}
    template = "quizzes/types/numeric.html"

    @classmethod
    def parse(cls, entry, log, where):
        answer, tolerance = entry.get("answer"), entry.get("tolerance", 0)
        if not isinstance(answer, int | float) or isinstance(answer, bool):
            log.add(entry.line_of("answer"), f"{where}: 'answer' must be a number")
            return None
        if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) or tolerance < 0:
            log.add(entry.line_of("tolerance"), f"{where}: 'tolerance' must be a number of 0 or more")
            return None
        unit = entry.get("unit")
        if isinstance(unit, str):
            unit = {"zh-Hans": unit, "en": unit}
        elif unit is not None:
            unit = read_text(entry, "unit", log, where)
            if unit is None:
                return None
        return {"answer": float(answer), "tolerance": float(tolerance), "unit": unit}

    @classmethod
    def public(cls, snap):
        return {"unit": snap.get("unit")}

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        text = typed_text(get, name, 50)
        if text is not None and parse_number(text) is None:
            raise InvalidAnswer("not_a_number", _l("Enter a number, such as 40, 1,200 or 35%."), text)
        return text

    @classmethod
    def grade(cls, snap, response) -> float:
        value = parse_number(response) if isinstance(response, str) else None
        if value is None:
            return 0.0
        return 1.0 if abs(value - snap["answer"]) <= snap["tolerance"] + 1e-9 else 0.0

    @classmethod
    def correct_response(cls, snap):
        answer = snap["answer"]
        return f"{answer:g}" + (f" ± {snap['tolerance']:g}" if snap["tolerance"] else "")

    @classmethod
    def demo_response(cls, snap, right, rng):
        return f"{snap['answer']:g}" if right else f"{snap['answer'] + snap['tolerance'] + 10:g}"

    @classmethod
    def from_gift(cls, item):
        if item.form != "numerical":
            return None
        best, notes = None, []
        for number in item.numbers:
            weight = 100.0 if number.weight is None else number.weight
            if best is None or weight > best[0]:
                best = (weight, number)
            if weight not in (0, 100):
                notes.append(f"answer {number.text} worth {weight:g}% dropped (numeric answers score 0 or 1)")
        if best is None or best[0] < 100:  # our numeric questions score 0 or 1: a key worth less is no key
            raise NotImportable("no numeric answer is worth 100%")
        return GiftReading({"answer": best[1].value, "tolerance": best[1].tolerance}, notes)

    @classmethod
    def gift_entry(cls, fields):
        return {"answer": fields["answer"], "tolerance": fields["tolerance"]}

    @classmethod
    def to_gift(cls, data, lang):
        return f"    #{data['answer']:g}:{data['tolerance']:g}"
