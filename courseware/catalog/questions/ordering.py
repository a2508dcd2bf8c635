"""Ordering: put 3-6 items in sequence (funnel stages, the training loop, the risk steps)."""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from courseware.catalog.questions.base import (
    FormGetter,
    InvalidAnswer,
    QuestionType,
    read_items,
    shuffled,
)
from courseware.catalog.questions.registry import register


@register
class Ordering(QuestionType):
    """Score: the share of neighboring pairs in the right order (Moodle's "relative to the next item")."""

    id = "ordering"
    fields = {"sequence"}
    template = "quizzes/types/ordering.html"  # no GIFT form: exports skip it

    @classmethod
    def parse(cls, entry, log, where):
        sequence = read_items(entry, "sequence", log, where, ("text",), 3, 8)
        return None if sequence is None else {"sequence": sequence}

    @classmethod
    def snapshot(cls, data: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        presented = shuffled(data["sequence"], rng, True)  # always shuffled: the written order is the answer
        if presented == list(data["sequence"]):
            presented = presented[1:] + presented[:1]
        label = {item["id"]: f"i{n}" for n, item in enumerate(presented, start=1)}
        return {
            "items": [{"id": label[i["id"]], "source": i["id"], "text": i["text"]} for i in presented],
            "key": [label[i["id"]] for i in data["sequence"]],
        }

    @classmethod
    def public(cls, snap):
        return {"items": [{"id": i["id"], "text": i["text"]} for i in snap["items"]]}

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        """Each item has a position select (`name-<item>`, 1 to the number of items, or empty while not placed);
        returns item ids in the chosen order, unplaced items last. Two items in one position are refused."""
        positions = {f"{n}": n for n in range(1, len(snap["items"]) + 1)}
        unplaced = len(positions) + 1
        ranked, typed = [], {}
        for index, item in enumerate(snap["items"]):
            values = get(f"{name}-{item['id']}")
            value = values[0].strip() if values else ""
            if value and value not in positions:
                raise InvalidAnswer("bad_position", _l("Choose each position from the list."))
            typed[item["id"]] = positions.get(value)
            ranked.append((positions.get(value, unplaced), index, item["id"]))
        placed = [p for p in typed.values() if p is not None]
        if not placed:
            return None
        if len(placed) != len(set(placed)):
            raise InvalidAnswer("positions_not_distinct", _l("Give each item a different position."), typed)
        return [item_id for _, _, item_id in sorted(ranked)]

    @classmethod
    def grade(cls, snap, response) -> float:
        if not response:
            return 0.0
        key = snap["key"]
        place = {item_id: n for n, item_id in enumerate(key)}
        right = sum(1 for a, b in zip(response, response[1:]) if place.get(b) == place.get(a, -9) + 1)
        return round(right / (len(key) - 1), 6)

    @classmethod
    def correct_response(cls, snap):
        return list(snap["key"])

    @classmethod
    def demo_response(cls, snap, right, rng):
        key = cls.correct_response(snap)
        return key if right else list(reversed(key))
