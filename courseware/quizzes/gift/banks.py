"""GIFT to and from our bank files."""
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
from courseware.quizzes.gift.parser import Parsed, Skipped, parse
from courseware.languages import LANGUAGES


@dataclass
class ImportResult:
    path: Path
    counts: Counter = field(default_factory=Counter)  # our type -> questions imported
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the bank would not load: nothing written


def _both(text: str) -> dict[str, str]:
    return {lang: text for lang in LANGUAGES}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def to_entry(question: Parsed, question_id: str) -> dict[str, Any]:
    """One GIFT question as a bank entry: the one language fills both, marked `translate: true`. Without our
    `[pool:...]` note a question goes to the practice pool: it assesses no one until an author says so."""
    pool = question.pool if question.pool in POOLS else "practice"
    entry: dict[str, Any] = {"id": question_id, "type": question.type, "pool": pool, "examines": [], "difficulty": "medium"}
    tags = [_slug(t) for t in question.tags if _slug(t)]
    if tags:
        entry["tags"] = tags
    entry["translate"] = True
    entry["text"] = _both(question.text)
    fields = question.fields
    if question.type in ("single", "multiple"):
        entry["choices"] = [
            {"id": c["id"], "text": _both(c["text"] or "—"), **({"correct": True} if c.get("correct") else {}),
             **({"feedback": _both(c["feedback"])} if c.get("feedback") else {})}
            for c in fields["choices"]
        ]
    elif question.type == "truefalse":
        entry["answer"] = fields["answer"]
        for key in ("feedback_true", "feedback_false"):
            if fields.get(key):
                entry[key] = _both(fields[key])
    elif question.type == "matching":
        entry["pairs"] = [{"id": p["id"], "prompt": _both(p["prompt"]), "match": _both(p["match"])} for p in fields["pairs"]]
        if fields.get("distractors"):
            entry["distractors"] = [{"id": d["id"], "text": _both(d["text"])} for d in fields["distractors"]]
    elif question.type == "numeric":
        entry["answer"], entry["tolerance"] = fields["answer"], fields["tolerance"]
    elif question.type == "short":
        entry["accept"] = {lang: list(fields["accept"]) for lang in LANGUAGES}
    if question.explanation:
        entry["explanation"] = _both(question.explanation)
    return entry


def import_gift(source: str, bank_path: Path) -> ImportResult:
    """Add every GIFT question that maps to our types to the bank file (created if new); check it loads."""
    questions, skipped = parse(source)
    result = ImportResult(bank_path, skipped=skipped)
    if bank_path.exists():
        data = yaml.safe_load(bank_path.read_text(encoding="utf-8")) or {}
    else:
        data = {"title": _both(bank_path.stem), "questions": []}
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


def _escape(text: str) -> str:
    return re.sub(r"([\\#=~{}:])", r"\\\1", text)


def export_gift(bank: Bank, lang: str) -> tuple[str, list[str]]:
    """The bank as GIFT in one language; returns the text and the ids of questions GIFT cannot hold."""
    out = [f"// {bank.title.get(lang, bank.id)}", f"// exported from bank '{bank.id}' ({lang})", ""]
    skipped = []
    for q in bank.questions:
        body = _gift_answer(q.type, q.data, lang)
        if body is None:
            skipped.append(q.id)
            continue
        tags = " ".join(f"[tag:{t}]" for t in q.tags)
        out.append(f"// [id:{q.id}] [pool:{q.pool}]" + (f" {tags}" if tags else ""))
        general = f"\n####{_escape(q.explanation[lang])}" if q.explanation.get(lang) else ""
        out.append(f"::{_escape(q.id)}::{_escape(q.text[lang])}{{\n{body}{general}\n}}")
        out.append("")
    return "\n".join(out), skipped


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _gift_answer(kind: str, data: dict, lang: str) -> str | None:
    if kind in ("single", "multiple"):
        right = sum(1 for c in data["choices"] if c["correct"])
        wrong = len(data["choices"]) - right
        lines = []
        for c in data["choices"]:
            feedback = f"#{_escape(c['feedback'][lang])}" if c.get("feedback") else ""
            if kind == "single":
                marker = "=" if c["correct"] else "~"
            else:  # our rule as GIFT weights: each right choice +100/right, each wrong one -100/wrong
                marker = f"~%{_weight(100 / right)}%" if c["correct"] else f"~%-{_weight(100 / wrong)}%"
            lines.append(f"    {marker}{_escape(c['text'][lang])}{feedback}")
        return "\n".join(lines)
    if kind == "truefalse":
        answer = "TRUE" if data["answer"] else "FALSE"
        wrong_key, right_key = ("feedback_false", "feedback_true") if data["answer"] else ("feedback_true", "feedback_false")
        feedback = ""
        if data.get(wrong_key) or data.get(right_key):
            feedback = f"#{_escape(data[wrong_key][lang]) if data.get(wrong_key) else ''}"
            feedback += f"#{_escape(data[right_key][lang])}" if data.get(right_key) else ""
        return f"    {answer}{feedback}"
    if kind == "matching":
        lines = [f"    ={_escape(p['prompt'][lang])} -> {_escape(p['match'][lang])}" for p in data["pairs"]]
        lines += [f"    = -> {_escape(d['text'][lang])}" for d in data.get("distractors", [])]
        return "\n".join(lines)
    if kind == "numeric":
        return f"    #{data['answer']:g}:{data['tolerance']:g}"
    if kind == "short":
        accepted = list(dict.fromkeys(data["accept"][lang] + [a for other in data["accept"].values() for a in other]))
        return "\n".join(f"    ={_escape(a)}" for a in accepted)
    return None  # ordering has no GIFT form
