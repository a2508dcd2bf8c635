"""Question banks and quiz definitions: every validation error with its line; the shipped banks."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from courseware.catalog import load_catalog
from courseware.catalog.questions import question_type
from tests.conftest import REAL_CONTENT, ROOT
from tests.contentcopy import copy_fixtures, edit, line_of, problems_of


@pytest.fixture
def quizzes(tmp_path) -> Path:
    return copy_fixtures(tmp_path) / "quizzes"


@pytest.mark.parametrize("old,new,needle,message", [
    ("    type: single\n", "    type: essay\n", "type: essay", "question 'q-single': unknown question type 'essay'"),
    ("    difficulty: easy\n    tags: [core]\n    text: {zh-Hans: 漏斗", "    difficulty: extreme\n    tags: [core]\n    text: {zh-Hans: 漏斗",
     "difficulty: extreme", "question 'q-single': difficulty must be one of easy, medium, hard"),
    ("en: The top acquires leads. SECRET-EXPLANATION-1}", "fr: x}", "fr: x}", "question 'q-single': explanation: missing translation 'en'"),
    ("    answer: 50\n", "    answer: fifty\n", "answer: fifty", "question 'q-numeric': 'answer' must be a number"),
    ("    answer: true\n", "    answer: maybe\n", "answer: maybe", "question 'q-truefalse': 'answer' must be true or false"),
    ("        correct: true\n        feedback: {zh-Hans: 对。", "        feedback: {zh-Hans: 对。", "  - id: q-single",
     None),
    ("    accept: {zh-Hans: [SMART原则, SMART], en: [SMART]}", "    accept: {zh-Hans: [SMART原则, SMART]}", "accept: {zh-Hans",
     "question 'q-short': accept: missing translation 'en' (a list of accepted answers)"),
    ("    tolerance: 0\n", "    tolerance: 0\n    weight: 2\n", "weight: 2", "question 'q-numeric': unknown key 'weight' for a numeric question"),
    ("  - id: q-multiple\n", "  - id: q-single\n", "  - id: q-single\n", None),
])
def test_each_bank_error_is_reported_with_its_line(quizzes, old, new, needle, message):
    bank = quizzes / "basics.yaml"
    edit(bank, old, new)
    found = problems_of(quizzes)
    if message is None:  # messages whose line is a list entry, checked by prefix
        assert any(p.startswith("basics.yaml:") for p in found), found
        return
    expected = f"basics.yaml:{line_of(bank, needle)}: {message}"
    assert any(p.startswith(expected) for p in found), found


def test_single_choice_needs_exactly_one_correct(quizzes):
    bank = quizzes / "basics.yaml"
    edit(bank, "        correct: true\n        feedback: {zh-Hans: 对。", "        feedback: {zh-Hans: 对。")
    assert any("a single-choice question needs exactly one correct choice" in p for p in problems_of(quizzes))


def test_duplicate_question_id(quizzes):
    edit(quizzes / "basics.yaml", "  - id: q-multiple\n", "  - id: q-single\n")
    assert any("question id 'q-single' is used in basics.yaml too" in p for p in problems_of(quizzes))


@pytest.mark.parametrize("old,new,message", [
    ("    - {bank: basics, count: 7}", "    - {bank: nowhere, count: 7}", "quiz 'basics-check': draw from unknown bank 'nowhere'"),
    ("    - {bank: basics, count: 7}", "    - {bank: basics, count: 70}", "quiz 'basics-check': draws 70 questions but bank 'basics' has only 7 in its assessment pool"),
    ("  grading: highest\n", "  grading: best\n", "quiz 'basics-check': 'grading' must be one of highest, last, first, average"),
    ("  pass_mark: 60\n", "  pass_mark: 160\n", "quiz 'basics-check': 'pass_mark' must be a number from 0 to 100"),
    ("  review: immediately\n", "  review: never\n", "quiz 'basics-check': 'review' must be one of immediately, after_last_attempt, after_due_date"),
])
def test_each_quiz_definition_error_is_reported_with_its_line(quizzes, old, new, message):
    path = quizzes / "quizzes.yaml"
    edit(path, old, new)
    needle = new.strip().split("\n")[0]
    assert f"quizzes.yaml:{line_of(path, needle)}: {message}" in problems_of(quizzes)


def test_coverage_must_list_every_question_that_examines_an_item(quizzes):
    edit(quizzes.parent / "content" / "coverage.yaml", "[q-single, q-truefalse, q-numeric, q-practice-single]", "[q-truefalse, q-numeric, q-practice-single, q-ghost]")
    found = problems_of(quizzes)
    assert "coverage.yaml:1: item 1.1: question 'q-single' examines it but is not listed (run `flask --app wsgi content coverage`)" in found
    assert "coverage.yaml:3: item 1.1: question 'q-ghost' does not exist or does not examine 1.1" in found


def test_question_examining_an_unknown_item(quizzes):
    edit(quizzes / "basics.yaml", 'examines: ["1.1"]\n    difficulty: easy\n    tags: [core]', 'examines: ["1.9"]\n    difficulty: easy\n    tags: [core]')
    assert any("question 'q-single' examines '1.9', which coverage.yaml does not list" in p for p in problems_of(quizzes))


# The shipped banks.

@pytest.fixture(scope="module")
def shipped():
    catalog, problems = load_catalog(REAL_CONTENT, ROOT / "quizzes")
    assert [str(p) for p in problems] == []
    return catalog


@pytest.mark.parametrize("bank_id,module", [("sales-fundamentals", 1), ("team-building", 2), ("performance-and-customers", 3)])
def test_chapter_banks_have_25_mixed_bilingual_questions(shipped, bank_id, module):
    bank = shipped.banks[bank_id]
    assert bank.module == module and len(bank.questions) >= 25
    types = Counter(q.type for q in bank.questions)
    assert set(types) == {"single", "multiple", "truefalse", "ordering", "matching", "numeric", "short"}
    for q in bank.questions:
        assert q.text["zh-Hans"] != q.text["en"] and q.explanation.get("zh-Hans") and q.explanation.get("en"), q.id
        assert not q.translate


def test_every_outline_item_is_examined_by_at_least_three_questions(shipped):
    assert len(shipped.coverage) == 28
    thin = {item: len(entry.questions) for item, entry in shipped.coverage.items() if len(entry.questions) < 3}
    assert thin == {}


def test_module_4_bank_applies_the_summary_and_the_action_plan(shipped):
    bank = shipped.banks["summary-action-plan"]
    assert bank.module == 4 and len(bank.questions) >= 12
    assert all(set(q.examines) <= {"4.1", "4.2"} and q.examines for q in bank.questions)
    assert {"4.1", "4.2"} <= {i for q in bank.questions for i in q.examines}
    assert {"ordering", "matching", "single", "multiple"} <= {q.type for q in bank.questions}
    for q in bank.questions:
        assert q.text["zh-Hans"] != q.text["en"] and q.explanation.get("zh-Hans") and q.explanation.get("en"), q.id


def test_pre_test_and_a_post_test_per_module(shipped):
    kinds = Counter(q.kind for q in shipped.quizzes.values())
    assert kinds["pretest"] == 1 and kinds["posttest"] == 4
    pretest = next(q for q in shipped.quizzes.values() if q.kind == "pretest")
    assert {d.bank for d in pretest.draw} == {"sales-fundamentals", "team-building", "performance-and-customers"}
    assert sorted(q.module for q in shipped.quizzes.values() if q.kind == "posttest") == [1, 2, 3, 4]
    assert sorted(q.module for q in shipped.quizzes.values() if q.kind == "practice") == [1, 2, 3, 4]


@pytest.mark.parametrize("question_id,typed", [
    ("m2-video-analysis-short", "视频点评"), ("m2-video-analysis-short", "录像 点评"), ("m2-video-analysis-short", "Video Review"),
    ("m1-kpi-ltv-term", "CLV"), ("m1-kpi-ltv-term", "客户生命周期价值"), ("m1-kpi-ltv-term", "Customer Lifetime Value"),
    ("m1-case-crm-term", "ＣＲＭ 系统"), ("m3-data-bi-tool", "BI 工具"), ("m1-funnel-bottleneck-term", "the bottleneck"),
    ("m2-competency-stress-short", "抗压能力"), ("m3-risk-after-identify", "Risk assessment"),
])
def test_short_answers_accept_the_usual_synonyms(shipped, question_id, typed):
    question = next(q for bank in shipped.banks.values() for q in bank.questions if q.id == question_id)
    assert question_type("short").grade(question.data, typed) == 1.0


def test_short_answers_still_refuse_wrong_answers(shipped):
    question = next(q for bank in shipped.banks.values() for q in bank.questions if q.id == "m1-kpi-ltv-term")
    assert question_type("short").grade(question.data, "客户满意度") == 0.0
