"""Question pools: every question names its pool, tests draw only assessment questions, practice only practice ones."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from courseware.catalog import load_catalog
from courseware.catalog.pools import POOL_OF_KIND, PoolRules
from courseware.config import COURSE_POOL_RULES, _json_setting
from courseware.quizzes.drawing import build_snapshot
from tests.conftest import REAL_CONTENT, ROOT
from tests.contentcopy import copy_fixtures, edit, line_of, problems_of


@pytest.fixture
def quizzes(tmp_path) -> Path:
    return copy_fixtures(tmp_path) / "quizzes"


def test_a_question_without_a_pool_is_reported_at_its_line(quizzes):
    bank = quizzes / "basics.yaml"
    edit(bank, "  - id: q-multiple\n    type: multiple\n    pool: assessment\n", "  - id: q-multiple\n    type: multiple\n")
    assert f"basics.yaml:{line_of(bank, '- id: q-multiple')}: question 'q-multiple': missing 'pool' (assessment or practice)" \
        in problems_of(quizzes)


def test_an_unknown_pool_is_reported_at_its_line(quizzes):
    bank = quizzes / "basics.yaml"
    edit(bank, "    type: numeric\n    pool: assessment\n", "    type: numeric\n    pool: exam\n")
    assert f"basics.yaml:{line_of(bank, 'pool: exam')}: question 'q-numeric': unknown pool 'exam' (one of assessment, practice)" \
        in problems_of(quizzes)


def test_a_core_question_must_assess(quizzes):
    bank = quizzes / "basics.yaml"
    edit(bank, "    type: single\n    pool: assessment\n", "    type: single\n    pool: practice\n")
    found = problems_of(quizzes)
    assert (f"basics.yaml:{line_of(bank, 'pool: practice')}: question 'q-single': a 'core' question is drawn by the "
            "pre-test, so it belongs to the assessment pool") in found


def test_a_draw_larger_than_its_pool_is_reported(quizzes):
    path = quizzes / "quizzes.yaml"
    edit(path, "    - {bank: basics, count: 3}", "    - {bank: basics, count: 4}")
    assert (f"quizzes.yaml:{line_of(path, 'count: 4')}: quiz 'basics-due': draws 4 questions but bank 'basics' "
            "has only 3 in its practice pool") in problems_of(quizzes)


def test_pool_rules_report_thin_pools_and_items_at_the_bank(quizzes):
    rules = PoolRules(chapter_modules=(1,), assessment=8, practice=3, assessment_per_item=2, practice_per_item=2)
    _, problems = load_catalog(quizzes.parent / "content", quizzes, rules)
    found = [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]
    line = line_of(quizzes / "basics.yaml", "questions:")
    assert sorted(found) == sorted([
        f"basics.yaml:{line}: bank 'basics': the assessment pool has 7 questions, needs at least 8",
        f"basics.yaml:{line}: bank 'basics': item 1.1 is examined by 1 question(s) of the practice pool, needs at least 2",
    ])
    assert load_catalog(quizzes.parent / "content", quizzes, PoolRules())[1] == []


def test_unknown_pool_rule_settings_are_named(monkeypatch):
    with pytest.raises(ValueError, match="QUIZ_POOL_RULES: unknown key"):
        PoolRules.from_config({"assesment": 20})
    with pytest.raises(ValueError, match="QUIZ_POOL_RULES: must be a JSON object"):
        PoolRules.from_config([20, 15])
    monkeypatch.setenv("QUIZ_POOL_RULES", "{assessment: 20")
    with pytest.raises(SystemExit, match="QUIZ_POOL_RULES: not valid JSON"):
        _json_setting("QUIZ_POOL_RULES", {})
    monkeypatch.setenv("QUIZ_POOL_RULES", "{}")
    assert PoolRules.from_config(_json_setting("QUIZ_POOL_RULES", COURSE_POOL_RULES)) == PoolRules()
    assert PoolRules.from_config(COURSE_POOL_RULES).chapter_modules == (1, 2, 3)


def test_fixture_draws_respect_pools():
    catalog, problems = load_catalog(ROOT / "tests" / "fixtures" / "content", ROOT / "tests" / "fixtures" / "quizzes")
    assert problems == []
    rng = random.Random(7)
    pools = {q.id: q.pool for q in catalog.banks["basics"].questions}
    for quiz in catalog.quizzes.values():
        for _ in range(30):
            assert {pools[s["question"]] for s in build_snapshot(catalog, quiz, rng)} == {POOL_OF_KIND[quiz.kind]}


# The shipped banks.

@pytest.fixture(scope="module")
def shipped():
    catalog, problems = load_catalog(REAL_CONTENT, ROOT / "quizzes", PoolRules.from_config(COURSE_POOL_RULES))
    assert [str(p) for p in problems] == []
    return catalog


def test_shipped_banks_meet_the_course_pool_rules(shipped):
    for bank_id in ("sales-fundamentals", "team-building", "performance-and-customers"):
        questions = shipped.banks[bank_id].questions
        assert sum(q.pool == "assessment" for q in questions) >= 20
        assert sum(q.pool == "practice" for q in questions) >= 15
    items = [i for i in shipped.coverage]
    for bank in shipped.banks.values():
        for item in (i for i in items if int(i.split(".")[0]) == bank.module):
            assert sum(q.pool == "assessment" and item in q.examines for q in bank.questions) >= 2, item
            assert any(q.pool == "practice" and item in q.examines for q in bank.questions), item


def test_shipped_pretest_draws_core_assessment_questions(shipped):
    pretest = next(q for q in shipped.quizzes.values() if q.kind == "pretest")
    for draw in pretest.draw:
        assert draw.tags == ("core",) and draw.pool == "assessment"
        assert len(draw.candidates(shipped.banks[draw.bank])) >= draw.count


def test_shipped_quizzes_draw_only_from_their_kinds_pool(shipped):
    rng = random.Random(11)
    pools = {q.id: q.pool for bank in shipped.banks.values() for q in bank.questions}
    for quiz in shipped.quizzes.values():
        for _ in range(50):
            drawn = {pools[s["question"]] for s in build_snapshot(shipped, quiz, rng)}
            assert drawn == {POOL_OF_KIND[quiz.kind]}, quiz.id
