"""HR's report reads stored per-cohort figures: every kind of write marks its cohort stale, the report then
recomputes just that cohort, and what it serves always equals a computation from scratch."""
from __future__ import annotations

import csv
import io
import json
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from courseware.evaluation import action_plans, follow_ups, reaction, results
from courseware.evaluation.report import compute, effectiveness, summaries
from courseware.evaluation.report.changes import NO_COHORT, scope_of
from courseware.evaluation.report.figures import to_json
from courseware.extensions import db
from courseware.models import Cohort, FollowUp, KpiRecord, ReportSummary
from courseware.people import accounts, cohorts
from courseware.quizzes import attempts
from courseware.roleplay import observations
from tests.evalhelpers import commitments, kpis, quiz_result
from tests.queries import count_queries


@pytest.fixture
def people(users):
    trainer = users("trainer", username="wang")
    a = users.cohort("A", trainers=[trainer])
    b = users.cohort("B", trainers=[trainer])
    mei = users("learner", username="mei", cohort=a)
    lei = users("learner", username="lei", cohort=a)
    stranger = users("learner", username="stranger")
    users("hr", username="hr1")
    return trainer, a, b, mei, lei, stranger


@pytest.fixture
def recomputed(monkeypatch):
    """The scopes each report recomputed, in order."""
    calls: list[set[str]] = []
    original = compute.compute

    def spy(catalog, scopes):
        calls.append(set(scopes))
        return original(catalog, scopes)

    monkeypatch.setattr(compute, "compute", spy)
    return calls


def _json(value):
    return json.loads(json.dumps(to_json(value)))


def served_equals_fresh(catalog) -> None:
    """What the report serves (stored or recomputed) equals the figures computed from scratch."""
    served = _json(summaries.all_figures(catalog))
    scopes = {scope_of(c) for c in db.session.scalars(select(Cohort.id))} | {NO_COHORT}
    assert served == _json(compute.compute(catalog, scopes))


def test_every_kind_of_write_makes_its_cohort_stale(app, people, recomputed):
    trainer, a, b, mei, lei, stranger = people
    catalog = app.extensions["catalog"]
    module = catalog.module("basics")
    items = [i.id for i in catalog.evaluation.survey]
    ca, cb = scope_of(a.id), scope_of(b.id)

    def after(write, stale: set[str]):
        recomputed.clear()
        write()
        served_equals_fresh(catalog)
        assert recomputed[0] == stale, write  # the served figures were recomputed for these scopes only

    served_equals_fresh(catalog)
    recomputed.clear()
    served_equals_fresh(catalog)
    assert len(recomputed) == 1  # only the check's own computation: the report served stored figures

    after(lambda: quiz_result(mei.id, "basics-pretest", 40, [(1, 1), (1, 0)]), {ca})

    def submit_through_the_service():  # a bulk UPDATE closes the attempt: noted by the service itself
        attempt = attempts.start(catalog, lei.id, catalog.quiz("basics-check"))
        attempts.submit(attempt)
    after(submit_through_the_service, {ca})

    after(lambda: reaction.submit(catalog, mei, module, reaction.SurveyInput(dict.fromkeys(items, 4), 8)), {ca})
    # Editing one answer changes only a child row of the survey.
    after(lambda: reaction.submit(catalog, mei, module, reaction.SurveyInput({**dict.fromkeys(items, 4), items[0]: 1}, 8)), {ca})
    after(lambda: action_plans.save(catalog, mei, commitments(date(2026, 7, 1)), date(2026, 6, 10)), {ca})
    checklist = [i.id for i in catalog.evaluation.checklist]
    thirty = sorted(follow_ups.for_learner(mei.id), key=lambda f: f.day)[0]
    after(lambda: follow_ups.observe(catalog, trainer, thirty, dict.fromkeys(checklist, 3), ""), {ca})
    after(lambda: follow_ups.observe(catalog, trainer, thirty, dict.fromkeys(checklist, 5), ""), {ca})
    after(lambda: observations.record(catalog, trainer, observations.NewObservation(
        mei.id, {"communication": 4}, date(2026, 7, 2))), {ca})
    text = "username,month,kpi,value\nmei,2026-05,revenue,100\nmei,2026-08,revenue,130\nstranger,2026-05,revenue,90\n" \
           "stranger,2026-08,revenue,99\n"
    after(lambda: results.import_kpis(catalog, text), {ca, NO_COHORT})
    after(lambda: results.import_kpis(catalog, "username,month,kpi,value\nmei,2026-08,revenue,150\n"), {ca})
    after(lambda: cohorts.move_learner(lei, b), {ca, cb})
    after(lambda: cohorts.move_learner(stranger, b), {cb, NO_COHORT})
    after(lambda: accounts.update_user(mei, display_name="Mei", email=None, role="trainer", active=True, acting=trainer),
          {ca, NO_COHORT})  # a learner made trainer leaves the cohort


