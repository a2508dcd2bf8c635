"""Moodle's quiz statistics against hand-worked numbers and textbook formulas; minimum sample sizes."""
from __future__ import annotations

import json
import math
import statistics as st

import pytest

from courseware.quizzes.quizstats import quiz_statistics


def test_hand_worked_three_attempts():
    # Attempts: (1, 1), (1, 0), (0, 0). Worked by hand in the comments below.
    result = quiz_statistics(["q1", "q2"], [[1, 1], [1, 0], [0, 0]])
    q1, q2 = result.questions
    assert q1.facility == pytest.approx(200 / 3) and q2.facility == pytest.approx(100 / 3)
    assert q1.sd == pytest.approx(100 * math.sqrt(1 / 3))  # sample variance 1/3
    assert q1.discrimination_index == pytest.approx(50)  # cov 1/6 over sqrt(1/3 * 1/3)
    assert q1.discriminative_efficiency == pytest.approx(100)  # already the largest covariance possible
    assert result.mean == pytest.approx(50) and result.median == pytest.approx(50) and result.sd == pytest.approx(50)
    assert result.skewness == pytest.approx(0)
    assert result.kurtosis is None  # needs 4 attempts
    assert result.cic == pytest.approx(200 / 3)  # 2/1 * (1 - (1/3 + 1/3) / 1)
    assert result.error_ratio == pytest.approx(100 * math.sqrt(1 / 3))
    assert result.standard_error == pytest.approx(100 * math.sqrt(1 / 3) * 50 / 100)


MATRIX = [
    [1, 1, 1, 0.5], [1, 0, 1, 1], [0, 1, 0, 0], [1, 1, 0, 0.5], [0, 0, 0, 0], [1, 1, 1, 1], [0, 1, 1, 0.5], [1, 0, 0, 0],
]


def test_against_textbook_formulas():
    result = quiz_statistics(["a", "b", "c", "d"], MATRIX)
    n = len(MATRIX)
    totals = [sum(r) for r in MATRIX]
    percents = [100 * t / 4 for t in totals]
    for column, q in enumerate(result.questions):
        x = [r[column] for r in MATRIX]
        rest = [t - v for t, v in zip(totals, x)]
        assert q.facility == pytest.approx(100 * st.mean(x))
        assert q.sd == pytest.approx(100 * st.stdev(x))
        assert q.discrimination_index == pytest.approx(100 * st.correlation(x, rest))
        assert q.discriminative_efficiency == pytest.approx(100 * st.covariance(x, rest) / st.covariance(sorted(x), sorted(rest)))
    assert result.mean == pytest.approx(st.mean(percents))
    assert result.median == pytest.approx(st.median(percents))
    assert result.sd == pytest.approx(st.stdev(percents))
    mean = st.mean(percents)
    m2 = sum((p - mean) ** 2 for p in percents) / n
    g1 = sum((p - mean) ** 3 for p in percents) / n / m2 ** 1.5
    g2 = sum((p - mean) ** 4 for p in percents) / n / m2 ** 2 - 3
    assert result.skewness == pytest.approx(math.sqrt(n * (n - 1)) / (n - 2) * g1)  # adjusted Fisher-Pearson G1
    assert result.kurtosis == pytest.approx(((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)))  # G2
    alpha = 4 / 3 * (1 - sum(st.variance([r[c] for r in MATRIX]) for c in range(4)) / st.variance(totals))
    assert result.cic == pytest.approx(100 * alpha)
    assert result.error_ratio == pytest.approx(100 * math.sqrt(1 - alpha))
    assert result.standard_error == pytest.approx(100 * math.sqrt(1 - alpha) * st.stdev(percents) / 100)


def test_max_marks_scale_facility_and_sd():
    result = quiz_statistics(["a", "b"], [[2, 1], [0, 1], [1, 0]], max_marks=[2, 1])
    assert result.questions[0].facility == pytest.approx(50)
    assert result.questions[0].sd == pytest.approx(100 * st.stdev([2, 0, 1]) / 2)
    assert result.mean == pytest.approx(st.mean([100, 100 / 3, 100 / 3]))


def test_minimum_sample_sizes_give_not_available():
    one = quiz_statistics(["a", "b"], [[1, 0]])
    assert one.mean == 50 and one.sd is None and one.skewness is None and one.cic is None
    assert one.questions[0].facility == 100 and one.questions[0].sd is None and one.questions[0].discrimination_index is None
    two = quiz_statistics(["a", "b"], [[1, 0], [0, 1]])
    assert two.sd is not None and two.skewness is None and two.kurtosis is None and two.cic is None
    none = quiz_statistics(["a"], [])
    assert none.mean is None and none.questions[0].facility is None


def test_negative_cic_is_shown_as_it_is():
    result = quiz_statistics(["a", "b"], [[1, 0], [0, 1], [1, 0], [0, 0]])
    assert result.cic == pytest.approx(100 * 2 * (1 - (1 / 3 + 1 / 4) / (1 / 4)))  # -266.7
    assert result.error_ratio > 100


def test_constant_scores_have_no_discrimination():
    result = quiz_statistics(["a", "b"], [[1, 1], [1, 0], [1, 1]])
    assert result.questions[0].discrimination_index is None and result.questions[0].discriminative_efficiency is None


def test_missing_questions_are_left_out_and_cic_not_computed():
    result = quiz_statistics(["a", "b", "c"], [[1, None, 1], [0, 1, None], [None, 1, 0], [1, 0, None]])
    assert [q.s for q in result.questions] == [3, 3, 2]
    assert result.cic is None and result.error_ratio is None and result.sd is not None


def test_quiz_stats_command(runner, tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text("q1,q2\n1,1\n1,0\n0,0\n", encoding="utf-8")
    result = runner.invoke(args=["quiz-stats", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"questions", "mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error"}
    assert set(data["questions"][0]) == {"id", "facility", "sd", "discrimination_index", "discriminative_efficiency"}
    assert data["cic"] == pytest.approx(200 / 3) and data["kurtosis"] is None
    assert data["questions"][0]["discrimination_index"] == pytest.approx(50)


def test_quiz_stats_command_max_marks_and_bad_input(runner, tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text("q1,q2\n2,1\n0,1\n1,0\n", encoding="utf-8")
    result = runner.invoke(args=["quiz-stats", str(path), "--max-marks", "2,1"])
    assert json.loads(result.output)["questions"][0]["facility"] == pytest.approx(50)
    bad = tmp_path / "bad.csv"
    bad.write_text("q1,q2\n1,x\n1\n3,0\n", encoding="utf-8")
    result = runner.invoke(args=["quiz-stats", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:2: mark 'x' for q2 is not a number" in result.output
    assert f"{bad}:3: 1 marks for 2 questions" in result.output
    assert f"{bad}:4: mark 3 for q1 is outside 0..1" in result.output
