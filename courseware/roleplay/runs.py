"""Playing role-play scenarios: runs owned by the server, one step at a time, scored once per choice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from courseware.catalog import Catalog, Scenario
from courseware.catalog.scenarios import OUTCOMES
from courseware.extensions import db
from courseware.models import ScenarioRun, User
from courseware.models.roleplay import RUN_ABANDONED, RUN_FINISHED, RUN_IN_PROGRESS
from courseware.models.types import utcnow


@dataclass(frozen=True)
class PracticedItem:
    """An OUTLINE item a scenario practices, with the section that teaches it (for a link)."""

    id: str
    title: dict[str, str] | None
    module_id: str | None
    section_id: str | None


def practiced_items(catalog: Catalog, scenario: Scenario) -> list[PracticedItem]:
    """The scenario's OUTLINE items in its order, each with the first section coverage.yaml names for it."""
    items = []
    for item_id in scenario.items:
        entry = catalog.coverage.get(item_id)
        module = section = None
        if entry and entry.sections:
            folder, _, section_id = entry.sections[0].partition("#")
            module = next((m for m in catalog.modules if folder in (m.folder, m.id)), None)
            section = module.section(section_id) if module else None
        items.append(PracticedItem(item_id, dict(section.title) if section else None,
                                   module.id if module and section else None, section.id if section else None))
    return items


