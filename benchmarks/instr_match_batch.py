"""Instructions per profile of batch matching, counted by valgrind (callgrind): a figure that does not
drift with the machine's load, for comparing two versions of the matcher.

Run: python benchmarks/instr_match_batch.py [--n 6000]     (needs valgrind: apt-get install valgrind)

For the pure modules (CHAINKG_PURE=1) and the compiled twin (when built), a child process builds the
index, generates ``--n`` profiles as bench_match_batch.py does, matches them once to warm the per-process
memos (ranking plans, reason strings), and then either stops or matches them again in one process
(``workers=1``: the work, without the fork and pipes; 6,000 profiles by default, so that the batch
is long enough for a tuned automaton, see queries.match.TUNE_MIN). The difference of the two instruction counts,
divided by ``--n``, is printed. Wall-clock speed follows the instruction count only roughly.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import gc, sys
sys.path[:0] = [{root!r}, {bench!r}]
from bench_match_batch import generate
from graph.build import build_graph
from queries.match import match_many
G = build_graph()
texts = generate({n})
gc.disable()
for _ in range({passes}):
    for r in match_many(G, texts, top=3, workers=1):
        pass
"""


def count(n: int, passes: int, pure: bool) -> int:
    """Instructions callgrind counts for a child that matches the profiles ``passes`` times."""
    code = CHILD.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), n=n, passes=passes)
    env = {**os.environ, "PYTHONHASHSEED": "0", "CHAINKG_NO_CACHE": "1"}
    if pure:
        env["CHAINKG_PURE"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out",
                              sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6000)  # ≥ TUNE_MIN: a tuned batch
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from queries.compiled import twin

    kinds = [("pure Python", True)] + ([("compiled twin", False)] if twin() is not None else [])
    print(f"profiles            {args.n:,} (bench_match_batch.py's generator), matched after one warm-up pass")
    for label, pure in kinds:
        per = (count(args.n, 2, pure) - count(args.n, 1, pure)) / args.n
        print(f"{label:<19} {per:,.0f} instructions per profile")
    if twin() is None:
        print("compiled twin       not built or out of date (pip install -e . builds it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
