"""Helpers for quiz tests: answering an attempt right (or not) from its server-side snapshot."""
from __future__ import annotations

from courseware.catalog.questions import question_type
from courseware.models import Attempt


def right_answers(attempt: Attempt) -> dict[str, list[str]]:
    """Form fields that answer every question of the attempt correctly."""
    fields: dict[str, list[str]] = {}
    for slot, snap in enumerate(attempt.snapshot):
        name, kind = f"q{slot}", snap["type"]
        key = question_type(kind).correct_response(snap)
        if kind in ("single", "truefalse"):
            fields[name] = [key]
        elif kind == "multiple":
            fields[name] = list(key)
        elif kind == "ordering":
            for position, item in enumerate(key, start=1):
                fields[f"{name}-{item}"] = [str(position)]
        elif kind == "matching":
            for prompt, option in key.items():
                fields[f"{name}-{prompt}"] = [option]
        elif kind == "numeric":
            fields[name] = [f"{snap['answer']:g}"]
        elif kind == "short":
            fields[name] = [snap["accept"]["en"][0]]
    return fields


def wrong_answers(attempt: Attempt) -> dict[str, list[str]]:
    fields = {}
    for slot, snap in enumerate(attempt.snapshot):
        if snap["type"] == "single":
            fields[f"q{slot}"] = [next(c["id"] for c in snap["choices"] if not c["correct"])]
        elif snap["type"] == "truefalse":
            fields[f"q{slot}"] = ["false" if snap["answer"] else "true"]
        elif snap["type"] == "numeric":
            fields[f"q{slot}"] = ["-1"]
    return fields

