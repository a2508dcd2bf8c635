"""Destructive or surprising trainer actions ask first: removing an assignment, a due date in the past."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from courseware.clock import company_zone
from courseware.extensions import db
from courseware.models import Assignment


@pytest.fixture
def cohort(users):
    trainer = users("trainer", username="wang")
    users.cohort("Other", trainers=[users("trainer", username="zhao")])
    cohort = users.cohort("2026 秋季", trainers=[trainer])
    users("learner", username="l0", cohort=cohort)
    return cohort


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Assignment))


def test_removing_an_assignment_asks_first_and_changes_nothing_until_confirmed(client, auth, cohort):
    db.session.add(Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id))
    db.session.commit()
    assignment_id = db.session.scalar(select(Assignment.id))
    auth.login("wang")
    response = client.post(f"/teach/assignments/{assignment_id}/delete", data={"submit": "移除"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "移除这项布置？" in page and "测验：基础测验" in page
    assert 'name="confirmed" value="1"' in page and count() == 1
    response = client.post(f"/teach/assignments/{assignment_id}/delete", data={"confirmed": "1"})
    assert response.status_code == 302 and count() == 0


def test_another_cohorts_trainer_gets_neither_the_question_nor_the_removal(client, auth, cohort):
    db.session.add(Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id))
    db.session.commit()
    assignment_id = db.session.scalar(select(Assignment.id))
    auth.login("zhao")
    assert client.post(f"/teach/assignments/{assignment_id}/delete").status_code == 404
    assert client.post(f"/teach/assignments/{assignment_id}/delete", data={"confirmed": "1"}).status_code == 404
    assert count() == 1


def test_a_due_date_in_the_past_is_refused_with_the_field_message_until_confirmed(client, auth, cohort):
    auth.login("wang")
    yesterday = (datetime.now(company_zone()) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    url = f"/teach/cohorts/{cohort.id}/assignments"
    response = client.post(url, data={"target": "quiz:basics-check", "due_at": yesterday})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and count() == 0
    assert "该日期已经过去。如仍要布置，请勾选下方的复选框后再次布置。" in page
    assert 'name="past_ok"' in page and "该日期已过，仍然布置" in page
    assert f'value="{yesterday}"' in page  # what was entered stays in the form
    response = client.post(url, data={"target": "quiz:basics-check", "due_at": yesterday, "past_ok": "y"})
    assert response.status_code == 302 and count() == 1


def test_a_due_date_to_come_needs_no_confirmation_and_the_box_is_not_shown(client, auth, cohort):
    auth.login("wang")
    assert 'name="past_ok"' not in client.get(f"/teach/cohorts/{cohort.id}").get_data(as_text=True)
    soon = (datetime.now(company_zone()) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/teach/cohorts/{cohort.id}/assignments", data={"target": "quiz:basics-check", "due_at": soon})
    assert response.status_code == 302 and count() == 1
