"""content/outline.yaml: read with its lines, and coverage.yaml held against it (every item, every fact)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from courseware.catalog import load_catalog
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT
from tests.contentcopy import copy_fixtures, edit, problems_of


@pytest.fixture
def content(tmp_path) -> Path:
    return copy_fixtures(tmp_path) / "content"


def test_fixture_outline_is_read_with_titles_and_facts():
    catalog, problems = load_catalog(FIXTURE_CONTENT, FIXTURE_QUIZZES)
    assert problems == []
    assert sorted(catalog.outline) == ["1.1", "1.2"]
    funnel = catalog.outline["1.2"]
    assert funnel.title == {"zh-Hans": "漏斗", "en": "The funnel"} and funnel.line == 7
    assert [(f.words["en"], f.words["zh-Hans"], f.line) for f in funnel.facts] == [("lead acquisition", "获客", 10), ("top", "顶部", 11)]


def test_an_item_the_coverage_leaves_out(content):
    edit(content / "coverage.yaml", '"1.2":', '"1.3":')
    found = problems_of(content)
    assert "outline.yaml:7: item 1.2: not covered: coverage.yaml names no section that teaches it" in found
    assert "coverage.yaml:4: item 1.3: not an item of outline.yaml" in found


def test_a_fact_missing_from_the_cited_sections_in_one_language(content):
    edit(content / "01-basics" / "zh-Hans.md", "| 顶部 | 获客 |", "| 顶部 | 找客户 |")
    assert problems_of(content) == [
        "outline.yaml:10: item 1.2: '获客' (zh-Hans) is not in the text of 01-basics#funnel, 02-next#later, "
        "the sections coverage.yaml cites for it"]


def test_a_fact_taught_only_outside_the_cited_sections_is_missing(content):
    edit(content / "outline.yaml", "{zh-Hans: 定义, en: definition}", "{zh-Hans: 获客, en: lead acquisition}")
    assert problems_of(content) == [
        "outline.yaml:6: item 1.1: 'lead acquisition' (en) is not in the text of 01-basics#definition, the sections coverage.yaml cites for it",
        "outline.yaml:6: item 1.1: '获客' (zh-Hans) is not in the text of 01-basics#definition, the sections coverage.yaml cites for it"]


def test_facts_match_whatever_the_case_spacing_and_markup(content):
    edit(content / "outline.yaml", "{zh-Hans: 定义, en: definition}", "{zh-Hans: 销售管理的定义, en: \"The  Definition of sales\"}")
    assert problems_of(content) == []  # the text has "The **definition** of sales management"


def test_one_string_is_the_same_fact_in_both_languages(content):
    edit(content / "outline.yaml", "      - {zh-Hans: 顶部, en: top}", "      - {zh-Hans: 顶部, en: top}\n      - 42%")
    assert problems_of(content) == [
        "outline.yaml:12: item 1.2: '42%' (en) is not in the text of 01-basics#funnel, 02-next#later, the sections coverage.yaml cites for it",
        "outline.yaml:12: item 1.2: '42%' (zh-Hans) is not in the text of 01-basics#funnel, 02-next#later, the sections coverage.yaml cites for it"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('"1.1":', "1.1:", "outline.yaml:3: '1.1' is not an item id like '1.6' (quote it in YAML)"),
    ("title: {zh-Hans: 定义, en: The definition}", "title: {en: The definition}",
     "outline.yaml:4: item 1.1: 'title': needs a text in each language (zh-Hans, en)"),
    ("{zh-Hans: 定义, en: definition}", "{zh-Hans: 定义, en: ''}",
     "outline.yaml:6: item 1.1: a fact: needs a text in each language (zh-Hans, en)"),
    ("title: {zh-Hans: 漏斗, en: The funnel}", "title: {zh-Hans: 漏斗, en: The funnel, fr: L'entonnoir}",
     "outline.yaml:8: item 1.2: 'title': unknown language 'fr'"),
    ("    facts:\n      - {zh-Hans: 定义, en: definition}", "    facts: definition",
     "outline.yaml:5: item 1.1: 'facts' must be a list"),
    ("    title: {zh-Hans: 漏斗", "    teaches: all\n    title: {zh-Hans: 漏斗", "outline.yaml:8: item 1.2: unknown key 'teaches'"),
    ("items:", "version: 2\nitems:", "outline.yaml:2: unknown key 'version'"),
    ("items:\n", "items: [1.1, 1.2]\nrest:\n", "outline.yaml:1: the outline must map 'items' to item ids ('1.1') with their title and facts"),
])
def test_each_mistake_in_the_outline_is_reported_with_its_line(content, old, new, expected):
    edit(content / "outline.yaml", old, new)
    assert expected in problems_of(content)


def test_a_missing_outline_file(content):
    (content / "outline.yaml").unlink()
    assert problems_of(content) == ["outline.yaml:1: missing outline file"]


def test_content_check_command_prints_outline_problems_and_fails(content):
    edit(content / "coverage.yaml", '"1.2":', '"1.3":')
    env = {"CONTENT_DIR": str(content), "QUIZ_DIR": str(content.parent / "quizzes"), "PATH": "/usr/bin:/bin",
           "DATABASE_URL": "sqlite://", "QUIZ_POOL_RULES": "{}"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "content", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"{content / 'outline.yaml'}:7: item 1.2: not covered: coverage.yaml names no section that teaches it" in result.stderr
    assert "Traceback" not in result.stderr
