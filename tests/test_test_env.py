"""scripts/test-env.sh, the set-up `make test` runs first: without root it names what is missing and stops."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "test-env.sh"


def run_unprivileged(needs: str) -> subprocess.CompletedProcess:
    """The script as a user who cannot install: the current one, or `nobody` when the tests run as root. As
    `nobody` it runs from a copy in a folder anyone may read: the clone may sit in a folder only root can enter."""
    env = {**os.environ, "COURSEWARE_TEST_NEEDS": needs}
    if os.geteuid() != 0:
        return subprocess.run([str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        copy = Path(folder) / SCRIPT.name
        shutil.copy(SCRIPT, copy)
        os.chmod(copy, 0o755)
        return subprocess.run(["runuser", "-u", "nobody", "--", str(copy)], cwd=folder, env=env, capture_output=True,
                              text=True, timeout=60)


def test_without_root_names_the_missing_packages_and_the_apt_get_line_and_fails():
    needs = "/nonexistent/bin/initdb fake-postgresql\nno-such-command-here fake-tools\nsh dash\n/nonexistent/bin/pg_ctl fake-postgresql"
    result = run_unprivileged(needs)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "The tests need what this machine lacks:",
        "  /nonexistent/bin/initdb (Debian package fake-postgresql)",
        "  no-such-command-here (Debian package fake-tools)",
        "  /nonexistent/bin/pg_ctl (Debian package fake-postgresql)",
        "Install it as root, then run make test again:",
        "  apt-get update && apt-get install -y fake-postgresql fake-tools",
    ]


def test_with_everything_present_it_is_silent():
    result = run_unprivileged("sh dash\n/bin/sh dash")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_make_test_stops_on_the_message_before_pytest():
    env = {**os.environ, "COURSEWARE_TEST_NEEDS": "/nonexistent/bin/chromium fake-chromium"}
    command = ["make", "-s", "test", "PYTEST_ARGS=--collect-only"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "nobody", "--", *command]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "  apt-get update && apt-get install -y fake-chromium" in result.stderr
    assert "test session starts" not in result.stdout  # pytest never started
