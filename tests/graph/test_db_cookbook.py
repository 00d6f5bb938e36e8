"""Every cypher/ question returns, on real servers — the session's Neo4j 5 and FalkorDB — the same
answer as the Python computation over the networkx graph (the queries/ functions where they exist).
Neo4j-only files (see their header) are listed here with the reason and are still linted.
cypher/load_csv.cypher over `chainkg export --format csv` gives the same graph as a push, on both."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest

from chainkg.graph.build import build_graph
from chainkg.graph.cypherfiles import CYPHER_DIR, cookbook, parse_cypher_file
from chainkg.graph.schema import Label, Rel
from chainkg.graph.servers import FalkorServer
from chainkg.graph.statements import rel_endpoint_pairs
from chainkg.queries.collab import supply_pairs
from chainkg.queries.gaps import uncovered_categories
from chainkg.queries.overlaps import duplicated_directions
from chainkg.queries.profiles import directions_table, district_profile
from tests.fixtures_db import graph_counts, sample_graph


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return G.nodes[n]["label"]


def _in(G: nx.MultiDiGraph, n: str, rel: Rel, label: Label) -> list[str]:
    return [u for u, _, k in G.in_edges(n, keys=True) if k == rel.value and _label(G, u) == label.value]


def _out(G: nx.MultiDiGraph, n: str, rel: Rel, label: Label) -> list[str]:
    return [v for _, v, k in G.out_edges(n, keys=True) if k == rel.value and _label(G, v) == label.value]


def _names(G: nx.MultiDiGraph, label: Label) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d["label"] == label.value)


def py_parks_for(G: nx.MultiDiGraph, name: str) -> list[list[Any]]:
    rows = set()
    for x, a in G.nodes(data=True):
        if a["label"] not in ("Direction", "Category") or name not in (x, a.get("key"), a.get("name")):
            continue
        dirs = [x] if a["label"] == "Direction" else _in(G, x, Rel.BELONGS_TO, Label.DIRECTION)
        for dr in dirs:
            for d in _in(G, dr, Rel.TARGETS, Label.DISTRICT):
                for p in _in(G, d, Rel.LOCATED_IN, Label.PARK):
                    rows.add((G.nodes[d]["name"], G.nodes[d]["type"], G.nodes[p]["full_name"], G.nodes[dr]["name"]))
    return [list(r) for r in sorted(rows)]


def py_duplicated(G: nx.MultiDiGraph, k: int) -> list[list[Any]]:
    """chainkg.queries.overlaps.duplicated_directions, in the file's columns (direction_en from the table)."""
    en = dict(zip(directions_table(G)["direction"], directions_table(G)["direction_en"], strict=True))
    df = duplicated_directions(G, min_districts=k)
    return [[r.direction, en[r.direction], r.count, sorted(r.districts)] for r in df.itertuples()]


def py_uncovered(G: nx.MultiDiGraph) -> list[list[Any]]:
    """chainkg.queries.gaps.uncovered_categories, in the file's columns and order."""
    df = uncovered_categories(G)
    rows = [[r.category, r.name, G.nodes[r.category_id].get("name_en"), r.position, r.group, sorted(r.feeds)]
            for r in df.itertuples()]
    return sorted(rows, key=lambda r: (r[3], r[0]))


def py_supply_pairs(G: nx.MultiDiGraph) -> dict[tuple[str, str], list[str]]:
    """chainkg.queries.collab.supply_pairs: (supplier, buyer) → its "via" links."""
    return {(r.a, r.b): sorted(r.via) for r in supply_pairs(G).itertuples()}


def py_profile(G: nx.MultiDiGraph, name: str) -> list[list[Any]]:
    p = district_profile(G, name)
    return [[p.id, p.name, p.name_en, p.type, sorted(x["full_name"] for x in p.parks),
             sorted(d["name"] for d in p.directions), [c["name"] for c in p.categories]]]


def py_supply_hops(G: nx.MultiDiGraph, source: str, target: str) -> int | None:
    supplies = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == Rel.SUPPLIES.value)
    if source == target or source not in supplies or target not in supplies or not nx.has_path(supplies, source, target):
        return None
    hops = nx.shortest_path_length(supplies, source, target)
    return hops if hops <= 10 else None


GRAPHS = {"sample": sample_graph, "shipped": build_graph}


