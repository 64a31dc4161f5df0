"""Every benchmark runs, at a tiny size (BENCH_SMOKE=1), so that none breaks unnoticed when the
schema or the app changes: the inspections benchmark once failed on a new NOT NULL column of
findings, and nothing said so. Nothing here looks at the numbers."""

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import IS_POSTGRES

ROOT = Path(__file__).resolve().parent.parent
SUITES = ["foundation", "checklists", "inspections", "reports", "trends", "load"]


def test_every_benchmark_runs_at_a_tiny_size() -> None:
    env = {**os.environ, "BENCH_SMOKE": "1"}
    if not IS_POSTGRES:  # the load test and the PostgreSQL half of the trends need a server
        env.pop("INSPECTIE_TEST_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "Smoke run (BENCH_SMOKE=1)" in out
    assert re.findall(r"^## (\w+)$", out, re.M) == SUITES
    # The benchmarks that count back what the server accepted found nothing lost or doubled.
    assert "| Counted afterwards: lost · duplicated · stored content not the last accepted " \
           "| 0 · 0 · 0 |" in out  # fmt: skip
    if IS_POSTGRES:
        assert "lost · duplicated · revision not the last returned · content not the last " \
               "accepted | 0 · 0 · 0 · 0 |" in out  # fmt: skip
        assert "### postgresql, " in out  # the trends on PostgreSQL too
    else:
        assert "Not run: needs PostgreSQL" in out
