"""The four evaluation levels: surveys, action plans and follow-ups, KPI import, tracker and HR report."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from courseware.evaluation import action_plans, learning
from courseware.evaluation.report import effectiveness
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
from tests.evalhelpers import commitments, kpis, quiz_result
from tests.queries import count_queries

SURVEY = {"item-relevance": "5", "item-clarity": "4", "item-material": "4", "item-trainer": "3", "item-confidence": "5",
          "recommend": "9", "comments": "=HYPERLINK(\"x\") <b>bold</b>"}


@pytest.fixture
def setup(users):
    trainer = users("trainer", username="wang")
    other = users("trainer", username="zhao")
    cohort = users.cohort("A", trainers=[trainer])
    users.cohort("B", trainers=[other])
    mei = users("learner", username="mei", cohort=cohort)
    lei = users("learner", username="lei", cohort=cohort)
    users("hr", username="hr1")
    return trainer, cohort, mei, lei


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
    due = date.today() + timedelta(days=40)
    data = {"rows": "3"}
    for n, c in enumerate(commitments(due)):
        data.update({f"c{n}-specific": c.specific, f"c{n}-measure": c.measure, f"c{n}-achievable": "y",
                     f"c{n}-items": c.items[0], f"c{n}-due_on": c.due_on.isoformat()})
    assert client.post("/action-plan", data=data).status_code == 302
    days = {f.day: f.due_on for f in db.session.scalars(select(FollowUp))}
    assert days == {d: date.today() + timedelta(days=d) for d in (30, 60, 90)}
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
    assert f'href="/follow-ups/{follow_up.id}"' in client.get("/").get_data(as_text=True)  # due on the trainer's dashboard
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


# Where people see it

@pytest.mark.parametrize("who,status", [("mei", 200), ("wang", 200), ("hr1", 200), ("lei", 404), ("zhao", 404)])
def test_tracker_is_seen_by_the_learner_their_trainers_hr_and_admin_only(client, auth, setup, who, status):
    _, _, mei, _ = setup
    auth.login(who)
    assert client.get(f"/learners/{mei.id}/tracker").status_code == status


def test_report_and_csv_are_for_hr_and_admin(client, auth, setup):
    for who, status in (("mei", 403), ("wang", 403), ("hr1", 200)):
        auth.login(who)
        assert client.get("/reports/effectiveness").status_code == status
        assert client.get("/reports/effectiveness.csv").status_code == status
        auth.logout()


def test_report_figures_on_hand_worked_data(app, setup, users):
    trainer, cohort, mei, lei = setup
    catalog = app.extensions["catalog"]
    # Level 2: mei pre 40 (module 1: 2 of 5 right), post 70, and 70 on the five pre-test questions the post-test
    # asked again -> gain 0.5; lei pre 100 (gain undefined), post 80.
    quiz_result(mei.id, "basics-pretest", 40, [(1, 1), (1, 1), (1, 0), (1, 0), (1, 0)])
    quiz_result(lei.id, "basics-pretest", 100, [(1, 1), (1, 1)])
    quiz_result(mei.id, "basics-check", 70, [(1, 1), (1, 1), (1, 1), (1, 0.5), (1, 0)])
    quiz_result(lei.id, "basics-check", 80, [(1, 1), (1, 0.6)])
    # Level 3: mei finished the course 2026-06-10.
    action_plans.save(catalog, mei, commitments(date(2026, 7, 1)), date(2026, 6, 10))
    # Level 4: mei before (Apr, May) 100 and 120 -> 110; after (Jul, Aug) 130 and 150 -> 140: +27.3%.
    kpis(mei.id, "revenue", {"2026-04": 100, "2026-05": 120, "2026-06": 999, "2026-07": 130, "2026-08": 150})
    # Comparison: stranger, never trained, 100 in Apr/May and 105 in Jul/Aug: +5%.
    stranger = users("learner", username="stranger")
    kpis(stranger.id, "revenue", {"2026-04": 100, "2026-05": 100, "2026-07": 105, "2026-08": 105})
    report = effectiveness.build(catalog, date(2026, 11, 1), [cohort.id])
    (c,) = report.cohorts
    assert c.learners == 2
    m1 = c.learning[1]
    assert (m1.pre.value, m1.pre.n, m1.pre.basis) == (pytest.approx(70), 2, "pretest")
    assert (m1.post.value, m1.post.n) == (pytest.approx(75), 2)
    assert (m1.gain.value, m1.gain.n, m1.gain.basis) == (pytest.approx(0.5), 1, "paired") and not m1.gain.has_interval
    assert (m1.pass_rate.value, m1.pass_rate.n) == (pytest.approx(100), 2)
    revenue = c.results["revenue"]
    assert (revenue.before.value, revenue.after.value) == (pytest.approx(110), pytest.approx(140))
    assert (revenue.before.n, revenue.after.n) == (1, 1)
    assert revenue.did.trained.value == pytest.approx(100 * 30 / 110) and revenue.did.trained.n == 1
    assert revenue.did.comparison.value == pytest.approx(5) and revenue.did.comparison.n == 1
    assert not revenue.did.enough and revenue.did.difference.value is None and revenue.did.verdict is None
    assert c.behavior.plans == 1 and c.behavior.due == 3 and c.behavior.overdue == 3
    assert c.evidence == {2: 2, 3: 1, 4: 1}


def test_report_reaction_and_behavior_on_hand_worked_data(app, setup):
    from courseware.evaluation import follow_ups, reaction

    trainer, cohort, mei, lei = setup
    catalog = app.extensions["catalog"]
    module = catalog.module("basics")
    items = [i.id for i in catalog.evaluation.survey]
    reaction.submit(catalog, mei, module, reaction.SurveyInput(dict.fromkeys(items, 5), 10))
    reaction.submit(catalog, lei, module, reaction.SurveyInput({**dict.fromkeys(items, 4), "clarity": 2}, 7))
    action_plans.save(catalog, mei, commitments(date(2026, 7, 1)), date(2026, 6, 1))
    checklist = [i.id for i in catalog.evaluation.checklist]
    thirty, sixty = sorted(follow_ups.for_learner(mei.id), key=lambda f: f.day)[:2]
    follow_ups.observe(catalog, trainer, thirty, dict.fromkeys(checklist, 2), "")
    follow_ups.observe(catalog, trainer, sixty, {**dict.fromkeys(checklist, 4), checklist[0]: 5}, "")
    report = effectiveness.build(catalog, date(2026, 11, 1), [cohort.id])
    reaction = report.cohorts[0].reaction["basics"]
    assert reaction.n == 2 and (reaction.recommend.value, reaction.recommend.n) == (pytest.approx(8.5), 2)
    assert reaction.items["clarity"].answers == [0, 1, 0, 0, 1] and reaction.items["clarity"].average.value == pytest.approx(3.5)
    assert reaction.items["trainer"].average.value == pytest.approx(4.5)
    trend = report.cohorts[0].behavior.trend
    assert (trend[30].value, trend[30].n) == (pytest.approx(2), 1) and trend[60].value == pytest.approx((4 * 4 + 5) / 5)
    assert report.cohorts[0].evidence[1] == 2


def test_report_charts_have_text_alternatives_in_the_page_language(app, client, auth, setup):
    from courseware.evaluation import reaction

    _, cohort, mei, lei = setup
    catalog = app.extensions["catalog"]
    items = [i.id for i in catalog.evaluation.survey]
    reaction.submit(catalog, mei, catalog.module("basics"), reaction.SurveyInput(dict.fromkeys(items, 5), 10))
    reaction.submit(catalog, lei, catalog.module("basics"), reaction.SurveyInput({**dict.fromkeys(items, 4), "clarity": 2}, 7))
    auth.login("hr1")
    for lang, clarity, answers in (("en", "Clarity", "answers 1 / 2 / 3 / 4 / 5"), ("zh-Hans", "清晰度", "各选项（1 / 2 / 3 / 4 / 5）的人数")):
        client.post("/language", data={"lang": lang})
        page = client.get(f"/reports/effectiveness?cohort={cohort.id}").get_data(as_text=True)
        charts = re.findall(r"<svg\b[^>]*>", page)
        assert len(charts) >= 2
        for chart in charts:  # every chart is an image with a name that carries its figures
            assert 'role="img"' in chart and re.search(r'aria-label="[^"]*\d[^"]*"', chart), chart
        assert f'aria-label="1 · {clarity}: {answers}: 0 / 1 / 0 / 0 / 1"' in page, lang
        assert f">{clarity}</th>" in page and ">clarity</th>" not in page


def test_report_csv(app, client, auth, setup, users):
    _, cohort, mei, _ = setup
    cohort.name = "=cmd|' /C calc'!A0"
    db.session.commit()
    quiz_result(mei.id, "basics-check", 70)
    auth.login("hr1")
    body = client.get("/reports/effectiveness.csv").get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["cohort", "level", "module_or_kpi", "measure", "value", "learners", "computed_over", "ci95_low",
                       "ci95_high", "demo_data"]
    assert all(r[0].startswith("'=") for r in rows[1:] if "cmd" in r[0])
    assert ["'=cmd|' /C calc'!A0", "2", "module 1", "post-test average", "70.00", "1"] in [r[:6] for r in rows]


def test_report_queries_do_not_grow_with_learners(app, users):
    catalog = app.extensions["catalog"]
    cohort = users.cohort("Big")

    def add_learners(n, start):
        for i in range(start, start + n):
            learner = users("learner", username=f"bulk{i}", cohort=cohort)
            quiz_result(learner.id, "basics-check", 50 + i % 50)
            kpis(learner.id, "revenue", {"2026-04": 100 + i, "2026-08": 110 + i})
            if i % 2:
                action_plans.save(catalog, learner, commitments(date(2026, 7, 1)), date(2026, 6, 1))

    add_learners(10, 0)
    at_10 = count_queries(lambda: effectiveness.build(catalog, date(2026, 11, 1)))
    add_learners(190, 10)
    at_200 = count_queries(lambda: effectiveness.build(catalog, date(2026, 11, 1)))
    assert at_10 == at_200


def test_tracker_and_report_read_the_same_rules(app, setup):
    """The tracker is the report's figures over one learner: the same before/after months, the same gain."""
    from courseware.evaluation import tracker

    trainer, cohort, mei, lei = setup
    catalog = app.extensions["catalog"]
    quiz_result(mei.id, "basics-pretest", 40, [(1, 1), (1, 1), (1, 0), (1, 0), (1, 0)])
    quiz_result(mei.id, "basics-check", 70, [(1, 1), (1, 1), (1, 1), (1, 0.5), (1, 0)])  # 70 on the same questions
    action_plans.save(catalog, mei, commitments(date(2026, 7, 1)), date(2026, 6, 10))
    kpis(mei.id, "revenue", {"2026-04": 100, "2026-05": 120, "2026-06": 999, "2026-07": 130, "2026-08": 150})
    kpis(lei.id, "revenue", {"2026-04": 80})  # no action plan: not yet trained, every month counts as before
    t = tracker.build(catalog, mei, date(2026, 11, 1))
    mine = t.kpis["revenue"]
    assert (mine.before, mine.after, mine.months_before, mine.months_after) == (110, 140, ["2026-04", "2026-05"],
                                                                               ["2026-07", "2026-08"])
    (c,) = effectiveness.build(catalog, date(2026, 11, 1), [cohort.id]).cohorts
    assert (c.results["revenue"].before.value, c.results["revenue"].after.value) == (mine.before, mine.after)
    assert t.learning[1].gain.value == pytest.approx(0.5) == c.learning[1].gain.value
    assert t.status(4) == "complete"
    untrained = tracker.build(catalog, lei, date(2026, 11, 1)).kpis["revenue"]
    assert (untrained.before, untrained.after, untrained.months_before) == (80, None, ["2026-04"])


