"""A Flask app with the course's Babel catalogs only (no database): the report's sentences and charts in
either language, on hand-made figures."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from courseware.catalog.evaluation import Evaluation, Kpi
from courseware.evaluation.report.effectiveness import CohortReport, KpiResult
from courseware.evaluation.report.figures import Figure
from courseware.evaluation.report.stats import difference_in_differences
from courseware.models import Cohort

TRANSLATIONS = Path(__file__).resolve().parents[3] / "courseware" / "translations"
KPIS = (Kpi("revenue", {"zh-Hans": "销售额", "en": "Revenue"}, {"zh-Hans": "元", "en": "yuan"}, "higher"),
        Kpi("cycle_days", {"zh-Hans": "销售周期", "en": "Sales cycle"}, {"zh-Hans": "天", "en": "days"}, "lower"))
CATALOG = SimpleNamespace(evaluation=Evaluation(kpis=KPIS))


@pytest.fixture(scope="module")
def babel_app() -> Flask:
    app = Flask(__name__)
    Babel(app, default_translation_directories=str(TRANSLATIONS))
    return app


@pytest.fixture
def in_language(babel_app):
    """A context manager: a request in `lang` ("zh_Hans" or "en")."""
    from contextlib import contextmanager

    @contextmanager
    def language(lang: str) -> Iterator[None]:
        with babel_app.test_request_context(), force_locale(lang):
            yield

    return language


def kpi_result(trained: list[float], comparison: list[float], better: str) -> KpiResult:
    """A KPI's result from per-learner changes in %, through the report's own statistics."""
    before, after = Figure(100.0, len(trained), "kpi_before"), Figure(110.0, len(trained), "kpi_after")
    return KpiResult(before, after, difference_in_differences(trained, comparison, better), better)


def cohort_report(**results: KpiResult) -> CohortReport:
    return CohortReport(Cohort(id=7, name="Spring", start_date=date(2026, 3, 1)), learners=12, results=results)
