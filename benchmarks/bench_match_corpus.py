"""Matching speed on real-style text: profiles cut from the realistic corpus, end to end and in-process.

Run: python benchmarks/bench_match_corpus.py [--n 20000] [--repeat 3] [--workers 1 2]

The profiles are slices and recombinations of the 220 real company descriptions of
``data/eval/companies.csv`` (news paragraphs, 经营范围 strings, terse queries, English, traditional,
typos): a random run of 1–4 clauses of one description, or of two glued together — never terms of
the taxonomy. Printed, in one run: ``chainkg match --file … --out ….jsonl`` end to end (a fresh
process: start-up, reading, matching, writing), ``match_many`` alone, and which share of the
profiles each tier of the matcher decided (lexicon, typo pass, semantic tier, none).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from chainkg.graph.build import build_graph
from chainkg.queries.evaluate import corpus_path
from chainkg.queries.match import match_many
from chainkg.queries.matching import get_index

CLAUSE = re.compile(r"(?<=[。；;，,.!?！？])\s*")


def profiles(n: int, seed: int = 7) -> list[str]:
    """``n`` profiles cut from the corpus: a run of clauses of one description, or of two."""
    with corpus_path().open(encoding="utf-8") as fp:
        texts = [r["text"] for r in csv.DictReader(fp)]
    clauses = [[c for c in CLAUSE.split(t) if c.strip()] for t in texts]
    rng = random.Random(seed)

    def piece() -> str:
        cs = rng.choice(clauses)
        k = rng.randint(1, min(4, len(cs)))
        i = rng.randint(0, len(cs) - k)
        return "".join(cs[i:i + k])

    return [piece() if rng.random() < 0.7 else piece() + piece() for _ in range(n)]


def tier(scan) -> str:  # noqa: ANN001
    return getattr(scan, "tier", None) or ("none" if not scan.scores else "typo" if scan.fuzzy else "lexicon")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    texts = profiles(args.n)
    print(f"machine             {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    print(f"profiles            {len(texts):,} cut from {corpus_path().name} "
          f"(mean {statistics.mean(map(len, texts)):.0f} characters)")
    G = build_graph()
    ix = get_index(G)
    shares = Counter(tier(s) for s in ix.scan_many(texts))
    print("decided by          " + ", ".join(f"{k} {v / len(texts):.1%}" for k, v in shares.most_common()))
    for workers in args.workers:
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for _r in match_many(G, texts, top=3, workers=workers):
                pass
            runs.append(time.perf_counter() - t0)
        med = statistics.median(runs)
        print(f"match_many -j {workers}     median {med:.2f} s of {args.repeat} → {len(texts) / med:,.0f} profiles/s")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "companies.csv"
        with src.open("w", encoding="utf-8", newline="") as fp:
            w = csv.writer(fp)
            w.writerow(["id", "text"])
            w.writerows((i, t) for i, t in enumerate(texts))
        for workers in args.workers:
            runs = []
            for _ in range(args.repeat):
                out = Path(tmp) / f"ranked-{workers}.jsonl"
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "chainkg", "match", "--file", str(src), "--column", "text",
                                "--id-column", "id", "--out", str(out), "-j", str(workers)],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                runs.append(time.perf_counter() - t0)
            med = statistics.median(runs)
            print(f"end to end -j {workers}     median {med:.2f} s of {args.repeat} → {len(texts) / med:,.0f} profiles/s "
                  "(chainkg match --file … --out x.jsonl, start-up included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
