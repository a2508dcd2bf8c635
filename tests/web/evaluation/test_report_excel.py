"""The report's Excel workbook: a cover with the filter and the date, one sheet per level in the reader's language,
numbers and dates typed, the header row frozen, text never a formula, and for HR and admin only."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from courseware.clock import company_today
from courseware.core.downloads import XLSX
from courseware.evaluation import action_plans
from courseware.extensions import db
from tests.evalhelpers import commitments, kpis, quiz_result

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")', "\t=2+2", "\r=3+3"]


def workbook(client, url="/reports/effectiveness.xlsx"):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == XLSX
    return load_workbook(io.BytesIO(response.data)), response.data


@pytest.fixture
def figures(app, setup):
    _, cohort, mei, lei = setup
    cohort.start_date = date(2026, 3, 2)
    db.session.commit()
    for learner, score in ((mei, 70), (lei, 90)):
        quiz_result(learner.id, "basics-check", score)
        action_plans.save(app.extensions["catalog"], learner, commitments(date(2026, 7, 1)), date(2026, 6, 1))
        kpis(learner.id, "revenue", {"2026-04": 120_000 + score, "2026-08": 150_000 + score})
    return cohort


@pytest.mark.parametrize("lang, sheets, header, measure", [
    ("zh-Hans", ["封面", "反应层", "学习层", "行为层", "结果层"], ["班级", "班级开课日期", "模块或 KPI", "指标", "数值"], "后测通过率（%）"),
    ("en", ["Cover", "Reaction", "Learning", "Behavior", "Results"], ["Cohort", "Cohort starts", "Module or KPI", "Measure", "Value"],
     "Post-test pass rate (%)"),
])
def test_one_sheet_per_level_in_the_readers_language(client, auth, figures, lang, sheets, header, measure):
    auth.login("hr1")
    client.post("/language", data={"lang": lang})
    book, _ = workbook(client, f"/reports/effectiveness.xlsx?cohorts={figures.id}&start=2026-01-01")
    assert book.sheetnames == sheets
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    cover = {row[0].value: row[1] for row in book.worksheets[0].iter_rows(min_row=2)}
    made = cover["生成日期" if lang == "zh-Hans" else "Made on"]
    assert made.is_date and made.value == datetime.combine(company_today(), datetime.min.time())
    assert cover["班级" if lang == "zh-Hans" else "Cohorts"].value == "A"  # the filter
    assert cover["班级开课日期从" if lang == "zh-Hans" else "Cohorts starting from"].value == datetime(2026, 1, 1)
    learning = book.worksheets[2]
    assert [c.value for c in learning[1][:5]] == header
    rows = {(r[2].value, r[3].value): r for r in learning.iter_rows(min_row=2)}
    passed = rows[("1 · 基础" if lang == "zh-Hans" else "1 · Basics", measure)]
    assert passed[4].value == 1.0 and passed[4].data_type == "n" and passed[4].number_format == "0.0%"
    assert passed[1].is_date and passed[1].value == datetime(2026, 3, 2)  # the cohort's start, a date
    assert passed[5].value == 2 and passed[5].data_type == "n"  # n
    results = [r for r in book.worksheets[4].iter_rows(min_row=2) if r[4].value is not None]
    assert results and all(r[4].data_type == "n" for r in results)
    before = next(r for r in results if r[3].value.startswith(("培训前", "Before")))
    assert before[4].number_format == "#,##0.00" and before[4].value == pytest.approx(120_080)


def test_formulas_in_names_are_stored_as_text(client, auth, figures):
    auth.login("hr1")
    for payload in FORMULAS:
        figures.name = payload
        db.session.commit()
        book, raw = workbook(client, f"/reports/effectiveness.xlsx?cohorts={figures.id}")
        cells = [c for sheet in book.worksheets[1:] for row in sheet.iter_rows(min_row=2) for c in row[:1]]
        # XML reads a carriage return back as a line feed: still the same text, never a formula
        assert cells and all(c.value == payload.replace("\r", "\n") and c.data_type == "s" for c in cells), payload
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


def test_control_characters_in_a_name_do_not_break_the_workbook(client, auth, figures):
    figures.name = "A\x01\x0bB"
    db.session.commit()
    auth.login("hr1")
    book, _ = workbook(client, f"/reports/effectiveness.xlsx?cohorts={figures.id}")
    assert book.worksheets[1]["A2"].value == "AB"


@pytest.mark.parametrize("who, status", [("mei", 403), ("wang", 403), ("hr1", 200)])
def test_for_hr_and_admin_only(client, auth, setup, users, who, status):
    auth.login(who)
    assert client.get("/reports/effectiveness.xlsx").status_code == status
    auth.logout()
    users("admin", username="root")
    auth.login("root")
    assert client.get("/reports/effectiveness.xlsx").status_code == 200
