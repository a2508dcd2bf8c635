"""The effectiveness report at a glance: each cohort's headlines and SVG charts, in both languages, and the
filter and date line that opens the page (the sentences and charts themselves: tests/unit/report)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from courseware.evaluation import action_plans
from tests.evalhelpers import commitments, kpis

SVG = "{http://www.w3.org/2000/svg}"


def longer_cycles(app, cohort, users):
    """Five trained learners' sales cycles grow 10-50%, five untrained learners' 0-4%: a worsening."""
    catalog = app.extensions["catalog"]
    for i in range(5):
        learner = users("learner", username=f"t{i}", cohort=cohort)
        action_plans.save(catalog, learner, commitments(date(2026, 7, 1)), date(2026, 6, 10))
        kpis(learner.id, "cycle_days", {"2026-04": 100, "2026-08": 100 + 10 * (i + 1)})
        kpis(users("learner", username=f"c{i}").id, "cycle_days", {"2026-04": 100, "2026-08": 100 + i})


def test_report_opens_each_cohort_with_headlines_and_svg_charts_in_both_languages(app, client, auth, setup, users):
    _, cohort, _mei, _lei = setup
    longer_cycles(app, cohort, users)
    auth.login("hr1")
    expected = {"en": ("Sales cycle rose 28.0 pp more than in the comparison group", "A worsening (lower is better).",
                       "Filter:", "Reaction: no survey answers yet."),
                "zh-Hans": ("销售周期比对照组多增长 28.0个百分点", "属于变差（越低越好）。", "筛选：", "反应层：尚无问卷回答。")}
    for lang, (result, verdict, filter_label, reaction) in expected.items():
        client.post("/language", data={"lang": lang})
        page = client.get(f"/reports/effectiveness?cohorts={cohort.id}&start=2026-01-01").get_data(as_text=True)
        assert filter_label in page and "2026-01-01" in page
        bad = re.search(r'<li class="headline headline--bad">(.*?)</li>', page, re.S)
        assert bad and result in bad.group(1) and verdict in bad.group(1), lang
        assert reaction in page
        charts = re.findall(r"<svg\b.*?</svg>", page, re.S)
        results = [ET.fromstring(c) for c in charts if "chart--wide" in c and "chart__zero" in c]
        assert len(results) == 1, lang
        svg = results[0]
        assert svg.find(f"{SVG}title").text and "+28.0" in svg.find(f"{SVG}desc").text
        assert svg.findall(f"{SVG}circle[@class='chart__point chart--bad']")


def test_a_cohort_without_figures_says_so_and_draws_no_chart(client, auth, setup):
    _, cohort, _mei, _lei = setup
    auth.login("hr1")
    client.post("/language", data={"lang": "en"})
    page = client.get(f"/reports/effectiveness?cohorts={cohort.id}").get_data(as_text=True)
    assert page.count('class="headline headline--missing"') == 4
    assert "Results: no KPI figures yet." in page and "chart__zero" not in page and "chart--wide" not in page
