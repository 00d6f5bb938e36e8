"""Batch matching throughput: 100,000 generated profiles (50–400 characters) → profiles/second.

Run: python benchmarks/bench_match_batch.py [--n 100000] [--workers 2] [--check 2000]

Profiles are generated from the taxonomy (aliases of a main and a side category, in Chinese or
English, some traditional / full-width), wrapped in business-scope boilerplate; 5% are outside the
chain. The timed part is ``chainkg.queries.match.match_many`` (scan + rank + reasons for the top 3), after the
index is built. A sample of ``--check`` profiles is then matched one by one with ``match_profile``
and compared with the batch answers (must be identical).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import time


from chainkg.graph.build import build_graph
from chainkg.loaders.taxonomy import load_taxonomy
from chainkg.queries.match import match_many, match_profile
from chainkg.queries.matching import get_index

BOILERPLATE = ["技术开发", "技术咨询", "技术服务", "货物进出口", "技术进出口", "五金产品批发", "机械设备销售",
               "汽车零部件及配件制造", "电子元器件制造", "软件开发", "信息技术咨询服务", "企业管理咨询"]
OUTSIDE = ["面包烘焙", "中式快餐", "服装设计", "房地产中介", "律师事务所", "物业管理", "茶叶销售", "家政服务",
           "花卉种植", "瑜伽培训", "宠物美容", "婚纱摄影"]
EN_FILLER = ["research and development", "technical services", "import and export", "for automotive customers",
             "with plants in Chongqing", "ISO 9001 certified"]
T2S_SAMPLE = str.maketrans("电动汽车系统制造研发产线软件", "電動汽車系統製造研發產線軟體")


def generate(n: int, seed: int = 7) -> list[str]:
    """n profiles, 50–400 characters each, deterministic for a seed."""
    rng = random.Random(seed)
    tax = load_taxonomy()
    cats = list(tax.categories.values())
    out = []
    for i in range(n):
        target = rng.randint(50, 400)
        if rng.random() < 0.05:
            parts = [f"重庆{rng.choice('甲乙丙丁戊己')}{rng.choice(OUTSIDE)}有限公司", "经营范围："]
            pool = OUTSIDE + BOILERPLATE
        elif rng.random() < 0.25:
            main, side = rng.choice(cats), rng.choice(cats)
            terms = list(main.aliases_en or main.aliases)
            parts = [f"Company {i} is a manufacturer of {rng.choice(terms)} and {rng.choice(terms)}",
                     f"also {rng.choice(list(side.aliases_en or side.aliases))}"]
            pool = EN_FILLER
        else:
            main, side = rng.choice(cats), rng.choice(cats)
            parts = [f"重庆{rng.choice('甲乙丙丁戊己庚辛')}{rng.choice(main.aliases)}科技有限公司",
                     f"主营{rng.choice(main.aliases)}、{rng.choice(main.aliases)}", f"兼营{rng.choice(side.aliases)}",
                     "一般项目："]
            pool = BOILERPLATE
        text = "，".join(parts)
        while len(text) < target:
            text += "；" + rng.choice(pool)
        text = text[:target]
        r = rng.random()
        if r < 0.05:
            text = text.translate(T2S_SAMPLE)
        elif r < 0.08:
            text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)  # full-width
        out.append(text)
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--top", type=int, default=3)
    ap.add_argument("--check", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    texts = generate(args.n)
    lengths = [len(t) for t in texts]
    print(f"profiles            {len(texts):,} (length min {min(lengths)}, median {statistics.median(lengths):.0f}, "
          f"max {max(lengths)} characters)")
    G = build_graph()
    t0 = time.perf_counter()
    get_index(G)
    print(f"index build         {time.perf_counter() - t0:.3f} s")

    print(f"machine             {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start "
          "(other jobs on the machine slow the wall-clock figures; CPU time is less sensitive)")
    rng = random.Random(1)
    sample = set(rng.sample(range(len(texts)), min(args.check, len(texts))))
    for workers in sorted({1, args.workers}):
        runs, cpus = [], []
        for _ in range(args.repeat):
            kept, with_parks, adjacent = {}, 0, 0
            c0 = _cpu()
            t0 = time.perf_counter()
            # streamed like a batch writer would: answers are looked at once, not all kept
            for i, r in enumerate(match_many(G, texts, top=args.top, workers=workers)):
                if r.results:
                    with_parks += 1
                    adjacent += r.results[0].kind == "chain-adjacent"
                if i in sample:
                    kept[i] = r
            runs.append(time.perf_counter() - t0)
            cpus.append(_cpu() - c0)
        med, cpu = statistics.median(runs), statistics.median(cpus)
        print(f"workers={workers}           median {med:.2f} s wall of {args.repeat} → {len(texts) / med:,.0f} profiles/s; "
              f"{cpu / len(texts) * 1e6:.0f} µs CPU per profile (all processes) → "
              f"{len(texts) / cpu * workers:,.0f} profiles/s on {workers} idle core(s)")
    print(f"answers             {with_parks:,} with parks ({adjacent:,} chain-adjacent first), "
          f"{len(texts) - with_parks:,} without")
    same = sum(match_profile(G, texts[i], top=args.top).as_dict() == kept[i].as_dict() for i in sorted(sample))
    print(f"same as single      {same} of {len(sample)} sampled profiles identical")
    return 0 if same == len(sample) else 1


if __name__ == "__main__":
    raise SystemExit(main())
