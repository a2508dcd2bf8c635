"""Scoring of every question type (full, partial, wrong, empty) and what may reach the browser."""
from __future__ import annotations

import json
import random

import pytest

from courseware.catalog import load_catalog
from courseware.catalog.questions import question_type
from courseware.catalog.questions.base import InvalidAnswer
from courseware.catalog.questions.numeric import parse_number
from courseware.catalog.questions.shorttext import normalize
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES


@pytest.fixture(scope="module")
def bank():
    catalog, problems = load_catalog(FIXTURE_CONTENT, FIXTURE_QUIZZES)
    assert problems == []
    return {q.id: q for q in catalog.banks["basics"].questions}


def snap(question, seed=1, shuffle=True):
    return question_type(question.type).snapshot(question.data, random.Random(seed), shuffle)


def form(**fields):
    return lambda name: fields.get(name, [])


def choice_id(s, source):
    return next(c["id"] for c in s["choices"] if c["source"] == source)


def grade(question, s, response):
    return question_type(question.type).grade(s, response)


def test_single_choice(bank):
    q = bank["q-single"]
    s = snap(q)
    kind = question_type("single")
    assert grade(q, s, kind.read_response(s, form(q0=[choice_id(s, "a")]), "q0")) == 1.0
    assert grade(q, s, kind.read_response(s, form(q0=[choice_id(s, "b")]), "q0")) == 0.0
    assert kind.read_response(s, form(), "q0") is None and grade(q, s, None) == 0.0
    assert kind.read_response(s, form(q0=["not-a-choice"]), "q0") is None


def test_multiple_choice_partial_credit_never_below_zero(bank):
    q = bank["q-multiple"]  # right: a, b; wrong: c, d
    s = snap(q)
    ids = {source: choice_id(s, source) for source in "abcd"}
    read = question_type("multiple").read_response
    assert grade(q, s, read(s, form(q0=[ids["a"], ids["b"]]), "q0")) == 1.0
    assert grade(q, s, read(s, form(q0=[ids["a"]]), "q0")) == 0.5
    assert grade(q, s, read(s, form(q0=[ids["a"], ids["b"], ids["c"]]), "q0")) == 0.5  # 1 - 1/2
    assert grade(q, s, read(s, form(q0=[ids["a"], ids["c"], ids["d"]]), "q0")) == 0.0  # 0.5 - 1, floored
    assert grade(q, s, read(s, form(q0=[ids["c"]]), "q0")) == 0.0
    assert grade(q, s, None) == 0.0


def test_true_false(bank):
    q = bank["q-truefalse"]
    s = snap(q)
    assert grade(q, s, "true") == 1.0 and grade(q, s, "false") == 0.0 and grade(q, s, None) == 0.0


def test_ordering_scores_neighbouring_pairs(bank):
    q = bank["q-ordering"]  # top, middle, bottom, service
    s = snap(q)
    label = {i["source"]: i["id"] for i in s["items"]}
    order = lambda *sources: [label[x] for x in sources]  # noqa: E731
    assert grade(q, s, order("top", "middle", "bottom", "service")) == 1.0
    assert grade(q, s, order("middle", "bottom", "service", "top")) == pytest.approx(2 / 3)
    assert grade(q, s, order("service", "bottom", "middle", "top")) == 0.0
    assert grade(q, s, None) == 0.0
    positions = {f"q0-{label[x]}": [str(n)] for n, x in enumerate(["top", "middle", "bottom", "service"], start=1)}
    assert question_type("ordering").read_response(s, form(**positions), "q0") == order("top", "middle", "bottom", "service")


def test_ordering_is_never_presented_in_the_right_order(bank):
    q = bank["q-ordering"]
    for seed in range(50):
        s = snap(q, seed)
        assert [i["id"] for i in s["items"]] != s["key"]


def test_matching_partial_credit(bank):
    q = bank["q-matching"]
    s = snap(q)
    key = s["key"]
    prompts = list(key)
    wrong_option = next(o["id"] for o in s["options"] if o["source"] == "~none")
    read = question_type("matching").read_response
    assert grade(q, s, read(s, form(**{f"q0-{p}": [key[p]] for p in prompts}), "q0")) == 1.0
    partial = {f"q0-{prompts[0]}": [key[prompts[0]]], f"q0-{prompts[1]}": [wrong_option]}
    assert grade(q, s, read(s, form(**partial), "q0")) == pytest.approx(1 / 3)
    assert read(s, form(), "q0") is None and grade(q, s, None) == 0.0


