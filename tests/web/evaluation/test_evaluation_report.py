"""Who sees the tracker and the HR report, and the report's figures on hand-worked data (the levels: test_evaluation.py)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from courseware.evaluation import action_plans
from courseware.evaluation.report import effectiveness
from courseware.extensions import db
from tests.evalhelpers import commitments, kpis, quiz_result
from tests.queries import count_queries

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
    # Headers and names in the reader's language (Chinese by default), beside the codes a program reads.
    assert rows[0][:8] == ["班级", "层级", "层级名称", "模块或 KPI（代码）", "模块或 KPI", "指标（代码）", "指标", "数值"]
    assert all(r[0].startswith("'=") for r in rows[1:] if "cmd" in r[0])
    assert ["'=cmd|' /C calc'!A0", "2", "学习层", "module 1", "1 · 基础", "posttest_average", "后测平均分", "70.00",
            "1"] in [r[:9] for r in rows]


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
