"""Pushing the graph to real servers, Neo4j 5 and FalkorDB, both started by the test session.
Counts, idempotence, --replace keeping foreign data, literal round-trips, and a server killed in
the middle of a push (tests/graph/test_db_neo4j.py does that one for Neo4j)."""

from __future__ import annotations

import threading

import pytest

from chainkg.errors import ConnectionFailed, SchemaError
from chainkg.graph.build import build_graph
from chainkg.graph.schema import Label
from tests.fixtures_db import TRICKY_NAMES, FalkorProcess, graph_counts, sample_graph, tricky_graph


@pytest.fixture(scope="module")
def shipped():
    return build_graph()


def server_counts(server) -> tuple[dict[str, int], dict[str, int]]:
    st = server.status()
    return st.labels, st.types


@pytest.mark.parametrize("which", ["shipped", "sample"])
def test_push_counts_equal_the_networkx_graph(server, shipped, which) -> None:
    G = shipped if which == "shipped" else sample_graph()
    result = server.push(G)
    assert server_counts(server) == graph_counts(G)
    assert (result.nodes, result.relationships) == graph_counts(G)
    if which == "shipped":  # the shipped notice: 13 districts, 18 parks, 19 directions, 43 links
        labels, types = server_counts(server)
        assert (labels["District"], labels["Park"], labels["Direction"], types["TARGETS"]) == (13, 18, 19, 43)


def test_push_again_changes_nothing(server) -> None:
    G = sample_graph()
    server.push(G, batch_size=3)
    before = server_counts(server)
    props = server.query("MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id").rows
    server.push(G, batch_size=7)
    assert server_counts(server) == before == graph_counts(G)
    assert server.query("MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id").rows == props
    dupes = server.query("MATCH (n) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS n").rows
    assert dupes == [[0]]


def test_every_property_arrives_with_its_type(server) -> None:
    G = sample_graph()
    server.push(G)
    rows = server.query("MATCH (n) RETURN n.id AS id, properties(n) AS p").rows
    on_server = {nid: p for nid, p in rows}
    for nid, attrs in G.nodes(data=True):
        expected = {k: list(v) if isinstance(v, tuple) else v for k, v in attrs.items() if k != "label"}
        expected["id"], expected["dataset"] = nid, "chainkg"
        assert on_server[nid] == expected
    rel = server.query("MATCH (:District {name: '璧山区'})-[r:TARGETS]->(:Direction {name: '电驱系统'}) "
                       "RETURN properties(r) AS p").rows
    assert rel == [[{"raw": ["电驱系统"], "detail": "", "sources": ["document:渝经信园区〔2022〕26号"],
                     "dataset": "chainkg"}]]


def test_replace_removes_only_our_own_data(server) -> None:
    G = sample_graph()
    server.push(G)
    # Foreign data: a node with a label we do not use, a District someone else wrote (no dataset),
    # and one of another dataset; a foreign relationship to one of our nodes.
    server.query("CREATE (:Person {name: 'Ann'})-[:LIKES]->(:District {id: 'foreign:1', name: '外来区'})")
    server.query("CREATE (:District {id: 'foreign:2', name: '另一个', dataset: 'someone-else'})")
    smaller = sample_graph()
    smaller.remove_node("district:重庆市/永川区")
    result = server.push(smaller, replace=True)
    assert result.deleted == G.number_of_nodes()
    labels, types = server_counts(server)
    ours = graph_counts(smaller)
    assert labels == {**ours[0], "District": ours[0]["District"] + 2, "Person": 1}
    assert types == {**ours[1], "LIKES": 1}
    assert server.query("MATCH (d:District) WHERE d.name = '永川区' RETURN count(d) AS n").rows == [[0]]
    survivors = server.query("MATCH (d:District) WHERE d.id STARTS WITH 'foreign:' RETURN d.name AS n ORDER BY n")
    assert sorted(r[0] for r in survivors.rows) == sorted(["外来区", "另一个"])


