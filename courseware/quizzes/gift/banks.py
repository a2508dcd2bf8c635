"""GIFT to and from our bank files: the parser reads the format, each question type reads and writes its own part."""
from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from courseware.catalog.banks import ID_PATTERN, Bank, load_bank
from courseware.catalog.pools import POOLS
from courseware.catalog.questions import QUESTION_TYPES, question_type
from courseware.catalog.questions.base import NotImportable, both
from courseware.quizzes.gift.parser import GiftItem, Skipped, escape, read_gift


@dataclass
class Parsed:
    """A GIFT question read by one of our question types: the type's fields, in the one language of the file."""

    line: int
    type: str
    title: str
    text: str
    fields: dict[str, Any]
    explanation: str = ""
    gift_id: str | None = None
    tags: list[str] = field(default_factory=list)
    pool: str | None = None
    category: str | None = None
    notes: list[str] = field(default_factory=list)  # what GIFT said that our type cannot keep


@dataclass
class ImportResult:
    path: Path
    counts: Counter = field(default_factory=Counter)  # our type -> questions imported
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the bank would not load: nothing written


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse(source: str) -> tuple[list[Parsed], list[Skipped]]:
    """Every GIFT question as one of our types, and those none of them takes (with the reason)."""
    items, skipped = read_gift(source)
    questions = []
    for item in items:
        result = _read(item)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            questions.append(result)
    skipped.sort(key=lambda s: s.line)
    return questions, skipped


def _read(item: GiftItem) -> Parsed | Skipped:
    """Ask the types whether the item is theirs: the one its `[type:...]` note names first, then each in turn."""
    named = QUESTION_TYPES.get(item.type or "")
    candidates = ([named] if named else []) + [t for t in QUESTION_TYPES.values() if t is not named]
    for kind in candidates:
        try:
            reading = kind.from_gift(item)
        except NotImportable as refused:
            return Skipped(item.line, "unknown", str(refused))
        if reading is not None:
            return Parsed(item.line, kind.id, item.title, item.text, reading.fields, item.explanation, item.gift_id,
                          item.tags, item.pool, item.category, reading.notes)
    return Skipped(item.line, "unknown", f"no question type takes a GIFT {item.form} question")


def to_entry(question: Parsed, question_id: str) -> dict[str, Any]:
    """One GIFT question as a bank entry: the one language fills both, marked `translate: true`. Without our
    `[pool:...]` note a question goes to the practice pool: it assesses no one until an author says so."""
    pool = question.pool if question.pool in POOLS else "practice"
    entry: dict[str, Any] = {"id": question_id, "type": question.type, "pool": pool, "examines": [], "difficulty": "medium"}
    tags = [_slug(t) for t in question.tags if _slug(t)]
    if tags:
        entry["tags"] = tags
    entry["translate"] = True
    entry["text"] = both(question.text)
    entry.update(question_type(question.type).gift_entry(question.fields))
    if question.explanation:
        entry["explanation"] = both(question.explanation)
    return entry


def import_gift(source: str, bank_path: Path) -> ImportResult:
    """Add every GIFT question that maps to our types to the bank file (created if new); check it loads."""
    questions, skipped = parse(source)
    result = ImportResult(bank_path, skipped=skipped)
    if not questions:  # nothing to add: the bank is neither created nor rewritten
        return result
    if bank_path.exists():
        data = yaml.safe_load(bank_path.read_text(encoding="utf-8")) or {}
    else:
        data = {"title": both(bank_path.stem), "questions": []}
    data.setdefault("questions", [])
    taken = {q.get("id") for q in data["questions"]}
    number = len(data["questions"])
    for question in questions:
        candidate = _slug(question.gift_id or "")
        while not candidate or candidate in taken or not ID_PATTERN.match(candidate):
            number += 1
            candidate = f"{_slug(bank_path.stem)}-{number}"
        taken.add(candidate)
        data["questions"].append(to_entry(question, candidate))
        result.counts[question.type] += 1
        result.notes += [(question.line, note) for note in question.notes]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / bank_path.name
        trial.write_text(text, encoding="utf-8")
        sink: list = []
        load_bank(trial, sink)
        result.problems = [f"{p.line}: {p.message}" for p in sink]
    if not result.problems:
        bank_path.write_text(text, encoding="utf-8")
    return result


def export_gift(bank: Bank, lang: str) -> tuple[str, list[str]]:
    """The bank as GIFT in one language; returns the text and the ids of questions GIFT cannot hold."""
    out = [f"// {bank.title.get(lang, bank.id)}", f"// exported from bank '{bank.id}' ({lang})", ""]
    skipped = []
    for q in bank.questions:
        body = question_type(q.type).to_gift(q.data, lang)
        if body is None:
            skipped.append(q.id)
            continue
        tags = " ".join(f"[tag:{t}]" for t in q.tags)
        out.append(f"// [id:{q.id}] [type:{q.type}] [pool:{q.pool}]" + (f" {tags}" if tags else ""))
        general = f"\n####{escape(q.explanation[lang])}" if q.explanation.get(lang) else ""
        out.append(f"::{escape(q.id)}::{escape(q.text[lang])}{{\n{body}{general}\n}}")
        out.append("")
    return "\n".join(out), skipped


