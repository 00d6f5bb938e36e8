"""Cold start of `chainkg match "…"`: wall time of a fresh process, beside `python -c pass`.

Run: python benchmarks/bench_match_cli.py [--runs 7]

Each run is a new interpreter (`python -m chainkg match TEXT`), so imports, loading the data and
building the match index are all counted; medians of --runs runs, the first run reported apart
(coldest page cache).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEXT = "重庆某某科技有限公司，主营磷酸铁锂电芯及电池包PACK；一般项目：技术开发；货物进出口"


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=REPO, env=env)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "chainkg --help": [sys.executable, "-m", "chainkg", "--help"],
        "chainkg match TEXT": [sys.executable, "-m", "chainkg", "match", TEXT],
        "chainkg match TEXT --json": [sys.executable, "-m", "chainkg", "match", TEXT, "--json"],
    }
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {args.runs} runs each")
    base = None
    for name, cmd in cases.items():
        times = [wall(cmd, env) for _ in range(args.runs)]
        med = statistics.median(times[1:] if len(times) > 1 else times)
        base = med if base is None else base
        extra = "" if med is base else f"  (+{(med - base) * 1000:.0f} ms over python -c pass)"
        print(f"{name:28s} first {times[0] * 1000:6.0f} ms, median {med * 1000:6.0f} ms{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
