"""Role-play scripts: graph validation (each error with its line), best scores with loops, the shipped scenarios."""
from __future__ import annotations

from pathlib import Path

import pytest

from courseware.catalog import load_catalog
from courseware.catalog.scenarios.graph import best_scores
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, REAL_CONTENT, ROOT
from tests.contentcopy import copy_fixtures, edit, line_of, problems_of
from tests.scenariopaths import paths_to_every_ending

SCRIPT = FIXTURE_CONTENT / "roleplays" / "practice-call.yaml"


@pytest.fixture
def script(tmp_path) -> Path:
    return copy_fixtures(tmp_path) / "content" / "roleplays" / "practice-call.yaml"


def test_choice_leading_to_a_missing_node(script):
    edit(script, "        next: pitch\n", "        next: nowhere\n")
    expected = f"practice-call.yaml:{line_of(script, 'Our new product is great') - 1}: node 'open' choice 'b' leads to missing node 'nowhere'"
    assert expected in problems_of(script)


def test_node_no_path_reaches(script):
    edit(script, "        next: pitch\n", "        next: probe\n")
    edit(script, "      - id: b\n        text: {zh-Hans: 您现在最头疼什么？", "      - id: b\n        text: {zh-Hans: 您现在最头疼什么？")
    assert f"practice-call.yaml:{line_of(script, '  - id: pitch')}: node 'pitch' cannot be reached from the start" in problems_of(script)


def test_path_that_can_never_reach_an_ending(script):
    # pitch's choices now lead only back and forth between pitch and a new trap node
    edit(script, "        next: lost\n", "        next: trap\n")
    edit(script, "        next: probe\n        scores: {learning: 1}", "        next: trap\n        scores: {learning: 1}")
    edit(script, "  - id: need-found\n", "  - id: trap\n    say: {zh-Hans: 嗯。, en: Hm.}\n    choices:\n"
                                         "      - {id: a, text: {zh-Hans: 再说, en: Go on}, next: pitch}\n  - id: need-found\n")
    found = problems_of(script)
    assert f"practice-call.yaml:{line_of(script, '  - id: trap')}: node 'trap' can never reach an ending" in found
    assert f"practice-call.yaml:{line_of(script, '  - id: pitch')}: node 'pitch' can never reach an ending" in found
    assert f"practice-call.yaml:{line_of(script, '  - id: lost')}: node 'lost' cannot be reached from the start" in found


def test_missing_translation(script):
    edit(script, "    say: {zh-Hans: 停机太多。, en: Too much downtime.}", "    say: {zh-Hans: 停机太多。}")
    assert f"practice-call.yaml:{line_of(script, '停机太多')}: node 'probe': say: missing translation 'en'" in problems_of(script)


def test_unknown_competency(script):
    edit(script, "        scores: {action: 2}", "        scores: {charisma: 2}")
    found = problems_of(script)
    assert any(p.startswith(f"practice-call.yaml:{line_of(script, 'charisma')}: node 'need-found' choice 'a': unknown competency 'charisma'") for p in found)


def test_competency_not_scored_by_the_scenario(script):
    edit(script, "        scores: {action: 2}", "        scores: {stress-resistance: 2}")
    assert f"practice-call.yaml:{line_of(script, 'stress-resistance: 2')}: node 'need-found' choice 'a': 'stress-resistance' is not one of this scenario's competencies" in problems_of(script)


def test_ending_with_choices_and_node_without(script):
    edit(script, "    ending: failure\n", "    ending: failure\n    choices:\n      - {id: a, text: {zh-Hans: x, en: x}, next: open}\n")
    assert any("node 'lost': an ending has no choices" in p for p in problems_of(script))


def test_best_scores_count_loops_once():
    catalog, problems = load_catalog(FIXTURE_CONTENT, FIXTURE_QUIZZES)
    assert problems == []
    scenario = catalog.scenario("practice-call")
    # Worked by hand: going round open -> probe -> open once adds +1 communication, then pitch adds learning.
    assert scenario.best.scores == {"communication": 4, "learning": 2, "action": 3}
    assert scenario.best.path == (("open", "a"), ("probe", "b"), ("open", "b"), ("pitch", "b"), ("probe", "a"), ("need-found", "a"))


def test_best_scores_on_small_graphs():
    edges = [("s", "a", "x", {"c": 1}), ("x", "a", "s", {"c": 5}), ("s", "b", "end", {"c": 0}), ("x", "b", "end", {"c": 2})]
    # s->x (1) ->s (5) ->end (0) = 6 beats s->x->end = 3; the loop s->x->s can be used once only.
    assert best_scores("s", {"end"}, edges, ["c"]).scores == {"c": 6}
    negative = [("s", "a", "end", {"c": -2}), ("s", "b", "end", {"c": -1})]
    assert best_scores("s", {"end"}, negative, ["c"]).scores == {"c": -1}


# The shipped scenarios.

@pytest.fixture(scope="module")
def shipped():
    catalog, problems = load_catalog(REAL_CONTENT, ROOT / "quizzes")
    assert [str(p) for p in problems] == []
    return catalog


REQUIRED = {"needs-discovery", "price-objection", "a-account-churn", "star-interview", "one-on-one-improvement",
            "resource-conflict", "smart-targets", "crm-adoption", "incentive-plan", "new-rep-coaching"}


def test_ten_scenarios_of_real_size(shipped):
    assert REQUIRED <= set(shipped.scenarios) and len(shipped.scenarios) >= 10
    for scenario in shipped.scenarios.values():
        assert len(scenario.nodes) >= 10, scenario.id
        assert {n.ending for n in scenario.endings} == {"success", "partial", "failure"}, scenario.id
        assert len(scenario.endings) >= 3
        assert all(v > 0 for v in scenario.best.scores.values()), scenario.id


