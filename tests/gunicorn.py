"""The app served by gunicorn on a free local port, for the browser and concurrency tests and for
scripts/bench.py and scripts/load.py."""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(env: dict[str, str], *options: str, error_log: Path | None = None, wait: float = 60) -> Iterator[str]:
    """Start `gunicorn wsgi:app` with these extra options, wait until /healthz answers, yield the base URL,
    stop it afterwards. The server's errors go to `error_log` (else to a temporary file, removed afterwards)
    and are raised if it does not come up."""
    log = error_log or Path(tempfile.mkstemp(prefix="courseware-gunicorn-", suffix=".log")[1])
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", *options, "--bind", f"127.0.0.1:{port}",
                                "--error-logfile", str(log), "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log, time.monotonic() + wait)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        if error_log is None:
            log.unlink(missing_ok=True)


def _wait_until_up(base: str, process: subprocess.Popen, log: Path, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"gunicorn did not start:\n{log.read_text() if log.exists() else 'no log'}")
        time.sleep(0.2)