@pytest.fixture(scope="module", params=[
    *(pytest.param((g, "falkordb"), id=f"{g}-falkordb") for g in GRAPHS),
    *(pytest.param((g, "neo4j"), id=f"{g}-neo4j") for g in GRAPHS),
])
def pushed(request, falkordb_server) -> tuple[nx.MultiDiGraph, Any]:
    """A graph pushed to a server: a FalkorDB graph of its own, or the session's Neo4j."""
    which, backend = request.param
    G = GRAPHS[which]()
    if backend == "falkordb":
        from falkordb import FalkorDB

        server = FalkorServer(FalkorDB(host="127.0.0.1", port=falkordb_server.port).select_graph(f"cookbook_{which}"))
    else:
        server = request.getfixturevalue("neo4j_server")
        server.query("MATCH (n) DETACH DELETE n")
    server.push(G, replace=True)
    return G, server


@pytest.fixture
def loaded(pushed) -> tuple[nx.MultiDiGraph, Any]:
    """``pushed``, pushed again if another test emptied the (one) Neo4j database meanwhile."""
    G, server = pushed
    st = server.status()
    if (st.labels, st.types) != graph_counts(G):
        server.query("MATCH (n) DETACH DELETE n")
        server.push(G)
    return G, server


def run(server: Any, file: str, /, **params: Any) -> list[list[Any]]:
    f = parse_cypher_file(CYPHER_DIR / file)
    result = server.query(f.text, params)
    assert result.columns == list(f.returns), "the header's Returns line names the columns"
    return result.rows


def test_parks_for_each_direction_and_category(loaded) -> None:
    G, server = loaded
    names = [G.nodes[n]["name"] for n in _names(G, Label.DIRECTION) + _names(G, Label.CATEGORY)]
    names += _names(G, Label.CATEGORY)[:2]  # by id too
    assert names
    answered = 0
    for name in names:
        expected = py_parks_for(G, name)
        assert run(server, "parks_for.cypher", name=name) == expected, name
        answered += bool(expected)
    assert answered >= 3


@pytest.mark.parametrize("k", [1, 2, 3])
def test_duplicated_directions(loaded, k) -> None:
    G, server = loaded
    got = [[r[0], r[1], r[2], sorted(r[3])] for r in run(server, "duplicated_directions.cypher", min_districts=k)]
    assert got == py_duplicated(G, k)


def test_uncovered_categories(loaded) -> None:
    G, server = loaded
    got = [[*r[:5], sorted(r[5])] for r in run(server, "uncovered_categories.cypher")]
    assert got == py_uncovered(G)
    assert got, "both graphs have gaps: a test that finds none proves nothing"


def test_supply_collaboration_pairs(loaded) -> None:
    G, server = loaded
    rows = run(server, "supply_pairs.cypher")
    got: dict[tuple[str, str], list[str]] = {}
    for supplier, up, buyer, down in rows:
        got.setdefault((supplier, buyer), []).append(f"{up} → {down}")
    assert {k: sorted(v) for k, v in got.items()} == py_supply_pairs(G)
    assert rows == sorted(rows), "ORDER BY supplier, supplier_category, buyer, buyer_category"
    assert got, "both graphs have supply pairs: a test that finds none proves nothing"


def test_district_profile_matches_queries_profiles(loaded) -> None:
    G, server = loaded
    for d in _names(G, Label.DISTRICT):
        for key in (d, G.nodes[d]["name"]):
            got = run(server, "district_profile.cypher", district=key)
            assert [[*r[:4], sorted(r[4]), sorted(r[5]), r[6]] for r in got] == py_profile(G, G.nodes[d]["name"])


def test_supply_path_between_every_pair_of_categories(loaded) -> None:
    G, server = loaded
    cats = _names(G, Label.CATEGORY)
    found = 0
    for a, b in itertools.product(cats, cats):
        rows = run(server, "supply_path.cypher", source=G.nodes[a]["key"], target=b)
        hops = py_supply_hops(G, a, b)
        if hops is None:
            assert rows == [], (a, b)
            continue
        found += 1
        [[path, keys, got_hops]] = rows
        assert got_hops == hops and len(path) == len(keys) == hops + 1
        assert keys[0] == G.nodes[a]["key"] and keys[-1] == G.nodes[b]["key"]
        ids = [f"category:{k}" for k in keys]
        assert all(G.has_edge(u, v, key="SUPPLIES") for u, v in itertools.pairwise(ids))
        assert path == [G.nodes[i]["name"] for i in ids]
    assert found >= 3 or not cats


