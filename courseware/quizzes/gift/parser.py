"""A GIFT reader that follows Moodle's importer (question/format/gift/format.php).

Format level only: each question becomes a `GiftItem` in its GIFT form (Moodle's multichoice, truefalse,
match, numerical, shortanswer), or a `Skipped` record saying, with its line, why it holds no question to score
(essay, description, a malformed answer). Which question type an item becomes is asked of the types
(quizzes/gift/banks.py), so a new type needs no change here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Escaped control characters are swapped for private-use characters while parsing, then restored.
ESCAPES = {"\\\\": "\ue000", "\\:": "\ue001", "\\#": "\ue002", "\\=": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
           "\\~": "\ue006", "\\n": "\ue007"}
RESTORE = {"\ue000": "\\", "\ue001": ":", "\ue002": "#", "\ue003": "=", "\ue004": "{", "\ue005": "}", "\ue006": "~",
           "\ue007": "\n"}
FORMAT_PREFIX = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
TF_VALUES = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass
class GiftAnswer:
    """One answer of a choice or short-answer question: `=` or `~`, its %weight% if given, text and feedback."""

    marker: str
    weight: float | None
    text: str
    feedback: str = ""


@dataclass
class GiftNumber:
    """One right answer of a numeric question: value and tolerance, its %weight% if given, as written."""

    weight: float | None
    value: float
    tolerance: float
    text: str


@dataclass
class GiftItem:
    """A GIFT question as the format has it; which of our types it becomes is the types' business."""

    line: int
    # The answer's GIFT form, named as Moodle names its question types: multichoice, truefalse, match,
    # numerical, shortanswer.
    form: str
    title: str
    text: str
    explanation: str = ""
    answers: list[GiftAnswer] = field(default_factory=list)  # multichoice, shortanswer
    pairs: list[tuple[str, str]] = field(default_factory=list)  # match: (left, right); an empty left is a distractor
    numbers: list[GiftNumber] = field(default_factory=list)  # numerical
    truth: bool | None = None  # truefalse
    feedback: list[str] = field(default_factory=list)  # truefalse: for a wrong answer, then for a right one
    gift_id: str | None = None
    tags: list[str] = field(default_factory=list)
    pool: str | None = None  # our `// [pool:...]` note (Moodle ignores it as a comment)
    type: str | None = None  # our `// [type:...]` note: the question type an export came from
    category: str | None = None


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


def clean(text: str) -> str:
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


def read_gift(source: str) -> tuple[list[GiftItem], list[Skipped]]:
    """Every question of a GIFT text in its GIFT form, and the blocks that hold no question we can score."""
    questions: list[GiftItem] = []
    skipped: list[Skipped] = []
    category = None
    for start, lines in blocks(source.replace("\r\n", "\n").lstrip("\ufeff")):
        meta_id, tags, pool, kind, body, first = None, [], None, None, [], None
        for offset, line in enumerate(lines):
            if line.strip().startswith("//"):
                found = re.search(r"\[id:((?:\\\]|[^\]])+)\]", line)
                meta_id = found.group(1).replace("\\]", "]") if found else meta_id
                tags += [t.replace("\\]", "]") for t in re.findall(r"\[tag:((?:\\\]|[^\]])+)\]", line)]
                found = re.search(r"\[pool:([a-z]+)\]", line)
                pool = found.group(1) if found else pool
                found = re.search(r"\[type:([a-z0-9_-]+)\]", line)
                kind = found.group(1) if found else kind
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
        result.gift_id, result.tags, result.pool, result.type, result.category = meta_id, tags, pool, kind, category
        questions.append(result)
    return questions, skipped


def parse_question(raw: str, line: int) -> GiftItem | Skipped:
    """One question block (comments removed) in its GIFT form, or why it holds no question to score."""
    text = _protect(raw)
    title = ""
    match = re.match(r"^\s*::(.*?)::", text, re.DOTALL)
    if match:
        title = clean(match.group(1))
        text = text[match.end():]
    start, finish = text.find("{"), text.rfind("}")
    if start < 0 or finish < start:
        return Skipped(line, "description", "a description has no answer to score")
    answer = text[start + 1:finish].strip()
    before, after = text[:start], text[finish + 1:]
    stem = clean(before + ("_____" + after if after.strip() else ""))
    if not answer:
        return Skipped(line, "essay", "an essay has no key to score automatically")
    general = ""
    if "####" in answer:
        answer, general = answer.split("####", 1)
        general = clean(general)
        answer = answer.strip()
    item = GiftItem(line, "", title, stem or title, general)
    if answer.startswith("#"):
        problem = _numeric(item, answer[1:])
    elif "~" in answer:
        item.form, item.answers = "multichoice", _answers(answer)
        problem = None
    elif "=" in answer and "->" in answer:
        problem = _matching(item, answer)
    elif answer.split("#")[0].strip().upper() in TF_VALUES:
        value, *feedback = answer.split("#")
        item.form, item.truth, item.feedback = "truefalse", TF_VALUES[value.strip().upper()], [clean(f) for f in feedback]
        problem = None
    else:
        item.form, item.answers = "shortanswer", _answers(answer)
        problem = None
    return Skipped(line, "unknown", problem) if problem else item


def split_answers(answer: str) -> list[tuple[str, str]]:
    """'=a#fb ~b' -> [('=', 'a#fb'), ('~', 'b')]: each answer with its marker."""
    parts = re.split(r"([=~])", answer)
    result, marker = [], None
    for part in parts:
        if part in ("=", "~"):
            marker = part
        elif marker:
            result.append((marker, part))
    return result


def weight_and_feedback(body: str) -> tuple[float | None, str, str]:
    body = body.strip()
    weight = None
    match = WEIGHT.match(body)
    if match:
        weight = float(match.group(1))
        body = body[match.end():]
    text, _, feedback = body.partition("#")
    return weight, clean(text), clean(feedback)


def _answers(answer: str) -> list[GiftAnswer]:
    return [GiftAnswer(marker, *weight_and_feedback(body)) for marker, body in split_answers(answer)]


def _matching(item: GiftItem, answer: str) -> str | None:
    item.form = "match"
    for _, body in split_answers(answer):
        left, arrow, right = body.partition("->")
        if not arrow:
            return "a matching answer needs 'left -> right'"
        item.pairs.append((clean(left), clean(right.split("#")[0])))
    return None


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


def _numeric(item: GiftItem, answer: str) -> str | None:
    """`#value:tolerance`, `#low..high`, or several `=` answers with weights (`~` answers are ignored)."""
    item.form = "numerical"
    answer = answer.strip()
    if not answer.startswith("=") and "=" not in answer.split("~")[0]:
        body, _, _ = answer.split("~")[0].partition("#")
        value = _number(_restore(body))
        if value is None:
            return f"'{_restore(body).strip()}' is not a number"
        item.numbers.append(GiftNumber(None, value[0], value[1], _restore(body).strip()))
        return None
    for marker, body in split_answers(answer):
        if marker != "=":
            continue
        weight, text, _ = weight_and_feedback(body)
        value = _number(_restore(text.split("#")[0]))
        if value is None:
            return f"'{text}' is not a number"
        item.numbers.append(GiftNumber(weight, value[0], value[1], text))
    return None


def escape(text: str) -> str:
    """Text as GIFT writes it: its control characters escaped."""
    return re.sub(r"([\\#=~{}:])", r"\\\1", text)


def weight_text(value: float) -> str:
    """A GIFT weight as few digits as it needs: 50, 33.33333."""
    return f"{value:.5f}".rstrip("0").rstrip(".")