def test_reading_pages_and_saving_quiz_answers_leave_the_figures_alone(app, people, recomputed):
    trainer, a, b, mei, lei, stranger = people
    catalog = app.extensions["catalog"]
    served_equals_fresh(catalog)
    attempt = attempts.start(catalog, mei.id, catalog.quiz("basics-check"))
    attempts.save_answers(attempt, {0: None})
    mei.display_name = "Mei Li"
    db.session.commit()
    recomputed.clear()
    summaries.all_figures(catalog)
    assert recomputed == []


def test_a_write_during_the_computation_leaves_the_figures_stale(app, people, monkeypatch):
    """The versions are read before the figures: a record written meanwhile is counted on the next read."""
    trainer, a, b, mei, lei, stranger = people
    catalog = app.extensions["catalog"]
    original = compute.compute

    def compute_then_write(catalog_, scopes):
        figures = original(catalog_, scopes)
        db.session.add(KpiRecord(user_id=mei.id, month="2026-04", kpi="orders", value=3))  # commits with the store
        return figures

    monkeypatch.setattr(compute, "compute", compute_then_write)
    summaries.all_figures(catalog)
    monkeypatch.setattr(compute, "compute", original)
    row = db.session.get(ReportSummary, scope_of(a.id))
    assert row.computed_version < row.version
    orders = summaries.all_figures(catalog)[scope_of(a.id)].untrained["orders"]
    assert (orders.months, orders.learners, orders.values) == (["2026-04"], [mei.id], [[3.0]])


def test_a_change_of_catalog_recomputes_everything(app, people, recomputed, monkeypatch):
    catalog = app.extensions["catalog"]
    summaries.all_figures(catalog)
    monkeypatch.setattr(summaries, "FORMAT", summaries.FORMAT + 1)
    recomputed.clear()
    summaries.all_figures(catalog)
    assert len(recomputed[0]) == 3  # cohorts A and B, and the learners without a cohort


def test_stored_figures_make_a_constant_number_of_queries(app, users):
    catalog = app.extensions["catalog"]
    cohort = users.cohort("Big")
    for i in range(40):
        learner = users("learner", username=f"bulk{i}", cohort=cohort)
        quiz_result(learner.id, "basics-check", 50 + i)
        kpis(learner.id, "revenue", {"2026-04": 100 + i, "2026-08": 110 + i})
    effectiveness.build(catalog, date(2026, 11, 1), page=1)
    warm = count_queries(lambda: effectiveness.build(catalog, date(2026, 11, 1), page=1))
    assert warm == 4  # page count, the page's cohorts, the list of cohorts, the stored figures


