"""The neo4j-driver code path on a real Bolt endpoint: FalkorDB's experimental Bolt port.

Bolt on FalkorDB has documented bugs (tech notes): parameters over ~4 KB kill the connection, a
closed connection makes the server ignore the next handshake, one graph per server, no Neo4j
schema commands. So this is a smoke test with the documented workarounds — one row per statement
(a taxonomy Category row is up to 1.5 KB; five of them crashed the server), one pooled connection,
one bare TCP "poke" after each driver closes, schema=False — on a server of its own, so a Bolt
crash cannot take the other tests' server down. Not a full run: that is what NEO4J_URI is for."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from chainkg.graph.build import build_graph
from chainkg.graph.localserver import LocalFalkorDB
from chainkg.graph.neo4j_writer import write_neo4j
from chainkg.graph.servers import Neo4jServer
from tests.fixtures_db import graph_counts


def bolt_safe_graph():
    """The shipped graph with ' and \\ in string values replaced (’ and /): FalkorDB's Bolt port
    pastes parameters into the query unescaped, so those two break it (tech notes). Test data
    only — the product sends the values as they are, and FalkorDB's own protocol takes them."""
    G = build_graph()

    def fix(value):
        if isinstance(value, str):
            return value.replace("'", "’").replace("\\", "/")
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    for _, attrs in G.nodes(data=True):
        attrs.update({k: fix(v) for k, v in attrs.items()})
    for _, _, attrs in G.edges(data=True):
        attrs.update({k: fix(v) for k, v in attrs.items()})
    return G


@pytest.fixture(scope="module")
def bolt_server(tmp_path_factory):
    server = LocalFalkorDB(tmp_path_factory.mktemp("bolt")).start()
    yield server
    server.stop()


@pytest.fixture
def bolt_driver(bolt_server):
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(bolt_server.bolt_uri, auth=("falkordb", ""), max_connection_pool_size=1,
                                  connection_acquisition_timeout=5)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    yield driver
    driver.close()
    bolt_server.poke_bolt()


def test_neo4j_writer_pushes_the_shipped_graph_over_bolt(bolt_driver) -> None:
    G = bolt_safe_graph()
    result = write_neo4j(G, bolt_driver, batch_size=1, schema=False)
    assert (result.nodes, result.relationships) == graph_counts(G)
    st = Neo4jServer(bolt_driver, address="bolt").status()
    assert (st.labels, st.types) == graph_counts(G)
    # idempotent over Bolt too
    write_neo4j(G, bolt_driver, batch_size=1, schema=False, replace=True)
    st = Neo4jServer(bolt_driver, address="bolt").status()
    assert (st.labels, st.types) == graph_counts(G)
    got = Neo4jServer(bolt_driver).query(
        "MATCH (p:Park)-[:LOCATED_IN]->(d:District {name: $name}) RETURN p.name AS park ORDER BY park", {"name": "永川区"})
    assert got.records() == [{"park": "凤凰湖产业园"}, {"park": "大数据产业园"}]


def test_db_query_and_status_cli_over_bolt(bolt_server, bolt_driver) -> None:
    write_neo4j(bolt_safe_graph(), bolt_driver, batch_size=1, schema=False)
    # FalkorDB's Bolt port takes user "falkordb" and an empty password (a password fails with
    # "An unknown error occurred"); the password-is-never-shown tests are in tests/chainkg.
    env = {**os.environ, "NEO4J_URI": bolt_server.bolt_uri, "NEO4J_USERNAME": "falkordb", "NEO4J_PASSWORD": ""}
    env.pop("FALKORDB_URL", None)

    def chainkg(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "-m", "chainkg", "db", *args], env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=60, check=False)
        bolt_server.poke_bolt()  # the CLI's driver closed its one connection
        return proc

    proc = chainkg("query", "cypher/duplicated_directions.cypher", "--param", "min_districts:=5", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[0]["direction"] == "轻量化部件" and rows[0]["district_count"] == 7
    proc = chainkg("status", "--json")
    assert proc.returncode == 0, proc.stderr
    st = json.loads(proc.stdout)
    assert st["server"] == "Neo4j" and (st["labels"], st["types"]) == graph_counts(build_graph())
