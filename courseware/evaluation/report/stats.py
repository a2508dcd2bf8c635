"""The report's statistics: relative change, a mean with its 95% t interval, and the difference in differences
of the results level with Welch's 95% interval (scipy.stats)."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from courseware.evaluation.report.figures import Figure

MIN_LEARNERS = 5  # either group with fewer learners having figures before and after: "not enough data"
CONFIDENCE = 0.95


def relative_changes(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """The change from `before` to `after` in % of `before`, element by element; NaN where either is missing
    (NaN) or `before` is 0."""
    defined = ~np.isnan(before) & ~np.isnan(after) & (before != 0)
    safe = np.where(defined, before, 1.0)
    return np.where(defined, 100 * (after - safe) / safe, np.nan)


def relative_change(before: float | None, after: float | None) -> float | None:
    """One learner's change in %: `relative_changes` of two numbers, None where it is undefined."""
    if before is None or after is None:
        return None
    change = float(relative_changes(np.array([float(before)]), np.array([float(after)]))[0])
    return None if math.isnan(change) else change


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _scipy_stats():
    """scipy.stats, imported when an interval is first computed: importing it costs about a second of CPU, which
    every process (each gunicorn worker, each `flask` command, each job consumer) paid at start-up before."""
    from scipy import stats

    return stats


def _finite(interval) -> tuple[float | None, float | None]:
    low, high = float(interval.low), float(interval.high)
    return (low, high) if math.isfinite(low) and math.isfinite(high) else (None, None)


def mean_figure(values: Sequence[float], basis: str, interval: bool = False) -> Figure:
    """The mean of per-learner values, n = how many; with `interval`, its 95% t interval (two values or more;
    values all equal give an interval of that value)."""
    values = [float(v) for v in values]
    value = mean(values)
    low = high = None
    if interval and len(values) >= 2:
        if max(values) == min(values):
            low = high = value
        else:
            low, high = _finite(_scipy_stats().ttest_1samp(values, 0.0).confidence_interval(CONFIDENCE))
    return Figure(value, len(values), basis, low, high)


@dataclass(frozen=True)
class DifferenceInDifferences:
    """The trained learners' change minus the comparison group's, with Welch's 95% interval."""

    trained: Figure  # per-learner change in %, averaged
    comparison: Figure
    difference: Figure  # percentage points; n = both groups; None (value and interval) unless `enough`
    enough: bool  # both groups have at least MIN_LEARNERS learners with figures before and after
    verdict: str | None  # improvement / worse / unclear (the interval includes 0); None when not `enough`


def difference_in_differences(trained: Sequence[float], comparison: Sequence[float], better: str) -> DifferenceInDifferences:
    """DiD of per-learner changes: mean(trained) - mean(comparison), Welch's t interval (unequal variances);
    `better` (higher or lower) says which sign is an improvement."""
    t_figure, c_figure = mean_figure(trained, "kpi_change"), mean_figure(comparison, "comparison")
    value = None if t_figure.value is None or c_figure.value is None else t_figure.value - c_figure.value
    enough = len(trained) >= MIN_LEARNERS and len(comparison) >= MIN_LEARNERS
    low = high = None
    verdict = None
    if enough:
        if len(set(trained)) == 1 and len(set(comparison)) == 1:
            low = high = value
        else:
            low, high = _finite(_scipy_stats().ttest_ind(list(trained), list(comparison), equal_var=False)
                                .confidence_interval(CONFIDENCE))
        if low is not None and high is not None:
            if low <= 0 <= high:
                verdict = "unclear"
            else:
                verdict = "improvement" if (low > 0) == (better == "higher") else "worse"
    difference = Figure(value if enough else None, len(trained) + len(comparison), "did", low, high)
    return DifferenceInDifferences(t_figure, c_figure, difference, enough, verdict)
