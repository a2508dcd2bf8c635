"""Matching: pair each prompt with its match (structure to company, customer class to strategy)."""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from courseware.catalog.questions.base import (
    FormGetter,
    GiftReading,
    NotImportable,
    QuestionType,
    both,
    read_items,
    shuffled,
)
from courseware.catalog.questions.registry import register
from courseware.quizzes.gift.parser import escape


@register
class Matching(QuestionType):
    """Score: the share of prompts matched right. Optional distractors add wrong options."""

    id = "matching"
    fields = {"pairs", "distractors"}
    template = "quizzes/types/matching.html"

    @classmethod
    def parse(cls, entry, log, where):
        pairs = read_items(entry, "pairs", log, where, ("prompt", "match"), 2, 8)
        distractors = []
        if "distractors" in entry:
            distractors = read_items(entry, "distractors", log, where, ("text",), 1, 5)
        if pairs is None or distractors is None:
            return None
        return {"pairs": pairs, "distractors": distractors}

    @classmethod
    def snapshot(cls, data: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        prompts = shuffled(data["pairs"], rng, shuffle)
        options = [(p["id"], p["match"]) for p in data["pairs"]] + [(f"~{d['id']}", d["text"]) for d in data["distractors"]]
        options = shuffled(options, rng, True)  # the right side is always shuffled
        label = {source: f"o{n}" for n, (source, _) in enumerate(options, start=1)}
        return {
            "prompts": [{"id": f"p{n}", "source": p["id"], "prompt": p["prompt"]} for n, p in enumerate(prompts, start=1)],
            "options": [{"id": label[source], "source": source, "text": text} for source, text in options],
            "key": {f"p{n}": label[p["id"]] for n, p in enumerate(prompts, start=1)},
        }

    @classmethod
    def public(cls, snap):
        return {
            "prompts": [{"id": p["id"], "prompt": p["prompt"]} for p in snap["prompts"]],
            "options": [{"id": o["id"], "text": o["text"]} for o in snap["options"]],
        }

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        options = {o["id"] for o in snap["options"]}
        response = {}
        for prompt in snap["prompts"]:
            values = [v for v in get(f"{name}-{prompt['id']}") if v in options]
            if values:
                response[prompt["id"]] = values[0]
        return response or None

    @classmethod
    def grade(cls, snap, response) -> float:
        key = snap["key"]
        right = sum(1 for prompt, option in (response or {}).items() if key.get(prompt) == option)
        return round(right / len(key), 6)

    @classmethod
    def correct_response(cls, snap):
        return dict(snap["key"])

    @classmethod
    def demo_response(cls, snap, right, rng):
        key = cls.correct_response(snap)
        if right:
            return key
        options = list(key.values())
        return dict(zip(key, options[1:] + options[:1]))

    @classmethod
    def from_gift(cls, item):
        if item.form != "match":
            return None
        pairs = [{"id": f"p{n}", "prompt": left, "match": right}
                 for n, (left, right) in enumerate([p for p in item.pairs if p[0]], start=1)]
        distractors = [{"id": f"d{n}", "text": right} for n, (_, right) in enumerate([p for p in item.pairs if not p[0]], start=1)]
        if len(pairs) < 2:
            raise NotImportable("a matching question needs at least two pairs")
        return GiftReading({"pairs": pairs, **({"distractors": distractors} if distractors else {})}, [])

    @classmethod
    def gift_entry(cls, fields):
        entry: dict[str, Any] = {"pairs": [{"id": p["id"], "prompt": both(p["prompt"]), "match": both(p["match"])}
                                           for p in fields["pairs"]]}
        if fields.get("distractors"):
            entry["distractors"] = [{"id": d["id"], "text": both(d["text"])} for d in fields["distractors"]]
        return entry

    @classmethod
    def to_gift(cls, data, lang):
        lines = [f"    ={escape(p['prompt'][lang])} -> {escape(p['match'][lang])}" for p in data["pairs"]]
        lines += [f"    = -> {escape(d['text'][lang])}" for d in data.get("distractors", [])]
        return "\n".join(lines)
