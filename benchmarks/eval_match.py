"""Matcher quality on the labelled profiles: top-1 / top-3 district accuracy and MRR.

Run: python benchmarks/eval_match.py [labelled.csv] [-v]
Default input: tests/queries/fixtures/profiles.csv (columns id, lang, tags, kind, categories, districts, text).
"""

from __future__ import annotations

import sys
from pathlib import Path


from chainkg.graph.build import build_graph
from chainkg.queries.evaluate import evaluate_matcher, read_labelled

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "queries" / "fixtures" / "profiles.csv"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    cases = read_labelled(args[0] if args else DEFAULT)
    rep = evaluate_matcher(build_graph(), cases)
    langs = {lang: sum(c.lang == lang for c in cases) for lang in ("zh", "en")}
    kinds = {k: sum(c.kind == k for c in cases) for k in ("direct", "chain-adjacent", "none")}
    print(f"profiles            {rep.cases}  (zh {langs['zh']}, en {langs['en']}; "
          f"direct {kinds['direct']}, chain-adjacent {kinds['chain-adjacent']}, out-of-chain {kinds['none']})")
    print(f"top-1 district      {rep.top1:.3f}")
    print(f"top-3 district      {rep.top3:.3f}")
    print(f"MRR                 {rep.mrr:.3f}")
    print(f"top-1 category      {rep.category_top1:.3f}")
    print(f"kind accuracy       {rep.kind_accuracy:.3f}")
    print(f"out-of-chain direct {rep.out_of_chain_direct} of {rep.out_of_chain}")
    if "-v" in argv:
        for cid, what in rep.failures:
            print(f"  {cid}: {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
