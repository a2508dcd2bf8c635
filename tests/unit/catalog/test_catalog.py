"""The catalog: loading, rendering, sanitizing, and every validation error with its line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from courseware.catalog import CatalogError, load_catalog
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT, make_app
from tests.contentcopy import copy_fixtures, edit, problems_of


@pytest.fixture
def content(tmp_path) -> Path:
    return copy_fixtures(tmp_path) / "content"


def test_fixture_course_loads_in_order_with_sections():
    catalog, problems = load_catalog(FIXTURE_CONTENT, FIXTURE_QUIZZES)
    assert problems == []
    assert [m.id for m in catalog.modules] == ["basics", "next"]
    basics = catalog.module("basics")
    assert [s.id for s in basics.sections] == ["definition", "funnel"]
    assert basics.section("funnel").title == {"zh-Hans": "漏斗", "en": "The funnel"}
    assert basics.objectives["en"] == ("Explain the funnel",)
    assert basics.images == {"images/funnel.en.svg", "images/funnel.zh-Hans.svg"}
    assert basics.neighbours("definition") == (None, basics.section("funnel"))
    assert catalog.section_count == 4
    assert catalog.glossary[0].term["zh-Hans"] == "销售漏斗"
    assert catalog.coverage["1.2"].sections == ("01-basics#funnel", "02-next#later")


def test_markdown_is_rendered_once_with_course_extensions_and_links_rewritten():
    catalog, _ = load_catalog(FIXTURE_CONTENT)
    basics = catalog.module("basics")
    definition = str(basics.section("definition").html["en"])
    assert "<strong>definition</strong>" in definition
    assert 'class="admonition takeaway"' in definition
    assert 'href="../basics/funnel"' in definition  # same-module link to a section page
    assert 'href="../next/later"' in definition  # link to another module's section
    funnel = str(basics.section("funnel").html["en"])
    assert "<table>" in funnel and "<th>Stage</th>" in funnel
    assert '<img alt="Sales funnel: top, middle and bottom stages" src="images/funnel.en.svg">' in funnel
    assert "An intro paragraph." in str(basics.intro_html["en"])


def test_html_is_sanitized():
    catalog, _ = load_catalog(FIXTURE_CONTENT)
    funnel = str(catalog.module("basics").section("funnel").html["zh-Hans"])
    assert "<script" not in funnel and "alert(1)</script>" not in funnel
    assert "javascript:" not in funnel
    assert "坏链接" in funnel  # the text stays, the dangerous link goes


def test_missing_language_file(content):
    (content / "01-basics" / "en.md").unlink()
    assert "module.yaml:1: missing language: en.md not found" in problems_of(content)


def test_missing_language_in_metadata(content):
    edit(content / "01-basics" / "module.yaml", "  en: Basics\n", "")
    assert "module.yaml:3: title: missing language 'en'" in problems_of(content)


def test_section_ids_that_differ_between_languages(content):
    edit(content / "01-basics" / "en.md", "{#funnel}", "{#the-funnel}")
    found = problems_of(content)
    assert "en.md:10: section id 'the-funnel' is not in zh-Hans.md" in found
    assert "zh-Hans.md:10: section id 'funnel' is not in en.md" in found


def test_sections_in_a_different_order(content):
    (content / "02-next" / "en.md").write_text("## Last {#last}\n\nEnd.\n\n## Later {#later}\n\nLater.\n", encoding="utf-8")
    assert "en.md:1: sections are in a different order than in zh-Hans.md" in problems_of(content)


def test_unknown_metadata_key(content):
    edit(content / "02-next" / "module.yaml", "minutes: 25\n", "minutes: 25\nauthor: someone\n")
    assert any(p.startswith("module.yaml:3: unknown metadata key 'author'") for p in problems_of(content))


def test_broken_internal_links(content):
    edit(content / "01-basics" / "en.md", "(#funnel)", "(#nowhere)")
    edit(content / "01-basics" / "zh-Hans.md", "(02-next#later)", "(09-missing#later)")
    found = problems_of(content)
    assert "en.md:5: broken link '#nowhere': no section 'nowhere' in module 'basics'" in found
    assert "zh-Hans.md:5: broken link '09-missing#later': no module '09-missing'" in found


def test_missing_image_and_missing_alt_text(content):
    (content / "01-basics" / "images" / "funnel.en.svg").unlink()
    edit(content / "01-basics" / "zh-Hans.md", "![销售漏斗：顶部、中部、底部三个阶段]", "![]")
    found = problems_of(content)
    assert "en.md:12: missing image 'images/funnel.en.svg'" in found
    assert any(p.startswith("zh-Hans.md:12: image 'images/funnel.zh-Hans.svg' has no text alternative") for p in found)


def test_heading_without_id_and_duplicate_id(content):
    edit(content / "02-next" / "en.md", "## Last {#last}", "## Last")
    edit(content / "02-next" / "zh-Hans.md", "## 最后 {#last}", "## 最后 {#later}")
    found = problems_of(content)
    assert any(p.startswith("en.md:5: section 'Last' has no id") for p in found)
    assert "zh-Hans.md:5: section id 'later' is used twice" in found


def test_invalid_yaml_reports_its_line(content):
    edit(content / "02-next" / "module.yaml", "title:\n", "title: [unclosed\n")
    assert any(p.startswith("module.yaml:") and "invalid YAML" in p for p in problems_of(content))


def test_coverage_naming_a_missing_section(content):
    edit(content / "coverage.yaml", '"02-next#later"', '"02-next#gone"')
    assert "coverage.yaml:5: item 1.2: no section '02-next#gone'" in problems_of(content)


def test_glossary_term_missing_a_language(content):
    edit(content / "glossary.yaml", "  en:\n    term: Sales funnel\n    definition: The stages from lead to closed deal.\n", "")
    assert "glossary.yaml:1: term 'sales-funnel': missing language 'en'" in problems_of(content)


def test_glossary_headwords_must_be_words_of_the_module_text(content):
    edit(content / "glossary.yaml", "term: 销售漏斗", "term: 营销漏斗")
    edit(content / "glossary.yaml", "term: Sales funnel", "term: Marketing funnel")
    found = [p for p in problems_of(content) if p.startswith("glossary.yaml")]
    assert found == [
        ("glossary.yaml:5: term 'sales-funnel': the zh-Hans headword '营销漏斗' appears in no module's text; "
         "use the text's word, or use this one in the text"),
        ("glossary.yaml:8: term 'sales-funnel': the en headword 'Marketing funnel' appears in no module's text; "
         "use the text's word, or use this one in the text"),
    ]


def test_glossary_headwords_match_whatever_the_case_and_spacing(content):
    edit(content / "glossary.yaml", "term: Sales funnel", "term: SALES  FUNNEL")
    edit(content / "glossary.yaml", "term: 销售漏斗", "term: 管理的定义")
    edit(content / "01-basics" / "zh-Hans.md", "销售管理的**定义**", "销售管理\n的**定义**")  # wrapped, joined on the page
    assert [p for p in problems_of(content) if p.startswith("glossary.yaml")] == []


def test_every_problem_is_reported_in_one_run(content):
    (content / "01-basics" / "en.md").unlink()
    edit(content / "02-next" / "module.yaml", "minutes: 25\n", "minutes: 25\ncolour: red\n")
    edit(content / "coverage.yaml", '"01-basics#definition"', '"01-basics#nope"')
    assert len(problems_of(content)) >= 3


def test_app_refuses_to_start_on_broken_content(content, tmp_path):
    edit(content / "01-basics" / "en.md", "(#funnel)", "(#nowhere)")
    with pytest.raises(CatalogError) as error:
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", CONTENT_DIR=str(content))
    assert "en.md:5: broken link '#nowhere'" in str(error.value)


def _flask(*args: str, content: Path) -> subprocess.CompletedProcess:
    env = {"CONTENT_DIR": str(content), "QUIZ_DIR": str(content.parent / "quizzes"), "PATH": "/usr/bin:/bin",
           "DATABASE_URL": "sqlite://", "QUIZ_POOL_RULES": "{}"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_content_check_command_prints_every_problem_and_fails(content):
    edit(content / "01-basics" / "en.md", "(#funnel)", "(#nowhere)")
    (content / "02-next" / "images").mkdir()
    edit(content / "02-next" / "zh-Hans.md", "以后的内容。", "![图](images/none.svg)")
    result = _flask("content", "check", content=content)
    assert result.returncode == 1
    assert "01-basics/en.md:5: broken link '#nowhere'" in result.stderr
    assert "02-next/zh-Hans.md:3: missing image 'images/none.svg'" in result.stderr
    assert "2 problem(s) found." in result.stderr


def test_content_check_passes_on_good_content(content):
    result = _flask("content", "check", content=content)
    assert result.returncode == 0, result.stderr
    assert "Content OK: 2 modules, 4 sections" in result.stdout


def test_other_commands_refuse_broken_content(content):
    edit(content / "01-basics" / "en.md", "(#funnel)", "(#nowhere)")
    result = _flask("routes", content=content)
    assert result.returncode != 0
    assert "broken link '#nowhere'" in result.stderr
