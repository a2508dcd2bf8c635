"""The job queue end to end on SQLite storage: tasks run in an app context, `flask jobs worker` runs ping jobs and
stops cleanly on SIGTERM, `flask jobs ping` says when no consumer answers."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import time_machine
from sqlalchemy import select

from courseware.extensions import db
from courseware.jobs.queue import queue_for
from courseware.models import JobPing
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT
from tests.web.notify.helpers import NOON, follow_up, learner_with_email


@pytest.fixture
def queue_app(make_extra_app, tmp_path):
    """The test app with its own queue file."""
    return make_extra_app(JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite"))


def run_command(app, *args: str):
    """A `flask` command of `app` (its own app context: the test's would otherwise be used)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def immediate(queue_app):
    """The app's queue in Huey's immediate mode: a task runs when it is called, in the caller's process."""
    queue = queue_for(queue_app.config)
    queue.huey.immediate = True
    yield queue
    queue.huey.immediate = False


def test_a_ping_job_records_which_process_ran_it_and_answers_its_name(app, immediate):
    worker = immediate.ping("token-1").get()
    rows = db.session.scalars(select(JobPing)).all()
    assert [(row.token, row.worker) for row in rows] == [("token-1", worker)]
    assert worker.rsplit(":", 1)[1] == str(os.getpid())
    second = immediate.ping("token-2")
    assert immediate.huey.result_count() == 1  # the answer waits for its caller
    assert second.get() == worker
    assert immediate.huey.result_count() == 0  # and is gone once taken: nothing piles up


def test_the_periodic_task_sends_the_reminders_due(app, users, immediate, smtp_server):
    app.config.update(smtp_server.config(), PUBLIC_URL="https://training.example.com")
    learner = learner_with_email(users, users.cohort())
    follow_up(learner)
    with time_machine.travel(NOON, tick=False):
        immediate.send_due_reminders()
        immediate.send_due_reminders()  # the next quarter hour: nothing new
    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"].addresses[0].addr_spec == learner.email
    assert "https://training.example.com/" in message.get_body(("plain",)).get_content()


def worker_env(database_url: str, jobs_path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "JOBS_SQLITE_PATH": str(jobs_path), "REDIS_URL": "",
            "CONTENT_DIR": str(FIXTURE_CONTENT), "QUIZ_DIR": str(FIXTURE_QUIZZES), "QUIZ_POOL_RULES": "{}",
            "SECRET_KEY": "k" * 64}


def test_the_worker_runs_jobs_and_stops_cleanly_on_sigterm(queue_app, database_url, tmp_path):
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--workers", "1"],
                                  cwd=ROOT, env=worker_env(database_url, queue_app.config["JOBS_SQLITE_PATH"]),
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        result = run_command(queue_app, "jobs", "ping", "--timeout", "60")
        assert result.exit_code == 0, result.output + log.read_text()
        assert f":{worker.pid} ran the ping" in result.output
        worker.send_signal(signal.SIGTERM)  # what systemd and the Makefile send
        assert worker.wait(timeout=30) == 0, log.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    text = log.read_text()
    assert "Received SIGTERM" in text and "Consumer exiting." in text and "Traceback" not in text


def test_ping_says_when_no_consumer_answers(queue_app):
    result = run_command(queue_app, "jobs", "ping", "--timeout", "0.5")
    assert result.exit_code == 1
    assert "No consumer ran the ping within 0.5 s" in result.output and "Traceback" not in result.output


def test_ping_says_when_the_consumer_fails_the_job(make_extra_app, tmp_path):
    # A consumer on a database without the job_pings table: it takes the ping, and its failure is the answer.
    empty = make_extra_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite'}",
                           JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite"))
    queue = queue_for(empty.config)
    queue.huey.immediate = True
    try:
        result = run_command(empty, "jobs", "ping", "--timeout", "5")
    finally:
        queue.huey.immediate = False
    assert result.exit_code == 1
    assert "A consumer took the ping but failed:" in result.output and "job_pings" in result.output
    assert "Traceback" not in result.output


def test_ping_names_an_unreachable_redis(make_extra_app):
    from tests.gunicorn import free_port

    down = make_extra_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    result = run_command(down, "jobs", "ping", "--timeout", "1")
    assert result.exit_code == 1
    assert "The queue at REDIS_URL cannot be reached:" in result.output and "Traceback" not in result.output


def test_a_bad_worker_count_is_refused_with_its_option_named(queue_app):
    result = run_command(queue_app, "jobs", "worker", "--workers", "0")
    assert result.exit_code == 2
    assert "--workers" in result.output and "Traceback" not in result.output


def test_an_app_with_redis_url_counts_login_limits_there(make_extra_app):
    from limits.storage import MemoryStorage, RedisStorage

    from courseware.extensions import limiter

    shared = make_extra_app(REDIS_URL="redis://127.0.0.1:6399/2", RATELIMIT_ENABLED=True)
    assert shared.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6399/2"
    assert isinstance(limiter.storage, RedisStorage)  # the limiter is bound to the last app made
    alone = make_extra_app(RATELIMIT_ENABLED=True)
    assert alone.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert isinstance(limiter.storage, MemoryStorage)


@pytest.fixture
def forget_dead_storage():
    """The limiter is one object for every app of the test process, and remembers that its storage was down
    (its init_app does not reset that); later apps must start with their own storage alive."""
    from courseware.extensions import limiter

    yield
    limiter._storage_dead = False


def test_with_redis_down_logins_are_answered_and_limited_per_process(make_extra_app, users, forget_dead_storage):
    from tests.gunicorn import free_port

    users(username="zoe")
    down = make_extra_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", RATELIMIT_ENABLED=True)  # nothing listens
    client = down.test_client()
    statuses = [client.post("/login", data={"username": "zoe", "password": "wrong"}).status_code for _ in range(11)]
    assert statuses == [401] * 10 + [429]  # counted in this process's memory until Redis is back
