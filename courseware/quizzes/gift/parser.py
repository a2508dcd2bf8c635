"""A GIFT reader that follows Moodle's importer (question/format/gift/format.php).

Each question becomes a plain dict in our bank format (one language, copied to both), or a
`Skipped` record saying, with its line, why it cannot be one of our types (essay, description, ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Escaped control characters are swapped for private-use characters while parsing, then restored.
ESCAPES = {"\\\\": "\ue000", "\\:": "\ue001", "\\#": "\ue002", "\\=": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
           "\\~": "\ue006", "\\n": "\ue007"}
RESTORE = {"\ue000": "\\", "\ue001": ":", "\ue002": "#", "\ue003": "=", "\ue004": "{", "\ue005": "}", "\ue006": "~",
           "\ue007": "\n"}
FORMAT_PREFIX = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
TF_VALUES = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass
class Parsed:
    line: int
    type: str  # one of ours: single, multiple, truefalse, matching, numeric, short
    title: str
    text: str
    fields: dict[str, Any]
    explanation: str = ""
    gift_id: str | None = None
    tags: list[str] = field(default_factory=list)
    pool: str | None = None  # our `// [pool:...]` note (Moodle ignores it as a comment)
    category: str | None = None
    notes: list[str] = field(default_factory=list)  # what GIFT said that our type cannot keep


@dataclass
class Skipped:
    line: int
    kind: str  # essay, description, unknown
    reason: str


def _protect(text: str) -> str:
    for escaped, placeholder in ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text


def _restore(text: str) -> str:
    for placeholder, char in RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _clean(text: str) -> str:
    """A text as our banks keep it: format prefix removed, HTML tags dropped, escapes restored, spaces tidied."""
    is_html = bool(FORMAT_PREFIX.match(text)) and FORMAT_PREFIX.match(text).group(1).lower() == "html"
    text = FORMAT_PREFIX.sub("", text, count=1)
    if is_html or re.search(r"<(p|b|i|a|span|br|strong|em)\b", text):
        text = re.sub(r"<br\s*/?>", " ", text)
        text = re.sub(r"<[^>]+>", "", text)
    text = _restore(text)
    return re.sub(r"\s+", " ", text).strip()


def blocks(source: str) -> list[tuple[int, list[str]]]:
    """Questions are separated by blank lines; returns (first line number, lines) per block."""
    result, current, start = [], [], 0
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            result.append((start, current))
            current = []
    if current:
        result.append((start, current))
    return result


def parse(source: str) -> tuple[list[Parsed], list[Skipped]]:
    questions: list[Parsed] = []
    skipped: list[Skipped] = []
    category = None
    for start, lines in blocks(source.replace("\r\n", "\n").lstrip("\ufeff")):
        meta_id, tags, pool, body, first = None, [], None, [], None
        for offset, line in enumerate(lines):
            if line.strip().startswith("//"):
                found = re.search(r"\[id:((?:\\\]|[^\]])+)\]", line)
                meta_id = found.group(1).replace("\\]", "]") if found else meta_id
                tags += [t.replace("\\]", "]") for t in re.findall(r"\[tag:((?:\\\]|[^\]])+)\]", line)]
                found = re.search(r"\[pool:([a-z]+)\]", line)
                pool = found.group(1) if found else pool
            else:
                first = start + offset if first is None else first
                body.append(line)
        if not body:
            continue
        text = "\n".join(body).strip()
        if text.startswith("$CATEGORY:"):
            category = text[len("$CATEGORY:"):].strip()
            continue
        result = parse_question(text, first)
        if isinstance(result, Skipped):
            skipped.append(result)
            continue
        result.gift_id, result.tags, result.pool, result.category = meta_id, tags, pool, category
        questions.append(result)
    return questions, skipped


def parse_question(raw: str, line: int) -> Parsed | Skipped:
    text = _protect(raw)
    title = ""
    match = re.match(r"^\s*::(.*?)::", text, re.DOTALL)
    if match:
        title = _clean(match.group(1))
        text = text[match.end():]
    start, finish = text.find("{"), text.rfind("}")
    if start < 0 or finish < start:
        return Skipped(line, "description", "a description has no answer to score")
    answer = text[start + 1:finish].strip()
    before, after = text[:start], text[finish + 1:]
    stem = _clean(before + ("_____" + after if after.strip() else ""))
    if not answer:
        return Skipped(line, "essay", "an essay has no key to score automatically")
    general = ""
    if "####" in answer:
        answer, general = answer.split("####", 1)
        general = _clean(general)
        answer = answer.strip()
    if answer.startswith("#"):
        parsed = _numeric(answer[1:])
    elif "~" in answer:
        parsed = _choices(answer)
    elif "=" in answer and "->" in answer:
        parsed = _matching(answer)
    elif answer.split("#")[0].strip().upper() in TF_VALUES:
        parsed = _truefalse(answer)
    else:
        parsed = _short(answer)
    if isinstance(parsed, str):
        return Skipped(line, "unknown", parsed)
    kind, fields, notes = parsed
    return Parsed(line, kind, title, stem or title, fields, general, notes=notes)


def _split_answers(answer: str) -> list[tuple[str, str]]:
    """'=a#fb ~b' -> [('=', 'a#fb'), ('~', 'b')]: each answer with its marker."""
    parts = re.split(r"([=~])", answer)
    result, marker = [], None
    for part in parts:
        if part in ("=", "~"):
            marker = part
        elif marker:
            result.append((marker, part))
    return result


def _weight_and_feedback(body: str) -> tuple[float | None, str, str]:
    body = body.strip()
    weight = None
    match = WEIGHT.match(body)
    if match:
        weight = float(match.group(1))
        body = body[match.end():]
    text, _, feedback = body.partition("#")
    return weight, _clean(text), _clean(feedback)


def _choices(answer: str):
    answers = [(marker, *_weight_and_feedback(body)) for marker, body in _split_answers(answer)]
    if len(answers) < 2:
        return "a multiple-choice question needs at least two answers"
    notes = []
    right_markers = [a for a in answers if a[0] == "="]
    if len(right_markers) == 1:
        kind = "single"
        correct = [a[0] == "=" for a in answers]
        if any(a[0] == "~" and a[1] for a in answers):
            notes.append("partial-credit weights on wrong answers dropped (single choice scores 0 or 1)")
    else:
        kind = "multiple"
        correct = [(a[1] or 0) > 0 or a[0] == "=" for a in answers]
        if not any(correct):
            return "no answer has a positive weight"
        if all(correct):
            return "every answer is right: nothing to choose"
        notes.append("weights replaced by our rule: right picked / all right - wrong picked / all wrong")
    choices = []
    for index, ((_, _weight, text, feedback), right) in enumerate(zip(answers, correct)):
        choice: dict[str, Any] = {"id": chr(ord("a") + index), "text": text}
        if right:
            choice["correct"] = True
        if feedback:
            choice["feedback"] = feedback
        choices.append(choice)
    return kind, {"choices": choices}, notes


def _matching(answer: str):
    pairs, distractors = [], []
    for _, body in _split_answers(answer):
        left, arrow, right = body.partition("->")
        if not arrow:
            return "a matching answer needs 'left -> right'"
        left, right = _clean(left), _clean(right.split("#")[0])
        if left:
            pairs.append({"id": f"p{len(pairs) + 1}", "prompt": left, "match": right})
        else:
            distractors.append({"id": f"d{len(distractors) + 1}", "text": right})
    if len(pairs) < 2:
        return "a matching question needs at least two pairs"
    fields: dict[str, Any] = {"pairs": pairs}
    if distractors:
        fields["distractors"] = distractors
    return "matching", fields, []


def _truefalse(answer: str):
    value, *feedback = answer.split("#")
    fields: dict[str, Any] = {"answer": TF_VALUES[value.strip().upper()]}
    # Moodle: the first feedback is shown to those who answered wrong, the second to those who answered right.
    if feedback and _clean(feedback[0]):
        fields["feedback_true" if not fields["answer"] else "feedback_false"] = _clean(feedback[0])
    if len(feedback) > 1 and _clean(feedback[1]):
        fields["feedback_true" if fields["answer"] else "feedback_false"] = _clean(feedback[1])
    return "truefalse", fields, []


def _short(answer: str):
    accepted, notes = [], []
    for marker, body in _split_answers(answer):
        weight, text, _ = _weight_and_feedback(body)
        if weight not in (None, 100):
            notes.append(f"answer '{text}' worth {weight:g}% dropped (short answers score 0 or 1)")
        elif "*" in text:
            notes.append(f"wildcard answer '{text}' dropped")
        elif text:
            accepted.append(text)
    if not accepted:
        return "a short-answer question needs an answer worth 100%"
    return "short", {"accept": accepted}, notes


def _number(text: str) -> tuple[float, float] | None:
    text = text.strip()
    range_match = re.match(r"^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$", text)
    if range_match:
        low, high = float(range_match.group(1)), float(range_match.group(2))
        return round((low + high) / 2, 10), round(abs(high - low) / 2, 10)
    value, _, tolerance = text.partition(":")
    try:
        return float(value), abs(float(tolerance)) if tolerance.strip() else 0.0
    except ValueError:
        return None


def _numeric(answer: str):
    answer = answer.strip()
    notes = []
    if not answer.startswith("=") and "=" not in answer.split("~")[0]:
        body, _, _ = answer.split("~")[0].partition("#")
        value = _number(_restore(body))
        if value is None:
            return f"'{_restore(body).strip()}' is not a number"
        return "numeric", {"answer": value[0], "tolerance": value[1]}, notes
    best = None
    for marker, body in _split_answers(answer):
        if marker != "=":
            continue
        weight, text, _ = _weight_and_feedback(body)
        value = _number(_restore(text.split("#")[0]))
        if value is None:
            return f"'{text}' is not a number"
        weight = 100.0 if weight is None else weight
        if best is None or weight > best[0]:
            best = (weight, value)
        if weight not in (0, 100):
            notes.append(f"answer {text} worth {weight:g}% dropped (numeric answers score 0 or 1)")
    if best is None or best[0] < 100:  # our numeric questions score 0 or 1: a key worth less is no key
        return "no numeric answer is worth 100%"
    return "numeric", {"answer": best[1][0], "tolerance": best[1][1]}, notes
