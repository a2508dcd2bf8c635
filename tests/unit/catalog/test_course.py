"""The shipped course: valid, complete against content/outline.yaml, bilingual, with its figures and pictures."""
from __future__ import annotations

import re
from html import unescape

import pytest

from courseware.catalog import load_catalog
from courseware.catalog.coverage import item_order
from tests.conftest import REAL_CONTENT, ROOT, shared_file


@pytest.fixture(scope="module")
def loaded():
    return load_catalog(REAL_CONTENT, ROOT / "quizzes")


@pytest.fixture(scope="module")
def catalog(loaded):
    catalog, problems = loaded
    assert [str(p) for p in problems if not p.message.startswith(TYPOGRAPHY)] == []
    return catalog


TYPOGRAPHY = ("half-width ", "space between ", "line break between ")


def test_shipped_course_passes_content_check(loaded):
    """Every file, the banks and scenarios included: `flask content check` finds nothing."""
    assert [str(p) for p in loaded[1]] == []


def test_course_text_module_files_glossary_survey_and_rubric_pass_the_typography_rules(loaded):
    owned = [str(p) for p in loaded[1] if p.message.startswith(TYPOGRAPHY)
             and not p.path.startswith("quizzes/")
             and not (p.path.startswith("content/roleplays/") and not p.path.endswith("rubric.yaml"))]
    assert owned == []


def reference_outline() -> dict[str, str]:
    """The reference OUTLINE.md beside the clone: item id -> its text (the numbered paragraphs under '## Module N')."""
    items, module, current = {}, None, None
    for line in shared_file("seed", "OUTLINE.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## Module (\d+)", line)
        if heading:
            module, current = heading.group(1), None
            continue
        number = re.match(r"^(\d+)\. (.*)", line)
        if module and number:
            current = f"{module}.{number.group(1)}"
            items[current] = number.group(2)
        elif current and line.startswith(" "):
            items[current] += " " + line.strip()
        else:
            current = None
    return items


def text_of(module, lang: str) -> str:
    parts = [str(module.intro_html[lang])] + [str(s.html[lang]) for s in module.sections]
    return unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))


def test_outline_lists_the_28_items_of_the_four_modules(catalog):
    assert len(catalog.outline) == 28 and {"1.8", "2.9", "3.9", "4.2"} <= set(catalog.outline)
    assert all(item.title["zh-Hans"] and item.title["en"] for item in catalog.outline.values())


NUMBER_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def test_outline_matches_the_reference_outline_and_keeps_every_figure(catalog):
    """Conformance with ../shared/seed/OUTLINE.md (skipped, naming it, when absent): the same items, and every
    number of an item's reference text among the facts outline.yaml makes the course carry."""
    reference = reference_outline()
    assert sorted(catalog.outline, key=item_order) == sorted(reference, key=item_order)
    for item_id, text in reference.items():
        words = " ".join(fact.words["en"].lower() for fact in catalog.outline[item_id].facts)
        carried = set(re.findall(r"\d+(?:\.\d+)?", words)) | {str(n) for n, name in enumerate(NUMBER_NAMES) if name in words.split()}
        assert set(re.findall(r"\d+(?:\.\d+)?", text)) <= carried, item_id


def test_every_outline_item_is_mapped_to_existing_sections(catalog):
    assert sorted(catalog.coverage, key=item_order) == sorted(catalog.outline, key=item_order)
    folders = {m.folder: m for m in catalog.modules}
    for item in catalog.coverage.values():
        for ref in item.sections:
            folder, _, section = ref.partition("#")
            assert folders[folder].section(section) is not None, ref
            assert folders[folder].order == int(item.id.split(".")[0]), f"{item.id} is taught outside its module"