def test_the_report_pages_cohorts_newest_first_and_exports_them_all(client, auth, users):
    for n in range(12):
        cohort = users.cohort(f"Intake {n:02d}")
        cohort.start_date = date(2026, 1 + n, 1)
    users("hr", username="hr1")
    db.session.commit()
    auth.login("hr1")
    client.post("/language", data={"lang": "en"})
    first = client.get("/reports/effectiveness").get_data(as_text=True)
    assert "<h2>Intake 11 " in first and "<h2>Intake 02 " in first and "<h2>Intake 01 " not in first
    assert first.index("<h2>Intake 11 ") < first.index("<h2>Intake 10 ")
    assert "Page 1 of 2" in first and 'href="/reports/effectiveness?page=2"' in first
    second = client.get("/reports/effectiveness?page=2").get_data(as_text=True)
    assert "<h2>Intake 01 " in second and "<h2>Intake 00 " in second and "<h2>Intake 05 " not in second
    # The filter is kept from page to page and in the export; a page out of range shows the last one.
    filtered = client.get("/reports/effectiveness?start=2026-02-01&page=9").get_data(as_text=True)
    assert "Page 2 of 2" in filtered and "<h2>Intake 01 " in filtered and "<h2>Intake 00 " not in filtered
    assert "start=2026-02-01" in filtered.split("Previous")[0].rsplit("href=", 1)[1]
    body = client.get("/reports/effectiveness.csv").get_data(as_text=True)
    assert {row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))) if row[0].startswith("Intake")} == \
        {f"Intake {n:02d}" for n in range(12)}


def test_due_follow_ups_are_counted_on_the_day_of_the_report(app, people):
    """Stored figures keep the follow-ups' due dates, so "due" and "overdue" follow the report's date."""
    trainer, a, b, mei, lei, stranger = people
    catalog = app.extensions["catalog"]
    action_plans.save(catalog, mei, commitments(date(2026, 7, 1)), date(2026, 6, 10))
    days = sorted(f.due_on for f in db.session.scalars(select(FollowUp).where(FollowUp.user_id == mei.id)))
    (before,) = effectiveness.build(catalog, days[0], [a.id]).cohorts
    (later,) = effectiveness.build(catalog, days[-1], [a.id]).cohorts
    (after,) = effectiveness.build(catalog, days[-1] + timedelta(days=1), [a.id]).cohorts
    # Due on its day; overdue the day after (the same rule as the tracker's and the dashboards').
    assert (before.behavior.due, later.behavior.due, later.behavior.overdue, after.behavior.overdue) == (1, 3, 2, 3)


def test_reports_read_while_records_are_written_end_up_fresh(app, people, database_url):
    """Readers storing figures and writers raising versions at once, across connections: no deadlock, no
    error, and afterwards the report serves exactly what a computation from scratch gives."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serializes writers; this race is run against PostgreSQL")
    trainer, a, b, mei, lei, stranger = people
    catalog = app.extensions["catalog"]
    writers = [("mei", "orders"), ("lei", "revenue"), ("stranger", "orders"), ("mei", "new_customers")]
    barrier = threading.Barrier(len(writers) + 3)
    errors: list[str] = []

    def guarded(job):
        def run():
            with app.app_context():
                barrier.wait()
                try:
                    job()
                except Exception as exc:  # noqa: BLE001 (reported below)
                    errors.append(repr(exc))
                finally:
                    db.session.remove()
        return run

    def write(username, kpi):
        for month in range(1, 9):
            results.import_kpis(catalog, f"username,month,kpi,value\n{username},2026-0{month},{kpi},{month * 10}\n")

    def read():
        for _ in range(8):
            effectiveness.build(catalog, date(2026, 11, 1), page=1)

    jobs = [guarded(lambda u=u, k=k: write(u, k)) for u, k in writers] + [guarded(read) for _ in range(3)]
    threads = [threading.Thread(target=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(KpiRecord)) == 8 * len(writers)
    served_equals_fresh(catalog)


def test_a_stored_payload_in_an_old_layout_is_recomputed(app, people, recomputed):
    """A payload the figures' dataclasses cannot read (a layout change that forgot FORMAT) is recomputed."""
    trainer, a, b, mei, lei, stranger = people
    catalog = app.extensions["catalog"]
    kpis(mei.id, "orders", {"2026-04": 3})
    served_equals_fresh(catalog)
    row = db.session.get(ReportSummary, scope_of(a.id))
    row.payload = {**row.payload, "untrained": {"orders": {str(mei.id): {"2026-04": [3.0, 1]}}}}  # the old layout
    row.computed_at = row.computed_at.replace(microsecond=(row.computed_at.microsecond + 1) % 1_000_000)
    db.session.commit()
    recomputed.clear()
    served_equals_fresh(catalog)
    assert recomputed[0] == {scope_of(a.id)}
