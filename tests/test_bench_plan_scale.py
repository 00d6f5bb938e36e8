"""The national-scale planning benchmark still runs (at a small size, so the default suite stays quick)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_benchmark_runs_and_prints_every_figure():
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_plan_scale.py"), "--districts", "60", "--parks", "200",
         "--runs", "1"],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("input: 60 districts, 200 parks")
    for label in ("build", "overlaps", "gaps", "collab", "report"):
        assert any(re.match(rf"{label}\b.* \d+\.\d\d s", line) for line in lines), (label, out.stdout)
