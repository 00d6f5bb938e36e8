"""Matcher quality: top-1 / top-3 district accuracy, MRR, category and kind accuracy.

Run: python benchmarks/eval_match.py            # the realistic corpus, dev and held-out side by side
     python benchmarks/eval_match.py --rounds   # and each half by writing round (data/eval/README.md)
     python benchmarks/eval_match.py FILE.csv   # a labelled CSV (id, lang, tags, kind, categories, districts, text)
     python benchmarks/eval_match.py --ablate   # what each tier, rule and word list is worth: the corpus's halves
                                                # with each switched off in turn (about a minute)
     -v prints the failures (of dev only for the corpus: nobody tunes on the held-out half)
"""

from __future__ import annotations

import dataclasses
import sys

from chainkg.graph.build import build_graph
from chainkg.loaders.matchvocab import MatchVocab, load_match_vocab
from chainkg.queries.evaluate import EvalReport, evaluate_matcher, read_corpus, read_labelled
from chainkg.queries.matching import build_index

ROWS = [("top-1 district", "top1"), ("top-3 district", "top3"), ("MRR", "mrr"), ("top-1 category", "category_top1"),
        ("kind accuracy", "kind_accuracy")]


def show(reports: dict[str, EvalReport]) -> None:
    print(f"{'':22}" + "".join(f"{name:>12}" for name in reports))
    print(f"{'profiles':22}" + "".join(f"{r.cases:>12}" for r in reports.values()))
    for label, attr in ROWS:
        print(f"{label:22}" + "".join(f"{getattr(r, attr):>12.3f}" for r in reports.values()))
    print(f"{'out-of-chain direct':22}" + "".join(f"{f'{r.out_of_chain_direct}/{r.out_of_chain}':>12}"
                                                  for r in reports.values()))


def _scoring(vocab: MatchVocab, **changes: float) -> dict:
    return {"scoring": {**vocab.scoring, **changes}}


def ablations(vocab: MatchVocab) -> dict[str, dict]:
    """Each tier, reading rule and word list of ``data/matching/matcher.toml`` switched off in turn, as
    the changes to make to the vocabulary (``dataclasses.replace``)."""
    return {
        "as shipped": {},
        "no semantic tier": {"semantic_weight": 0.0},
        "no semantic customer override": {"semantic_customer_min_z": float("inf")},
        "no names tier": {"names_weight": 0.0},
        "no typo pass": _scoring(vocab, fuzzy=0.0),
        "no other industries": {"foreign": (), "equipment": (), "own_equipment": ()},
        "no production-equipment rule": {"equipment": (), "own_equipment": ()},
        "no customers' clauses": {"customers": ()},
        "no application cues": {"application": ()},
        "no negation": {"negation": ()},
        "no neutral terms": {"neutral": ()},
        "no loose context": {"context_loose": ()},
        "no coordination": {"coordination": ((), (), 0)},
        "no regional variants": {"variants": ()},
        "no modifier rule": _scoring(vocab, modifier=1.0),
        "no position weight": _scoring(vocab, position_scale=1e12),
    }


def ablate(G) -> None:
    """Dev and held-out side by side, for the matcher as shipped and with each part switched off."""
    halves = {s: read_corpus(G, s) for s in ("dev", "heldout")}
    vocab = load_match_vocab()
    cols = ("top-1", "top-3", "cat", "kind", "ooc")
    print(f"{'':32}" + "".join(f"{h + ' ' + c:>14}" for h in halves for c in cols))
    for name, changes in ablations(vocab).items():
        ix = build_index(G, dataclasses.replace(vocab, **changes))
        cells = []
        for cases in halves.values():
            r = evaluate_matcher(G, cases, index=ix)
            cells += [f"{r.top1:.3f}", f"{r.top3:.3f}", f"{r.category_top1:.3f}", f"{r.kind_accuracy:.3f}",
                      f"{r.out_of_chain_direct}/{r.out_of_chain}"]
        print(f"{name:32}" + "".join(f"{c:>14}" for c in cells), flush=True)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    G = build_graph()
    if "--ablate" in argv:
        ablate(G)
        return 0
    if args:
        reports = {"file": evaluate_matcher(G, read_labelled(args[0]))}
    else:
        # each half as a whole, then by writing round (1: the first 220 rows; each later round written by new
        # writers and split before any tuning on it; data/eval/README.md), in the rounds' order
        reports = {s: evaluate_matcher(G, read_corpus(G, s)) for s in ("dev", "heldout")}
        if "--rounds" in argv:
            import csv

            from chainkg.queries.evaluate import corpus_path

            with corpus_path().open(encoding="utf-8") as fp:
                rounds = sorted({r["batch"] for r in csv.DictReader(fp)}, key=int)
            reports |= {f"{s} {b}": evaluate_matcher(G, read_corpus(G, s, batch=b))
                        for s in ("dev", "heldout") for b in rounds}
    show(reports)
    if "-v" in argv:
        for cid, what in next(iter(reports.values())).failures:
            print(f"  {cid}: {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
