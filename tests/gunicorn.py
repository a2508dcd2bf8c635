"""The app served by gunicorn on a free local port, for the browser and concurrency tests and for
scripts/bench.py and scripts/load.py."""
from __future__ import annotations

import signal
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
    and are raised if it does not come up.

    The app is loaded once, before the workers are forked (`--preload`, as docs/deployment.md runs it), and the
    server stops at once when the caller is done (SIGQUIT, no graceful wait: no request is left to finish).

    The listening socket is made here and handed to gunicorn (`fd://`): it exists before gunicorn starts, so no
    other process can take the port, and a request sent early waits in its queue until a worker answers. No control
    socket: servers started side by side (other tests, other checkouts) would share its one path."""
    log = error_log or Path(tempfile.mkstemp(prefix="courseware-gunicorn-", suffix=".log")[1])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--preload", "--graceful-timeout", "0", *options,
                                "--no-control-socket", "--bind", f"fd://{listener.fileno()}", "--error-logfile", str(log),
                                "wsgi:app"], cwd=ROOT, env=env, pass_fds=(listener.fileno(),))
    try:
        _wait_until_up(base, process, log, time.monotonic() + wait)
        yield base
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=30)
        listener.close()
        if error_log is None:
            log.unlink(missing_ok=True)


def _wait_until_up(base: str, process: subprocess.Popen, log: Path, deadline: float) -> None:
    """Block on /healthz until it answers 200. The request waits in the socket's queue while gunicorn boots;
    each try is bounded so that an early exit of the process is seen, and an unhealthy answer (503) is retried
    after waiting up to 0.2 s for the process to exit."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"gunicorn did not start:\n{log.read_text() if log.exists() else 'no log'}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=min(2.0, left)) as response:
                if response.status == 200:
                    return
        except TimeoutError:
            continue  # still booting: the request was queued; check the process and try again
        except OSError:
            pass
        try:
            process.wait(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            pass
