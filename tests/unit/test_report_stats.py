"""The report's statistics: the difference in differences and its Welch interval against hand-computed
figures, the good direction of a KPI, "not enough data", the gain's t interval, and a simulation of how often
the interval covers 0 with and without a true effect."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest

from courseware.evaluation.report.stats import MIN_LEARNERS, difference_in_differences, mean_figure, relative_change

TRAINED = [10.0, 12.0, 14.0, 16.0, 18.0]  # mean 14, sample variance 40 / 4 = 10
COMPARISON = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]  # mean 2.5, sample variance 17.5 / 5 = 3.5


def test_difference_in_differences_by_hand():
    result = difference_in_differences(TRAINED, COMPARISON, "higher")
    # Welch: se = sqrt(10/5 + 3.5/6) = 1.60728; df = se^4 / ((10/5)^2/4 + (3.5/6)^2/5) = 6.2484;
    # t(0.975, 6.2484) = 2.42353 (tables, interpolated); 11.5 -/+ 2.42353 * 1.60728.
    se = math.sqrt(10 / 5 + 3.5 / 6)
    assert se == pytest.approx(1.607275, abs=1e-6)
    assert result.enough and result.difference.value == pytest.approx(11.5)
    assert (result.difference.low, result.difference.high) == (pytest.approx(7.6047, abs=1e-3), pytest.approx(15.3953, abs=1e-3))
    assert (result.trained.value, result.trained.n, result.comparison.value, result.comparison.n) == (14, 5, 2.5, 6)
    assert result.difference.n == 11 and result.difference.basis == "did" and result.verdict == "improvement"


def test_the_good_direction_decides_the_verdict():
    assert difference_in_differences(TRAINED, COMPARISON, "lower").verdict == "worse"  # e.g. sales cycle days
    fewer_days = [-x for x in TRAINED]
    assert difference_in_differences(fewer_days, COMPARISON, "lower").verdict == "improvement"
    overlapping = difference_in_differences([1.0, 3.0, 5.0, 2.0, 4.0], COMPARISON, "higher")
    assert overlapping.difference.low < 0 < overlapping.difference.high and overlapping.verdict == "unclear"


def test_not_enough_data_below_five_learners_in_either_group():
    assert MIN_LEARNERS == 5
    for trained, comparison in ((TRAINED[:4], COMPARISON), (TRAINED, COMPARISON[:4])):
        result = difference_in_differences(trained, comparison, "higher")
        assert not result.enough and result.verdict is None
        assert result.difference.value is None and not result.difference.has_interval
        assert result.trained.n == len(trained) and result.comparison.n == len(comparison)


def test_gain_interval_by_hand():
    gain = mean_figure([0.2, 0.5, 0.3, 0.6], "paired", interval=True)
    # mean 0.4, sd 0.182574, t(0.975, 3) = 3.182446: 0.4 -/+ 3.182446 * 0.182574 / 2
    assert (gain.value, gain.n) == (pytest.approx(0.4), 4)
    assert (gain.low, gain.high) == (pytest.approx(0.10948, abs=1e-4), pytest.approx(0.69052, abs=1e-4))
    assert not mean_figure([0.5], "paired", interval=True).has_interval
    assert mean_figure([], "paired").value is None


def test_relative_change():
    assert relative_change(110, 140) == pytest.approx(100 * 30 / 110)
    assert relative_change(0, 5) is None and relative_change(None, 5) is None and relative_change(5, None) is None


def _changes(rng, learners: int, effect: float) -> list[float]:
    """Per-learner changes in % of one KPI: a base figure, three months before and three after the course with
    +-7% monthly noise, a 2% market drift for everyone, and `effect` after the course."""
    base = rng.uniform(300_000, 600_000, size=(learners, 1))
    before = base * rng.uniform(0.93, 1.07, size=(learners, 3))
    after = base * 1.02 * (1 + effect) * rng.uniform(0.93, 1.07, size=(learners, 3))
    return [relative_change(b, a) for b, a in zip(before.mean(axis=1), after.mean(axis=1))]


def test_simulation_covers_zero_without_effect_and_finds_a_ten_percent_effect():
    rng = np.random.default_rng(2026)
    started = time.perf_counter()
    covered = found = 0
    for _ in range(200):
        null = difference_in_differences(_changes(rng, 10, 0.0), _changes(rng, 12, 0.0), "higher").difference
        covered += null.low <= 0 <= null.high
        effect = difference_in_differences(_changes(rng, 10, 0.10), _changes(rng, 12, 0.0), "higher").difference
        found += not (effect.low <= 0 <= effect.high)
    assert covered >= 0.9 * 200, covered
    assert found >= 0.8 * 200, found
    assert time.perf_counter() - started < 10
