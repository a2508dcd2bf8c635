"""GIFT import of Moodle's and gift-pegjs's reference files (skipped when absent; test_gift_features.py covers
the same features on our own text), and export followed by import."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from courseware.catalog import load_catalog
from courseware.catalog.banks import load_bank
from courseware.quizzes.gift.banks import export_gift, import_gift, parse
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, REAL_CONTENT, ROOT, shared_file


def gift_file(name: str) -> Path:
    """One of the other projects' GIFT reference files (Moodle, gift-pegjs), or a visible skip without them."""
    return shared_file("fixtures", "gift", name)


def read(name: str):
    return parse(gift_file(name).read_text(encoding="utf-8"))


def by_title(questions):
    return {q.title: q for q in questions}


def test_moodle_test_fixture_question_by_question():
    questions, skipped = read("moodle_tests_fixtures_questions.gift")
    assert [(s.line, s.kind) for s in skipped] == [(2, "essay")]
    q = by_title(questions)
    activities = q["Moodle activities"]
    assert activities.type == "matching" and activities.text == "Match the activity to the description."
    assert [(p["prompt"], p["match"]) for p in activities.fields["pairs"]][0] == ("An activity supporting asynchronous discussions.", "Forum")
    assert activities.fields["distractors"] == [{"id": "d1", "text": "Chat"}]
    q2 = q["Q2"]
    assert q2.type == "single" and [c["text"] for c in q2.fields["choices"]] == ["yellow", "red", "blue"]
    assert q2.fields["choices"][0] == {"id": "a", "text": "yellow", "correct": True, "feedback": "right; good!"}
    colours = q["colours"]
    assert colours.type == "multiple" and [c.get("correct", False) for c in colours.fields["choices"]] == [True, False, True, False]
    assert q["Q5"].type == "numeric" and q["Q5"].fields == {"answer": 3.0, "tolerance": 2.0}
    assert "_____" in q["Q5"].text  # text after the braces: Moodle makes it a missing-word question
    short = q["Shortanswer"]
    assert short.type == "short" and short.fields["accept"] == ["Frog"] and len(short.notes) == 2
    q1 = q["Q1"]
    assert q1.type == "truefalse" and q1.fields["answer"] is False
    assert q1.fields["feedback_true"] == "42 is the Ultimate Answer." and q1.fields["feedback_false"] == "You gave the right answer."
    assert q1.explanation.startswith("This is, of course")
    assert [x.fields["answer"] for x in questions if x.title == "2-08 TSL"] == [True, True]


def test_moodle_category_fixture():
    questions, skipped = read("moodle_tests_fixtures_questions_in_category.gift")
    assert skipped == []
    assert {q.category for q in questions} == {"$course$/Default for New Features"}
    q = by_title(questions)
    assert q["Greeting"].text == "Listen to this greeting: What language is being spoken?"
    assert [c.get("correct", False) for c in q["Greeting"].fields["choices"]] == [False, True, False, False]
    assert q["Moodle user"].type == "short" and q["Moodle user"].fields["accept"] == ["Moodler"]
    assert q["Moodle acronym"].type == "truefalse" and q["Moodle acronym"].fields["answer"] is True


def test_moodle_examples_every_type_comes_in():
    questions, skipped = read("moodle_examples.gift")
    assert skipped == []
    assert Counter(q.type for q in questions) == {"single": 16, "short": 9, "numeric": 8, "truefalse": 5, "matching": 3, "multiple": 2}
    control = next(q for q in questions if q.title == "GIFT Control Characters")
    texts = [c["text"] for c in control.fields["choices"]]
    assert texts == ["~", "=", "#", "{", "}", "\\"] and control.fields["choices"][5]["correct"]
    equals = next(q for q in questions if q.text == "Which answer equals 5?")
    assert [c["text"] for c in equals.fields["choices"]] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]


def test_pegjs_numerical_matches_the_oracle():
    questions, _ = read("pegjs_numerical1.gift")
    expected = json.loads(gift_file("pegjs_numerical1.expected.json").read_text(encoding="utf-8"))
    assert len(questions) == len(expected)
    for ours, oracle in zip(questions, expected):
        choice = oracle["choices"][0] if isinstance(oracle["choices"], list) else oracle["choices"]
        if isinstance(oracle["choices"], list):  # several weighted answers: ours keeps the one worth 100%
            choice = max(oracle["choices"], key=lambda c: c["weight"] if c["weight"] is not None else 100)["text"]
        if choice["type"] == "high-low":
            low, high = choice["numberLow"], choice["numberHigh"]
            assert ours.fields["answer"] == pytest.approx((low + high) / 2) and ours.fields["tolerance"] == pytest.approx((high - low) / 2)
        else:
            assert ours.fields["answer"] == pytest.approx(choice["number"])
            assert ours.fields["tolerance"] == pytest.approx(choice.get("range", 0))


def test_pegjs_multiple_answers_with_float_weights():
    questions, _ = read("pegjs_multipleAnswersFloat.gift")
    expected = json.loads(gift_file("pegjs_multipleAnswersFloat.expected.json").read_text(encoding="utf-8"))[0]
    (q,) = questions
    assert q.type == "multiple" and q.text == expected["stem"]["text"]
    assert [c["text"] for c in q.fields["choices"]] == [c["text"]["text"] for c in expected["choices"]]
    assert [c.get("correct", False) for c in q.fields["choices"]] == [c["weight"] > 0 for c in expected["choices"]]