@pytest.mark.parametrize("answer,expected", [("50", 1.0), ("50%", 1.0), ("５０", 1.0), ("５０％", 1.0), ("49.9", 0.0), ("", 0.0)])
def test_numeric_with_tolerance(bank, answer, expected):
    q = bank["q-numeric"]
    s = snap(q)
    response = question_type("numeric").read_response(s, form(q0=[answer]), "q0")
    assert grade(q, s, response) == expected


@pytest.mark.parametrize("typed,value", [("1,200", 1200.0), ("１，２００", 1200.0), ("1,200,000.5", 1200000.5),
                                         ("-2.5", -2.5), (".5", 0.5), ("35%", 35.0), (" 40 ", 40.0), ("4 000", 4000.0)])
def test_numbers_are_read_with_full_width_digits_thousands_separators_and_a_percent(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["abc", "fifty", "1,2", "12,34", "%", "1.2.3", "1e5", "²", "--1", "1,"])
def test_anything_else_in_a_number_box_is_refused_not_saved_as_wrong(bank, typed):
    assert parse_number(typed) is None
    s = snap(bank["q-numeric"])
    with pytest.raises(InvalidAnswer) as refused:
        question_type("numeric").read_response(s, form(q0=[typed]), "q0")
    assert refused.value.code == "not_a_number" and refused.value.typed == typed.strip()


def test_ordering_positions_must_be_distinct_and_from_the_list(bank):
    s = snap(bank["q-ordering"])
    read = question_type("ordering").read_response
    ids = [i["id"] for i in s["items"]]
    with pytest.raises(InvalidAnswer) as same:
        read(s, form(**{f"q0-{i}": ["1"] for i in ids}), "q0")
    assert same.value.code == "positions_not_distinct" and same.value.typed == {i: 1 for i in ids}
    for bad in ("²", "0", "5", "01", "1.0", "x" * 5000):
        with pytest.raises(InvalidAnswer) as out:
            read(s, form(**{f"q0-{ids[0]}": [bad]}), "q0")
        assert out.value.code == "bad_position"
    partly = read(s, form(**{f"q0-{ids[2]}": ["1"]}), "q0")  # one item placed so far: kept, the rest after it
    assert partly[0] == ids[2] and sorted(partly) == sorted(ids)


def test_numeric_tolerance_band():
    kind = question_type("numeric")
    s = {"answer": 40.0, "tolerance": 10.0, "unit": None}
    assert [kind.grade(s, v) for v in ("30", "50", "29.9", "50.1")] == [1.0, 1.0, 0.0, 0.0]


@pytest.mark.parametrize("answer,expected", [("SMART", 1.0), (" smart ", 1.0), ("S.M.A.R.T.", 1.0), ("SMART原则", 1.0),
                                             ("ＳＭＡＲＴ", 1.0), ("KPI", 0.0), ("", 0.0)])
def test_short_text_accepts_either_language(bank, answer, expected):
    q = bank["q-short"]
    s = snap(q)
    response = question_type("short").read_response(s, form(q0=[answer]), "q0")
    assert grade(q, s, response) == expected


@pytest.mark.parametrize("typed,accepted", [
    ("ＣＲＭ　系统", "CRM系统"), ("crm 系统", "CRM系统"), ("The bottleneck", "bottleneck"), ("a Bottle-neck", "bottleneck"),
    ("  Customer   Lifetime-Value. ", "customer lifetime value"), ("（LTV）", "LTV"), ("视频 点评", "视频点评"),
])
def test_short_text_normalization_ignores_width_case_spaces_and_articles(typed, accepted):
    assert normalize(typed) == normalize(accepted)


@pytest.mark.parametrize("typed,other", [("A", "Action"), ("M", "Measurable"), ("the", ""), ("bottlenecks", "bottleneck"),
                                         ("CLV", "LTV")])
def test_short_text_normalization_keeps_what_changes_the_answer(typed, other):
    assert normalize(typed) != normalize(other)


def test_public_view_never_contains_keys_or_feedback(bank):
    for question in bank.values():
        s = snap(question)
        public = json.dumps(question_type(question.type).public(s), ensure_ascii=False)
        for secret in ("correct", "feedback", "key", "answer", "accept", "source", "SECRET-EXPLANATION"):
            assert secret not in public, (question.id, secret)


def test_choice_ids_do_not_reveal_the_bank_order(bank):
    s = snap(bank["q-single"], shuffle=False)
    assert [c["id"] for c in s["choices"]] == ["c1", "c2", "c3"] and [c["source"] for c in s["choices"]] == ["a", "b", "c"]


def test_shuffling_keeps_keys_right(bank):
    q = bank["q-single"]
    orders = set()
    for seed in range(30):
        s = snap(q, seed)
        orders.add(tuple(c["source"] for c in s["choices"]))
        assert grade(q, s, choice_id(s, "a")) == 1.0
    assert len(orders) > 1