def test_every_falkordb_file_is_covered_and_neo4j_only_files_say_why() -> None:
    """A new cookbook file needs a comparison above (or a Neo4j-only reason in its header)."""
    tested = {"parks_for.cypher", "duplicated_directions.cypher", "uncovered_categories.cypher",
              "supply_pairs.cypher", "district_profile.cypher", "supply_path.cypher"}
    for f in cookbook():
        assert f.path.name in tested or f.neo4j_only_reason, f.path.name
    # The generated files: load_csv.cypher runs on FalkorDB (test_load_csv_*); schema.cypher cannot.
    assert parse_cypher_file(CYPHER_DIR / "schema.cypher").neo4j_only_reason
    assert not parse_cypher_file(CYPHER_DIR / "load_csv.cypher").neo4j_only_reason


@pytest.mark.parametrize("which", list(GRAPHS))
def test_load_csv_of_the_export_equals_a_push(falkordb_server, which) -> None:
    """cypher/load_csv.cypher over `chainkg export --format csv` gives the same graph as a push."""
    from falkordb import FalkorDB

    from chainkg.graph.export import write_export

    G = GRAPHS[which]()
    folder = falkordb_server.import_dir / which
    write_export(G, folder, "csv")
    db = FalkorDB(host="127.0.0.1", port=falkordb_server.port)
    via_csv, via_push = (FalkorServer(db.select_graph(f"csv_{which}_{k}")) for k in ("csv", "push"))
    for s in (via_csv, via_push):
        s.query("MATCH (n) DETACH DELETE n")
    text = parse_cypher_file(CYPHER_DIR / "load_csv.cypher").text
    statements = [s for s in text.split(";\n") if "LOAD CSV" in s]
    assert len(statements) == len(Label) + len(rel_endpoint_pairs())
    for statement in statements:
        via_csv.query(statement, {"base": f"file:///{which}", "dataset": "chainkg"})
    via_push.push(G)
    q = "MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id"
    r = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b"
    csv_nodes, push_nodes = via_csv.query(q).rows, via_push.query(q).rows
    assert len(csv_nodes) == G.number_of_nodes()
    # Empty cells load as "not set"; FalkorDB's toFloat() parses in single precision (29.6 →
    # 29.6000003814697), so floats compare approximately.
    assert _round(csv_nodes) == _round([[i, l, _nonempty(p)] for i, l, p in push_nodes])
    csv_rels, push_rels = via_csv.query(r).rows, via_push.query(r).rows
    assert len(csv_rels) == G.number_of_edges()
    assert _round(csv_rels) == _round([[a, t, b, _nonempty(p)] for a, t, b, p in push_rels])


@pytest.mark.parametrize("which", list(GRAPHS))
def test_load_csv_of_the_export_equals_a_push_on_neo4j(neo4j_local, neo4j_empty, which) -> None:
    """The same on Neo4j: the tables go to the server's import folder (LOAD CSV's file:///)."""
    from chainkg.graph.export import write_export

    G = GRAPHS[which]()
    write_export(G, neo4j_local.import_dir / which, "csv")
    server = neo4j_empty
    text = parse_cypher_file(CYPHER_DIR / "load_csv.cypher").text
    statements = [s for s in text.split(";\n") if "LOAD CSV" in s]
    assert len(statements) == len(Label) + len(rel_endpoint_pairs())
    for statement in statements:
        server.query(statement, {"base": f"file:///{which}", "dataset": "chainkg"})
    q = "MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id"
    r = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b"
    csv_nodes, csv_rels = server.query(q).rows, server.query(r).rows
    server.query("MATCH (n) DETACH DELETE n")
    server.push(G)
    push_nodes, push_rels = server.query(q).rows, server.query(r).rows
    assert len(csv_nodes) == G.number_of_nodes() and len(csv_rels) == G.number_of_edges()
    # Empty cells load as "not set"; Neo4j's toFloat() is double precision: no rounding needed.
    assert csv_nodes == [[i, l, _nonempty(p)] for i, l, p in push_nodes]
    assert csv_rels == [[a, t, b, _nonempty(p)] for a, t, b, p in push_rels]


def _nonempty(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v not in ("", [])}


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value
