"""More than one machine: two gunicorn app servers on two ports and two job consumers, sharing one PostgreSQL and
one Redis (REDIS_URL). Login limits, sessions and the job queue hold across them."""
from __future__ import annotations

import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from courseware.extensions import db
from courseware.jobs.queue import queue_for
from courseware.models import FollowUp, JobPing, User
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, make_app
from tests.gunicorn import serve
from tests.multi.cluster import Browser, Consumer, Lines
from tests.servers.smtp import SMTPServer

PASSWORD = "correct-horse"
ACCOUNT_LIMIT = 10  # failed logins a minute per account (courseware/auth/views.py)
ADDRESS_LIMIT = 30  # failed logins a minute per address
OFFICE = ("cy", "dee", "eve", "fay")  # four accounts behind one office address


@dataclass
class Cluster:
    """Servers A and B, two consumers (and their output lines), the settings they share and an app on their
    database."""

    a: str
    b: str
    consumers: list[Consumer]
    output: Lines
    env: dict[str, str]
    setup: Flask
    smtp: SMTPServer


@pytest.fixture(scope="module")
def cluster(postgres, redis_server, tmp_path_factory):
    """Servers A and B (gunicorn) and two `flask jobs worker` consumers on one database and one Redis; all four
    boot at the same time."""
    url = postgres.create_database("courseware_multi")
    setup = make_app(url)
    with setup.app_context():
        upgrade()
        for name in ("ann", "bob", *OFFICE):
            user = User(username=name, display_name=f"{name.title()} Learner", role="learner")
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
    redis_server.client().flushdb()
    smtp = SMTPServer().start()
    mail = {key: str(value) for key, value in smtp.config().items()}
    env = {**os.environ, **mail, "PUBLIC_URL": "https://training.example.com", "QUIET_HOURS_START": "0",
           "QUIET_HOURS_END": "0", "DATABASE_URL": url, "REDIS_URL": redis_server.url(), "SECRET_KEY": secrets.token_hex(32),
           "CONTENT_DIR": str(FIXTURE_CONTENT), "QUIZ_DIR": str(FIXTURE_QUIZZES), "QUIZ_POOL_RULES": "{}",
           "RATELIMIT_ENABLED": "1", "RATELIMIT_STORAGE_URI": "", "PROXY_COUNT": "1"}
    logs, output = tmp_path_factory.mktemp("consumers"), Lines()
    consumers = [Consumer(env, logs / f"consumer-{n}.log", output) for n in (1, 2)]
    with ExitStack() as servers, ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda _: servers.enter_context(serve(env, "--workers", "1")), range(2))
        yield Cluster(a, b, consumers, output, env, setup, smtp)
    for consumer in consumers:
        consumer.stop()
    smtp.stop()
    with setup.app_context():
        db.session.remove()
        db.engine.dispose()


def test_failed_logins_spread_over_both_servers_reach_the_limit(cluster, redis_server):
    a, b = cluster.a, cluster.b
    browser = Browser()
    # Half the failures on each server: either alone has seen 5, under its limit of 10, if it counted for itself.
    statuses = [browser.log_in(a if n % 2 else b, "bob", "wrong") for n in range(ACCOUNT_LIMIT)]
    assert statuses == [401] * ACCOUNT_LIMIT
    assert browser.log_in(a, "bob", "wrong") == 429
    assert browser.log_in(b, "bob", PASSWORD) == 429  # the account is locked for a minute on every server
    assert any(b"user:bob" in key for key in redis_server.client().keys("LIMITS:*"))


def test_failed_logins_from_one_address_over_both_servers_reach_its_limit(cluster):
    a, b = cluster.a, cluster.b
    # Behind the load balancer (PROXY_COUNT=1) the address is the visitor's, from X-Forwarded-For.
    office = Browser(headers={"X-Forwarded-For": "203.0.113.7"})
    statuses = [office.log_in(a if n % 2 else b, OFFICE[n % 4], "wrong") for n in range(ADDRESS_LIMIT)]
    assert statuses == [401] * ADDRESS_LIMIT  # 7 or 8 per account: no account limit reached
    assert office.log_in(a, "ann", PASSWORD) == 429 and office.log_in(b, "ann", PASSWORD) == 429
    assert Browser(headers={"X-Forwarded-For": "198.51.100.2"}).log_in(b, "cy", PASSWORD) == 200


