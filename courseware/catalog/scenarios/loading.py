"""Reading role-play scenario files (`content/roleplays/*.yaml`): bilingual branching conversations, each key
checked, then the graph validated."""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from courseware.catalog.problems import ProblemLog
from courseware.catalog.scenarios.checks import check_graph, check_totals
from courseware.catalog.scenarios.model import COMPETENCIES, OUTCOMES, Choice, Node, Scenario
from courseware.catalog.texts import read_text
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml
from courseware.languages import LANGUAGES

SCENARIO_KEYS = {"title", "module", "items", "learner_role", "counterpart", "situation", "goals", "competencies",
                 "feedback", "pass_score", "start", "nodes"}
COUNTERPART_KEYS = ("name", "role", "wants", "fears", "knows")
NODE_KEYS = {"id", "say", "direction", "choices", "ending", "debrief", "try_next"}
CHOICE_KEYS = {"id", "text", "next", "scores", "feedback"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_scenarios(folder: Path, sink: list, known_items: set[str] | None = None) -> dict[str, Scenario]:
    """Every scenario file of the folder; `known_items` (coverage.yaml's ids) checks what each one practices."""
    if not folder.is_dir():
        return {}
    scenarios = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "rubric.yaml":
            continue
        scenario = load_scenario(path, sink, known_items)
        if scenario:
            scenarios[scenario.id] = scenario
    return scenarios


def load_scenario(path: Path, sink: list, known_items: set[str] | None = None) -> Scenario | None:
    """One scenario file, or None with its problems added to `sink` as `path:line: reason`."""
    log = ProblemLog(path, sink)
    before = len(sink)
    if not ID_PATTERN.match(path.stem):
        log.add(1, f"file name '{path.stem}' must be lowercase ASCII words joined by '-' (it is the scenario id)")
    data = load_yaml(path, log)
    if not isinstance(data, LineDict):
        if data is not None:
            log.add(1, "a scenario must be a mapping")
        return None
    for key in data:
        if key not in SCENARIO_KEYS:
            log.add(data.line_of(key), f"unknown key '{key}'")
    texts = {key: read_text(data, key, log, "scenario") for key in ("title", "learner_role", "situation")}
    counterpart = _counterpart(data, log)
    goals = _goals(data, log)
    module = data.get("module")
    if not isinstance(module, int) or isinstance(module, bool):
        log.add(data.line_of("module"), "'module' must be a module number")
    competencies = data.get("competencies")
    if not isinstance(competencies, list) or not competencies:
        log.add(data.line_of("competencies"), "'competencies' must list the competencies the scenario scores")
        competencies = []
    for name in competencies:
        if name not in COMPETENCIES:
            log.add(data.line_of("competencies"), f"unknown competency '{name}' (one of {', '.join(COMPETENCIES)})")
    feedback = data.get("feedback", "immediate")
    if feedback not in ("immediate", "end"):
        log.add(data.line_of("feedback"), "'feedback' must be immediate or end")
    items = _items(data, log, known_items)
    pass_score = data.get("pass_score")
    if not isinstance(pass_score, int) or isinstance(pass_score, bool):
        log.add(data.line_of("pass_score") if "pass_score" in data else data.line,
                "'pass_score' must be a whole number: the total at or above which a run passes")
    nodes = _nodes(data, log, [c for c in competencies if c in COMPETENCIES])
    start = data.get("start")
    if nodes and start not in nodes:
        log.add(data.line_of("start"), f"start node '{start}' does not exist")
    if len(sink) > before or not nodes:
        return None
    best = check_graph(nodes, start, log, [c for c in competencies if c in COMPETENCIES])
    if best is None:
        return None
    check_totals(nodes, best, pass_score, log)
    return Scenario(path.stem, texts["title"], module, texts["learner_role"], counterpart, texts["situation"], goals,
                    tuple(competencies), feedback, start, nodes, best, path, items, pass_score)


def _items(data: LineDict, log: ProblemLog, known: set[str] | None) -> tuple[str, ...]:
    value = data.get("items")
    line = data.line_of("items") if "items" in data else data.line
    if not isinstance(value, list) or not value or not all(isinstance(i, str) for i in value):
        log.add(line, "'items' must list the OUTLINE items the scenario practices, as quoted ids like \"2.7\"")
        return ()
    for item in value:
        if known is not None and item not in known:
            log.add(line, f"item '{item}' is not an item of coverage.yaml")
    return tuple(value)


def _counterpart(data: LineDict, log: ProblemLog) -> dict[str, Mapping[str, str]]:
    value = data.get("counterpart")
    if not isinstance(value, LineDict):
        log.add(data.line_of("counterpart"), "'counterpart' must describe name, role, wants, fears and knows")
        return {}
    for key in value:
        if key not in COUNTERPART_KEYS:
            log.add(value.line_of(key), f"counterpart: unknown key '{key}'")
    return {key: read_text(value, key, log, "counterpart") or {} for key in COUNTERPART_KEYS}


def _goals(data: LineDict, log: ProblemLog) -> dict[str, tuple[str, ...]]:
    value = data.get("goals")
    if not isinstance(value, LineDict):
        log.add(data.line_of("goals"), "'goals' must list the learning goals in each language")
        return {}
    goals = {}
    for lang in LANGUAGES:
        items = value.get(lang)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            log.add(value.line_of(lang) if lang in value else value.line, f"goals: missing translation '{lang}'")
        else:
            goals[lang] = tuple(items)
    return goals


def _nodes(data: LineDict, log: ProblemLog, competencies: list[str]) -> dict[str, Node]:
    raw = data.get("nodes")
    if not isinstance(raw, LineList) or not raw:
        log.add(data.line_of("nodes"), "'nodes' must be a list of nodes")
        return {}
    nodes: dict[str, Node] = {}
    for index, entry in enumerate(raw):
        if not isinstance(entry, LineDict):
            log.add(raw.line_of(index), "a node must be a mapping")
            continue
        node = _node(entry, log, competencies)
        if node and node.id in nodes:
            log.add(entry.line, f"node id '{node.id}' is used twice")
        elif node:
            nodes[node.id] = node
    return nodes


def _node(entry: LineDict, log: ProblemLog, competencies: list[str]) -> Node | None:
    node_id = str(entry.get("id", ""))
    where = f"node '{node_id}'"
    if not ID_PATTERN.match(node_id):
        log.add(entry.line_of("id"), f"{where}: 'id' must be lowercase ASCII words joined by '-'")
    for key in entry:
        if key not in NODE_KEYS:
            log.add(entry.line_of(key), f"{where}: unknown key '{key}'")
    ending = entry.get("ending")
    say = read_text(entry, "say", log, where, required=ending is None) or {}
    direction = read_text(entry, "direction", log, where, required=False) or {}
    if ending is not None:
        if ending not in OUTCOMES:
            log.add(entry.line_of("ending"), f"{where}: ending must be one of {', '.join(OUTCOMES)}")
        if entry.get("choices"):
            log.add(entry.line_of("choices"), f"{where}: an ending has no choices")
        debrief = read_text(entry, "debrief", log, where) or {}
        try_next = read_text(entry, "try_next", log, where, required=False) or {}
        return Node(node_id, say, direction, (), ending, debrief, try_next, entry.line)
    raw = entry.get("choices")
    if not isinstance(raw, LineList) or not 1 <= len(raw) <= 6:
        log.add(entry.line_of("choices"), f"{where}: a node that is not an ending needs 1 to 6 choices")
        return Node(node_id, say, direction, (), None, {}, {}, entry.line)
    choices = []
    for index, item in enumerate(raw):
        choice = _choice(item, raw.line_of(index), index, log, where, competencies)
        if choice:
            choices.append(choice)
    if len({c.id for c in choices}) != len(choices):
        log.add(entry.line_of("choices"), f"{where}: two choices have the same id")
    return Node(node_id, say, direction, tuple(choices), None, {}, {}, entry.line)


def _choice(item, line: int, index: int, log: ProblemLog, where: str, competencies: list[str]) -> Choice | None:
    if not isinstance(item, LineDict):
        log.add(line, f"{where}: a choice must be a mapping")
        return None
    choice_id = str(item.get("id", chr(ord("a") + index)))
    where = f"{where} choice '{choice_id}'"
    for key in item:
        if key not in CHOICE_KEYS:
            log.add(item.line_of(key), f"{where}: unknown key '{key}'")
    text = read_text(item, "text", log, where)
    feedback = read_text(item, "feedback", log, where, required=False) or {}
    scores = item.get("scores", {}) or {}
    clean: dict[str, int] = {}
    if not isinstance(scores, dict):
        log.add(item.line_of("scores"), f"{where}: 'scores' must map competencies to whole numbers")
    else:
        for name, value in scores.items():
            if name not in COMPETENCIES:
                log.add(scores.line_of(name), f"{where}: unknown competency '{name}' (one of {', '.join(COMPETENCIES)})")
            elif name not in competencies:
                log.add(scores.line_of(name), f"{where}: '{name}' is not one of this scenario's competencies")
            elif not isinstance(value, int) or isinstance(value, bool) or not -5 <= value <= 5:
                log.add(scores.line_of(name), f"{where}: score for '{name}' must be a whole number from -5 to 5")
            else:
                clean[name] = value
    target = item.get("next")
    if not isinstance(target, str):
        log.add(item.line_of("next"), f"{where}: 'next' must name a node")
        return None
    return Choice(choice_id, text or {}, target, clean, feedback, line) if text else None
