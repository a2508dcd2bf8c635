"""Reminders through each cohort's group robots: one signed post per assignment and due date, whatever the number of
learners behind it, naming no learner; retried like e-mail when the platform refuses."""
from __future__ import annotations

from datetime import timedelta

import pytest

from courseware.extensions import db
from courseware.models import CohortRobot
from courseware.reminders.dispatch import preview_due, send_due
from tests.web.notify.helpers import NOON, assignment, deliveries, learner_with_email

SECRETS = {"wecom": "", "dingtalk": "SEC0f1e2d3c4b5a69788796a5b4c3d2e1f0", "feishu": "fs-secret-42"}


@pytest.fixture
def robots_app(app, robot_receiver):
    app.config.update(ROBOTS_ALLOW_HTTP=True, PUBLIC_URL="https://training.example.com")
    return app


def robot(cohort, receiver, kind: str) -> CohortRobot:
    receiver.behavior.secrets[kind] = SECRETS[kind]
    row = CohortRobot(cohort_id=cohort.id, kind=kind, webhook_url=receiver.url(kind), secret=SECRETS[kind])
    db.session.add(row)
    db.session.commit()
    return row


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu"])
def test_one_signed_post_per_assignment_event_for_the_cohorts_robot(robots_app, users, robot_receiver, kind):
    cohort, other = users.cohort("2026 秋季"), users.cohort("2027 春季")
    robot(cohort, robot_receiver, kind)
    for n in range(3):
        learner_with_email(users, cohort, name=f"li{n}", display_name=f"李{n}号")
    learner_with_email(users, other, name="wang")
    assignment(cohort, NOON + timedelta(hours=20))  # due soon
    assignment(other, NOON + timedelta(hours=20))  # another cohort: no robot
    assert send_due(NOON) == {("assignment_due", kind): 1}
    [post] = robot_receiver.received
    assert post.platform == kind and post.verdict == "ok"  # the receiver checked the payload and signature
    text = str(post.body)
    assert "将于" in text and "https://training.example.com/quizzes/basics-check" in text
    assert "李" not in text  # no learner is named in the group
    assert send_due(NOON + timedelta(minutes=15)) == {}  # the next run: nothing new
    assert len(robot_receiver.received) == 1


def test_overdue_goes_once_too_and_the_preview_names_the_robot(robots_app, users, robot_receiver):
    cohort = users.cohort("2026 秋季")
    row = robot(cohort, robot_receiver, "dingtalk")
    learner_with_email(users, cohort, name="li")
    assignment(cohort, NOON - timedelta(hours=3))
    [planned] = preview_due(NOON)
    assert (planned.kind, planned.channel, planned.recipient) == ("assignment_overdue", "dingtalk", f"cohort-robot:{row.id}")
    assert send_due(NOON) == {("assignment_overdue", "dingtalk"): 1}
    [post] = robot_receiver.received
    assert post.verdict == "ok" and "逾期" in str(post.body)


def test_a_refused_post_is_retried_with_backoff_then_sent(robots_app, users, robot_receiver):
    cohort = users.cohort("2026 秋季")
    robot(cohort, robot_receiver, "feishu")
    learner_with_email(users, cohort, name="li")
    assignment(cohort, NOON + timedelta(hours=20))
    robot_receiver.behavior.mode = "errcode"
    assert send_due(NOON) == {}
    [row] = deliveries()
    assert (row.status, row.channel, row.user_id) == ("failed", "feishu", None)
    assert "Feishu" in row.last_error
    robot_receiver.behavior.mode = "ok"
    assert send_due(NOON + timedelta(minutes=1)) == {}  # before its next try
    assert send_due(NOON + timedelta(minutes=6)) == {("assignment_due", "feishu"): 1}
    assert deliveries()[0].status == "sent"


def test_a_disabled_robot_gets_nothing(robots_app, users, robot_receiver):
    cohort = users.cohort("2026 秋季")
    row = robot(cohort, robot_receiver, "wecom")
    row.enabled = False
    db.session.commit()
    learner_with_email(users, cohort, name="li")
    assignment(cohort, NOON + timedelta(hours=20))
    assert send_due(NOON) == {}
    assert robot_receiver.received == []
