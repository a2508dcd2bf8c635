"""The report's inputs are declared: every table its computation reads is a declared model, and a bulk statement on
one keeps the stored figures fresh (or is refused), as a flush does."""
from __future__ import annotations

import pytest
from sqlalchemy import Table, delete, event, insert, update
from sqlalchemy.sql.util import find_tables

from courseware.evaluation.report import compute, summaries
from courseware.evaluation.report.changes import (
    NO_COHORT,
    UndeclaredBulkInsert,
    scope_of,
)
from courseware.extensions import db
from courseware.models import Cohort, KpiRecord, ReactionSurvey, SurveyAnswer, User
from courseware.models.report import report_inputs
from tests.evalhelpers import kpis, quiz_result


def tables_read(work) -> set[str]:
    """The tables named by every statement `work` sends through the session, subqueries and joins included."""
    seen: set[str] = set()

    def record(execute):
        seen.update(t.name for t in find_tables(execute.statement, check_columns=True, include_crud=True)
                    if isinstance(t, Table))

    session_class = type(db.session())
    event.listen(session_class, "do_orm_execute", record)
    try:
        work()
    finally:
        event.remove(session_class, "do_orm_execute", record)
    return seen


def declared_tables() -> set[str]:
    return {model.__tablename__ for model in report_inputs()}


def test_every_table_the_report_computes_from_is_declared(app, users):
    catalog = app.extensions["catalog"]
    cohort = users.cohort("A")
    learner = users("learner", username="mei", cohort=cohort)
    quiz_result(learner.id, "basics-pretest", 40, [(1, 1), (1, 0)])
    scopes = {scope_of(cohort.id), NO_COHORT}
    read = tables_read(lambda: compute.compute(catalog, scopes))
    assert {"attempts", "attempt_answers", "kpi_records", "follow_up_ratings"} <= read  # the recorder sees subqueries
    assert read - declared_tables() == set(), "declare these in models/report.py report_inputs()"


def test_the_check_names_a_table_read_but_not_declared(app, users):
    """The check above would fail on a query over a table nobody declared (here the cohorts)."""
    from sqlalchemy import select

    read = tables_read(lambda: db.session.execute(select(User.id).join(Cohort, Cohort.id == User.cohort_id)).all())
    assert read - declared_tables() == {"cohorts"}


@pytest.fixture
def cohort_with_kpis(app, users):
    cohort = users.cohort("A")
    learner = users("learner", username="mei", cohort=cohort)
    kpis(learner.id, "revenue", {"2026-04": 100})
    return app.extensions["catalog"], cohort, learner


def _untrained_revenue(catalog, cohort) -> list:
    return summaries.all_figures(catalog)[scope_of(cohort.id)].untrained["revenue"].values


def test_a_bulk_update_on_a_declared_model_keeps_the_figures_fresh(cohort_with_kpis):
    catalog, cohort, learner = cohort_with_kpis
    assert _untrained_revenue(catalog, cohort) == [[100.0]]  # now stored
    db.session.execute(update(KpiRecord).where(KpiRecord.user_id == learner.id).values(value=250))
    db.session.commit()
    assert _untrained_revenue(catalog, cohort) == [[250.0]]


def test_a_bulk_delete_of_child_rows_keeps_the_figures_fresh(cohort_with_kpis):
    catalog, cohort, learner = cohort_with_kpis
    survey = ReactionSurvey(user_id=learner.id, module_id="basics", recommend=9, comments="")
    survey.answers = [SurveyAnswer(item="relevant", value=5)]
    db.session.add(survey)
    db.session.commit()
    assert summaries.all_figures(catalog)[scope_of(cohort.id)].reaction["basics"].items["relevant"].answers[4] == 1
    db.session.execute(SurveyAnswer.__table__.delete().where(SurveyAnswer.survey_id == survey.id))
    db.session.commit()
    assert summaries.all_figures(catalog)[scope_of(cohort.id)].reaction["basics"].items == {}


def test_a_bulk_update_that_moves_learners_between_cohorts_refreshes_both(cohort_with_kpis, users):
    catalog, cohort, learner = cohort_with_kpis
    other = users.cohort("B")
    figures = summaries.all_figures(catalog)
    assert figures[scope_of(cohort.id)].learners == 1 and figures[scope_of(other.id)].learners == 0
    db.session.execute(update(User).where(User.id == learner.id).values(cohort_id=other.id))
    db.session.commit()
    figures = summaries.all_figures(catalog)
    assert figures[scope_of(cohort.id)].learners == 0 and figures[scope_of(other.id)].learners == 1


def test_a_bulk_delete_keeps_the_figures_fresh_and_a_bulk_insert_is_refused(cohort_with_kpis):
    catalog, cohort, learner = cohort_with_kpis
    with pytest.raises(UndeclaredBulkInsert, match="kpi_records"):
        db.session.execute(insert(KpiRecord).values(user_id=learner.id, month="2026-05", kpi="revenue", value=1))
    db.session.rollback()
    assert _untrained_revenue(catalog, cohort) == [[100.0]]
    db.session.execute(delete(KpiRecord).where(KpiRecord.user_id == learner.id))
    db.session.commit()
    assert "revenue" not in summaries.all_figures(catalog)[scope_of(cohort.id)].untrained


def test_the_listeners_come_from_create_app_not_from_an_import():
    import subprocess
    import sys

    code = ("from flask_sqlalchemy.session import Session; from sqlalchemy import event;"
            "import courseware.evaluation.report.summaries, courseware.quizzes.attempts;"
            "from courseware.evaluation.report import changes;"
            "print(event.contains(Session, 'before_commit', changes._raise_versions))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
