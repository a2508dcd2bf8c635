"""The job queue made from the settings: SQLite in instance/ by default, Redis with REDIS_URL; reminders every
15 minutes; the login limits' storage follows REDIS_URL."""
from __future__ import annotations

import os
from datetime import datetime

import pytest
from huey import RedisHuey, SqliteHuey

from courseware import limiter_storage
from courseware.config import PROJECT_ROOT, Config
from courseware.jobs.queue import build_huey, queue_for
from courseware.jobs.tasks import REMINDER_SCHEDULE


def test_the_default_queue_is_a_sqlite_file_in_instance():
    if "JOBS_SQLITE_PATH" in os.environ or "REDIS_URL" in os.environ:
        pytest.skip("JOBS_SQLITE_PATH or REDIS_URL is set in this environment")
    assert (Config.REDIS_URL, Config.JOBS_SQLITE_PATH) == ("", str(PROJECT_ROOT / "instance" / "jobs.sqlite"))


def test_without_redis_the_queue_is_sqlite_in_its_file(tmp_path):
    path = tmp_path / "instance" / "jobs.sqlite"
    huey = build_huey({"REDIS_URL": "", "JOBS_SQLITE_PATH": str(path)})
    assert isinstance(huey, SqliteHuey)
    assert path.exists()  # the folder was made and the tables created


def test_with_redis_url_the_queue_is_redis_there(tmp_path):
    huey = build_huey({"REDIS_URL": "redis://127.0.0.1:6399/3", "JOBS_SQLITE_PATH": str(tmp_path / "unused.sqlite")})
    assert isinstance(huey, RedisHuey)
    assert not (tmp_path / "unused.sqlite").exists()
    params = huey.storage.pool.connection_kwargs
    assert (params["host"], params["port"], params["db"]) == ("127.0.0.1", 6399, 3)


def test_one_queue_per_process_and_settings(tmp_path):
    settings = {"REDIS_URL": "", "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite")}
    assert queue_for(settings) is queue_for(dict(settings))
    assert queue_for({**settings, "JOBS_SQLITE_PATH": str(tmp_path / "other.sqlite")}) is not queue_for(settings)


@pytest.mark.parametrize("minute,due", [(0, True), (15, True), (30, True), (45, True), (7, False), (59, False)])
def test_reminders_run_on_the_quarter_hour(tmp_path, minute, due):
    assert REMINDER_SCHEDULE(datetime(2026, 12, 3, 9, minute)) is due
    queue = queue_for({"REDIS_URL": "", "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite")})
    periodic = [task.name for task in queue.huey.read_periodic(datetime(2026, 12, 3, 9, minute))]
    assert periodic == (["send_due_reminders"] if due else [])


@pytest.mark.parametrize("settings,storage", [
    ({}, "memory://"),
    ({"REDIS_URL": "redis://10.0.0.5:6379/0"}, "redis://10.0.0.5:6379/0"),
    ({"REDIS_URL": "redis://10.0.0.5:6379/0", "RATELIMIT_STORAGE_URI": "memcached://10.0.0.6:11211"},
     "memcached://10.0.0.6:11211"),
])
def test_login_limits_count_in_redis_when_it_is_set(settings, storage):
    assert limiter_storage({"RATELIMIT_STORAGE_URI": "", "REDIS_URL": "", **settings}) == storage
