"""Planning analyses at national scale: 3,000 districts / development zones, 20,000 parks, full taxonomy.

Generates a synthetic creation list (seeded, so every run sees the same input), builds the graph with
the shipped taxonomy, then times each analysis as the CLI runs it and prints the median of a few runs.

Input shape (documented so the figures can be judged):

* 3,000 districts spread over 31 regions, 20,000 parks (each district gets at least one);
* directions: the 19 canonical directions of the shipped notice plus one direction per taxonomy
  category (its Chinese name, mapped to that category), 62 in all; each district targets 2–6 of them,
  drawn with Zipf-like popularity (weight ∝ 1/rank^0.8), so popular directions are shared by a
  thousand districts or more — the worst case for pairwise work;
* seat coordinates drawn uniformly over 21–45°N, 98–122°E (the gazetteer only ships Chongqing).

Targets (issue 4): each analysis < 5 s, the whole report < 30 s, on this 2-core machine.

Run: ``python benchmarks/bench_plan_scale.py [--districts N] [--parks N] [--runs K]``
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


import networkx as nx  # noqa: E402

from chainkg.graph.build import add_dataset
from chainkg.graph.schema import Label
from chainkg.graph.taxonomy import add_taxonomy
from chainkg.loaders.model import Dataset, DirectionRef, DistrictRow, Document, LoadedSource, ParkRef
from chainkg.loaders.taxonomy import DirectionMapping, load_taxonomy
from chainkg.loaders.vocab import known_directions


def national_taxonomy():
    """The shipped taxonomy plus one direction per category named like the category."""
    tax = load_taxonomy()
    known = {d.name for d in tax.directions}
    extra = [
        DirectionMapping(name=c.name, name_en=c.name_en, aliases=(), umbrella=False,
                         categories=((c.id, 1.0),), source="benchmark")
        for c in tax.categories.values() if c.name not in known
    ]
    return dataclasses.replace(tax, directions=[*tax.directions, *extra], _by_name={})


def generate(n_districts: int, n_parks: int, directions: list[str], seed: int = 0) -> Dataset:
    """A seeded national creation list as loader records (one table document)."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(directions))]
    order = directions[:]
    rng.shuffle(order)
    parks_per = [1] * n_districts
    for _ in range(n_parks - n_districts):
        parks_per[rng.randrange(n_districts)] += 1
    rows = []
    for i in range(n_districts):
        region = f"省{i % 31:02d}"
        chosen: list[str] = []
        k = rng.randint(2, 6)
        while len(chosen) < k:
            d = rng.choices(order, weights)[0]
            if d not in chosen:
                chosen.append(d)
        rows.append(DistrictRow(
            source="national.csv", seq=i + 1, line=i + 2, raw_district=f"区{i:04d}", district=f"区{i:04d}",
            region=region, parks=tuple(ParkRef(raw=f"园{i:04d}-{p}", name=f"园{i:04d}-{p}") for p in range(parks_per[i])),
            type_raw="专业型", type="专业型", directions=tuple(DirectionRef(raw=d, name=d) for d in chosen),
        ))
    doc = Document(id="national.csv", kind="table", name="national.csv", path="national.csv", sha256="0" * 64)
    return Dataset([LoadedSource(document=doc, rows=rows)])


def build(dataset: Dataset, tax, seed: int = 0) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="chainkg")
    add_dataset(G, dataset)
    add_taxonomy(G, tax)
    rng = random.Random(seed)
    for n, a in G.nodes(data=True):
        if a["label"] == Label.DISTRICT.value:
            a["lat"], a["lon"] = rng.uniform(21, 45), rng.uniform(98, 122)
    return G


def median_seconds(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--districts", type=int, default=3000)
    ap.add_argument("--parks", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from chainkg.cli.report import write_report
    from chainkg.queries.collab import collaboration_candidates
    from chainkg.queries.gaps import broken_links, single_district_categories, single_district_directions, uncovered_categories
    from chainkg.queries.overlaps import duplicated_categories, duplicated_directions, similar_pairs

    tax = national_taxonomy()
    directions = sorted({*known_directions(), *(m.name for m in tax.directions)})
    dataset = generate(args.districts, args.parks, directions)
    t_build, G = median_seconds(lambda: build(dataset, tax), args.runs)
    districts = [n for n, a in G.nodes(data=True) if a["label"] == Label.DISTRICT.value]
    print(f"input: {len(districts)} districts, {sum(1 for _, a in G.nodes(data=True) if a['label'] == 'Park')} parks, "
          f"{sum(1 for _, a in G.nodes(data=True) if a['label'] == 'Direction')} directions, "
          f"{sum(1 for _, a in G.nodes(data=True) if a['label'] == 'Category')} categories, "
          f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    print(f"{'build (records → graph + taxonomy)':44s} {t_build:7.2f} s")

    def overlaps():  # what `chainkg overlaps` computes (top 20 pairs) plus the category level
        return (duplicated_directions(G), similar_pairs(G, top=20), duplicated_categories(G),
                similar_pairs(G, level="category", top=20))

    def gaps():
        return (uncovered_categories(G), single_district_directions(G), single_district_categories(G), broken_links(G))

    some = districts[len(districts) // 2]
    rows = [
        ("overlaps (directions + categories, top 20)", overlaps),
        ("overlaps, every sharing pair listed", lambda: similar_pairs(G)),
        ("gaps (uncovered, single-district, broken)", gaps),
        ("collab (supply + shared, top 20 each)", lambda: collaboration_candidates(G, top=20)),
        ("collab one district, --max-km 500", lambda: collaboration_candidates(G, district=some, max_km=500)),
    ]
    for label, fn in rows:
        seconds, result = median_seconds(fn, args.runs)
        extra = ""
        if label.startswith("overlaps, every"):
            extra = f"  ({len(result):,} pairs)"
        if label.startswith("collab (supply"):
            extra = f"  (candidates: {result.attrs['total']})"
        print(f"{label:44s} {seconds:7.2f} s{extra}")
    with tempfile.TemporaryDirectory() as tmp:
        seconds, _ = median_seconds(lambda: write_report(G, Path(tmp) / "report"), max(1, args.runs - 1))
        print(f"{'report (html + xlsx + csv)':44s} {seconds:7.2f} s")


if __name__ == "__main__":
    main()
