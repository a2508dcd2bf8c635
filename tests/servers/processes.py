"""Ending a child process the tests started."""
from __future__ import annotations

import subprocess


def terminate(process: subprocess.Popen, grace: float) -> int:
    """SIGTERM, then its exit code; killed if it has not stopped within `grace` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
