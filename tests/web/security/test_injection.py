"""User text comes back inert: a sweep over every field a user can fill.

`SWEEP` (injection_rows.py) is the table: one row per way text gets in (a form field, a raw `request.form`
key, a quiz answer, a CSV import column or file name, a reflected query parameter), with how it is submitted
through the real route, the pages (and whose) that show it back, and the CSV exports it reaches. `EXEMPT`
names the inputs that are not free text, with the reason. The completeness tests (test_injection_inventory.py)
discover the inputs from the code (the WTForms classes, the `request.form` reads in the views, the question
types, the import columns, the CSV writers) and fail when one is in neither table, so a field added later
cannot be forgotten.

For each row, the XSS payloads are submitted (combined into one value where the field is long enough) and
every page that shows the value must hold it escaped, never raw. For each row that reaches a CSV export,
each formula payload is submitted and every cell of the export must be inert: a cell starting with
= + - @ (or tab, CR) gets a leading apostrophe; a plain negative number stays a number.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from markupsafe import escape

from courseware.extensions import db
from courseware.models import Cohort
from tests.web.security.injection_rows import SWEEP
from tests.web.security.injection_world import FORMULAS, XSS, World

RAW = re.compile(r"<script>alert|<img src=x|<svg onload|(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-\d+(\.\d+)?")


# The sweeps

def combined(payloads: tuple[str, ...], max_len: int) -> list[str]:
    """The payloads joined by spaces into as few values as fit in `max_len`."""
    values: list[str] = []
    for payload in payloads:
        if values and len(values[-1]) + 1 + len(payload) <= max_len:
            values[-1] += " " + payload
        else:
            values.append(payload)
    return values


def assert_inert(response, value: str, shown: bool, where: str) -> None:
    assert response.status_code < 500, where
    location = response.headers.get("Location", "")
    assert not location.strip().lower().startswith("javascript:"), f"{where}: redirects to {location}"
    body = response.get_data(as_text=True)
    raw = RAW.findall(body)
    assert not raw, f"{where}: unescaped {raw}"
    assert not [p for p in XSS if p in value and re.search(r"[<>\"]", p) and p in body], f"{where}: unescaped payload"
    if shown:
        assert str(escape(value)) in body, f"{where}: the value is not shown (escaped) at all"


@pytest.fixture
def world(app, tmp_path) -> World:
    # Accounts the sweep creates get one-time passwords, hashed cheaply by TestConfig's PASSWORD_HASH_METHOD.
    return World(app, tmp_path)


@pytest.mark.parametrize("name", SWEEP)
def test_user_text_comes_back_inert(world, name):
    """XSS payloads come back escaped on every page showing the field; formula payloads are neutralized in
    every CSV export holding it."""
    row = SWEEP[name]
    for value in combined(row.payloads, row.max_len):
        response = row.submit(world, value)
        if response is not None:
            assert_inert(response, value, row.echoed, "the response to the submission")
        if row.refused:
            assert_inert(row.refused(world, value), value, True, "the refused submission's form")
        for who, path in row.shown + row.elsewhere:
            page = world.as_(who).get(world.path(path))
            assert page.status_code == 200, f"{path} as {who}"
            assert_inert(page, value, (who, path) in row.shown, f"{path} as {who}")
    for payload in FORMULAS if row.exports else ():
        row.submit(world, payload)
        for who, path in row.exports:
            response = world.as_(who).get(world.path(path))
            assert response.status_code == 200 and response.mimetype == "text/csv"
            body = response.get_data(as_text=True).lstrip("\ufeff")
            cells = [cell for line in csv.reader(io.StringIO(body, newline="")) for cell in line]
            live = [cell for cell in cells if cell.startswith(FORMULA_LEAD) and not NUMBER.fullmatch(cell)]
            assert not live, f"{path}: cells a spreadsheet would run: {live}"
            assert "'" + payload.strip() in cells, f"{path}: {payload!r} is not exported"


def test_plain_negative_numbers_stay_numbers():
    from courseware.quizzes.gradebook import safe_cell

    assert safe_cell("-0.25") == "-0.25" and safe_cell(-13) == "-13" and safe_cell("-2+3") == "'-2+3"


def test_report_csv_link_carries_the_filter_and_nothing_else(world):
    """The report's "Export CSV" link is built from the checked filter, not from whatever the query string holds:
    url_for's own arguments there used to reach url_for (`_method=POST` made a 500; `_external`, `_anchor` made an
    absolute link with an injected fragment), and a filter on several cohorts exported only the first."""
    other = Cohort(name="B", start_date=date(2026, 10, 1))
    db.session.add(other)
    db.session.commit()
    hr = world.as_("hr1")
    page = hr.get("/reports/effectiveness", query_string=[("cohorts", world.cohort.id), ("cohorts", other.id),
                                                           ("start", "2026-01-01"), ("_method", "POST")])
    assert page.status_code == 200
    links = re.findall(r'href="([^"]*effectiveness\.csv[^"]*)"', page.get_data(as_text=True))
    assert links == [f"/reports/effectiveness.csv?cohorts={world.cohort.id}&amp;cohorts={other.id}&amp;start=2026-01-01"]
    page = hr.get("/reports/effectiveness", query_string={"_external": "1", "_scheme": "javascript", "_anchor": "\nalert(1)"})
    assert page.status_code == 200
    assert re.findall(r'href="([^"]*effectiveness\.csv[^"]*)"', page.get_data(as_text=True)) == ["/reports/effectiveness.csv"]
