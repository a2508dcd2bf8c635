"""The learner's tracker is the report's computation over one learner: for a cohort of that learner alone, its
figures are exactly the report's, at every level."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from courseware.evaluation import action_plans, tracker
from courseware.evaluation.report import summaries
from courseware.evaluation.report.changes import scope_of
from courseware.evaluation.report.figures import to_json
from courseware.extensions import db
from courseware.models import (
    BehaviorObservation,
    FollowUp,
    FollowUpRating,
    ObservationRating,
    ReactionSurvey,
    SurveyAnswer,
)
from tests.evalhelpers import commitments, kpis, quiz_result


def _json(value):
    return json.loads(json.dumps(to_json(value)))


def test_the_trackers_figures_are_the_reports_for_a_one_learner_cohort(app, users):
    catalog = app.extensions["catalog"]
    trainer = users("trainer", username="wang")
    cohort = users.cohort("Only Mei", trainers=[trainer])
    mei = users("learner", username="mei", cohort=cohort)
    survey = ReactionSurvey(user_id=mei.id, module_id="basics", recommend=8, comments="")
    survey.answers = [SurveyAnswer(item=item.id, value=4) for item in catalog.evaluation.survey]
    db.session.add(survey)
    db.session.commit()
    quiz_result(mei.id, "basics-pretest", 40, [(1, 1), (1, 1), (1, 0), (1, 0), (1, 0)])
    quiz_result(mei.id, "basics-check", 70, [(1, 1), (1, 1), (1, 1), (1, 0.5), (1, 0)])
    action_plans.save(catalog, mei, commitments(date(2026, 7, 1)), date(2026, 6, 10))
    first = db.session.scalars(select(FollowUp).where(FollowUp.user_id == mei.id).order_by(FollowUp.day)).first()
    db.session.add(FollowUpRating(follow_up_id=first.id, item="plans_calls", rating=4))
    db.session.add(BehaviorObservation(learner_id=mei.id, observer_id=trainer.id, observed_on=date(2026, 6, 1),
                                       rating_rows=[ObservationRating(competency="questioning", rating=3)]))
    db.session.commit()
    kpis(mei.id, "revenue", {"2026-04": 100, "2026-05": 120, "2026-07": 130, "2026-08": 150})

    mine = tracker.build(catalog, mei, date(2026, 11, 1))
    reported = summaries.all_figures(catalog)[scope_of(cohort.id)]
    assert _json(mine.figures) == _json(reported)
    # Every level is there, so the comparison covers them all.
    assert sorted(reported.evidence) == [1, 2, 3, 4] and reported.trend and reported.observed.n == 1
    assert mine.learning[1].gain.value == reported.learning[1].gain.value and mine.reaction == reported.reaction
    assert [mine.status(level) for level in (1, 2, 3, 4)] == ["started", "started", "started", "complete"]