def test_names_with_quotes_backslashes_html_and_cypher_round_trip(server) -> None:
    G = tricky_graph()
    server.push(G)
    got = server.query("MATCH (p:Park) WHERE p.id CONTAINS '/tricky' RETURN p.id AS id, p.name AS name, p.raw AS raw")
    by_id = {r[0]: (r[1], r[2]) for r in got.rows}
    assert len(by_id) == len(TRICKY_NAMES)
    for i, name in enumerate(TRICKY_NAMES):
        assert by_id[f"park:重庆市/璧山区/tricky{i}"] == (name, [name, "plain"])
    # …and the "Cypher fragment" names did nothing: everything else is still there.
    assert server_counts(server) == graph_counts(G)
    # Parameters are matched literally too.
    for name in TRICKY_NAMES:
        assert server.query("MATCH (p:Park {name: $name}) RETURN count(p) AS n", {"name": name}).rows == [[1]]


def test_an_edge_the_schema_does_not_allow_is_refused_before_writing(server) -> None:
    G = sample_graph()
    G.add_edge("park:重庆市/璧山区/璧山高新区", "category:motor", key="SUPPLIES", type="SUPPLIES")
    with pytest.raises(SchemaError, match="does not allow Park-\\[SUPPLIES\\]->Category"):
        server.push(G)
    assert server_counts(server) == ({}, {})


def test_server_killed_mid_push_then_restarted_and_pushed_again(tmp_path) -> None:
    """With persistence on (AOF, fsync always) a crash leaves half a graph behind; re-running the
    push after the restart completes it without duplicating anything."""
    from falkordb import FalkorDB

    from chainkg.graph.falkordb_writer import write_falkordb

    G = build_graph()
    proc = FalkorProcess(tmp_path, ["--save", "", "--appendonly", "yes", "--appendfsync", "always"]).start()
    try:
        db = FalkorDB(host="127.0.0.1", port=proc.port)
        graph = db.select_graph("chainkg")
        seen: list[int] = []

        def kill_midway(what: str, done: int, total: int) -> None:
            seen.append(done)
            if len(seen) == 6:  # after five batches
                proc.kill()

        with pytest.raises(ConnectionFailed, match="lost the connection to FalkorDB.*safe to re-run"):
            write_falkordb(G, graph, batch_size=5, progress=kill_midway)
        assert 0 < seen[-1] < G.number_of_nodes() + G.number_of_edges()

        proc.start()  # same port, same folder: the AOF brings back what was written
        db = FalkorDB(host="127.0.0.1", port=proc.port)
        graph = db.select_graph("chainkg")
        partial = graph.query("MATCH (n) RETURN count(n)").result_set[0][0]
        assert 0 < partial < G.number_of_nodes()

        write_falkordb(G, graph, batch_size=5)
        labels = dict(graph.query("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)").result_set)
        types = dict(graph.query("MATCH ()-[r]->() RETURN type(r), count(*)").result_set)
        assert (labels, types) == graph_counts(G)
        dupes = graph.query("MATCH (n) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*)").result_set
        assert dupes == [[0]]
    finally:
        proc.stop()


def test_push_progress_reports_every_row_once(server) -> None:
    G = sample_graph()
    calls: list[tuple[str, int, int]] = []
    lock = threading.Lock()

    def progress(what: str, done: int, total: int) -> None:
        with lock:
            calls.append((what, done, total))

    server.push(G, batch_size=4, progress=progress)
    total = G.number_of_nodes() + G.number_of_edges()
    assert calls[0] == ("", 0, total) and calls[-1][1:] == (total, total)
    assert [c[1] for c in calls] == sorted(c[1] for c in calls)


def test_random_strings_round_trip_exactly(server) -> None:
    """Seeded random names over ASCII control characters, quotes, backslashes, CJK, astral
    characters, U+2028 and a BOM: every one comes back exactly (pushed in batches of 7)."""
    import random

    from chainkg.graph.schema import node_id

    rng = random.Random(20260328)
    alphabet = [chr(c) for c in [*range(1, 128), 0x4E00, 0x9F99, 0x1F697, 0x20000, 0x2028, 0xFEFF, 0xFF08]]
    G = sample_graph()
    names = {}
    for i in range(150):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))
        pid = node_id(Label.PARK, "重庆市", "璧山区", f"random{i}")
        G.add_node(pid, label="Park", name=name, raw=[name, name[::-1]])
        names[pid] = name
    server.push(G, batch_size=7)
    got = server.query("MATCH (p:Park) WHERE p.id CONTAINS '/random' RETURN p.id AS id, p.name AS name, p.raw AS raw")
    assert {r[0]: (r[1], r[2]) for r in got.rows} == {pid: (n, [n, n[::-1]]) for pid, n in names.items()}
