"""The gradebook's Excel workbook: one sheet in the reader's language, scores as numbers and due dates as dates,
the header row frozen, a formula in a learner's name stored as text; for the cohort's trainers, HR and admin."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from courseware.clock import company_zone
from courseware.core.downloads import XLSX
from courseware.extensions import db
from courseware.models import Assignment
from courseware.models.types import utcnow
from tests.evalhelpers import quiz_result

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")', "\t=2+2"]


@pytest.fixture
def cohort(users):
    trainer = users("trainer", username="wang")
    users.cohort("Other", trainers=[users("trainer", username="zhao")])
    cohort = users.cohort("2026 秋季", trainers=[trainer])
    learners = [users("learner", username=f"l{i}", cohort=cohort, display_name=name)
                for i, name in enumerate(["王芳", "李雷", *FORMULAS])]
    due = (utcnow() - timedelta(days=1)).replace(second=0, microsecond=0)
    db.session.add(Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id, due_at=due))
    db.session.commit()
    quiz_result(learners[0].id, "basics-check", 87.5)
    users("hr", username="hr1")
    return cohort, due


def sheet(client, cohort_id):
    response = client.get(f"/teach/cohorts/{cohort_id}/gradebook.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    book = load_workbook(io.BytesIO(response.data))
    assert len(book.worksheets) == 1
    return book.worksheets[0]


@pytest.mark.parametrize("lang, title, grade, status, missing", [
    ("zh-Hans", "成绩册", "基础测验：成绩", "通过", "缺交"), ("en", "Gradebook", ": grade", "passed", "missing")])
def test_one_sheet_typed_in_the_readers_language(client, auth, cohort, lang, title, grade, status, missing):
    cohort, due = cohort
    auth.login("wang")
    client.post("/language", data={"lang": lang})
    gradebook = sheet(client, cohort.id)
    assert gradebook.title == title and gradebook.freeze_panes == "A2"
    header = [c.value for c in gradebook[1]]
    assert header[:2] == (["用户名", "学员姓名"] if lang == "zh-Hans" else ["Username", "Learner's name"])
    column = next(i for i, h in enumerate(header) if h.endswith(grade) and ("基础测验" in h or "Basics check" in h))
    rows = {r[1].value: r for r in gradebook.iter_rows(min_row=2)}
    wang_fang = rows["王芳"]
    assert wang_fang[column].value == 87.5 and wang_fang[column].data_type == "n" and wang_fang[column].number_format == "0.0"
    assert wang_fang[column - 3].value == 1 and wang_fang[column - 3].data_type == "n"  # attempts
    assert wang_fang[column + 1].value == status
    assert rows["李雷"][column + 1].value == missing and rows["李雷"][column].value is None
    due_cell = rows["李雷"][column + 2]
    assert due_cell.is_date and due_cell.value == due.astimezone(company_zone()).replace(tzinfo=None)
    assert isinstance(due_cell.value, datetime)


def test_formulas_in_names_are_stored_as_text(client, auth, cohort):
    auth.login("wang")
    names = [r[1] for r in sheet(client, cohort[0].id).iter_rows(min_row=2)]
    for payload in FORMULAS:
        cell = next(c for c in names if c.value == payload)
        assert cell.data_type == "s"


@pytest.mark.parametrize("who, status", [("l0", 403), ("zhao", 404), ("wang", 200), ("hr1", 200)])
def test_the_cohorts_trainers_hr_and_admin_only(client, auth, cohort, who, status):
    auth.login(who)
    assert client.get(f"/teach/cohorts/{cohort[0].id}/gradebook.xlsx").status_code == status
