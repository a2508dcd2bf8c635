"""A question type defined in this file and nowhere else goes from a bank file through an attempt on the real
routes, grading, review, item statistics and a GIFT export and import: adding a type is one class.

Its template is added with a Jinja DictLoader in front of the app's loader, so the type names its template
exactly as the shipped types do (`template = "..."`): the pages have one way to find a type's template, and
production code carries no second path that only a test would use."""
from __future__ import annotations

import shutil
from typing import Any

import pytest
from jinja2 import ChoiceLoader, DictLoader

from courseware.catalog import load_catalog
from courseware.catalog.banks import load_bank
from courseware.catalog.questions.base import (
    FormGetter,
    GiftReading,
    InvalidAnswer,
    QuestionType,
    TallyRow,
    both,
    read_items,
    typed_text,
)
from courseware.catalog.questions.registry import QUESTION_TYPES, register, registered
from courseware.extensions import db
from courseware.models import Attempt
from courseware.quizzes import item_statistics
from courseware.quizzes.gift.banks import export_gift, import_gift, parse
from courseware.quizzes.gift.parser import escape
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES
from tests.factories import PASSWORD


class YesCount(QuestionType):
    """The learner types how many of the statements are true."""

    id = "yescount"
    fields = frozenset({"statements"})
    template = "test/yescount.html"

    @classmethod
    def parse(cls, entry, log, where):
        statements = read_items(entry, "statements", log, where, ("text",), 2, 6)
        if statements is None:
            return None
        for statement, raw in zip(statements, entry["statements"]):
            if not isinstance(raw.get("holds"), bool):
                log.add(raw.line_of("holds") if "holds" in raw else raw.line, f"{where}: 'holds' must be true or false")
                return None
            statement["holds"] = raw["holds"]
        return {"statements": statements}

    @classmethod
    def snapshot(cls, data, rng, shuffle) -> dict[str, Any]:
        return {"statements": [s["text"] for s in data["statements"]], "key": sum(s["holds"] for s in data["statements"])}

    @classmethod
    def public(cls, snap):
        return {"statements": snap["statements"]}

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        text = typed_text(get, name, 5)
        if text is None:
            return None
        if not text.isdigit() or int(text) > len(snap["statements"]):
            raise InvalidAnswer("not_a_count", f"Type a whole number from 0 to {len(snap['statements'])}.", text)
        return int(text)

    @classmethod
    def grade(cls, snap, response) -> float:
        return 1.0 if response == snap["key"] else 0.0

    @classmethod
    def correct_response(cls, snap):
        return snap["key"]

    @classmethod
    def tally(cls, snap, response, fraction) -> list[str]:
        return ["blank" if response is None else str(response)]

    @classmethod
    def tally_rows(cls, snap, counter) -> list[TallyRow]:
        return [(str(n), f"{n} true", counter.get(str(n), 0), n == snap["key"]) for n in range(len(snap["statements"]) + 1)]

    @classmethod
    def demo_response(cls, snap, right, rng):
        return snap["key"] if right else len(snap["statements"]) - snap["key"]

    @classmethod
    def from_gift(cls, item):
        if item.type != cls.id or item.form != "match":
            return None  # a GIFT match question is ours only when our export says so
        return GiftReading({"statements": [{"id": f"s{n}", "text": left, "holds": right == "yes"}
                                           for n, (left, right) in enumerate(item.pairs, start=1)]}, [])

    @classmethod
    def gift_entry(cls, fields):
        return {"statements": [{"id": s["id"], "text": both(s["text"]), "holds": s["holds"]} for s in fields["statements"]]}

    @classmethod
    def to_gift(cls, data, lang):
        return "\n".join(f"    ={escape(s['text'][lang])} -> {'yes' if s['holds'] else 'no'}" for s in data["statements"])


TEMPLATE = """<ul class="yescount">{% for s in q.public.statements %}<li>{{ s|loc }}</li>{% endfor %}</ul>
<input name="q{{ q.slot }}" data-yescount value="{{ (q.typed if q.problem else q.response) if (q.typed if q.problem else q.response) is not none else '' }}"
  {% if mode == 'review' %}disabled{% endif %}>
{% if q.correct is not none %}<p class="key">Key: {{ q.correct }} true</p>{% endif %}"""

BANK = """title: {zh-Hans: 数数题库, en: Counting bank}
module: 1
questions:
  - id: count-funnel
    type: yescount
    pool: practice
    text: {zh-Hans: 以下说法有几条正确？, en: "How many of these statements are true?"}
    statements:
      - id: a
        text: {zh-Hans: 漏斗顶部是获客。, en: The top of the funnel acquires leads.}
        holds: true
      - id: b
        text: {zh-Hans: 成交在漏斗顶部。, en: Closing is at the top of the funnel.}
        holds: false
      - id: c
        text: {zh-Hans: 培育在获客之后。, en: Nurturing follows acquisition.}
        holds: true
"""

