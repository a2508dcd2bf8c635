"""The best outcome of a learner's role-play runs: success over partial over failure; unfinished runs count none."""
from __future__ import annotations

from types import SimpleNamespace

from courseware.roleplay.runs import ScenarioSummary, better_outcome, summaries


def test_better_outcome_orders_success_partial_failure():
    assert better_outcome("failure", "partial") == "partial"
    assert better_outcome("success", "partial") == "success"
    assert better_outcome(None, "failure") == "failure"
    assert better_outcome(None, None) is None


def test_summaries_count_runs_and_keep_the_best_outcome():
    runs = [SimpleNamespace(scenario_id=s, outcome=o) for s, o in
            [("call", "failure"), ("call", None), ("call", "partial"), ("visit", None), ("call", "failure")]]
    assert summaries(runs) == {"call": ScenarioSummary(4, "partial"), "visit": ScenarioSummary(1, None)}