def test_every_ending_of_every_scenario_is_reachable(shipped):
    for scenario in shipped.scenarios.values():
        routes = paths_to_every_ending(scenario)
        assert set(routes) == {n.id for n in scenario.endings}, scenario.id


# The best run is one run; the outcome follows the total.

def test_best_is_the_scores_of_one_run_not_the_maxima_of_several():
    # The most x (3) and the most y (2) come from different runs; neither run reaches both together.
    edges = [("s", "a", "end", {"x": 3, "y": 0}), ("s", "b", "end", {"x": 0, "y": 2}), ("s", "c", "end", {"x": 2, "y": 2})]
    best = best_scores("s", {"end"}, edges, ["x", "y"])
    assert best.scores == {"x": 2, "y": 2} and best.path == (("s", "c"),) and best.ending == "end"


def test_best_ties_go_to_fewer_choices_then_to_the_earlier_choice_in_the_file():
    longer = [("s", "a", "m", {"x": 1}), ("m", "a", "end", {"x": 1}), ("s", "b", "end", {"x": 2})]
    assert best_scores("s", {"end"}, longer, ["x"]).path == (("s", "b"),)
    same_length = [("s", "a", "end", {"x": 1, "y": 0}), ("s", "b", "end", {"x": 0, "y": 1})]
    assert best_scores("s", {"end"}, same_length, ["x", "y"]).path == (("s", "a"),)


def test_lowest_and_highest_total_into_each_ending():
    edges = [("s", "a", "win", {"x": 2}), ("s", "b", "m", {"x": -1}), ("m", "a", "win", {"x": 1}), ("m", "b", "lose", {"x": -3})]
    totals = best_scores("s", {"win", "lose"}, edges, ["x"]).endings
    assert (totals["win"].lowest.total, totals["win"].highest.total) == (0, 2)
    assert totals["win"].lowest.path == (("s", "b"), ("m", "a"))
    assert (totals["lose"].lowest.total, totals["lose"].highest.total) == (-4, -4)


def test_success_ending_reached_below_the_pass_score(script):
    edit(script, "pass_score: 4", "pass_score: 8")
    # open b (0) -> pitch b (+1) -> probe a (+3) -> need-found a (+2) totals 6
    assert (f"practice-call.yaml:{line_of(script, '  - id: won')}: success ending 'won' is reached with total 6, "
            "below the pass score 8: open b → pitch b → probe a → need-found a") in problems_of(script)


def test_failure_ending_reached_at_or_above_the_pass_score(script):
    edit(script, "pass_score: 4", "pass_score: 2")
    # open a (+2) -> probe b (+1) -> open b (0) -> pitch a totals 3; loops are counted once
    assert (f"practice-call.yaml:{line_of(script, '  - id: lost')}: failure ending 'lost' is reached with total 3, "
            "at or above the pass score 2: open a → probe b → open b → pitch a") in problems_of(script)


@pytest.mark.parametrize("value", ["", "pass_score: high\n"])
def test_pass_score_must_be_a_whole_number(script, value):
    edit(script, "pass_score: 4\n", value)
    found = problems_of(script)
    assert any("'pass_score' must be a whole number" in p for p in found), found


def test_best_run_must_end_in_success_and_earn_in_every_competency(script):
    edit(script, "    ending: success\n", "    ending: partial\n")
    assert any(p.startswith(f"practice-call.yaml:{line_of(script, '  - id: won')}: the best run (total 9: open a → probe b")
               and "not a success ending" in p for p in problems_of(script))


def test_best_run_earning_nothing_in_a_competency(script):
    edit(script, "        scores: {communication: 2, learning: 1}", "        scores: {communication: 2, learning: -1}")
    edit(script, "        scores: {learning: 1}", "        scores: {learning: -1}")
    assert any("earns -1 in 'learning': the best possible must be above 0" in p for p in problems_of(script))


def test_items_are_required_and_must_exist_in_coverage(script):
    edit(script, 'items: ["1.2"]', 'items: ["1.2", "9.9"]')
    assert f"practice-call.yaml:{line_of(script, 'items:')}: item '9.9' is not an item of coverage.yaml" in problems_of(script)
    edit(script, 'items: ["1.2", "9.9"]\n', "")
    assert any("'items' must list the OUTLINE items the scenario practices" in p for p in problems_of(script))


def test_every_scenario_names_the_outline_items_it_practices(shipped):
    for scenario in shipped.scenarios.values():
        assert scenario.items and set(scenario.items) <= set(shipped.coverage), scenario.id
    assert "2.7" in shipped.scenario("incentive-plan").items
    assert {"2.4", "2.5", "2.6"} <= set(shipped.scenario("new-rep-coaching").items)


def test_every_shipped_best_run_is_a_success_above_the_pass_score(shipped):
    for scenario in shipped.scenarios.values():
        assert scenario.nodes[scenario.best.ending].ending == "success", scenario.id
        assert scenario.best.total >= scenario.pass_score, scenario.id
        for ending_id, totals in scenario.best.endings.items():
            outcome = scenario.nodes[ending_id].ending
            assert outcome != "success" or totals.lowest.total >= scenario.pass_score, (scenario.id, ending_id)
            assert outcome != "failure" or totals.highest.total < scenario.pass_score, (scenario.id, ending_id)


def test_one_company_one_cast():
    """The same customer name never turns up at two companies: Director Sun is Huacheng Precision's alone."""
    texts = {path.stem: path.read_text(encoding="utf-8") for path in (REAL_CONTENT / "roleplays").glob("*.yaml")}
    assert [stem for stem, text in texts.items() if "孙总" in text or "Director Sun" in text] == ["a-account-churn"]
