"""Behavior observations: a trainer rates a learner's role play (or work) 1-5 per competency (evaluation level 3)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from courseware.catalog import Catalog
from courseware.catalog.scenarios import COMPETENCIES
from courseware.extensions import db
from courseware.models import BehaviorObservation, ObservationRating, User
from courseware.people.supervision import can_observe


class ObservationError(ValueError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class NewObservation:
    learner_id: int
    ratings: dict[str, int]
    observed_on: date
    scenario_id: str | None = None
    comments: str = ""
    kind: str = "roleplay"
    extra: dict = field(default_factory=dict)


def record(catalog: Catalog, observer: User, data: NewObservation) -> BehaviorObservation:
    """Store one observation; only the learner's cohort trainers and admins may, with ratings 1-5."""
    learner = db.session.get(User, data.learner_id)
    if learner is None or not can_observe(observer, learner):
        raise ObservationError("forbidden")
    if data.scenario_id is not None and catalog.scenario(data.scenario_id) is None:
        raise ObservationError("unknown_scenario")
    if not data.ratings or any(k not in COMPETENCIES for k in data.ratings) or \
            any(not isinstance(v, int) or not 1 <= v <= 5 for v in data.ratings.values()):
        raise ObservationError("bad_ratings")
    observation = BehaviorObservation(
        learner_id=learner.id, observer_id=observer.id, kind=data.kind, scenario_id=data.scenario_id,
        comments=data.comments.strip(), observed_on=data.observed_on,
    )
    observation.rating_rows = [ObservationRating(competency=c, rating=r) for c, r in data.ratings.items()]
    db.session.add(observation)
    db.session.commit()
    return observation


def for_learner(learner_id: int) -> list[BehaviorObservation]:
    return list(db.session.scalars(select(BehaviorObservation).where(BehaviorObservation.learner_id == learner_id)
                                   .order_by(BehaviorObservation.observed_on.desc(), BehaviorObservation.id.desc())))
