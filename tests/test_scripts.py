"""The benchmark and the load test still run: each is started as the README documents it, on a few
learners for a short time, and its output is checked (the figures themselves are reported, not tested)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tests.conftest import ROOT


def run_script(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """Run a script with its own temporary folder, and check that it leaves nothing in it."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "TMPDIR": str(scratch)})
    assert not list(scratch.iterdir()), f"{args[0]} left {[path.name for path in scratch.iterdir()]}"
    return result


def test_benchmark_measures_every_route_at_both_sizes(tmp_path):
    out = tmp_path / "bench.json"
    result = run_script(tmp_path, "scripts/bench.py", "--sizes", "20,40", "--seconds", "0.5", "--concurrency", "2", "--json", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads(out.read_text())
    names = ["bare route", "bare, logged in", "dashboard", "module page", "quiz answer-and-submit", "HR report"]
    for size in ("20", "40"):
        rows = {row["name"]: row for row in results[size]}
        assert list(rows) == names
        assert all(row["errors"] == 0 and row["requests"] > 0 for row in rows.values()), rows
        assert rows["bare route"]["queries"] == 0 and rows["bare, logged in"]["queries"] == 1  # the user, nothing else
        assert rows["bare route"]["vs_bare"] == 1
    assert results["20"][-1]["queries"] == results["40"][-1]["queries"]  # the report's queries do not grow
    assert re.search(r"HR report: \d+ ms at 40 / \d+ ms at 20 = \d+\.\d\d; queries (\d+) and \1", result.stdout)


def test_load_test_runs_without_errors(tmp_path):
    result = run_script(tmp_path, "scripts/load.py", "--learners", "8", "--seconds", "3", "--workers", "2", "--database", "sqlite")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "errors: 0" in result.stdout
    for name in ("dashboard", "section", "quiz answer-and-submit"):
        assert re.search(rf"{name} +n= +[1-9]\d* +median +\d+ ms +p95 +\d+ ms", result.stdout), result.stdout
