"""User text comes back inert: XSS payloads are escaped in pages, formula payloads neutralized in CSV."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from courseware.extensions import db
from courseware.models import FollowUp
from courseware.services import action_plans
from tests.evalhelpers import quiz_result

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>"]
FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd"]


@pytest.fixture
def people(users):
    trainer = users("trainer", username="wang")
    cohort = users.cohort("A", trainers=[trainer])
    learner = users("learner", username="mei", cohort=cohort, display_name=XSS[1])
    users("hr", username="hr1")
    return trainer, cohort, learner


def assert_inert(page: str) -> None:
    for payload in XSS:
        assert payload not in page
    assert "onerror=alert(1)>" not in page and "<svg onload" not in page


@pytest.mark.parametrize("payload", XSS)
def test_action_plan_and_follow_up_text_is_escaped(app, client, auth, people, payload):
    trainer, cohort, learner = people
    auth.login("mei")
    due = (date.today() + timedelta(days=30)).isoformat()
    data = {"rows": "3"}
    for n in range(3):
        data.update({f"c{n}-specific": f"{payload} commitment {n}", f"c{n}-measure": f"{payload} 10 visits",
                     f"c{n}-achievable": "y", f"c{n}-items": "1.1", f"c{n}-due_on": due})
    assert client.post("/action-plan", data=data).status_code == 302
    assert_inert(client.get("/action-plan").get_data(as_text=True))
    follow_up = db.session.query(FollowUp).filter_by(day=30).one()
    plan = action_plans.find(learner.id)
    notes = {"part": "self", **{f"status-{c.id}": "done" for c in plan.commitments}, **{f"note-{c.id}": payload for c in plan.commitments}}
    client.post(f"/follow-ups/{follow_up.id}", data=notes)
    assert_inert(client.get(f"/follow-ups/{follow_up.id}").get_data(as_text=True))
    auth.logout()
    auth.login("wang")
    client.post(f"/follow-ups/{follow_up.id}", data={"part": "observe", "comment": payload, **{f"rating-{i}": "3" for i in (
        "sales-process", "crm-records", "abc-classification", "smart-targets", "one-on-ones")}})
    for path in (f"/follow-ups/{follow_up.id}", f"/learners/{learner.id}/tracker", "/", f"/teach/cohorts/{cohort.id}",
                 f"/teach/cohorts/{cohort.id}/gradebook"):
        assert_inert(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("payload", FORMULAS)
def test_csv_exports_neutralize_formulas(app, client, auth, people, payload):
    trainer, cohort, learner = people
    learner.display_name = payload
    cohort.name = payload
    db.session.commit()
    quiz_result(learner.id, "basics-check", 80)
    auth.login("wang")
    gradebook = client.get(f"/teach/cohorts/{cohort.id}/gradebook.csv").get_data(as_text=True).lstrip("\ufeff")
    auth.logout()
    auth.login("hr1")
    report = client.get("/reports/effectiveness.csv").get_data(as_text=True).lstrip("\ufeff")
    for body in (gradebook, report):
        cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
        assert payload not in cells and f"'{payload}" in cells


def test_plain_negative_numbers_stay_numbers():
    from courseware.services.gradebook import safe_cell

    assert safe_cell("-0.25") == "-0.25" and safe_cell(-13) == "-13" and safe_cell("-2+3") == "'-2+3"