def test_four_modules_in_both_languages(catalog):
    assert [m.order for m in catalog.modules] == [1, 2, 3, 4]
    for module in catalog.modules:
        for lang in ("zh-Hans", "en"):
            assert module.title[lang] and module.summary[lang] and module.objectives[lang]
            for section in module.sections:
                assert section.title[lang] and len(str(section.html[lang])) > 200, (module.id, section.id, lang)


def test_reading_time_is_20_to_40_minutes(catalog):
    for module in catalog.modules:
        assert 20 <= module.minutes <= 40
        assert 15 <= module.reading_minutes("en") <= 40, (module.id, module.reading_minutes("en"))
        assert 15 <= module.reading_minutes("zh-Hans") <= 40, (module.id, module.reading_minutes("zh-Hans"))


def test_case_studies_and_takeaways_are_in_boxes(catalog):
    for module in catalog.modules:
        for lang in ("zh-Hans", "en"):
            html = "".join(str(s.html[lang]) for s in module.sections)
            assert html.count('class="admonition case"') >= 1, (module.id, lang)
            assert html.count('class="admonition takeaway"') >= len(module.sections) - 1, (module.id, lang)


REQUIRED_PICTURES = {
    "sales-fundamentals": {"sales-funnel", "core-functions"},
    "team-building": {"org-structures", "training-stages", "training-loop", "evaluation-levels"},
    "performance-and-customers": {"abc-pyramid"},
    "summary-action-plan": {"management-system"},
}


def test_required_pictures_exist_in_both_languages_with_text_alternatives(catalog):
    for module_id, names in REQUIRED_PICTURES.items():
        module = catalog.module(module_id)
        for name in names:
            for lang in ("zh-Hans", "en"):
                image = f"images/{name}.{lang}.svg"
                assert image in module.images, image
                svg = (module.path / image).read_text(encoding="utf-8")
                assert "<title" in svg and 'role="img"' in svg
                html = "".join(str(s.html[lang]) for s in module.sections)
                alt = re.search(rf'<img alt="([^"]+)" src="{re.escape(image)}"', html)
                assert alt and len(alt.group(1)) > 20, image


# Figures that must carry over exactly from the courseware, per module, as (English, Chinese); outline.yaml holds
# them per item too, and `content check` finds them in the sections that teach each item.
FIGURES = {
    "sales-fundamentals": [("15 years", "15 年"), ("200 million", "2 亿"), ("30 salespeople", "30 人"), ("30%", "30%"),
                           ("25%", "25%"), ("15 percentage points", "15 个百分点")],
    "team-building": [("30-50%", "30-50%"), ("50-70%", "50-70%"), ("6 months", "6 个月"), ("20%", "20%"),
                      ("35%", "35%"), ("70%", "70%")],
    "performance-and-customers": [("5 million", "500 万"), ("4.2", "4.2"), ("4.5", "4.5"), ("20%", "20%"),
                                  ("60-80%", "60-80%"), ("15-30%", "15-30%"), ("5-15%", "5-15%"), ("8 years", "8 年"),
                                  ("100 million", "1 亿"), ("75%", "75%"), ("90%", "90%"), ("3.8", "3.8"),
                                  ("23%", "23%"), ("35%", "35%")],
    "summary-action-plan": [("30", "30"), ("60", "60"), ("90", "90")],
}


@pytest.mark.parametrize("module_id", sorted(FIGURES))
def test_exact_figures_appear_in_both_languages(catalog, module_id):
    module = catalog.module(module_id)
    en, zh = text_of(module, "en"), text_of(module, "zh-Hans")
    missing = [f for f, _ in FIGURES[module_id] if f not in en] + [f for _, f in FIGURES[module_id] if f not in zh]
    assert missing == []


def test_glossary_has_the_course_terms_in_both_languages(catalog):
    assert len(catalog.glossary) >= 40
    terms = {t.term["en"].lower() for t in catalog.glossary}
    for expected in ("sales funnel", "crm"):
        assert any(expected in t for t in terms), expected
    assert {t.module for t in catalog.glossary} == {1, 2, 3, 4}