def test_a_session_works_on_either_server_and_logout_ends_it_on_both(cluster):
    a, b = cluster.a, cluster.b
    browser = Browser()
    assert browser.log_in(a, "ann", PASSWORD) == 200
    status, url, page = browser.open(b + "/")
    assert (status, url) == (200, b + "/") and "Ann Learner" in page
    kept = browser.copy()  # the cookie as it was before logging out
    status, url, _ = browser.open(b + "/logout", {"csrf_token": browser.token(b + "/")})
    assert url.startswith(b + "/login")
    for base in (a, b):
        status, url, page = kept.open(base + "/")
        assert url.startswith(base + "/login") and "Ann Learner" not in page


def pings_run(setup: Flask, tokens: list[str]) -> list[JobPing]:
    """The recorded runs of the pings `tokens`."""
    with setup.app_context():
        rows = db.session.scalars(select(JobPing).where(JobPing.token.in_(tokens))).all()
        db.session.remove()
        return rows


def due_follow_ups(setup: Flask, count: int) -> list[str]:
    """Learners with an e-mail address whose 30-day follow-up was due yesterday; their addresses."""
    with setup.app_context():
        yesterday = datetime.now(UTC).date() - timedelta(days=1)
        addresses = [f"learner{n}@example.com" for n in range(count)]
        for n, address in enumerate(addresses):
            user = User(username=f"due{n}", display_name=f"Due {n}", role="learner", email=address)
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.flush()
            db.session.add(FollowUp(user_id=user.id, day=30, due_on=yesterday))
        db.session.commit()
        db.session.remove()
    return addresses


def test_two_consumers_share_one_queue_and_run_each_job_once(cluster, tmp_path):
    queue = queue_for({"REDIS_URL": cluster.env["REDIS_URL"], "JOBS_SQLITE_PATH": str(tmp_path / "unused.sqlite")})
    # Redis hands each job to the consumer waiting longest: one ping at a time, both soon take one. Each wait is
    # woken by the ping's answer (Huey's result notification, a BLPOP), not by looking again.
    seen = [queue.ping(secrets.token_hex(8)).get(blocking=True, timeout=60) for _ in range(2)]
    for _ in range(20):
        if len(set(seen)) == 2:
            break
        seen.append(queue.ping(secrets.token_hex(8)).get(blocking=True, timeout=60))
    assert {worker.rsplit(":", 1)[1] for worker in seen} == {str(c.pid) for c in cluster.consumers}

    tokens = [secrets.token_hex(8) for _ in range(30)]
    pending = [queue.ping(token) for token in tokens]  # all 30 queued before any answer is awaited
    workers = [result.get(blocking=True, timeout=60) for result in pending]
    rows = pings_run(cluster.setup, tokens)
    assert sorted(row.token for row in rows) == sorted(tokens)  # every job ran, and ran once
    assert sorted(row.worker for row in rows) == sorted(workers)  # by the consumer that answered it
    assert len(queue.huey) == 0 and queue.huey.result_count() == 0  # nothing left queued, no answer left over

    # Reminders: due work for three learners, the reminders task enqueued twice at once; both consumers run it,
    # and each reminder arrives once (the Delivery row's unique key, not a queue lock).
    learners = due_follow_ups(cluster.setup, 3)
    before = len(cluster.output.matching("reminders: "))
    queue.send_due_reminders()
    queue.send_due_reminders()
    messages = cluster.smtp.inbox.wait_for(3, timeout=60)
    cluster.output.wait_for("reminders: ", before + 2, timeout=60)  # both runs are over
    assert len(cluster.smtp.inbox.messages) == 3  # nothing more arrived
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == sorted(learners)
    assert [consumer.stop() for consumer in cluster.consumers] == [0, 0]  # SIGTERM: both stop cleanly
