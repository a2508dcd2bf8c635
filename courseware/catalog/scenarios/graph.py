"""The graph of a role-play scenario: reachability, the runs into each ending, and the best run."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Edge = tuple[str, str, str, Mapping[str, int]]  # (node, choice, next node, score changes)
Step = tuple[str, str]  # (node, choice)
STEP_LIMIT = 2_000_000  # enough for any hand-written scenario; beyond it the graph is too tangled to score


class GraphTooLarge(Exception):
    pass


@dataclass(frozen=True)
class Run:
    """One way through the scenario to an ending: its choices and what it earns (each choice counted once)."""

    path: tuple[Step, ...]
    scores: dict[str, int]
    ending: str

    @property
    def total(self) -> int:
        return sum(self.scores.values())


@dataclass(frozen=True)
class EndingTotals:
    """The lowest and the highest total of the runs into one ending."""

    lowest: Run
    highest: Run


@dataclass(frozen=True)
class Best:
    """The best run: the highest total over every run to an ending. Ties go to the run with fewer choices,
    then to the one whose choices come first in the file (an earlier node's earlier choice wins).
    `scores` are that one run's per competency, so every figure shown as best can be reached together."""

    scores: dict[str, int]
    path: tuple[Step, ...]
    ending: str = ""
    endings: dict[str, EndingTotals] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.scores.values())


def reachable(start: str, edges: Sequence[Edge]) -> set[str]:
    out: dict[str, list[str]] = {}
    for node, _, target, _ in edges:
        out.setdefault(node, []).append(target)
    seen, stack = {start}, [start]
    while stack:
        for target in out.get(stack.pop(), []):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def can_finish(endings: set[str], edges: Sequence[Edge]) -> set[str]:
    """Nodes from which some ending can be reached (walking the edges backwards from the endings)."""
    into: dict[str, list[str]] = {}
    for node, _, target, _ in edges:
        into.setdefault(target, []).append(node)
    seen, stack = set(endings), list(endings)
    while stack:
        for source in into.get(stack.pop(), []):
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return seen


def _better(run: Run, best: Run | None) -> bool:
    """Higher total wins; then fewer choices. Runs are met in file order, so an earlier equal run stays."""
    if best is None:
        return True
    return run.total > best.total or (run.total == best.total and len(run.path) < len(best.path))


def best_scores(start: str, endings: set[str], edges: Sequence[Edge], competencies: Sequence[str]) -> Best:
    """Walk every run that reaches an ending using no choice twice (so a loop is counted once, as a run's
    score counts each choice once); keep the best run and, per ending, its lowest and highest totals."""
    out: dict[str, list[Edge]] = {}
    for edge in edges:
        out.setdefault(edge[0], []).append(edge)
    best: Run | None = None
    per_ending: dict[str, list[Run]] = {}  # ending -> [lowest, highest]
    steps = 0
    used: set[Step] = set()
    path: list[Step] = []
    totals = {c: 0 for c in competencies}

    def walk(node: str) -> None:
        nonlocal steps, best
        steps += 1
        if steps > STEP_LIMIT:
            raise GraphTooLarge
        if node in endings:
            run = Run(tuple(path), dict(totals), node)
            if _better(run, best):
                best = run
            low_high = per_ending.setdefault(node, [run, run])
            if run.total < low_high[0].total:
                low_high[0] = run
            if run.total > low_high[1].total:
                low_high[1] = run
            return
        for source, choice, target, scores in out.get(node, []):
            if (source, choice) in used:
                continue
            used.add((source, choice))
            path.append((source, choice))
            for c in competencies:
                totals[c] += scores.get(c, 0)
            walk(target)
            for c in competencies:
                totals[c] -= scores.get(c, 0)
            path.pop()
            used.discard((source, choice))

    walk(start)
    if best is None:
        return Best({c: 0 for c in competencies}, ())
    return Best(dict(best.scores), best.path, best.ending,
                {ending: EndingTotals(low, high) for ending, (low, high) in per_ending.items()})