class RunError(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def open_run(user_id: int, scenario_id: str) -> ScenarioRun | None:
    return db.session.scalar(select(ScenarioRun).where(
        ScenarioRun.user_id == user_id, ScenarioRun.scenario_id == scenario_id, ScenarioRun.state == RUN_IN_PROGRESS)
        .order_by(ScenarioRun.id.desc()))


def runs_of(user_id: int, scenario_id: str | None = None) -> list[ScenarioRun]:
    query = select(ScenarioRun).where(ScenarioRun.user_id == user_id)
    if scenario_id:
        query = query.where(ScenarioRun.scenario_id == scenario_id)
    return list(db.session.scalars(query.order_by(ScenarioRun.started_at.desc(), ScenarioRun.id.desc())))


@dataclass(frozen=True)
class ScenarioSummary:
    """A learner's record on one scenario: how many runs, and the best outcome reached (None before any ending)."""

    runs: int
    best: str | None


def better_outcome(first: str | None, second: str | None) -> str | None:
    """The better of two outcomes: success over partial over failure; a run without an ending counts as none."""
    reached = [o for o in (first, second) if o in OUTCOMES]
    return min(reached, key=OUTCOMES.index) if reached else None


def summaries(runs: list[ScenarioRun]) -> dict[str, ScenarioSummary]:
    """Per scenario id, the number of runs and the best outcome among them."""
    result: dict[str, ScenarioSummary] = {}
    for run in runs:
        entry = result.get(run.scenario_id, ScenarioSummary(0, None))
        result[run.scenario_id] = ScenarioSummary(entry.runs + 1, better_outcome(entry.best, run.outcome))
    return result


def start(user_id: int, scenario: Scenario, restart: bool = False, now: datetime | None = None) -> ScenarioRun:
    """Continue the open run of this scenario, or (with `restart`, or none open) begin a new one."""
    # Lock the learner's row so two tabs starting at once get one run, not two (SQLite serializes anyway).
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    current = open_run(user_id, scenario.id)
    if current and not restart:
        return current
    if current:
        current.state = RUN_ABANDONED
    run = ScenarioRun(user_id=user_id, scenario_id=scenario.id, state=RUN_IN_PROGRESS, started_at=now or utcnow(),
                      current_node=scenario.start, step=0, scores={c: 0 for c in scenario.competencies},
                      best=dict(scenario.best.scores), path=[])
    db.session.add(run)
    db.session.commit()
    return run


def choose(scenario: Scenario, run: ScenarioRun, step: int, node_id: str, choice_id: str,
           now: datetime | None = None) -> bool:
    """Apply a choice made at `step` on `node_id`; a stale or repeated post changes nothing (returns False)."""
    if not run.is_open or step != run.step or node_id != run.current_node:
        return False
    node = scenario.nodes.get(run.current_node)
    choice = node.choice(choice_id) if node else None
    if choice is None:
        raise RunError("unknown_choice")
    # Each choice counts once in a run: going round a loop again earns (or loses) nothing more.
    counted = not any(s["node"] == node.id and s["choice"] == choice.id for s in run.path)
    scores = dict(run.scores)
    if counted:
        for name, delta in choice.scores.items():
            scores[name] = scores.get(name, 0) + delta
    target = scenario.nodes[choice.next]
    entry: dict[str, Any] = {
        "node": node.id, "choice": choice.id, "say": dict(node.say), "direction": dict(node.direction),
        "text": dict(choice.text), "feedback": dict(choice.feedback), "scores": dict(choice.scores), "counted": counted,
    }
    values: dict[str, Any] = {"step": run.step + 1, "current_node": target.id, "scores": scores, "path": [*run.path, entry]}
    if target.ending:
        values.update(state=RUN_FINISHED, outcome=target.ending, finished_at=now or utcnow())
    result = db.session.execute(
        update(ScenarioRun).where(ScenarioRun.id == run.id, ScenarioRun.step == step, ScenarioRun.state == RUN_IN_PROGRESS)
        .values(**values).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # another tab moved first
        db.session.rollback()
        db.session.refresh(run)
        return False
    db.session.commit()
    db.session.refresh(run)
    return True


@dataclass(frozen=True)
class CompetencyResult:
    name: str
    score: int
    best: int

    @property
    def percent(self) -> int:
        return max(0, min(100, round(100 * self.score / self.best))) if self.best > 0 else 0


@dataclass(frozen=True)
class Move:
    """A choice the learner made, with what it earned (zero when it repeated an earlier choice) and its feedback."""

    say: dict[str, str]
    text: dict[str, str]
    feedback: dict[str, str]
    points: int


@dataclass(frozen=True)
class Debrief:
    run: ScenarioRun
    ending: Any  # the ending Node, when the scenario still has it
    competencies: list[CompetencyResult]
    taken: list[dict[str, Any]]
    best_path: list[dict[str, Any]]  # the steps of the best run: node line and choice text
    helped: list[Move]  # the learner's own choices that earned points, in the order made
    cost: list[Move]  # the learner's own choices that lost points
    current_best: bool  # False for a run scored against an earlier version of the scenario's best figures


def _moves(path: list[dict[str, Any]]) -> tuple[list[Move], list[Move]]:
    helped, cost = [], []
    for step in path:
        points = sum(step.get("scores", {}).values()) if step.get("counted", True) else 0
        move = Move(step.get("say", {}), step.get("text", {}), step.get("feedback", {}), points)
        if points > 0:
            helped.append(move)
        elif points < 0:
            cost.append(move)
    return helped, cost


def debrief(scenario: Scenario | None, run: ScenarioRun) -> Debrief:
    """Outcome, score per competency against the best run, what the learner's own choices earned or cost,
    and the best run's steps. The run keeps the best figures it was played against."""
    results = [CompetencyResult(name, run.scores.get(name, 0), run.best.get(name, 0)) for name in run.best]
    ending = scenario.nodes.get(run.current_node) if scenario else None
    best_steps = []
    if scenario:
        for node_id, choice_id in scenario.best.path:
            node = scenario.nodes[node_id]
            best_steps.append({"node": node_id, "say": node.say, "text": node.choice(choice_id).text,
                               "scores": node.choice(choice_id).scores})
    helped, cost = _moves(list(run.path))
    current = scenario is not None and dict(run.best) == dict(scenario.best.scores)
    return Debrief(run, ending, results, list(run.path), best_steps, helped, cost, current)
