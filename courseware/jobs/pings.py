"""Ping jobs: a consumer records each one it runs, so a caller sees that consumers work, and which one."""
from __future__ import annotations

import os
import socket

from sqlalchemy import select

from courseware.extensions import db
from courseware.models.job import JobPing


def worker_name() -> str:
    """This process, as host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def record(token: str) -> None:
    """Store that this process ran the ping `token`."""
    db.session.add(JobPing(token=token, worker=worker_name()))
    db.session.commit()


def answers(token: str) -> list[JobPing]:
    """The runs of the ping `token` (one, once a consumer took it)."""
    return list(db.session.scalars(select(JobPing).where(JobPing.token == token).order_by(JobPing.id)))
