"""The competency radar's geometry: a missing value is no vertex, and labels get room in the viewBox."""
from __future__ import annotations

import re

from courseware.roleplay import radar

EN = {"communication": "Communication", "stress-resistance": "Stress resistance", "learning": "Learning",
      "action": "Action"}
ZH = {"communication": "沟通能力", "stress-resistance": "抗压能力", "learning": "学习能力", "action": "行动能力"}


def view_box(drawn: radar.Radar) -> tuple[float, float, float, float]:
    left, top, width, height = (float(n) for n in drawn.view_box.split())
    return left, top, left + width, top + height


def test_a_missing_value_has_no_vertex_and_leaves_a_break():
    drawn = radar.draw(EN, {"obs": {"communication": 80, "learning": 60, "action": 100}})
    series = drawn.series[0]
    assert series.missing == ["stress-resistance"] and not series.closed and drawn.has_gaps
    assert len(series.vertices) == 3 and (0.0, 0.0) not in series.vertices
    assert series.path.count("M") == 2 and "Z" not in series.path  # two segments around the missing axis
    assert ("0.0", "0.0") not in re.findall(r"(-?[\d.]+),(-?[\d.]+)", series.path)  # no line to the centre


def test_zero_is_a_value_and_a_full_series_is_one_closed_polygon():
    drawn = radar.draw(EN, {"sim": {"communication": 100, "stress-resistance": 0, "learning": 50, "action": 25}})
    series = drawn.series[0]
    assert series.closed and series.missing == [] and not drawn.has_gaps
    assert (0.0, 0.0) in series.vertices and series.path.endswith("Z")


def test_nothing_observed_draws_no_line_at_all():
    series = radar.draw(ZH, {"obs": dict.fromkeys(ZH)}).series[0]
    assert series.vertices == [] and series.path == "" and len(series.missing) == 4


def test_long_labels_wrap_and_every_label_box_lies_inside_the_view_box():
    for labels in (EN, ZH, {**EN, "action": "Acting on what was learned in the course"}):
        drawn = radar.draw(labels, {})
        left, top, right, bottom = view_box(drawn)
        for axis in drawn.axes:
            widths = [radar.text_width(text) for _, text in axis.label.lines]
            x = axis.label.x
            start = {"start": x, "end": x - max(widths), "middle": x - max(widths) / 2}[axis.label.anchor]
            assert left <= start and start + max(widths) <= right, (axis, drawn.view_box)
            ys = [y for y, _ in axis.label.lines]
            assert top <= min(ys) - radar.FONT and max(ys) + radar.FONT / 2 <= bottom, (axis, drawn.view_box)
    assert radar.wrap("Stress resistance") == ["Stress", "resistance"]
    assert radar.wrap("沟通能力") == ["沟通能力"]
    assert all(radar.text_width(line) <= radar.WRAP for line in radar.wrap("在课堂上学到的东西付诸行动的能力"))
