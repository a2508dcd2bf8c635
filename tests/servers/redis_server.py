"""A throw-away redis-server for the tests (Debian's /usr/bin/redis-server) on a free local port."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.gunicorn import free_port

REDIS_SERVER = "/usr/bin/redis-server"


class RedisServer:
    """redis-server in a temporary folder, nothing saved to disk; url() for REDIS_URL, client() to look inside."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="courseware-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis.from_url(self.url(db), socket_timeout=5)

    def start(self, wait: float = 20) -> RedisServer:
        binary = REDIS_SERVER if Path(REDIS_SERVER).exists() else shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server; scripts/test-env.sh)")
        log = self.dir / "redis.log"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--logfile", str(log)], cwd=self.dir)
        deadline = time.monotonic() + wait
        while True:
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start:\n{log.read_text() if log.exists() else 'no log'}")
            try:
                self.process.wait(timeout=0.1)  # a bounded wait that also notices an early exit
            except subprocess.TimeoutExpired:
                pass

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One redis-server per test session (per xdist worker); tests flush what they use."""
    server = RedisServer().start()
    yield server
    server.stop()
