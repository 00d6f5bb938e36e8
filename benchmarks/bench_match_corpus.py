"""Matching speed on real-style text: profiles cut from the realistic corpus, end to end and in-process.

Run: python benchmarks/bench_match_corpus.py [--n 20000] [--repeat 3] [--workers 1 2]
        [--naive 300] [--million 1000000] [--dask]

The profiles are slices and recombinations of the real company descriptions (every round) of
``data/eval/companies.csv`` (news paragraphs, 经营范围 strings, terse queries, English, traditional,
typos): a random run of 1–4 clauses of one description, or of two glued together — never terms of
the taxonomy. Printed, in one run: ``chainkg match --file … --out ….jsonl`` end to end (a fresh
process: start-up, reading, matching, writing), ``match_many`` alone, and which share of the
profiles each tier of the matcher decided (lexicon, typo pass, semantic tier, none); the default
end to end (the machine's cores) against a naive loop of rapidfuzz ``partial_ratio`` of every alias
over every profile, measured in the same run on a sample; with ``--million N`` an N-row CSV end to end
with the peak RSS of the whole process tree (sampled from /proc); with ``--dask`` the same file on a
Dask ``LocalCluster`` of 2 worker processes against the local default, outputs compared byte for byte.
The typo pass remembers its English look-ups per process: ``match_many`` figures start each run with
that memory emptied.
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
from chainkg.loaders.lexicon import taxonomy_terms
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


def naive_rate(texts: list[str]) -> float:
    """Profiles/s of the naive matcher: rapidfuzz partial_ratio of every alias over every profile."""
    from rapidfuzz import fuzz

    aliases = [(a, t.key) for t in taxonomy_terms() for a in t.aliases]
    t0 = time.perf_counter()
    for text in texts:
        max(((fuzz.partial_ratio(a, text), k) for a, k in aliases), default=None)
    return len(texts) / (time.perf_counter() - t0)


def write_csv(path: Path, texts: list[str], n: int | None = None) -> None:
    n = len(texts) if n is None else n
    with path.open("w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp)
        w.writerow(["id", "text"])
        w.writerows((i, texts[i % len(texts)]) for i in range(n))


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fp:
                total += int(fp.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as fp:
                todo += [int(c) for c in fp.read().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def run_cli(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS of the process tree (sampled every 50 ms) of one `chainkg` run."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "chainkg", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    if proc.returncode:
        raise SystemExit(f"chainkg {' '.join(args)} failed ({proc.returncode})")
    return time.perf_counter() - t0, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--naive", type=int, default=300, help="profiles for the naive partial_ratio loop (0: skip)")
    ap.add_argument("--million", type=int, default=0, help="rows of a big CSV matched end to end (0: skip)")
    ap.add_argument("--dask", action="store_true", help="also on a Dask LocalCluster of 2 worker processes")
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
            ix.memo.pop("fuzzy_en_best", None)
            t0 = time.perf_counter()
            for _r in match_many(G, texts, top=3, workers=workers):
                pass
            runs.append(time.perf_counter() - t0)
        med = statistics.median(runs)
        print(f"match_many -j {workers}     median {med:.2f} s of {args.repeat} → {len(texts) / med:,.0f} profiles/s")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "companies.csv"
        write_csv(src, texts)
        default = None
        for workers in [None, *args.workers]:
            runs = []
            for _ in range(args.repeat):
                out = Path(tmp) / f"ranked-{workers}.jsonl"
                runs.append(run_cli(["match", "--file", str(src), "--column", "text", "--id-column", "id",
                                     "--out", str(out), *(["-j", str(workers)] if workers else [])])[0])
            med = statistics.median(runs)
            default = default or len(texts) / med
            label = f"-j {workers}" if workers else "default"
            print(f"end to end {label:7s}  median {med:.2f} s of {args.repeat} → {len(texts) / med:,.0f} profiles/s "
                  "(chainkg match --file … --out x.jsonl, start-up included)")
        if args.naive:
            rates = [naive_rate(texts[k * args.naive:(k + 1) * args.naive]) for k in range(args.repeat)]
            naive = statistics.median(rates)
            print(f"naive loop          {naive:,.0f} profiles/s (rapidfuzz partial_ratio × every alias, median of "
                  f"{args.repeat} × {args.naive} profiles) → end to end default is {default / naive:,.1f}× it")
        if args.million:
            big = Path(tmp) / "big.csv"
            write_csv(big, texts, args.million)
            secs, peak = run_cli(["match", "--file", str(big), "--column", "text", "--id-column", "id",
                                  "--out", str(Path(tmp) / "big.jsonl")])
            print(f"{args.million:,} rows      {secs:.1f} s → {args.million / secs:,.0f} profiles/s end to end, "
                  f"peak RSS {peak / 2**30:.2f} GB (process and workers together; input {big.stat().st_size / 2**20:,.0f} MB)")
        if args.dask:
            bench_dask(G, src, Path(tmp), args.repeat)
    return 0


def bench_dask(G, src: Path, tmp: Path, repeat: int) -> None:  # noqa: ANN001
    """The same file on a LocalCluster of 2 worker processes and locally (the default workers)."""
    from distributed import LocalCluster

    from chainkg.queries.match_batch import match_file
    from chainkg.queries.match_dask import match_file_dask

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        local, remote = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            match_file(G, src, tmp / "local.jsonl", column="text", id_column="id")
            local.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            match_file_dask(G, src, tmp / "dask.jsonl", address=cluster.scheduler_address, column="text",
                            id_column="id", blocksize="1MB")
            remote.append(time.perf_counter() - t0)
        same = (tmp / "local.jsonl").read_bytes() == (tmp / "dask.jsonl").read_bytes()
        lm, dm = statistics.median(local), statistics.median(remote)
        n = sum(1 for _ in src.open(encoding="utf-8")) - 1
        print(f"dask 2 workers      median {dm:.2f} s vs local default {lm:.2f} s → {n / dm:,.0f} vs {n / lm:,.0f} "
              f"profiles/s, overhead {dm - lm:+.2f} s ({dm / lm - 1:+.0%}); outputs identical: {same}")


if __name__ == "__main__":
    raise SystemExit(main())