def test_results_difference_in_differences_on_hand_worked_data(app, setup, users):
    """Five trained learners change +10..+50%, five never-trained learners elsewhere +0..+4% over the same
    months: DiD 30 - 2 = 28 points, Welch's interval from the textbook formula."""
    import math

    from scipy import stats

    trainer, cohort, mei, lei = setup
    catalog = app.extensions["catalog"]
    for i in range(5):
        learner = users("learner", username=f"t{i}", cohort=cohort)
        action_plans.save(catalog, learner, commitments(date(2026, 7, 1)), date(2026, 6, 10))
        kpis(learner.id, "cycle_days", {"2026-04": 100, "2026-06": 1, "2026-08": 100 + 10 * (i + 1)})
        other = users("learner", username=f"c{i}")
        kpis(other.id, "cycle_days", {"2026-04": 100, "2026-08": 100 + i, "2026-10": 500})
    (c,) = effectiveness.build(catalog, date(2026, 11, 1), [cohort.id]).cohorts
    did = c.results["cycle_days"].did
    assert (did.trained.value, did.trained.n, did.comparison.value, did.comparison.n) == (30, 5, 2, 5)
    se = math.sqrt(250 / 5 + 2.5 / 5)  # sample variances 250 and 2.5
    df = se ** 4 / ((250 / 5) ** 2 / 4 + (2.5 / 5) ** 2 / 4)
    half = stats.t.ppf(0.975, df) * se
    assert did.enough and did.difference.value == pytest.approx(28)
    assert (did.difference.low, did.difference.high) == (pytest.approx(28 - half), pytest.approx(28 + half))
    assert did.verdict == "worse"  # cycle days: lower is better, and the trained learners' cycles got longer
