"""The delivery protocol: one message per event and recipient under races and crashes, retries with backoff,
given up after the maximum, quiet hours."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from courseware.extensions import db
from courseware.models import Delivery
from courseware.reminders import deliveries
from courseware.reminders.dispatch import preview_due, send_due
from tests.servers.smtp import SMTPServer
from tests.web.notify.helpers import NOON, follow_up, learner_with_email
from tests.web.notify.helpers import deliveries as rows


def _one_due(users):
    learner = learner_with_email(users, users.cohort())
    return learner, follow_up(learner)


def test_two_senders_racing_deliver_one_message(app, users, mail):
    _one_due(users)
    barrier, results, errors = threading.Barrier(2), [], []

    def sender():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                results.append(sum(send_due(NOON).values()))
                db.session.remove()
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and sorted(results) == [0, 1]
    assert len(mail.inbox.wait_for(1)) == 1
    [row] = rows()
    assert (row.status, row.attempts) == ("sent", 1)


def test_a_crashed_senders_claim_is_retried_after_the_lease_and_not_before(app, users, mail):
    learner, record = _one_due(users)
    key = f"follow-up:{record.id}:{record.due_on.isoformat()}"
    # A sender claimed the event and died before sending: its claim's lease ends 10 minutes after it claimed.
    db.session.add(Delivery(kind="follow_up_due", event_key=key, channel="email", recipient_key=f"user:{learner.id}",
                            user_id=learner.id, status="claimed", attempts=1, next_try_at=NOON + deliveries.LEASE,
                            created_at=NOON))
    db.session.commit()
    assert send_due(NOON + timedelta(minutes=5)) == {}  # a fresh claim: another sender may be sending it
    assert mail.inbox.messages == []
    assert send_due(NOON + timedelta(minutes=11)) == {("follow_up_due", "email"): 1}
    assert len(mail.inbox.wait_for(1)) == 1
    [row] = rows()
    assert (row.status, row.attempts) == ("sent", 2)


def test_a_stopped_server_fails_with_backoff_then_delivers_when_back(app, users, mail):
    _one_due(users)
    mail.stop()  # nothing listens on the port now
    mail.stop = lambda: None  # the fixture would stop it again
    assert send_due(NOON) == {}
    [row] = rows()
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.next_try_at == NOON + timedelta(minutes=5) and f"127.0.0.1:{mail.port}" in row.last_error
    back = SMTPServer().start()
    try:
        app.config.update(back.config())
        assert send_due(NOON + timedelta(minutes=4)) == {}  # not yet time to retry
        assert send_due(NOON + timedelta(minutes=6)) == {("follow_up_due", "email"): 1}
        assert len(back.inbox.wait_for(1)) == 1
    finally:
        back.stop()
    [row] = rows()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")


def test_backoff_doubles_and_the_fifth_failure_gives_up(app, users, mail):
    _one_due(users)
    mail.stop()
    mail.stop = lambda: None  # the fixture would stop it again
    now, waits = NOON, []
    for _ in range(deliveries.MAX_ATTEMPTS):
        send_due(now)
        [row] = rows()
        if row.status == "failed":
            waits.append(row.next_try_at - now)
            now = row.next_try_at
    assert waits == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert (row.status, row.attempts, row.next_try_at) == ("given_up", 5, None)
    assert send_due(now + timedelta(days=1)) == {}
    assert rows()[0].attempts == 5  # given up: not tried again


def test_a_retry_no_longer_due_is_given_up(app, users, mail):
    learner, record = _one_due(users)
    mail.stop()
    mail.stop = lambda: None
    send_due(NOON)
    record.self_reported_at = NOON  # the learner reported meanwhile
    db.session.commit()
    send_due(NOON + timedelta(minutes=6))
    [row] = rows()
    assert (row.status, row.last_error) == ("given_up", "no longer due")


def test_the_database_refuses_a_second_row_for_the_same_event(app, users):
    learner = users("learner")
    for _ in range(2):
        db.session.add(Delivery(kind="follow_up_due", event_key="follow-up:1:2026-12-02", channel="email",
                                recipient_key=f"user:{learner.id}", user_id=learner.id, status="claimed"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_quiet_hours_hold_reminders_until_morning(app, users, mail):
    _one_due(users)
    evening = NOON.replace(hour=13, minute=30)  # 21:30 in Shanghai
    assert preview_due(evening) == [] and send_due(evening) == {}
    assert send_due(NOON.replace(hour=23, minute=59)) == {}  # 07:59 the next day
    assert rows() == []
    assert send_due(NOON.replace(hour=0, minute=0) + timedelta(days=1)) == {("follow_up_due", "email"): 1}  # 08:00


def test_quiet_hours_follow_the_settings(app, users, mail):
    _one_due(users)
    app.config.update(QUIET_HOURS_START=11, QUIET_HOURS_END=13)  # noon falls inside
    assert send_due(NOON) == {}
    app.config.update(QUIET_HOURS_START=0, QUIET_HOURS_END=0)  # no quiet hours
    assert send_due(NOON.replace(hour=15)) == {("follow_up_due", "email"): 1}  # 23:00 in Shanghai
