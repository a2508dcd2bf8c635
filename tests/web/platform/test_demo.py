"""`flask --app wsgi demo`: the demo accounts, two cohorts of learners, some reading progress."""
from __future__ import annotations

from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import Assignment, Attempt, Cohort, SectionRead, User
from courseware.people import accounts


def test_demo_builds_accounts_cohorts_and_progress(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for name in ("admin", "trainer", "hr", "learner"):
        assert name in result.output
        user = accounts.authenticate(name, "sales-demo")
        assert user is not None and user.role == name
    assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "learner")) == 20
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 2
    assert db.session.scalar(select(func.count()).select_from(SectionRead)) > 0
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 7  # 3 per cohort and a role play
    submitted = db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.state == "submitted"))
    assert submitted >= 19  # every demo learner but `learner` took the pre-test


def test_demo_rebuilds_rather_than_duplicates(runner, users):
    users("learner", username="stranger")
    runner.invoke(args=["demo"])
    runner.invoke(args=["demo"])
    assert db.session.scalar(select(func.count()).select_from(User).where(User.username == "admin")) == 1
    assert db.session.scalar(select(User).where(User.username == "stranger")) is None


def test_demo_if_new_keeps_an_existing_database(runner, users):
    users("learner", username="keeper")
    result = runner.invoke(args=["demo", "--if-new"])
    assert "left as it is" in result.output
    assert db.session.scalar(select(User).where(User.username == "keeper")) is not None
    assert db.session.scalar(select(User).where(User.username == "admin")) is None
