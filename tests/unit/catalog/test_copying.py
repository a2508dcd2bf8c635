"""No quiz text copies the course source: the checker on a source of our own, then the shipped banks
against the real source (read from COURSE_SOURCE, default the course source in COURSEWARE_SHARED)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from courseware.catalog import load_catalog
from courseware.catalog.checks.copying import RUN_LIMIT, Source, comparable, texts_in
from tests.conftest import REAL_CONTENT, ROOT, SHARED

OUR_SOURCE = ROOT / "tests" / "fixtures" / "source.zh-Hans.txt"
COURSE_SOURCE = Path(os.environ.get("COURSE_SOURCE", SHARED / "seed" / "course-source.zh-Hans.txt"))


@pytest.fixture(scope="module")
def ours() -> Source:
    return Source(OUR_SOURCE.read_text(encoding="utf-8"))


def test_comparable_ignores_width_case_spaces_punctuation_and_markdown():
    assert comparable("**CRM** 系统，ＳＭＡＲＴ原则：\n 30%") == "crm系统smart原则30"


def test_a_copied_sentence_is_found_whatever_its_punctuation(ours):
    copied = "销售漏斗把客户从初次接触到签约成交的全过程分成若干阶段，管理者据此观察每个阶段的转化情况。"
    run = ours.copied(copied.replace("，", " , "))
    assert run == comparable("销售漏斗把客户从初次接触到签约成交的全过程分成若干阶段管理者据此观察每个阶段的转化情况")


def test_a_run_across_sentences_of_the_source_counts(ours):
    run = ours.copied("并找出薄弱环节。第二节 目标，目标要具体、可衡量、可达成，并且设定明确的")
    assert run is not None and len(run) == RUN_LIMIT


def test_short_runs_and_own_words_pass(ours):
    assert ours.copied("漏斗的每一层都要看转化率，转化低的那一层就是要先改进的地方。") is None
    sentence = comparable("销售漏斗把客户从初次接触到签约成交的全过程分成若干阶段，管理者据此观察")
    assert ours.copied(sentence[:RUN_LIMIT - 1]) is None
    assert ours.copied(sentence[:RUN_LIMIT]) == sentence[:RUN_LIMIT]


def test_every_text_of_a_question_is_walked():
    entry = {"text": {"zh-Hans": "题干", "en": "stem"},
             "choices": [{"id": "a", "text": {"zh-Hans": "甲", "en": "A"}, "feedback": {"zh-Hans": "反馈", "en": "F"}}],
             "pairs": [{"prompt": {"zh-Hans": "左", "en": "L"}, "match": {"zh-Hans": "右", "en": "R"}}],
             "accept": {"zh-Hans": ["答案"], "en": ["answer"]}}
    assert [t for _, t in texts_in(entry, "zh-Hans")] == ["题干", "甲", "反馈", "左", "右"]
    assert dict(texts_in(entry, "zh-Hans"))["choices[0].feedback"] == "反馈"


def _bank_texts():
    catalog, problems = load_catalog(REAL_CONTENT, ROOT / "quizzes")
    assert problems == []
    for bank in catalog.banks.values():
        yield f"{bank.id} title", bank.title["zh-Hans"]
        for q in bank.questions:
            fields = {"text": q.text, "explanation": q.explanation, **q.data}
            for where, text in texts_in(fields, "zh-Hans"):
                yield f"{bank.path.name}:{q.line} {q.id} {where}", text


@pytest.mark.skipif(not COURSE_SOURCE.is_file(), reason=f"course source not found at {COURSE_SOURCE} (set COURSE_SOURCE)")
def test_no_quiz_text_copies_the_course_source():
    source = Source(COURSE_SOURCE.read_text(encoding="utf-8"))
    copied = [(where, run) for where, text in _bank_texts() if (run := source.copied(text))]
    assert copied == [], "\n".join(f"{where}: {len(run)} characters of the source: {run}" for where, run in copied)


def test_no_quiz_text_calls_itself_the_source():
    labeled = [where for where, text in _bank_texts() if "课程原文" in text or "原文" in text]
    assert labeled == []
