"""content/evaluation.yaml: each kind of mistake is reported with its file and line, and the shipped and
fixture files load whole."""
from __future__ import annotations

from pathlib import Path

import pytest

from courseware.catalog import load_catalog
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, REAL_CONTENT, ROOT
from tests.contentcopy import copy_fixtures, edit, line_of, problems_of


@pytest.fixture
def evaluation(tmp_path) -> Path:
    return copy_fixtures(tmp_path) / "content" / "evaluation.yaml"


def test_shipped_evaluation_file_is_whole():
    catalog, problems = load_catalog(REAL_CONTENT, ROOT / "quizzes")
    assert problems == []
    survey = catalog.evaluation.survey
    assert [i.id for i in survey] == ["relevance", "clarity", "material", "trainer", "confidence"]
    assert all(set(i.label) == {"zh-Hans", "en"} and set(i.text) == {"zh-Hans", "en"} for i in survey)
    assert len(catalog.evaluation.checklist) == 5 and len(catalog.evaluation.kpis) == 8
    assert load_catalog(FIXTURE_CONTENT, FIXTURE_QUIZZES)[1] == []


def test_survey_item_without_a_short_label(evaluation):
    edit(evaluation, "      label: {zh-Hans: 清晰度, en: Clarity}\n", "")
    line = line_of(evaluation, "- id: clarity")
    assert f"evaluation.yaml:{line}: items 'clarity': missing 'label'" in problems_of(evaluation)


def test_survey_label_missing_a_language(evaluation):
    edit(evaluation, "label: {zh-Hans: 清晰度, en: Clarity}", "label: {zh-Hans: 清晰度}")
    line = line_of(evaluation, "label: {zh-Hans: 清晰度}")
    assert f"evaluation.yaml:{line}: items 'clarity': label: missing translation 'en'" in problems_of(evaluation)


def test_survey_scale_without_every_point(evaluation):
    edit(evaluation, "    5: {zh-Hans: 非常同意, en: Strongly agree}\n", "")
    assert f"evaluation.yaml:{line_of(evaluation, '  scale:')}: survey scale: label the points 1 to 5" in problems_of(evaluation)


def test_unknown_and_missing_kpis(evaluation):
    edit(evaluation, "  - id: orders\n", "  - id: bookings\n")
    found = problems_of(evaluation)
    assert f"evaluation.yaml:{line_of(evaluation, '- id: bookings')}: unknown KPI 'bookings' (one of " in "\n".join(found)
    assert f"evaluation.yaml:{line_of(evaluation, 'kpis:')}: kpis: missing orders" in found


def test_kpi_direction_must_be_higher_or_lower(evaluation):
    edit(evaluation, "    better: lower\n", "    better: shorter\n")
    line = line_of(evaluation, "better: shorter")
    assert f"evaluation.yaml:{line}: cycle_days: 'better' must be higher or lower" in problems_of(evaluation)


def test_kpi_direction_is_required(evaluation):
    edit(evaluation, "    better: lower\n", "")
    line = line_of(evaluation, "- id: cycle_days")
    assert f"evaluation.yaml:{line}: cycle_days: missing 'better' (higher or lower: which way is an improvement)" \
        in problems_of(evaluation)
