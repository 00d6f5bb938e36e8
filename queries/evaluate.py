"""Quality of the matcher against a labelled set of profiles (the test fixture, or your own).

A labelled case says which category the profile is mainly about, which districts are an acceptable
answer, and which kind the answer should be (``direct``, ``chain-adjacent`` or ``none`` for text
outside the chain). Districts are ranked by their first appearance in the park ranking.

>>> from chainkg.graph.build import build_graph
>>> cases = [LabelledProfile("a", "氢燃料电池电堆", "direct", ("fuel_cell_system",), ("九龙坡区",))]
>>> evaluate_matcher(build_graph(), cases).top3
1.0
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from chainkg.queries.match import match_profile, match_text
from chainkg.queries.matching import MatchIndex


@dataclass(frozen=True)
class LabelledProfile:
    id: str
    text: str
    kind: str  # direct | chain-adjacent | none
    categories: tuple[str, ...]  # acceptable main categories
    districts: tuple[str, ...]  # acceptable districts
    lang: str = "zh"
    tags: tuple[str, ...] = ()


@dataclass
class EvalReport:
    """Accuracy figures; ``failures`` lists (id, what went wrong)."""

    cases: int
    top1: float
    top3: float
    mrr: float
    category_top1: float
    kind_accuracy: float
    out_of_chain: int
    out_of_chain_direct: int  # out-of-chain profiles that got any direct result (must be 0)
    failures: list[tuple[str, str]] = field(default_factory=list)


def read_labelled(path: Path | str) -> list[LabelledProfile]:
    """Read a labelled CSV: id, lang, tags, kind, categories, districts, text (| separates lists)."""
    with Path(path).open(encoding="utf-8") as fp:
        return [LabelledProfile(r["id"], r["text"], r["kind"], tuple(filter(None, r["categories"].split("|"))),
                                tuple(filter(None, r["districts"].split("|"))), r.get("lang", "zh"),
                                tuple(r.get("tags", "").split())) for r in csv.DictReader(fp)]



def corpus_path() -> Path:
    """``data/eval/companies.csv`` of the installed package (or the clone)."""
    import chainkg.data

    return Path(chainkg.data.__file__).resolve().parent / "eval" / "companies.csv"


def read_corpus(G: nx.MultiDiGraph, split: str | None = None, path: Path | str | None = None, *,
                batch: str | None = None) -> list[LabelledProfile]:
    """The realistic corpus (``data/eval/companies.csv``) as labelled profiles, ``split`` = dev |
    heldout | None (both), ``batch`` = the writing round (1, 2 …) or None (all). Its rows name
    categories, not districts: the acceptable districts are
    those the graph routes each labelled category to (its directions, or for a category no
    direction covers, the districts it supplies), so the labels follow the taxonomy.

    >>> from chainkg.graph.build import build_graph
    >>> G = build_graph()
    >>> dev, held = read_corpus(G, "dev"), read_corpus(G, "heldout")
    >>> len(dev) >= 100 and len(held) >= 100 and not {c.id for c in dev} & {c.id for c in held}
    True
    """
    from chainkg.queries.match import explain_routes

    out = []
    with Path(path or corpus_path()).open(encoding="utf-8") as fp:
        for r in csv.DictReader(fp):
            if (split and r["split"] != split) or (batch and r.get("batch", "1") != batch):
                continue
            cats = tuple(filter(None, r["categories"].split("|")))
            districts: list[str] = []
            for c in cats if r["kind"] != "none" else ():
                districts += [x["district"] for x in explain_routes(G, c) if x["district"] not in districts]
            out.append(LabelledProfile(r["id"], r["text"], r["kind"], cats, tuple(districts), r["lang"],
                                       (r["register"], r["split"])))
    return out


def evaluate_matcher(G: nx.MultiDiGraph, cases: list[LabelledProfile], *, top: int = 40,
                     index: MatchIndex | None = None) -> EvalReport:
    """Top-1 / top-3 district accuracy and MRR over ``cases`` (out-of-chain cases count as correct
    at rank 1 when they get no parks), category top-1 accuracy, kind accuracy and the number of
    out-of-chain profiles that got a direct result. ``index``: match with this index instead of ``G``'s
    own (``build_index(G, vocab)`` of another vocabulary: what a word list or a rule is worth)."""
    hits1 = hits3 = 0
    rr = 0.0
    cat_ok = kind_ok = 0
    ooc = ooc_direct = 0
    failures: list[tuple[str, str]] = []
    for case in cases:
        r = match_profile(G, case.text, top=top) if index is None else match_text(index, case.text, top=top)
        districts: list[str] = []
        for x in r.results:
            if x.district not in districts:
                districts.append(x.district)
        kind = r.results[0].kind if r.results else "none"
        if case.kind == "none":
            ooc += 1
            ooc_direct += any(x.kind == "direct" for x in r.results)
            rank = 1 if not r.results else None
            cat_ok += not r.categories
        else:
            rank = next((i for i, d in enumerate(districts, 1) if d in case.districts), None)
            cat_ok += bool(r.categories) and r.categories[0].id in case.categories
        kind_ok += kind == case.kind
        hits1 += rank == 1
        hits3 += rank is not None and rank <= 3
        rr += 1.0 / rank if rank else 0.0
        if rank != 1 or kind != case.kind:
            got = ", ".join(districts[:3]) or "no parks"
            cats = ", ".join(c.id for c in r.categories[:2]) or "none"
            failures.append((case.id, f"rank {rank}, kind {kind} (want {case.kind}); got {got}; categories {cats}"))
    n = len(cases) or 1
    return EvalReport(len(cases), hits1 / n, hits3 / n, rr / n, cat_ok / n, kind_ok / n, ooc, ooc_direct, failures)
