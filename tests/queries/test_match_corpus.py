"""Quality on the realistic corpus (data/eval/companies.csv: real companies, public sources, written
without the matcher's word lists, in thirty-seven rounds), dev and held-out halves. The bars are the figures
reached on 2026-12-04 less about one profile's worth, so a change that loses ground fails here; of the
issue's goals for the held-out half (top-3 ≥ 0.95, top-1 ≥ 0.85, out-of-chain given a direct park
≤ 5%) only top-1 is met."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from chainkg.graph.build import build_graph
from chainkg.queries.evaluate import corpus_path, evaluate_matcher, read_corpus

BARS = {  # split: (top-1, top-3, most out-of-chain profiles given a direct park), all thirty-seven rounds
    "dev": (0.913, 0.926, 23),  # 0.914 / 0.927, 22 of 429 on 2026-12-04
    "heldout": (0.863, 0.876, 49),  # 0.864 / 0.877, 48 of 425
}


@pytest.fixture(scope="module")
def G():
    return build_graph()


def test_the_corpus_is_what_the_issue_asks_for():
    with corpus_path().open(encoding="utf-8") as fp:
        rows = list(csv.DictReader(fp))
    assert len(rows) >= 1000 and len({r["id"] for r in rows}) == len(rows)
    # thirty-seven writing rounds, each split once before tuning on it (data/eval/README.md)
    assert Counter((r["batch"], r["split"]) for r in rows) == {
        ("1", "dev"): 110, ("1", "heldout"): 110, ("2", "dev"): 104, ("2", "heldout"): 96,
        ("3", "dev"): 99, ("3", "heldout"): 101, ("4", "dev"): 103, ("4", "heldout"): 97,
        ("5", "dev"): 90, ("5", "heldout"): 93, ("6", "dev"): 47, ("6", "heldout"): 49,
        ("7", "dev"): 61, ("7", "heldout"): 59, ("8", "dev"): 54, ("8", "heldout"): 54,
        ("9", "dev"): 60, ("9", "heldout"): 58, ("10", "dev"): 59, ("10", "heldout"): 60,
        ("11", "dev"): 51, ("11", "heldout"): 51, ("12", "dev"): 20, ("12", "heldout"): 20,
        ("13", "dev"): 45, ("13", "heldout"): 45, ("14", "dev"): 54, ("14", "heldout"): 57,
        ("15", "dev"): 56, ("15", "heldout"): 55, ("16", "dev"): 33, ("16", "heldout"): 30,
        ("17", "dev"): 16, ("17", "heldout"): 19, ("18", "dev"): 33, ("18", "heldout"): 27,
        ("19", "dev"): 43, ("19", "heldout"): 45, ("20", "dev"): 43, ("20", "heldout"): 42,
        ("21", "dev"): 35, ("21", "heldout"): 38, ("22", "dev"): 35, ("22", "heldout"): 32,
        ("23", "dev"): 76, ("23", "heldout"): 77, ("24", "dev"): 52, ("24", "heldout"): 58,
        ("25", "dev"): 60, ("25", "heldout"): 56, ("26", "dev"): 29, ("26", "heldout"): 27,
        ("27", "dev"): 34, ("27", "heldout"): 36, ("28", "dev"): 39, ("28", "heldout"): 36,
        ("29", "dev"): 28, ("29", "heldout"): 31, ("30", "dev"): 29, ("30", "heldout"): 28,
        ("31", "dev"): 25, ("31", "heldout"): 24, ("32", "dev"): 32, ("32", "heldout"): 35,
        ("33", "dev"): 20, ("33", "heldout"): 20, ("34", "dev"): 22, ("34", "heldout"): 23,
        ("35", "dev"): 24, ("35", "heldout"): 26, ("36", "dev"): 39, ("36", "heldout"): 32,
        ("37", "dev"): 15, ("37", "heldout"): 18}
    assert all(r["source_url"].startswith("http") and r["source_date"] for r in rows)
    registers = Counter(r["register"] for r in rows)
    assert {"news", "scope", "terse", "report", "english", "traditional", "typo"} <= set(registers)
    assert {r["lang"] for r in rows} == {"zh", "zh-Hant", "en"}
    assert sum(r["kind"] == "none" for r in rows) >= 30  # outside the chain, with near-miss traps


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_quality_bars(G, split):
    rep = evaluate_matcher(G, read_corpus(G, split))
    top1, top3, ooc = BARS[split]
    assert rep.top1 >= top1 and rep.top3 >= top3, (rep.top1, rep.top3)
    assert rep.out_of_chain_direct <= ooc
