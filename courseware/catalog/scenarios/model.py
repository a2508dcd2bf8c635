"""A role-play scenario as the catalog holds it: nodes, choices and their scores, and the competencies they train."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.catalog.scenarios.graph import Best

COMPETENCIES = ("communication", "stress-resistance", "learning", "action")
OUTCOMES = ("success", "partial", "failure")


@dataclass(frozen=True)
class Choice:
    id: str
    text: Mapping[str, str]
    next: str
    scores: Mapping[str, int]
    feedback: Mapping[str, str]
    line: int = 1


@dataclass(frozen=True)
class Node:
    id: str
    say: Mapping[str, str]
    direction: Mapping[str, str]
    choices: tuple[Choice, ...]
    ending: str | None
    debrief: Mapping[str, str]
    try_next: Mapping[str, str]
    line: int

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: Mapping[str, str]
    module: int
    learner_role: Mapping[str, str]
    counterpart: Mapping[str, Mapping[str, str]]
    situation: Mapping[str, str]
    goals: Mapping[str, tuple[str, ...]]
    competencies: tuple[str, ...]
    feedback: str  # "immediate" or "end"
    start: str
    nodes: Mapping[str, Node]
    best: Best
    path: Path
    items: tuple[str, ...] = ()  # the OUTLINE items (coverage.yaml ids) the scenario practices
    pass_score: int = 0  # a run passes when its total is at least this

    @property
    def endings(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.ending]
