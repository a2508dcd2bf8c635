"""`flask reminders preview` lists and changes nothing; `flask reminders send` delivers and counts, once."""
from __future__ import annotations

from datetime import timedelta

import time_machine

from courseware.reminders.dispatch import preview_due
from tests.web.notify.helpers import NOON, assignment, deliveries, follow_up, learner_with_email


def _due_work(users):
    cohort = users.cohort()
    zh, en = learner_with_email(users, cohort, "zh"), learner_with_email(users, cohort, "en", locale="en")
    follow_up(zh)
    follow_up(en)
    assignment(cohort, NOON - timedelta(days=1))


def test_preview_lists_and_sends_and_writes_nothing(app, users, runner, mail):
    _due_work(users)
    with time_machine.travel(NOON, tick=False):
        result = runner.invoke(args=["reminders", "preview"])
    assert result.exit_code == 0, result.output
    assert "follow_up_due\temail" in result.output and "您的第 30 天跟进已到期" in result.output
    assert "Overdue: Basics check" in result.output
    assert "4 message(s) would be sent." in result.output
    assert deliveries() == [] and mail.inbox.messages == []
    assert len(preview_due(NOON)) == 4


def test_send_counts_per_kind_and_channel_and_a_second_run_sends_nothing(app, users, runner, mail):
    _due_work(users)
    with time_machine.travel(NOON, tick=False):
        first = runner.invoke(args=["reminders", "send"])
        second = runner.invoke(args=["reminders", "send"])
    assert first.exit_code == 0, first.output
    assert "assignment_overdue\temail\t2" in first.output and "follow_up_due\temail\t2" in first.output
    assert "4 message(s) sent." in first.output
    assert len(mail.inbox.wait_for(4)) == 4
    assert second.exit_code == 0 and "0 message(s) sent." in second.output
    assert len(mail.inbox.messages) == 4
    with time_machine.travel(NOON, tick=False):
        assert "0 message(s) would be sent." in runner.invoke(args=["reminders", "preview"]).output


NO_CHANNEL = ("No channel is configured: set MAIL_SERVER (and MAIL_PORT) for e-mail, or add a cohort's group robot "
              "on the admin pages.")


def test_send_without_any_channel_says_so_and_fails(app, users, runner):
    _due_work(users)
    app.config["MAIL_SERVER"] = ""
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [NO_CHANNEL]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert deliveries() == []
    preview = runner.invoke(args=["reminders", "preview"])
    assert preview.exit_code == 0 and NO_CHANNEL in preview.output


def test_in_the_quiet_hours_the_commands_say_so(app, users, runner, mail):
    _due_work(users)
    with time_machine.travel(NOON.replace(hour=15), tick=False):  # 23:00 in Shanghai
        for command in ("preview", "send"):
            result = runner.invoke(args=["reminders", command])
            assert result.exit_code == 0 and result.output.startswith("Quiet hours (21:00 to 8:00, Asia/Shanghai)")
            assert "--ignore-quiet-hours" in result.output
    assert deliveries() == [] and mail.inbox.messages == []


def test_a_person_can_send_in_the_quiet_hours_on_purpose(app, users, runner, mail):
    _due_work(users)
    with time_machine.travel(NOON.replace(hour=15), tick=False):  # 23:00 in Shanghai
        assert "4 message(s) would be sent." in runner.invoke(args=["reminders", "preview", "--ignore-quiet-hours"]).output
        first = runner.invoke(args=["reminders", "send", "--ignore-quiet-hours"])
        second = runner.invoke(args=["reminders", "send", "--ignore-quiet-hours"])
    assert "4 message(s) sent." in first.output and "0 message(s) sent." in second.output
    assert len(mail.inbox.wait_for(4)) == 4


def test_failed_deliveries_are_reported_on_stderr(app, users, runner, mail):
    _due_work(users)
    mail.stop()
    mail.stop = lambda: None  # the fixture would stop it again
    with time_machine.travel(NOON, tick=False):
        result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0
    assert "0 message(s) sent." in result.output and "4 delivery(ies) failed" in result.output
    assert {row.status for row in deliveries()} == {"failed"}
