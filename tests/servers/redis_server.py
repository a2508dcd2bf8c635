"""A throw-away redis-server for the tests (Debian's /usr/bin/redis-server) on a free local port."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.gunicorn import free_port
from tests.servers.processes import terminate

REDIS_SERVER = "/usr/bin/redis-server"


class RedisServer:
    """redis-server in a temporary folder, nothing saved to disk; url() for REDIS_URL, client() to look inside."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="courseware-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None
        self.accepting = False  # it said "Ready to accept connections"

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis.from_url(self.url(db), socket_timeout=5)

    def start(self, wait: float = 20) -> RedisServer:
        """Start it and return once it says it accepts connections (read from its output as it comes); its
        output is kept in redis.log, and shown if it exits or stays silent until the deadline."""
        binary = REDIS_SERVER if Path(REDIS_SERVER).exists() else shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server; scripts/test-env.sh)")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--logfile", ""], cwd=self.dir, stdout=subprocess.PIPE, text=True)
        ready = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(ready,), daemon=True)
        self._reader.start()
        if not (ready.wait(wait) and self.accepting):
            log = self.log.read_text() if self.log.exists() else "no output"
            self.stop()
            raise RuntimeError(f"redis-server did not start:\n{log}")
        return self

    @property
    def log(self) -> Path:
        return self.dir / "redis.log"

    def _read(self, ready: threading.Event) -> None:
        """Copy the server's output to redis.log until it ends; `ready` is set at "Ready to accept connections",
        or at the end of the output (the server exited)."""
        with self.process.stdout as stream, self.log.open("w") as out:
            for line in stream:
                out.write(line)
                out.flush()
                if "Ready to accept connections" in line:
                    self.accepting = True
                    ready.set()
        ready.set()

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process, grace=10)
        if self._reader is not None:
            self._reader.join(10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One redis-server per test session (per xdist worker); tests flush what they use."""
    server = RedisServer().start()
    yield server
    server.stop()
