"""The four evaluation levels: surveys, action plans and follow-ups, KPI import (who sees them and the HR report:
test_evaluation_report.py)."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from courseware.clock import company_today
from courseware.evaluation import action_plans, learning
from courseware.extensions import db
from courseware.models import (
    ActionPlan,
    CommitmentReport,
    FollowUp,
    FollowUpRating,
    KpiRecord,
    ReactionSurvey,
    SectionRead,
    SurveyAnswer,
)
from tests.evalhelpers import commitments

SURVEY = {"item-relevance": "5", "item-clarity": "4", "item-material": "4", "item-trainer": "3", "item-confidence": "5",
          "recommend": "9", "comments": "=HYPERLINK(\"x\") <b>bold</b>"}


# Level 1

def test_survey_is_saved_edited_and_closed(client, auth, setup):
    trainer, cohort, mei, _ = setup
    auth.login("mei")
    assert client.post("/learn/basics/survey", data=SURVEY).status_code == 302
    survey = db.session.scalar(select(ReactionSurvey))
    assert survey.recommend == 9 and db.session.scalar(select(SurveyAnswer.value).where(SurveyAnswer.item == "trainer")) == 3
    client.post("/learn/basics/survey", data={**SURVEY, "item-trainer": "5"})
    assert db.session.scalar(select(func.count()).select_from(ReactionSurvey)) == 1
    assert db.session.scalar(select(SurveyAnswer.value).where(SurveyAnswer.item == "trainer")) == 5
    auth.logout()
    auth.login("wang")
    client.post(f"/teach/cohorts/{cohort.id}/surveys/basics/close")
    auth.logout()
    auth.login("mei")
    client.post("/learn/basics/survey", data={**SURVEY, "item-trainer": "1"})
    assert db.session.scalar(select(SurveyAnswer.value).where(SurveyAnswer.item == "trainer")) == 5


def test_incomplete_survey_says_what_is_missing_and_saves_nothing(client, auth, setup):
    auth.login("mei")
    data = {k: v for k, v in SURVEY.items() if k not in ("item-clarity", "recommend")}
    response = client.post("/learn/basics/survey", data=data)
    assert response.status_code == 400 and response.get_data(as_text=True).count("field__error") == 2
    assert db.session.scalar(select(func.count()).select_from(ReactionSurvey)) == 0


def test_dashboard_reminds_of_the_survey_of_a_finished_module(client, auth, setup):
    _, _, mei, _ = setup
    db.session.add_all([SectionRead(user_id=mei.id, module_id="basics", section_id=s) for s in ("definition", "funnel")])
    db.session.commit()
    auth.login("mei")
    assert 'href="/learn/basics/survey"' in client.get("/").get_data(as_text=True)
    client.post("/learn/basics/survey", data=SURVEY)
    assert 'href="/learn/basics/survey"' not in client.get("/").get_data(as_text=True)


# Level 2

@pytest.mark.parametrize("pre,post,expected", [(40, 70, 0.5), (0, 50, 0.5), (80, 70, -0.5), (100, 100, None), (None, 60, None),
                                               (50, None, None)])
def test_normalized_gain(pre, post, expected):
    assert learning.normalized_gain(pre, post) == (pytest.approx(expected) if expected is not None else None)


# Level 3

def test_action_plan_checks_every_smart_letter(client, auth, setup):
    auth.login("mei")
    data = {"rows": "3", "c0-specific": "short", "c0-measure": "many", "c0-due_on": "2001-01-01",
            "c1-specific": "Hold a weekly one-on-one", "c1-measure": "12 meetings", "c1-achievable": "y", "c1-items": "1.1",
            "c1-due_on": (date.today() + timedelta(days=60)).isoformat()}
    response = client.post("/action-plan", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and page.count('class="field__error"') == 5  # S, M, A, R, T of the first
    assert "Write at least three commitments" in page or "至少" in page
    assert db.session.scalar(select(func.count()).select_from(ActionPlan)) == 0


def test_action_plan_names_each_course_item_by_the_section_that_teaches_it(app, client, auth, setup):
    catalog = app.extensions["catalog"]
    basics = catalog.module("basics")
    auth.login("mei")
    for lang in ("zh-Hans", "en"):
        client.post("/language", data={"lang": lang})
        page = client.get("/action-plan").get_data(as_text=True)
        for item, section in (("1.1", basics.section("definition")), ("1.2", basics.section("funnel"))):
            assert f'<option value="{item}" >{item} · {section.title[lang]}</option>' in page, (lang, item)


def test_action_plan_schedules_follow_ups_at_30_60_90_days(app, client, auth, setup):
    _, _, mei, _ = setup
    auth.login("mei")
    due = company_today() + timedelta(days=40)
    data = {"rows": "3"}
    for n, c in enumerate(commitments(due)):
        data.update({f"c{n}-specific": c.specific, f"c{n}-measure": c.measure, f"c{n}-achievable": "y",
                     f"c{n}-items": c.items[0], f"c{n}-due_on": c.due_on.isoformat()})
    assert client.post("/action-plan", data=data).status_code == 302
    days = {f.day: f.due_on for f in db.session.scalars(select(FollowUp))}
    assert days == {d: company_today() + timedelta(days=d) for d in (30, 60, 90)}  # the company's day, not UTC's
    client.post("/action-plan", data={**data, "c0-specific": "Classify all my accounts A/B/C by month end"})
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 3  # editing keeps the schedule


def test_follow_up_self_report_and_observation(app, client, auth, setup):
    trainer, _, mei, lei = setup
    plan = action_plans.save(app.extensions["catalog"], mei, commitments(date.today() + timedelta(days=30)), date.today() - timedelta(days=31))
    follow_up = db.session.scalar(select(FollowUp).where(FollowUp.day == 30))
    ids = [c.id for c in plan.commitments]
    auth.login("mei")
    assert 'href="/follow-ups/' in client.get("/").get_data(as_text=True)  # overdue on the learner's dashboard
    data = {"part": "self", **{f"status-{i}": "done" for i in ids}, **{f"note-{i}": "ok" for i in ids}}
    assert client.post(f"/follow-ups/{follow_up.id}", data=data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CommitmentReport)) == 3
    assert client.post(f"/follow-ups/{follow_up.id}", data={"part": "observe", "rating-sales-process": "5"}).status_code == 403
    auth.logout()
    auth.login("lei")
    assert client.get(f"/follow-ups/{follow_up.id}").status_code == 404
    auth.logout()
    auth.login("zhao")
    assert client.get(f"/follow-ups/{follow_up.id}").status_code == 404
    auth.logout()
    auth.login("wang")
    assert f'href="/follow-ups/{follow_up.id}"' in client.get("/teach/home").get_data(as_text=True)  # due on the trainer's home
    ratings = {"part": "observe", "comment": "good", **{f"rating-{i}": "4" for i in
               ("sales-process", "crm-records", "abc-classification", "smart-targets", "one-on-ones")}}
    assert client.post(f"/follow-ups/{follow_up.id}", data=ratings).status_code == 302
    assert db.session.scalar(select(func.avg(FollowUpRating.rating))) == 4


# Level 4

def kpi_file(tmp_path, body: str, name="kpis.csv"):
    path = tmp_path / name
    path.write_text("username,month,kpi,value\n" + body, encoding="utf-8")
    return str(path)


def test_kpi_import_and_reimport(runner, setup, tmp_path):
    path = kpi_file(tmp_path, "mei,2026-01,revenue,100000\nmei,2026-02,revenue,120000\nlei,2026-01,satisfaction,4.2\n")
    result = runner.invoke(args=["kpi", "import", path])
    assert result.exit_code == 0 and "Imported 3 new figure(s); replaced 0" in result.output
    again = kpi_file(tmp_path, "mei,2026-02,revenue,125000\n", "again.csv")
    result = runner.invoke(args=["kpi", "import", again])
    assert f"{again}:2: mei 2026-02 revenue: 120000 replaced by 125000" in result.output
    assert db.session.scalar(select(KpiRecord.value).where(KpiRecord.month == "2026-02")) == 125000
    assert db.session.scalar(select(func.count()).select_from(KpiRecord)) == 3


BAD_KPI_ROWS = {
    "unknown user": ("nobody,2026-01,revenue,1\n", "unknown username 'nobody'"),
    "bad month": ("mei,2026-13,revenue,1\n", "month '2026-13' must be YYYY-MM"),
    "unknown kpi": ("mei,2026-01,profit,1\n", "unknown KPI 'profit'"),
    "not a number": ("mei,2026-01,revenue,lots\n", "value 'lots' is not a number"),
    "out of range": ("mei,2026-01,retention_rate,120\n", "value 120 for retention_rate must be 0 to 100"),
    "missing field": ("mei,,revenue,1\n", "missing field 'month'"),
    "twice": ("mei,2026-01,orders,3\nmei,2026-01,orders,4\n", "mei 2026-01 orders is given twice (also on line 3)"),
}


@pytest.mark.parametrize("kind", sorted(BAD_KPI_ROWS))
def test_each_bad_kpi_row_is_reported_and_nothing_imported(runner, setup, tmp_path, kind):
    body, reason = BAD_KPI_ROWS[kind]
    path = kpi_file(tmp_path, "lei,2026-01,revenue,5\n" + body)
    result = runner.invoke(args=["kpi", "import", path])
    assert result.exit_code == 1 and reason in result.output and "nothing was imported" in result.output
    line = 4 if kind == "twice" else 3
    assert f"{path}:{line}: {reason}" in result.output
    assert db.session.scalar(select(func.count()).select_from(KpiRecord)) == 0


def test_kpi_upload_page(client, auth, setup):
    auth.login("hr1")
    body = b"username,month,kpi,value\nmei,2026-1,revenue,1\n"
    bad = client.post("/reports/kpis", data={"file": (io.BytesIO(body), "k.csv")}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "k.csv:2: 月份“2026-1”须为 YYYY-MM 格式" in bad.get_data(as_text=True)
    client.post("/language", data={"lang": "en"})
    bad = client.post("/reports/kpis", data={"file": (io.BytesIO(body), "k.csv")}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "k.csv:2: month &#39;2026-1&#39; must be YYYY-MM" in bad.get_data(as_text=True)
    good = client.post("/reports/kpis", data={"file": (io.BytesIO(b"username,month,kpi,value\nmei,2026-01,revenue,1\n"), "k.csv")},
                       content_type="multipart/form-data")
    assert good.status_code == 200 and db.session.scalar(select(func.count()).select_from(KpiRecord)) == 1
    again = client.post("/reports/kpis", data={"file": (io.BytesIO(b"username,month,kpi,value\nmei,2026-01,revenue,2\n"),
                                                        "again.csv")}, content_type="multipart/form-data")
    assert "again.csv:2: mei 2026-01 revenue: 1 replaced by 2" in again.get_data(as_text=True)
    auth.logout()
    auth.login("wang")
    assert client.get("/reports/kpis").status_code == 403
