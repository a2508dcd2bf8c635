"""The report's number formatter: separators, ¥ and 万, % apart from percentage points."""
from __future__ import annotations

from courseware.evaluation.report import numbers


def test_thousands_separators_and_missing_values():
    assert numbers.number(1234567.891, 2) == "1,234,567.89"
    assert numbers.number(14.94, signed=True) == "+14.9"
    assert numbers.number(-3.21, signed=True) == "-3.2"
    assert numbers.number(None) == "—" and numbers.percent(None) == "—" and numbers.money(None, "en") == "—"


def test_money_in_ten_thousands_in_chinese_and_in_full_in_english():
    assert numbers.money(123_456, "zh-Hans") == "¥12.3万"
    assert numbers.money(9_800, "zh-Hans") == "¥9,800"
    assert numbers.money(-25_000, "zh-Hans") == "-¥2.5万"
    assert numbers.money(12_300, "en") == "¥12,300"
    assert numbers.money(1_234_567, "en") == "¥1,234,567"


def test_percent_and_percentage_points_are_kept_apart():
    assert numbers.percent(15.36, signed=True) == "+15.4%"
    assert numbers.points(14.93, lang="en") == "14.9 pp"
    assert numbers.points(14.93, lang="zh-Hans") == "14.9个百分点"
    assert "%" not in numbers.points(3, lang="en") and "%" not in numbers.points(3, lang="zh-Hans")


def test_kpi_values_in_their_unit(in_language):
    assert numbers.in_unit(52_000, "元", lang="zh-Hans") == "¥5.2万"
    assert numbers.in_unit(52_000, "yuan", lang="en") == "¥52,000"
    assert numbers.in_unit(42.26, "%") == "42.3%"
    assert numbers.in_unit(1234.5, "days") == "1,234.5"
    with in_language("zh_Hans"):
        assert numbers.chinese() and numbers.money(20_000) == "¥2.0万"
    with in_language("en"):
        assert not numbers.chinese() and numbers.points(2) == "2.0 pp"
