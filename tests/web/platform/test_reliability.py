"""Reliability: failures leave no partial records, upgrades keep data, backups restore."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from courseware.catalog.questions import registry
from courseware.evaluation import action_plans
from courseware.extensions import db
from courseware.models import ActionPlan, Attempt, AttemptAnswer, FollowUp, SectionRead, User
from tests.conftest import make_app
from tests.evalhelpers import commitments


def test_a_submit_that_fails_halfway_changes_nothing(app, client, users, monkeypatch):
    users("learner", username="mei")
    client.post("/login", data={"username": "mei", "password": "correct-horse"})
    attempt_id = int(client.post("/quizzes/basics-check/start").headers["Location"].rsplit("/", 1)[1])
    calls = {"n": 0}
    original = registry.QUESTION_TYPES["matching"].grade

    def failing_grade(snap, response):
        calls["n"] += 1
        raise RuntimeError("the database went away mid-request")

    monkeypatch.setattr(registry.QUESTION_TYPES["matching"], "grade", staticmethod(failing_grade))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post(f"/attempts/{attempt_id}/submit").status_code == 500
    db.session.rollback()
    attempt = db.session.get(Attempt, attempt_id)
    db.session.refresh(attempt)
    assert calls["n"] == 1 and attempt.state == "in_progress" and attempt.score is None
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer).where(AttemptAnswer.fraction.is_not(None))) == 0
    monkeypatch.setattr(registry.QUESTION_TYPES["matching"], "grade", original)
    assert client.post(f"/attempts/{attempt_id}/submit").status_code == 302
    db.session.refresh(attempt)
    assert attempt.state == "submitted"


def test_an_action_plan_that_fails_halfway_leaves_no_plan(app, users, monkeypatch):
    mei = users("learner", username="mei")
    original = FollowUp.__init__

    def failing(self, **kwargs):
        if kwargs.get("day") == 60:
            raise RuntimeError("fails after the plan and the first follow-up were added")
        original(self, **kwargs)

    monkeypatch.setattr(FollowUp, "__init__", failing)
    with pytest.raises(RuntimeError):
        action_plans.save(app.extensions["catalog"], mei, commitments(date(2030, 1, 1)), date(2029, 12, 1))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ActionPlan)) == 0
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0


def test_a_users_import_that_fails_halfway_imports_nobody(app, runner, tmp_path, monkeypatch):
    from courseware.people import users_import

    path = tmp_path / "intake.csv"
    path.write_text("username,display_name,email,role,cohort\na1,甲,a1@example.com,learner,\nb2,乙,b2@example.com,learner,\n",
                    encoding="utf-8")
    original = users_import.new_user

    def failing(data, credentials):
        if data.username == "b2":
            raise RuntimeError("disk full")
        return original(data, credentials)

    monkeypatch.setattr(users_import, "new_user", failing)
    with pytest.raises(RuntimeError):
        users_import.import_users(path.read_text(encoding="utf-8"))
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_upgrade_from_the_first_migration_keeps_learner_records(tmp_path, postgres, request):
    """A database created at migration 0001, filled, then upgraded to the latest keeps its records."""
    for url in (f"sqlite:///{tmp_path / 'old.sqlite'}", postgres.create_database("courseware_upgrade")):
        old = make_app(url)
        with old.app_context():
            upgrade(revision="0001")
            with db.engine.begin() as connection:
                connection.execute(text("INSERT INTO cohorts (id, name, start_date, created_at) "
                                        "VALUES (1, '2025 秋季', '2025-09-01', '2025-09-01 08:00:00+00:00')"))
                connection.execute(text(
                    "INSERT INTO users (id, username, display_name, email, password_hash, role, active, "
                    "must_change_password, locale, cohort_id, created_at) VALUES (7, 'wangfang', '王芳', NULL, 'x', "
                    "'learner', true, false, 'en', 1, '2025-09-01 08:00:00+00:00')"))
                connection.execute(text("INSERT INTO section_reads (user_id, module_id, section_id, read_at) "
                                        "VALUES (7, 'sales-fundamentals', 'definition', '2025-09-02 09:00:00+00:00')"))
            upgrade()
            user = db.session.get(User, 7)
            assert (user.username, user.display_name, user.locale, user.cohort_id) == ("wangfang", "王芳", "en", 1)
            assert len(user.session_token) == 43  # 0005 gave the existing account its own session token
            read = db.session.scalar(select(SectionRead).where(SectionRead.user_id == 7))
            assert read.section_id == "definition" and read.read_at.year == 2025
            db.session.remove()  # release the read locks before the migrations change tables
            downgrade(revision="0001")  # and back down, so the migrations' downgrade paths run too
            upgrade()
            assert db.session.get(User, 7).display_name == "王芳"
            db.session.remove()
            db.engine.dispose()


def test_backup_and_restore_round_trip(tmp_path, runner, users, app, database_url):
    if not database_url.startswith("sqlite"):
        result = runner.invoke(args=["backup", str(tmp_path / "x.sqlite")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    users("learner", username="kept")
    backup = tmp_path / "backup.sqlite"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT username FROM users").fetchall() == [("kept",)]
    copy.close()
    users("learner", username="later")
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert [u.username for u in db.session.scalars(select(User))] == ["kept"]
    bogus = tmp_path / "bogus.sqlite"
    with sqlite3.connect(bogus) as other:
        other.execute("CREATE TABLE t (x)")
    other.close()
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0 and "not a backup of this application" in result.output
