"""The report's headline sentences: both languages, the KPI's good direction, missing figures and small n."""
from __future__ import annotations

import re

import pytest

from courseware.evaluation.report.figures import Figure
from courseware.evaluation.report.headlines import headlines
from tests.unit.report.conftest import CATALOG, cohort_report, kpi_result

TRAINED = [10.0, 12.0, 15.0, 18.0, 20.0, 14.0, 16.0, 13.0, 17.0]  # mean 15
COMPARISON = [0.0, 1.0, -1.0, 0.5, 0.5, 1.5, -0.5, 0.0, 2.0, 1.0]  # mean 0.5


def results_line(report, lang, in_language):
    with in_language(lang):
        return headlines(CATALOG, report)[3]


def test_a_revenue_rise_is_good_in_both_languages(in_language):
    report = cohort_report(revenue=kpi_result(TRAINED, COMPARISON, "higher"))
    did = report.results["revenue"].did.difference
    en = results_line(report, "en", in_language)
    assert en.tone == "good"
    assert en.text.startswith("After training, Revenue rose 14.5 pp more than in the comparison group")
    assert "trained +15.0%, comparison +0.5%" in en.text
    assert f"95% interval +{did.low:.1f} to +{did.high:.1f} pp" in en.text
    assert "trained 9, comparison 10" in en.text and "An improvement (higher is better)." in en.text
    zh = results_line(report, "zh_Hans", in_language)
    assert zh.tone == "good"
    assert zh.text.replace(" ", "").startswith("培训后，销售额比对照组多增长14.5个百分点")
    assert f"95%区间+{did.low:.1f}～+{did.high:.1f}个百分点" in zh.text.replace(" ", "")
    assert "培训组9人，对照组10人" in zh.text.replace(" ", "") and "属于改善" in zh.text


def test_a_shorter_sales_cycle_is_good_and_a_longer_one_bad(in_language):
    shorter = [-v for v in TRAINED]
    good = results_line(cohort_report(cycle_days=kpi_result(shorter, COMPARISON, "lower")), "en", in_language)
    assert good.tone == "good" and "Sales cycle fell 15.5 pp more" in good.text and "lower is better" in good.text
    bad = results_line(cohort_report(cycle_days=kpi_result(TRAINED, COMPARISON, "lower")), "en", in_language)
    assert bad.tone == "bad" and "Sales cycle rose 14.5 pp more" in bad.text and "A worsening" in bad.text
    zh = results_line(cohort_report(cycle_days=kpi_result(shorter, COMPARISON, "lower")), "zh_Hans", in_language)
    assert "销售周期比对照组多下降" in zh.text and "越低越好" in zh.text


def test_an_interval_across_zero_is_no_clear_difference(in_language):
    report = cohort_report(revenue=kpi_result([-20.0, 30.0, 5.0, -10.0, 25.0], [0.0, 1.0, 2.0, -1.0, 3.0], "higher"))
    line = results_line(report, "en", in_language)
    assert line.tone == "neutral" and "No clear difference: the interval includes 0." in line.text


def test_too_few_learners_give_no_number(in_language):
    report = cohort_report(revenue=kpi_result([10.0, 20.0, 30.0], COMPARISON, "higher"))
    for lang, words in (("en", "not enough KPI figures yet"), ("zh_Hans", "数据不足")):
        line = results_line(report, lang, in_language)
        assert line.tone == "missing" and words in line.text
        assert "20.0" not in line.text and "%" not in line.text.replace("95%", "")  # no misleading figure


def test_missing_figures_are_said_so_at_every_level(in_language):
    report = cohort_report()
    with in_language("en"):
        lines = headlines(CATALOG, report)
    assert [h.level for h in lines] == [1, 2, 3, 4] and {h.tone for h in lines} == {"missing"}
    assert lines[0].text == "Reaction: no survey answers yet." and lines[3].text == "Results: no KPI figures yet."
    with in_language("zh_Hans"):
        lines = headlines(CATALOG, report)
    assert all(re.search(r"[\u4e00-\u9fff]", h.text) and not re.search(r"[A-Za-z]{3,}", h.text.replace("KPI", "")) for h in lines)


@pytest.mark.parametrize("n,tone", [(3, "missing"), (6, "neutral")])
def test_the_follow_up_rating_needs_enough_follow_ups(in_language, n, tone):
    from courseware.evaluation.report.effectiveness import Behavior

    report = cohort_report()
    report.behavior = Behavior(plans=5, trend={30: Figure(3.2, n, "follow_ups"), 90: Figure(3.9, n, "follow_ups")})
    with in_language("en"):
        line = headlines(CATALOG, report)[2]
    assert line.tone == tone and "5 of 12 learners have an action plan." in line.text
    assert ("3.2" in line.text and "3.9" in line.text) == (tone == "neutral")


def test_a_follow_up_day_or_module_with_too_few_is_left_out(in_language):
    from courseware.evaluation.report.compute import ItemFigures, ReactionFigures
    from courseware.evaluation.report.effectiveness import Behavior

    report = cohort_report()
    report.behavior = Behavior(plans=5, trend={30: Figure(3.2, 6, "follow_ups"), 90: Figure(3.9, 2, "follow_ups")})
    item = ItemFigures

    def module(n, average):
        return ReactionFigures(n, Figure(8.0, n, "surveys"), {"clarity": item(Figure(average, n, "surveys"), [0, 0, 0, n, 0])})

    report.reaction = {"basics": module(6, 4.3), "next": module(2, 1.5)}
    with in_language("en"):
        reaction, _learning, behavior, _results = headlines(CATALOG, report)
    assert "3.2 out of 5 at day 30 (6 follow-ups)" in behavior.text and "3.9" not in behavior.text
    assert reaction.text.startswith("Reaction: learners rated the modules 4.3 out of 5 on average")
    assert "1.5" not in reaction.text and "(6 surveys, 1 module)" in reaction.text
    report.reaction = {"next": module(2, 1.5)}
    with in_language("zh_Hans"):
        line = headlines(CATALOG, report)[0]
    assert line.tone == "missing" and "每个模块最多 2 份" in line.text and "1.5" not in line.text
