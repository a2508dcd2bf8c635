"""The graph of a role-play scenario: reachability, ways to an ending, and the best possible scores."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Edge = tuple[str, str, str, Mapping[str, int]]  # (node, choice, next node, score changes)
STEP_LIMIT = 2_000_000  # enough for any hand-written scenario; beyond it the graph is too tangled to score


class GraphTooLarge(Exception):
    pass


@dataclass(frozen=True)
class Best:
    scores: dict[str, int]  # per competency, the most a run can earn (each loop counted once)
    path: tuple[tuple[str, str], ...]  # (node, choice) steps of a run with the highest total


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


def best_scores(start: str, endings: set[str], edges: Sequence[Edge], competencies: Sequence[str]) -> Best:
    """The highest total per competency over runs that reach an ending using no choice twice.

    A run's score counts each choice once (so going round a loop again earns nothing), which makes
    this the longest path with loops counted once: a search over runs that never repeat a choice.
    """
    out: dict[str, list[Edge]] = {}
    for edge in edges:
        out.setdefault(edge[0], []).append(edge)
    best = {c: None for c in competencies}
    best_total: list = [None, ()]
    steps = 0
    used: set[tuple[str, str]] = set()
    path: list[tuple[str, str]] = []
    totals = {c: 0 for c in competencies}

    def walk(node: str) -> None:
        nonlocal steps
        steps += 1
        if steps > STEP_LIMIT:
            raise GraphTooLarge
        if node in endings:
            for c in competencies:
                if best[c] is None or totals[c] > best[c]:
                    best[c] = totals[c]
            total = sum(totals.values())
            if best_total[0] is None or total > best_total[0] or (total == best_total[0] and len(path) < len(best_total[1])):
                best_total[0], best_total[1] = total, tuple(path)
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
    return Best({c: (v or 0) for c, v in best.items()}, best_total[1])