def test_pegjs_id_and_tags_and_essay_reported():
    questions, skipped = read("pegjs_tag_id_and_two_tags.gift")
    assert questions == [] and skipped[0].kind == "essay" and skipped[0].line == 3
    parsed, _ = parse("// [id:m9-x]\n// [tag:fred] [tag:barney-wilma]\nTwo plus two?{=4 =four}\n")
    assert parsed[0].gift_id == "m9-x" and parsed[0].tags == ["fred", "barney-wilma"]


def test_import_writes_a_bank_that_loads(tmp_path):
    target = tmp_path / "moodle.yaml"
    result = import_gift(gift_file("moodle_tests_fixtures_questions.gift").read_text(encoding="utf-8"), target)
    assert result.problems == [] and sum(result.counts.values()) == 8 and len(result.skipped) == 1
    sink: list = []
    bank = load_bank(target, sink)
    assert sink == [] and len(bank.questions) == 8
    assert all(q.translate and q.text["zh-Hans"] == q.text["en"] for q in bank.questions)
    assert {q.pool for q in bank.questions} == {"practice"}  # Moodle's questions assess no one until an author says so
    again = import_gift("New one?{=yes}\n", target)  # importing into an existing bank appends
    assert again.problems == [] and len(load_bank(target, []).questions) == 9


def test_import_and_export_commands(runner, tmp_path, app):
    app.config["QUIZ_DIR"] = str(tmp_path)
    result = runner.invoke(args=["gift", "import", str(gift_file("moodle_tests_fixtures_questions.gift")), "--bank", "moodle"])
    assert result.exit_code == 0, result.output
    assert "Imported 8 question(s)" in result.output and "matching 1" in result.output and "truefalse 3" in result.output
    assert "moodle_tests_fixtures_questions.gift:2: skipped essay" in result.output
    assert (tmp_path / "moodle.yaml").exists()


def test_a_file_with_nothing_to_import_writes_nothing(runner, tmp_path, app):
    app.config["QUIZ_DIR"] = str(tmp_path)
    essays = tmp_path / "essays.gift"
    essays.write_text("// only questions we cannot score\nDescribe your best sale.{}\n", encoding="utf-8")
    result = runner.invoke(args=["gift", "import", str(essays), "--bank", "essays"])
    assert result.exit_code == 1
    assert "essays.gift:2: skipped essay" in result.output
    assert "no question could be imported; nothing was written" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "essays.yaml").exists()


def test_export_command(runner, tmp_path):
    out = tmp_path / "basics.gift"
    result = runner.invoke(args=["gift", "export", "basics", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0 and "skipped q-ordering" in result.output
    assert "::q-single::What is the top of the funnel?" in out.read_text(encoding="utf-8")


def _essence(question, lang):
    """What a question is, in one language, for comparing an export/import round trip."""
    data = question.data
    if question.type in ("single", "multiple"):
        body = [(c["text"][lang], c["correct"]) for c in data["choices"]]
    elif question.type == "truefalse":
        body = data["answer"]
    elif question.type == "matching":
        body = ([(p["prompt"][lang], p["match"][lang]) for p in data["pairs"]], [d["text"][lang] for d in data.get("distractors", [])])
    elif question.type == "numeric":
        body = (data["answer"], data["tolerance"])
    else:
        body = sorted({a for answers in data["accept"].values() for a in answers})
    return question.type, question.text[lang], body, question.explanation.get(lang)


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_export_then_import_gives_the_same_questions(tmp_path, lang):
    catalog, problems = load_catalog(REAL_CONTENT, ROOT / "quizzes")
    assert problems == []
    for bank in catalog.banks.values():
        text, skipped = export_gift(bank, lang)
        target = tmp_path / f"{bank.id}-{lang}.yaml"
        result = import_gift(text, target)
        assert result.problems == [] and result.skipped == []
        imported = load_bank(target, []).questions
        originals = [q for q in bank.questions if q.id not in skipped]
        assert len(skipped) == sum(q.type == "ordering" for q in bank.questions)
        assert [q.id for q in imported] == [q.id for q in originals]
        for original, again in zip(originals, imported):
            assert _essence(again, lang) == _essence(original, lang), original.id
            assert again.tags == original.tags and again.pool == original.pool


def test_fixture_bank_round_trip_keeps_feedback(tmp_path):
    catalog, _ = load_catalog(FIXTURE_CONTENT, FIXTURE_QUIZZES)
    text, _ = export_gift(catalog.banks["basics"], "en")
    import_gift(text, tmp_path / "b.yaml")
    data = yaml.safe_load(Path(tmp_path / "b.yaml").read_text(encoding="utf-8"))
    single = next(q for q in data["questions"] if q["id"] == "q-single")
    assert single["choices"][1]["feedback"]["en"] == "That is the bottom."
    truefalse = next(q for q in data["questions"] if q["id"] == "q-truefalse")
    assert truefalse["feedback_false"]["en"] == "The bottom includes after-sales."
