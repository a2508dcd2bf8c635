"""The account page's reminder choices (honored by the sender) and the admin's failed-deliveries page."""
from __future__ import annotations

from datetime import timedelta

import pytest

from courseware.extensions import db
from courseware.reminders.dispatch import send_due
from tests.web.notify.helpers import NOON, assignment, deliveries, follow_up, learner_with_email, read_module


def test_turned_off_reminders_are_not_sent_and_required_ones_are(app, users, auth, client, mail):
    cohort = users.cohort()
    learner = learner_with_email(users, cohort, "li")
    auth.login("li")
    page = client.get("/account/reminders").get_data(as_text=True)
    assert "作业将在 48 小时内到期" in page and "跟进到期（30、60 或 90 天）" in page  # optional, then always sent
    assert client.post("/account/reminders", data={"wanted": ["weekly_digest"]}).status_code == 302
    db.session.refresh(learner)
    assert set(learner.reminders_off.split(",")) == {"assignment_due", "survey_pending", "monthly_summary"}
    assignment(cohort, NOON + timedelta(hours=24))  # due soon: turned off
    read_module(app, learner)  # survey pending: turned off
    follow_up(learner)  # required: sent anyway
    assert send_due(NOON) == {("follow_up_due", "email"): 1}
    client.post("/account/reminders", data={"wanted": ["assignment_due", "survey_pending"]})
    assert send_due(NOON + timedelta(minutes=15)) == {("assignment_due", "email"): 1, ("survey_pending", "email"): 1}


def test_an_unknown_choice_is_refused_and_changes_nothing(app, users, auth, client):
    learner = users("learner", username="li")
    auth.login("li")
    response = client.post("/account/reminders", data={"wanted": ["assignment_overdue"]})
    assert response.status_code == 400
    db.session.refresh(learner)
    assert learner.reminders_off == ""


def test_the_account_page_links_to_the_reminder_choices(app, users, auth, client):
    users("learner", username="li")
    auth.login("li")
    assert 'href="/account/reminders"' in client.get("/account/password").get_data(as_text=True)


def _failed_delivery(app, users, mail):
    learner = learner_with_email(users, users.cohort(), "li", display_name="<b>Li</b>")
    follow_up(learner)
    mail.stop()
    mail.stop = lambda: None  # the fixture would stop it again
    send_due(NOON)
    [row] = deliveries()
    return row


def test_admin_lists_failures_and_retries_one(app, users, auth, client, mail, smtp_server_factory):
    row = _failed_delivery(app, users, mail)
    users("admin", username="boss")
    auth.login("boss")
    home = client.get("/admin/home").get_data(as_text=True)
    assert "1 条提醒发送失败" in home and 'href="/admin/reminders"' in home
    page = client.get("/admin/reminders").get_data(as_text=True)
    assert "&lt;b&gt;Li&lt;/b&gt;" in page and f"127.0.0.1:{mail.port}" in page  # escaped name, the last error
    back = smtp_server_factory()
    app.config.update(back.config())
    response = client.post(f"/admin/reminders/{row.id}/retry", follow_redirects=True)
    assert response.status_code == 200
    assert len(back.inbox.wait_for(1)) == 1
    assert deliveries()[0].status == "sent"
    assert "没有发送失败的提醒。" in client.get("/admin/reminders").get_data(as_text=True)
    assert "没有发送失败的提醒" in client.get("/admin/home").get_data(as_text=True)


def test_retry_all_gives_given_up_deliveries_one_more_try(app, users, auth, client, mail, smtp_server_factory):
    row = _failed_delivery(app, users, mail)
    row.status, row.attempts, row.next_try_at = "given_up", 5, None
    db.session.commit()
    users("admin", username="boss")
    auth.login("boss")
    back = smtp_server_factory()
    app.config.update(back.config())
    client.post("/admin/reminders/retry-all")
    assert len(back.inbox.wait_for(1)) == 1
    assert deliveries()[0].status == "sent"


@pytest.mark.parametrize("role", ["learner", "trainer", "hr"])
def test_only_admins_see_or_retry_failures(app, users, auth, client, mail, role):
    row = _failed_delivery(app, users, mail)
    users(role, username="someone")
    auth.login("someone")
    assert client.get("/admin/reminders").status_code in (403, 404)
    assert client.post(f"/admin/reminders/{row.id}/retry").status_code in (403, 404)
    assert client.post("/admin/reminders/retry-all").status_code in (403, 404)
    assert deliveries()[0].status == "failed" and deliveries()[0].attempts == 1
