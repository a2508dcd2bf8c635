"""Question banks: `quizzes/<bank>.yaml` files of bilingual questions, validated into Question objects."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.catalog.pools import CORE_TAG, POOLS
from courseware.catalog.problems import ProblemLog
from courseware.catalog.questions import QUESTION_TYPES, Question
from courseware.catalog.texts import as_plain, read_text
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml

BANK_KEYS = {"title", "module", "questions"}
COMMON_KEYS = {"id", "type", "pool", "examines", "difficulty", "tags", "text", "explanation", "translate"}
DIFFICULTIES = ("easy", "medium", "hard")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
ITEM_PATTERN = re.compile(r"^\d+\.\d+$")


@dataclass(frozen=True)
class Bank:
    id: str  # the file name without .yaml
    title: Mapping[str, str]
    module: int | None
    questions: tuple[Question, ...]
    path: Path
    line: int = 1  # the line of `questions:`, where problems of the whole bank are reported

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def load_banks(quiz_dir: Path, sink: list) -> dict[str, Bank]:
    """Every `*.yaml` in the quiz folder except quizzes.yaml is a bank."""
    banks: dict[str, Bank] = {}
    if not quiz_dir.is_dir():
        return banks
    seen: dict[str, str] = {}
    for path in sorted(quiz_dir.glob("*.yaml")):
        if path.name == "quizzes.yaml":
            continue
        bank = load_bank(path, sink)
        if bank is None:
            continue
        log = ProblemLog(path, sink)
        for question in bank.questions:
            if question.id in seen:
                log.add(question.line, f"question id '{question.id}' is used in {seen[question.id]} too")
            seen[question.id] = path.name
        banks[bank.id] = bank
    return banks


def load_bank(path: Path, sink: list) -> Bank | None:
    log = ProblemLog(path, sink)
    data = load_yaml(path, log)
    if data is None:
        return None
    if not isinstance(data, LineDict):
        log.add(1, "a bank must be a mapping with title, module and questions")
        return None
    for key in data:
        if key not in BANK_KEYS:
            log.add(data.line_of(key), f"unknown key '{key}' (allowed: {', '.join(sorted(BANK_KEYS))})")
    title = read_text(data, "title", log, "bank")
    module = data.get("module")
    if module is not None and (not isinstance(module, int) or isinstance(module, bool)):
        log.add(data.line_of("module"), "'module' must be a module number")
        module = None
    raw = data.get("questions")
    if not isinstance(raw, LineList):
        log.add(data.line_of("questions"), "'questions' must be a list")
        return None
    questions = []
    for index, entry in enumerate(raw):
        question = read_question(entry, raw.line_of(index), path.stem, module, log)
        if question:
            questions.append(question)
    return Bank(path.stem, title or {}, module, tuple(questions), path, data.line_of("questions"))


def read_question(entry, line: int, bank: str, module: int | None, log: ProblemLog) -> Question | None:
    if not isinstance(entry, LineDict):
        log.add(line, "a question must be a mapping")
        return None
    question_id = str(entry.get("id", "")).strip()
    where = f"question '{question_id}'" if question_id else "question"
    ok = True
    if not ID_PATTERN.match(question_id):
        log.add(entry.line_of("id"), f"{where}: 'id' must be lowercase ASCII words joined by '-'")
        ok = False
    kind = QUESTION_TYPES.get(entry.get("type"))
    if kind is None:
        log.add(entry.line_of("type"), f"{where}: unknown question type '{entry.get('type')}' "
                                       f"(one of {', '.join(sorted(QUESTION_TYPES))})")
        return None
    for key in entry:
        if key not in COMMON_KEYS | kind.fields:
            log.add(entry.line_of(key), f"{where}: unknown key '{key}' for a {kind.id} question")
            ok = False
    examines = entry.get("examines", [])
    if not isinstance(examines, list) or not all(isinstance(i, str) and ITEM_PATTERN.match(i) for i in examines):
        log.add(entry.line_of("examines"), f"{where}: 'examines' must list OUTLINE item ids such as \"1.6\" (quoted)")
        ok = False
    elif module is not None and any(int(i.split(".")[0]) != module for i in examines):
        log.add(entry.line_of("examines"), f"{where}: examines an item outside module {module}")
        ok = False
    difficulty = entry.get("difficulty", "medium")
    if difficulty not in DIFFICULTIES:
        log.add(entry.line_of("difficulty"), f"{where}: difficulty must be one of {', '.join(DIFFICULTIES)}")
        ok = False
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        log.add(entry.line_of("tags"), f"{where}: 'tags' must be a list of words")
        ok = False
    pool = entry.get("pool")
    if pool is None:
        log.add(entry.line, f"{where}: missing 'pool' ({' or '.join(POOLS)})")
        ok = False
    elif pool not in POOLS:
        log.add(entry.line_of("pool"), f"{where}: unknown pool '{pool}' (one of {', '.join(POOLS)})")
        ok = False
    elif ok and CORE_TAG in tags and pool != "assessment":
        log.add(entry.line_of("pool"), f"{where}: a '{CORE_TAG}' question is drawn by the pre-test, "
                                       "so it belongs to the assessment pool")
        ok = False
    text = read_text(entry, "text", log, where)
    explanation = read_text(entry, "explanation", log, where, required=False) if "explanation" in entry else {}
    data = kind.parse(entry, log, where)
    if not ok or text is None or explanation is None or data is None:
        return None
    return Question(
        id=question_id, type=kind.id, bank=bank, examines=tuple(examines), difficulty=difficulty,
        tags=tuple(tags), text=text, explanation=explanation, data=as_plain(data), line=entry.line,
        translate=bool(entry.get("translate", False)), pool=pool,
    )
