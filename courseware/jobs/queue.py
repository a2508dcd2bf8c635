"""The Huey instance made from the settings, once per process, with the tasks registered on it."""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, has_app_context
from huey import Huey, RedisHuey, SqliteHuey

QUEUE_NAME = "courseware"

_lock = threading.Lock()
_queues: dict[tuple[str, str], Queue] = {}
_bound_app: Flask | None = None


@dataclass(frozen=True)
class Queue:
    """A Huey instance and the platform's tasks registered on it (calling a task enqueues it)."""

    huey: Huey
    send_due_reminders: Any
    ping: Any


def build_huey(settings: Mapping[str, Any]) -> Huey:
    """RedisHuey on REDIS_URL when it is set, else SqliteHuey in JOBS_SQLITE_PATH (its folder is made).

    Results are kept only for the ping (Huey never stores a periodic task's result, nor a None): its caller takes
    the result, which removes it. On Redis a finished ping also pushes to a key the caller blocks on (BLPOP), so
    the caller is woken by the answer; on SQLite Huey looks again with a growing interval (at most `max_delay`)."""
    redis_url = settings.get("REDIS_URL") or ""
    if redis_url:
        return RedisHuey(QUEUE_NAME, url=redis_url, results=True, notify_result=True)
    path = Path(settings["JOBS_SQLITE_PATH"])
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(path), results=True)


def queue_for(settings: Mapping[str, Any]) -> Queue:
    """The process's queue for these settings: built on first use (never at import: SQLite makes its file then)."""
    from courseware.jobs import tasks

    key = (settings.get("REDIS_URL") or "", "" if settings.get("REDIS_URL") else str(settings["JOBS_SQLITE_PATH"]))
    with _lock:
        if key not in _queues:
            huey = build_huey(settings)
            _queues[key] = Queue(huey=huey, **tasks.register(huey))
        return _queues[key]


def bind_app(app: Flask) -> None:
    """Run this process's tasks in `app` (the `jobs worker` command binds the app it loaded)."""
    global _bound_app
    _bound_app = app


def _process_app() -> Flask:
    """The app tasks run in: the bound one, else one made with create_app() once per process."""
    global _bound_app
    with _lock:
        if _bound_app is None:
            from courseware import create_app

            _bound_app = create_app()
        return _bound_app


def in_app_context(func: Callable) -> Callable:
    """Run the task inside an app context: the caller's in immediate mode, else a fresh one per task."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        if has_app_context():
            return func(*args, **kwargs)
        with _process_app().app_context():
            try:
                return func(*args, **kwargs)
            finally:
                from courseware.extensions import db

                db.session.remove()

    return run
