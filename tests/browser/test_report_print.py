"""The effectiveness report printed to PDF by Chromium: page 1 carries the filter, the report's date and the
first cohort's headlines (the text read back with pypdf)."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_printed_report_opens_with_the_filter_the_date_and_the_headlines(journey, lang):
    page = journey.page
    journey.login("hr")
    journey.language(lang)
    journey.visit("/reports/effectiveness?start=2020-01-01")
    assert page.locator(".report-cohort svg.chart--wide").count() >= 3
    shown = page.locator(".report-filter").inner_text()
    headline = page.locator(".report-cohort .headline").first.inner_text()
    assert ("2020年1月1日" if lang == "zh-Hans" else "Jan 1, 2020") in shown and headline  # the filter, dated
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-print-{lang}.png"), full_page=False)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    first = _squeezed(pdf.pages[0].extract_text())
    assert _squeezed(shown) in first, first[:400]
    assert _squeezed(headline) in first, first[:800]
    assert len(pdf.pages) > 1 and len(first) > 250  # page 1 is well filled, not nearly blank
