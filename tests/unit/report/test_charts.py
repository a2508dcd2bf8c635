"""The report's SVG charts: well-formed XML with a title and a description, missing values drawn as missing,
and intervals drawn where their values fall on the axis."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from courseware.evaluation.report import charts
from courseware.evaluation.report.figures import Figure

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(markup) -> ET.Element:
    svg = ET.fromstring(str(markup))
    assert svg.find("svg:title", NS).text and svg.find("svg:desc", NS) is not None
    assert svg.get("role") == "img" and svg.get("aria-label")
    return svg


def test_results_chart_places_the_interval_and_marks_missing_kpis(in_language):
    rows = [("Revenue", Figure(14.9, 19, "did", 6.1, 23.4), "good"), ("Orders", Figure(None, 4, "did"), "neutral"),
            ("Sales cycle", Figure(-8.0, 12, "did", -12.0, -4.0), "good")]
    with in_language("en"):
        svg = parse(charts.results("c1", "Difference in differences", rows))
    low, high, x0, x1 = (float(svg.get(k)) for k in ("data-min", "data-max", "data-x0", "data-x1"))
    assert (low, high) == (-25, 25)
    intervals = svg.findall("svg:line[@class='chart__interval chart--good']", NS)
    assert len(intervals) == 2  # none for the KPI without enough data
    first = intervals[0]
    assert float(first.get("x1")) == pytest.approx(x0 + (6.1 + 25) / 50 * (x1 - x0), abs=0.06)
    assert float(first.get("x2")) == pytest.approx(x0 + (23.4 + 25) / 50 * (x1 - x0), abs=0.06)
    zero = svg.find("svg:line[@class='chart__zero']", NS)
    assert float(zero.get("x1")) == pytest.approx((x0 + x1) / 2, abs=0.06)
    assert len(svg.findall("svg:circle", NS)) == 2
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "no data" in texts and "+14.9 pp" in texts
    assert "Orders: no data" in svg.find("svg:desc", NS).text


def test_likert_bars_leave_an_unanswered_item_empty_with_a_legend(in_language):
    scale = ["非常不同意", "不同意", "一般", "同意", "非常同意"]
    with in_language("zh_Hans"):
        svg = parse(charts.likert("c2", "问卷", [("相关性", [0, 1, 0, 2, 1]), ("清晰度", [0, 0, 0, 0, 0])], scale))
    bars = [r for r in svg.findall("svg:rect", NS) if float(r.get("height")) == 16]
    assert len(bars) == 3 and {float(b.get("y")) for b in bars} == {8.0}  # only the answered item's row
    assert sum(float(b.get("width")) for b in bars) == pytest.approx(300, abs=0.2)
    legend = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert all(name in legend for name in scale) and "无数据" in legend


def test_labels_fit_inside_the_chart():
    long = "一个很长很长的中文模块名称用来检查宽度"
    svg = parse(charts.dumbbell("c3", "t", [(long, Figure(40, 5, "pretest"), Figure(80, 5, "posttest"))], "前测", "后测"))
    first_dot = min(float(c.get("cx")) for c in svg.findall("svg:circle", NS) if c.get("cy") != svg.findall("svg:circle", NS)[-1].get("cy"))
    assert first_dot > charts.text_width(long) and charts.text_width(long) == 12 * len(long)
    assert float(svg.get("viewBox").split()[2]) >= float(svg.get("width"))


def test_dumbbell_and_trend_draw_a_missing_value_as_missing(in_language):
    with in_language("en"):
        dumbbell = parse(charts.dumbbell("c4", "t", [("Module 1", None, Figure(80, 5, "posttest"))], "Pre-test", "Post-test"))
        trend = parse(charts.trend("c5", "t", [("Day 30", Figure(3.5, 6, "follow_ups")), ("Day 60", None),
                                                ("Day 90", Figure(4.0, 5, "follow_ups"))]))
    assert not dumbbell.findall("svg:line[@class='chart__bar-link']", NS)
    assert "Pre-test — , Post-test 80.0".replace(" , ", ", ") in dumbbell.find("svg:desc", NS).text
    assert len(trend.findall("svg:circle", NS)) == 2 and not trend.findall("svg:line[@class='chart__link']", NS)
    assert "Day 60: no data" in trend.find("svg:desc", NS).text
    assert min(float(c.get("cy")) for c in trend.findall("svg:circle", NS)) > 12  # 4.0 of 5 sits below the top
