"""Quiz definitions (`quizzes/quizzes.yaml`): which questions are drawn and the rules of taking them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.catalog.banks import ID_PATTERN, Bank
from courseware.catalog.pools import POOL_OF_KIND, candidates
from courseware.catalog.problems import ProblemLog
from courseware.catalog.texts import read_text
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml

KINDS = ("pretest", "posttest", "practice")
GRADING = ("highest", "last", "first", "average")
REVIEW = ("immediately", "after_last_attempt", "after_due_date")
QUIZ_KEYS = {
    "id", "kind", "module", "title", "description", "draw", "shuffle_questions", "shuffle_choices",
    "pass_mark", "attempts", "grading", "time_limit", "review", "per_page",
}


@dataclass(frozen=True)
class Draw:
    bank: str
    count: int
    tags: tuple[str, ...] = ()
    pool: str = "practice"  # the pool of the quiz's kind (POOL_OF_KIND): tests assess, practice practises

    def candidates(self, bank: Bank) -> list:
        """The questions of `bank` this draw may pick."""
        return candidates(bank.questions, self.pool, self.tags)


@dataclass(frozen=True)
class Quiz:
    id: str
    kind: str  # pretest (course baseline), posttest (one per module), practice
    module: int | None
    title: Mapping[str, str]
    description: Mapping[str, str]
    draw: tuple[Draw, ...]
    shuffle_questions: bool
    shuffle_choices: bool
    pass_mark: float  # percent
    attempts: int  # 0 = unlimited
    grading: str
    time_limit: int  # minutes, 0 = none
    review: str  # when correct answers and explanations are shown
    per_page: int  # questions per page, 0 = all on one page

    @property
    def question_count(self) -> int:
        return sum(d.count for d in self.draw)


def load_quizzes(path: Path, banks: Mapping[str, Bank], sink: list) -> dict[str, Quiz]:
    if not path.is_file():
        return {}
    log = ProblemLog(path, sink)
    data = load_yaml(path, log)
    if data is None:
        return {}
    if not isinstance(data, LineList):
        log.add(1, "quizzes.yaml must be a list of quizzes")
        return {}
    quizzes: dict[str, Quiz] = {}
    for index, entry in enumerate(data):
        quiz = _read_quiz(entry, data.line_of(index), banks, log)
        if quiz and quiz.id in quizzes:
            log.add(data.line_of(index), f"quiz id '{quiz.id}' is used twice")
        elif quiz:
            quizzes[quiz.id] = quiz
    return quizzes


def _choice(entry: LineDict, key: str, options: tuple, default, log: ProblemLog, where: str):
    value = entry.get(key, default)
    if value not in options:
        log.add(entry.line_of(key), f"{where}: '{key}' must be one of {', '.join(map(str, options))}")
        return None
    return value


def _number(entry: LineDict, key: str, default, low, high, log: ProblemLog, where: str):
    value = entry.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
        log.add(entry.line_of(key), f"{where}: '{key}' must be a number from {low} to {high}")
        return None
    return value


def _read_quiz(entry, line: int, banks: Mapping[str, Bank], log: ProblemLog) -> Quiz | None:
    if not isinstance(entry, LineDict):
        log.add(line, "a quiz must be a mapping")
        return None
    quiz_id = str(entry.get("id", ""))
    where = f"quiz '{quiz_id}'"
    problems_before = len(log.sink)
    if not ID_PATTERN.match(quiz_id):
        log.add(entry.line_of("id"), f"{where}: 'id' must be lowercase ASCII words joined by '-'")
    for key in entry:
        if key not in QUIZ_KEYS:
            log.add(entry.line_of(key), f"{where}: unknown key '{key}'")
    kind = _choice(entry, "kind", KINDS, "practice", log, where)
    module = entry.get("module")
    if kind == "posttest" and not isinstance(module, int):
        log.add(entry.line_of("module"), f"{where}: a post-test names its module")
    title = read_text(entry, "title", log, where)
    description = read_text(entry, "description", log, where, required=False) or {}
    draws = _read_draws(entry, banks, POOL_OF_KIND.get(kind, "practice"), log, where)
    grading = _choice(entry, "grading", GRADING, "highest", log, where)
    review = _choice(entry, "review", REVIEW, "immediately", log, where)
    attempts = _number(entry, "attempts", 1, 0, 100, log, where)
    if review == "after_last_attempt" and attempts == 0:
        log.add(entry.line_of("review"), f"{where}: 'after_last_attempt' needs a limited number of attempts")
    values = {
        "pass_mark": _number(entry, "pass_mark", 60, 0, 100, log, where),
        "time_limit": _number(entry, "time_limit", 0, 0, 600, log, where),
        "per_page": _number(entry, "per_page", 0, 0, 100, log, where),
    }
    flags = {k: entry.get(k, True) for k in ("shuffle_questions", "shuffle_choices")}
    for key, flag in flags.items():
        if not isinstance(flag, bool):
            log.add(entry.line_of(key), f"{where}: '{key}' must be true or false")
    if len(log.sink) > problems_before:
        return None
    return Quiz(
        id=quiz_id, kind=kind, module=module if isinstance(module, int) else None, title=title,
        description=description, draw=tuple(draws), grading=grading, review=review, attempts=int(attempts),
        pass_mark=float(values["pass_mark"]), time_limit=int(values["time_limit"]), per_page=int(values["per_page"]),
        **flags,
    )


def _read_draws(entry: LineDict, banks: Mapping[str, Bank], pool_name: str, log: ProblemLog, where: str) -> list[Draw]:
    raw = entry.get("draw")
    if not isinstance(raw, LineList) or not raw:
        log.add(entry.line_of("draw"), f"{where}: 'draw' must list the banks questions come from")
        return []
    draws = []
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(item, LineDict) or item.get("bank") not in banks:
            name = item.get("bank") if isinstance(item, LineDict) else item
            log.add(line, f"{where}: draw from unknown bank '{name}'")
            continue
        bank = banks[item["bank"]]
        draw = Draw(bank.id, 1, tuple(item.get("tags") or ()), pool_name)
        pool = draw.candidates(bank)
        count = item.get("count", len(pool))
        if not isinstance(count, int) or count < 1:
            log.add(line, f"{where}: 'count' must be a whole number of 1 or more")
            continue
        if count > len(pool):
            tagged = f" tagged {', '.join(draw.tags)}" if draw.tags else ""
            log.add(line, f"{where}: draws {count} questions but bank '{bank.id}' has only {len(pool)} "
                          f"in its {pool_name} pool{tagged}")
            continue
        draws.append(Draw(bank.id, count, draw.tags, pool_name))
    return draws
