"""Ordering: put 3-6 items in sequence (funnel stages, the training loop, the risk steps)."""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from courseware.catalog.questions.base import FormGetter, QuestionType, read_items, shuffled
from courseware.catalog.questions.registry import register
from courseware.core.inputs import MAX_ID, parse_int


@register
class Ordering(QuestionType):
    """Score: the share of neighbouring pairs in the right order (Moodle's "relative to the next item")."""

    id = "ordering"
    fields = {"sequence"}

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
        """Each item has a position select (`name-<item>`); returns item ids in the chosen order."""
        unplaced = MAX_ID + 1
        ranked = []
        for index, item in enumerate(snap["items"]):
            values = get(f"{name}-{item['id']}")
            position = parse_int(values[0], unplaced) if values else unplaced
            ranked.append((position, index, item["id"]))
        if all(position == unplaced for position, _, _ in ranked):
            return None
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
