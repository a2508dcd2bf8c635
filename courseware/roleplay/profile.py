"""A learner's competency profile: simulated runs and observed ratings, per competency and over time."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from courseware.catalog.scenarios import COMPETENCIES
from courseware.extensions import db
from courseware.models import BehaviorObservation, ScenarioRun
from courseware.models.roleplay import RUN_FINISHED


@dataclass(frozen=True)
class Period:
    month: str  # YYYY-MM
    simulated: dict[str, float | None]
    observed: dict[str, float | None]
    runs: int
    observations: int


@dataclass(frozen=True)
class Profile:
    simulated: dict[str, float | None]  # percent of the best possible, averaged over finished runs
    observed: dict[str, float | None]  # rating 1-5 as percent (rating x 20), averaged
    runs: int
    observations: int
    periods: list[Period]


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _run_percents(run: ScenarioRun) -> dict[str, float]:
    return {c: max(0.0, min(100.0, 100 * run.scores.get(c, 0) / best)) for c, best in run.best.items() if best > 0}


def build(learner_id: int) -> Profile:
    """Two queries: the learner's finished runs and their observations."""
    runs = list(db.session.scalars(select(ScenarioRun).where(ScenarioRun.user_id == learner_id,
                                                             ScenarioRun.state == RUN_FINISHED)))
    observations = list(db.session.scalars(select(BehaviorObservation).where(BehaviorObservation.learner_id == learner_id)))
    by_month: dict[str, tuple[list, list]] = {}
    for run in runs:
        by_month.setdefault(run.finished_at.strftime("%Y-%m"), ([], []))[0].append(_run_percents(run))
    for observation in observations:
        by_month.setdefault(observation.observed_on.strftime("%Y-%m"), ([], []))[1].append(
            {c: 20.0 * r for c, r in observation.ratings.items()})

    def combine(items: list[dict[str, float]]) -> dict[str, float | None]:
        return {c: _average([i[c] for i in items if c in i]) for c in COMPETENCIES}

    periods = [Period(month, combine(sims), combine(obs), len(sims), len(obs))
               for month, (sims, obs) in sorted(by_month.items())]
    all_sims = [_run_percents(r) for r in runs]
    all_obs = [{c: 20.0 * v for c, v in o.ratings.items()} for o in observations]
    return Profile(combine(all_sims), combine(all_obs), len(runs), len(observations), periods)

