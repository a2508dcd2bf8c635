"""The trainer's home on a made-up cohort: each item listed, linked to where it is done, others' learners left out;
and a query count that does not grow with learners."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from courseware.extensions import db
from courseware.models import Assignment, BehaviorObservation, FollowUp, ScenarioRun, SectionRead
from courseware.models.types import utcnow
from tests.evalhelpers import quiz_result
from tests.queries import count_queries


def _assign(cohort, kind: str, target: str, due_in_days: int) -> Assignment:
    row = Assignment(kind=kind, target_id=target, cohort_id=cohort.id, due_at=utcnow() + timedelta(days=due_in_days))
    db.session.add(row)
    db.session.commit()
    return row


def _finished_run(user_id: int) -> None:
    db.session.add(ScenarioRun(user_id=user_id, scenario_id="practice-call", state="finished", current_node="end"))
    db.session.commit()


@pytest.fixture
def scenario(users):
    """Cohort A (trainer wang): mei passed the post-test, read today, finished a role play that was observed, and
    her day-30 follow-up is 2 days late; lei failed the post-test twice and finished a role play nobody observed;
    ann did nothing and joined 10 days ago. Cohort B (zhao) has bo, who did nothing either."""
    wang, zhao = users("trainer", username="wang"), users("trainer", username="zhao")
    a, b = users.cohort("A", trainers=[wang]), users.cohort("B", trainers=[zhao])
    mei = users("learner", username="mei", display_name="Mei", cohort=a)
    lei = users("learner", username="lei", display_name="Lei", cohort=a)
    ann = users("learner", username="ann", display_name="Ann", cohort=a, created_at=utcnow() - timedelta(days=10))
    bo = users("learner", username="bo", display_name="Bo", cohort=b, created_at=utcnow() - timedelta(days=10))
    quiz_result(mei.id, "basics-check", 90)
    quiz_result(lei.id, "basics-check", 20, number=1)
    quiz_result(lei.id, "basics-check", 30, number=2)
    db.session.add(SectionRead(user_id=mei.id, module_id="basics", section_id="definition"))
    follow_up = FollowUp(user_id=mei.id, day=30, due_on=date.today() - timedelta(days=2))
    db.session.add(follow_up)
    db.session.add(BehaviorObservation(learner_id=mei.id, observer_id=wang.id, scenario_id="practice-call",
                                       observed_on=date.today()))
    db.session.commit()
    _finished_run(mei.id)
    _finished_run(lei.id)
    overdue = _assign(a, "quiz", "basics-check", -1)
    this_week = _assign(a, "module", "basics", 3)
    _assign(a, "scenario", "practice-call", 30)  # not this week
    _assign(b, "quiz", "basics-check", -1)  # another trainer's cohort
    return {"follow_up": follow_up, "overdue": overdue, "this_week": this_week, "lei": lei, "ann": ann, "mei": mei, "bo": bo}


def _section(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"')[1].split("</section>")[0]


def test_the_trainer_home_lists_what_needs_them_and_links_to_it(client, auth, scenario):
    auth.login("wang")
    client.post("/language", data={"lang": "en"})
    page = client.get("/teach/home").get_data(as_text=True)
    # Another trainer's cohort and learner. The random CSRF token is taken out first: "Bo" is in one of about 45.
    shown = re.sub(r'name="csrf_token" value="[^"]*"', "", page)
    assert "Bo" not in shown and ">B<" not in shown
    overdue = _section(page, "overdue")
    assert "Ann" in overdue and "Mei" not in overdue and "Lei" not in overdue  # lei is out of attempts: done
    assert "/teach/cohorts/" in overdue and "/gradebook" in overdue
    assert "1 learner not done" in overdue
    week = _section(page, "this-week")
    assert week.count('<li class="work') == 1 and "3 learners not done" in week  # the module; the role play is later
    rate = _section(page, "follow-ups")
    assert f'href="/follow-ups/{scenario["follow_up"].id}"' in rate and "Mei" in rate
    observe = _section(page, "observations")
    assert "Lei" in observe and "Mei" not in observe and 'href="/teach/observations/new"' in observe
    risk = _section(page, "at-risk")
    assert f'href="/learners/{scenario["lei"].id}/tracker"' in risk and "failed a post-test with no attempt left" in risk
    assert f'href="/learners/{scenario["ann"].id}/tracker"' in risk and "nothing read for 7 days" in risk
    assert f'href="/learners/{scenario["mei"].id}/tracker"' in risk and "follow-up overdue" in risk
    assert risk.count('<li class="work') == 3


def test_the_trainer_home_in_chinese(client, auth, scenario):
    auth.login("wang")
    client.post("/language", data={"lang": "zh-Hans", "next": "/"})
    page = client.get("/teach/home").get_data(as_text=True)
    assert "培训师首页" in page and "逾期未完成" in page and "风险学员" in page
    assert "Overdue work" not in page and "Learners at risk" not in page
    assert "Ann" in _section(page, "overdue")


def _cohort_of(users, n: int) -> None:
    trainer = users("trainer", username=f"t{n}")
    cohort = users.cohort(f"C{n}", trainers=[trainer])
    _assign(cohort, "quiz", "basics-check", -1)
    _assign(cohort, "module", "basics", 2)
    for i in range(n):
        learner = users("learner", username=f"l{n}-{i}", cohort=cohort, created_at=utcnow() - timedelta(days=9))
        quiz_result(learner.id, "basics-check", 10 + i)
        db.session.add(SectionRead(user_id=learner.id, module_id="basics", section_id="definition",
                                   read_at=utcnow() - timedelta(days=8)))
        db.session.add(FollowUp(user_id=learner.id, day=30, due_on=date.today() - timedelta(days=1)))
        db.session.commit()
        _finished_run(learner.id)


def test_the_trainer_home_queries_do_not_grow_with_learners(app, users):
    _cohort_of(users, 5)
    _cohort_of(users, 20)
    counts = {}
    for n in (5, 20):
        client = app.test_client()
        client.post("/login", data={"username": f"t{n}", "password": "correct-horse"})
        page = {}
        counts[n] = count_queries(lambda c=client, p=page: p.setdefault("text", c.get("/teach/home").get_data(as_text=True)))
        assert _section(page["text"], "at-risk").count("/tracker") == n  # every learner: idle, follow-up late
    assert counts[5] == counts[20]
