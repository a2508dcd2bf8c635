"""Ping jobs: a consumer records each one it runs, so a caller sees that consumers work, and which one."""
from __future__ import annotations

import os
import socket

from courseware.extensions import db
from courseware.models.job import JobPing


def worker_name() -> str:
    """This process, as host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def record(token: str) -> str:
    """Store that this process ran the ping `token`; this process's name."""
    worker = worker_name()
    db.session.add(JobPing(token=token, worker=worker))
    db.session.commit()
    return worker

