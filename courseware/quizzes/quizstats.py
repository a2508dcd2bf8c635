"""Moodle's quiz statistics as a pure function of the marks matrix.

Definitions: docs.moodle.org/dev/Quiz_statistics_calculations, as Moodle computes them
(question/classes/statistics/questions/calculator.php, mod/quiz/report/statistics/classes/calculator.php):
sample variances (S - 1), discrimination index = correlation of a question's mark with the rest of the
test, discriminative efficiency = covariance / the largest covariance the same marks could have,
CIC = Cronbach's alpha x 100, error ratio = 100 sqrt(1 - CIC/100), standard error = ER x SD / 100.
Scales as Moodle shows them: facility, SD, mean, median and standard error in percent of the maximum.
A statistic without enough attempts is None ("not available"), never a made-up number:
SD, discrimination and efficiency need 2 attempts, skewness and CIC 3, kurtosis 4.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

Mark = float | None  # None: the question was not in that attempt (drawn at random)


@dataclass(frozen=True)
class QuestionStats:
    id: str
    s: int  # attempts that had this question
    facility: float | None
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None


@dataclass(frozen=True)
class TestStats:
    s: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None
    questions: list[QuestionStats]

    def as_dict(self) -> dict:
        return asdict(self)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (len(xs) - 1)


def question_stats(qid: str, marks: Sequence[float], rest: Sequence[float], max_mark: float) -> QuestionStats:
    """One question over the attempts that had it: `marks` its marks, `rest` the rest of each attempt's total."""
    s = len(marks)
    if s == 0:
        return QuestionStats(qid, 0, None, None, None, None)
    facility = 100 * _mean(marks) / max_mark if max_mark else None
    if s < 2:
        return QuestionStats(qid, s, facility, None, None, None)
    variance, rest_variance = _covariance(marks, marks), _covariance(rest, rest)
    covariance = _covariance(marks, rest)
    sd = 100 * math.sqrt(variance) / max_mark if max_mark else None
    product = variance * rest_variance
    discrimination = 100 * covariance / math.sqrt(product) if product > 0 else None
    covariance_max = _covariance(sorted(marks), sorted(rest))
    efficiency = 100 * covariance / covariance_max if covariance_max else None
    return QuestionStats(qid, s, facility, sd, discrimination, efficiency)


def quiz_statistics(ids: Sequence[str], rows: Sequence[Sequence[Mark]], max_marks: Sequence[float] | None = None) -> TestStats:
    """Statistics of a quiz from its marks matrix: one row per attempt, one column per question."""
    max_marks = list(max_marks or [1.0] * len(ids))
    if len(max_marks) != len(ids):
        raise ValueError(f"{len(max_marks)} maximum marks for {len(ids)} questions")
    for number, row in enumerate(rows, start=1):
        if len(row) != len(ids):
            raise ValueError(f"row {number} has {len(row)} marks for {len(ids)} questions")
    totals = [sum(m for m in row if m is not None) for row in rows]
    questions = []
    for column, qid in enumerate(ids):
        present = [(row[column], total) for row, total in zip(rows, totals) if row[column] is not None]
        questions.append(question_stats(qid, [m for m, _ in present], [t - m for m, t in present], max_marks[column]))
    return TestStats(**_test_stats(rows, totals, max_marks), questions=questions)


def _test_stats(rows, totals, max_marks) -> dict:
    s = len(rows)
    empty = dict(s=s, mean=None, median=None, sd=None, skewness=None, kurtosis=None, cic=None, error_ratio=None,
                 standard_error=None)
    if s == 0:
        return empty
    # Percent of each attempt's own maximum (the same as Moodle's scale when every attempt has every question).
    maxima = [sum(mx for mx, m in zip(max_marks, row) if m is not None) for row in rows]
    percents = [100 * t / mx if mx else 0.0 for t, mx in zip(totals, maxima)]
    ordered = sorted(percents)
    middle = s // 2
    result = dict(empty, mean=_mean(percents),
                  median=ordered[middle] if s % 2 else (ordered[middle - 1] + ordered[middle]) / 2)
    if s < 2:
        return result
    mean = result["mean"]
    power2 = sum((p - mean) ** 2 for p in percents)
    result["sd"] = math.sqrt(power2 / (s - 1))
    if s < 3:
        return result
    m2, m3, m4 = power2 / s, sum((p - mean) ** 3 for p in percents) / s, sum((p - mean) ** 4 for p in percents) / s
    k2 = s * m2 / (s - 1)
    k3 = s * s * m3 / ((s - 1) * (s - 2))
    if k2 == 0:
        return result
    result["skewness"] = k3 / k2 ** 1.5
    if s > 3:
        k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
        result["kurtosis"] = k4 / (k2 * k2)
    complete = all(m is not None for row in rows for m in row)
    p = len(max_marks)
    if complete and p > 1:
        # Cronbach's alpha on raw marks: sum of each question's mark variance against the total's variance.
        mark_variance = sum(_covariance([r[c] for r in rows], [r[c] for r in rows]) for c in range(p))
        total_variance = _covariance(totals, totals)
        if total_variance:
            cic = 100 * p / (p - 1) * (1 - mark_variance / total_variance)
            result["cic"] = cic
            result["error_ratio"] = 100 * math.sqrt(1 - cic / 100)
            result["standard_error"] = result["error_ratio"] * result["sd"] / 100
    return result