QUIZ = """
- id: count-check
  kind: practice
  module: 1
  title: {zh-Hans: 数一数, en: Count the true ones}
  draw:
    - {bank: counting, count: 1}
  attempts: 3
  review: immediately
"""


@pytest.fixture
def quiz_dir(tmp_path):
    """The test fixtures' quizzes plus a bank and a quiz of the toy type."""
    folder = tmp_path / "quizzes"
    shutil.copytree(FIXTURE_QUIZZES, folder)
    (folder / "counting.yaml").write_text(BANK, encoding="utf-8")
    with (folder / "quizzes.yaml").open("a", encoding="utf-8") as quizzes:
        quizzes.write(QUIZ)
    return folder


@pytest.fixture
def toy(make_extra_app, quiz_dir):
    """An app whose catalog holds the toy type's quiz; the type is registered for this test only."""
    with registered(YesCount):
        toy_app = make_extra_app(QUIZ_DIR=str(quiz_dir))
        toy_app.jinja_loader = ChoiceLoader([DictLoader({YesCount.template: TEMPLATE}), toy_app.jinja_loader])
        yield toy_app
    assert "yescount" not in QUESTION_TYPES


def take(toy, username: str, typed: str) -> Attempt:
    """A learner starts the quiz, types `typed` and submits, all through the real routes."""
    client = toy.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    response = client.post("/quizzes/count-check/start")
    attempt_url = response.headers["Location"]
    page = client.get(attempt_url).get_data(as_text=True)
    assert "成交在漏斗顶部。" in page and "data-yescount" in page
    refused = client.post(attempt_url, data={"q0": "many", "page": "0", "save": "1"})
    assert refused.status_code == 400 and "Type a whole number from 0 to 3." in refused.get_data(as_text=True)
    assert 'value="many"' in refused.get_data(as_text=True)  # shown back as typed, not saved
    client.post(attempt_url, data={"q0": typed, "page": "0", "save": "1"})
    assert client.post(f"{attempt_url}/submit").headers["Location"].endswith("/review")
    attempt = db.session.get(Attempt, int(attempt_url.rsplit("/", 1)[1]))
    db.session.refresh(attempt)
    review = client.get(f"{attempt_url}/review").get_data(as_text=True)
    assert "Key: 2 true" in review and f'value="{typed}"' in review
    return attempt


def test_a_type_defined_in_a_test_goes_from_yaml_to_statistics_and_gift(toy, users, tmp_path):
    catalog = toy.extensions["catalog"]
    question = catalog.banks["counting"].questions[0]
    assert question.type == "yescount" and [s["holds"] for s in question.data["statements"]] == [True, False, True]

    users("learner", username="mei")
    users("learner", username="li")
    assert take(toy, "mei", "2").score == 100
    assert take(toy, "li", "3").score == 0

    with toy.app_context():
        report = item_statistics.report(catalog.quiz("count-check"), None)
    (row,) = report.questions
    assert row.type == "yescount"
    assert [(key, count, is_key) for key, _label, count, is_key in row.choices] == [
        ("0", 0, False), ("1", 0, False), ("2", 1, True), ("3", 1, False)]
    users("admin", username="root")
    admin = toy.test_client()
    admin.post("/login", data={"username": "root", "password": PASSWORD})
    page = admin.get("/teach/quizzes/count-check/statistics").get_data(as_text=True)
    assert "2 true: 1" in page and "3 true: 1" in page

    text, skipped = export_gift(catalog.banks["counting"], "en")
    assert skipped == [] and "[type:yescount]" in text and "Closing is at the top of the funnel. -> no" in text
    result = import_gift(text, tmp_path / "again.yaml")
    assert result.problems == [] and result.counts == {"yescount": 1}
    (again,) = load_bank(tmp_path / "again.yaml", []).questions
    assert [(s["text"]["en"], s["holds"]) for s in again.data["statements"]] == [
        (s["text"]["en"], s["holds"]) for s in question.data["statements"]]


def test_the_type_is_known_only_while_registered(quiz_dir):
    with registered(YesCount):
        catalog, problems = load_catalog(FIXTURE_CONTENT, quiz_dir)
        assert problems == []
        text, _ = export_gift(catalog.banks["counting"], "en")
        with pytest.raises(ValueError, match="already registered"):
            register(type("Impostor", (YesCount,), {}))  # another class cannot take a registered id
    with pytest.raises(TypeError, match="names no template"):
        register(type("Faceless", (YesCount,), {"id": "faceless", "template": ""}))  # its page could not render
    assert "yescount" not in QUESTION_TYPES
    (parsed,), _ = parse(text)
    assert parsed.type == "matching"  # no type takes the `[type:yescount]` note: GIFT's own form decides
    _, problems = load_catalog(FIXTURE_CONTENT, quiz_dir)
    assert any("unknown question type 'yescount'" in p.message for p in problems)
