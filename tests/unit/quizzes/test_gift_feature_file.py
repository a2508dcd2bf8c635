"""The GIFT feature file: imported through the command, every refusal as FILE:LINE: reason, and a bank that loads.

tests/fixtures/gift/features.gift holds each feature of test_gift_features.py in one file, plus each refusal,
printed by `flask gift import` as `FILE:LINE: reason`.
"""
from __future__ import annotations

from courseware.catalog.banks import load_bank
from courseware.quizzes.gift.banks import import_gift, parse
from tests.conftest import ROOT

FEATURES = ROOT / "tests" / "fixtures" / "gift" / "features.gift"

REFUSED = [
    (39, "essay: an essay has no key to score automatically"),
    (41, "description: a description has no answer to score"),
    (43, "unknown: a multiple-choice question needs at least two answers"),
    (45, "unknown: no answer has a positive weight"),
    (47, "unknown: a matching question needs at least two pairs"),
    (49, "unknown: a short-answer question needs an answer worth 100%"),
    (51, "unknown: 'many' is not a number"),
    (53, "unknown: no numeric answer is worth 100%"),
    (55, "unknown: every answer is right: nothing to choose"),
    (57, "unknown: a matching answer needs 'left -> right'"),
    (59, "unknown: 'abc:1' is not a number"),
]


def test_the_feature_file_parses_to_each_type_with_categories_ids_and_tags():
    questions, skipped = parse(FEATURES.read_text(encoding="utf-8"))
    assert [(q.line, q.type) for q in questions] == [(8, "single"), (10, "single"), (14, "multiple"), (20, "truefalse"),
                                                     (23, "short"), (25, "matching"), (32, "numeric")]
    assert {q.category for q in questions} == {"$course$/Sales basics"}
    assert (questions[0].gift_id, questions[0].tags, questions[0].title) == ("funnel-top", ["funnel", "stage]one"], "Funnel top")
    assert [(s.line, f"{s.kind}: {s.reason}") for s in skipped] == REFUSED


def test_import_command_reports_each_refusal_as_file_line_reason(runner, tmp_path, app):
    app.config["QUIZ_DIR"] = str(tmp_path)
    result = runner.invoke(args=["gift", "import", str(FEATURES), "--bank", "features"])
    assert result.exit_code == 0, result.output
    for line, reason in REFUSED:
        assert f"{FEATURES}:{line}: skipped {reason}\n" in result.output
    assert f"{FEATURES}:14: note: weights replaced by our rule" in result.output
    assert f"{FEATURES}:32: note: answer 30:5 worth 50% dropped" in result.output
    assert ("Imported 7 question(s)" in result.output and "matching 1, multiple 1, numeric 1, short 1, single 2, truefalse 1"
            in result.output and "skipped 11." in result.output)
    bank = load_bank(tmp_path / "features.yaml", [])
    assert [q.type for q in bank.questions] == ["single", "single", "multiple", "truefalse", "short", "matching", "numeric"]


def test_import_writes_a_bank_that_loads_in_the_practice_pool_and_appends(tmp_path):
    target = tmp_path / "features.yaml"
    result = import_gift(FEATURES.read_text(encoding="utf-8"), target)
    assert result.problems == [] and sum(result.counts.values()) == 7 and len(result.skipped) == 11
    sink: list = []
    bank = load_bank(target, sink)
    assert sink == [] and [q.id for q in bank.questions][0] == "funnel-top"
    assert all(q.translate and q.text["zh-Hans"] == q.text["en"] for q in bank.questions)
    assert {q.pool for q in bank.questions} == {"practice"}
    assert bank.questions[0].tags == ("funnel", "stage-one")  # `stage]one` made a tag our banks accept
    again = import_gift("// [pool:assessment]\nOne more?{=yes}\n", target)  # our pool note is kept
    assert again.problems == [] and len(load_bank(target, []).questions) == 8

