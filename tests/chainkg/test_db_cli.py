"""`chainkg db push | query | status` against the session's real FalkorDB server, and the
one-line errors: unreachable server, refused password, bad URI, bad query, bad --param.
The same commands against the session's real Neo4j: tests/graph/test_db_neo4j.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainkg.cli import app
from chainkg.graph.build import build_graph
from tests.fixtures_db import FalkorProcess, free_port, graph_counts

REPO = Path(__file__).resolve().parents[2]
SECRET = "pw-Never-Shown-42"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "FALKORDB_"))}
    return {**env, **extra}


def chainkg(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chainkg", *args], env=env or clean_env(), cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False)


def one_error_line(proc: subprocess.CompletedProcess | object) -> str:
    err = proc.stderr
    assert proc.returncode == 2, (proc.returncode, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chainkg: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def cli_graph(falkordb_server, request) -> list[str]:
    """--falkordb-url/--graph-name options pointing at a fresh graph of the session server."""
    from falkordb import FalkorDB

    name = f"cli_{request.node.name}"[:60].replace("[", "_").replace("]", "")
    db = FalkorDB(host="127.0.0.1", port=falkordb_server.port)
    if name in db.list_graphs():
        db.select_graph(name).delete()
    return ["--falkordb-url", falkordb_server.url, "--graph-name", name]


def invoke(*args: str) -> object:
    result = CliRunner().invoke(app, list(args), env=clean_env(), catch_exceptions=False)
    return result


def test_push_status_query_round_trip(cli_graph) -> None:
    G = build_graph()
    nodes, rels = graph_counts(G)
    for replace in ([], ["--replace"], []):
        result = invoke("db", "push", "--to", "falkordb", *replace, "--batch-size", "7", *cli_graph)
        assert result.exit_code == 0, result.stderr
        assert f"pushed {sum(nodes.values())} nodes and {sum(rels.values())} relationships to falkordb" in result.stdout
    status = invoke("db", "status", "--json", *cli_graph)
    st = json.loads(status.stdout)
    assert st["server"] == "FalkorDB" and st["version"].startswith("4.")
    assert (st["labels"], st["types"]) == (nodes, rels)
    table = invoke("db", "status", *cli_graph)
    assert "FalkorDB" in table.stdout and "TARGETS" in table.stdout and "43" in table.stdout

    rows = json.loads(invoke("db", "query", "cypher/district_profile.cypher", "--param", "district=永川区", "--json",
                             *cli_graph).stdout)
    assert rows[0]["district"] == "永川区"
    assert rows[0]["parks"] == ["永川高新区凤凰湖产业园", "永川高新区大数据产业园"]
    text = invoke("db", "query", "MATCH (d:District) WHERE d.type = $t RETURN count(d) AS n", "-p", "t=综合型",
                  "--json", *cli_graph)
    assert json.loads(text.stdout)[0]["n"] >= 1


def test_query_output_is_literal(cli_graph) -> None:
    """Values that look like rich markup or HTML are printed as they are."""
    result = invoke("db", "query", "RETURN $v AS v, [1, 2] AS l", "--param", "v=[bold]x[/bold] <b>", *cli_graph)
    assert result.exit_code == 0, result.stderr
    assert "[bold]x[/bold] <b>" in result.stdout and "[1, 2]" in result.stdout


def test_bad_query_is_one_line(cli_graph, tmp_path) -> None:
    proc = chainkg("db", "query", "MATCH (d:District RETURN d", *cli_graph)
    assert "query: FalkorDB: " in one_error_line(proc)
    bad = tmp_path / "bad.cypher"
    bad.write_text("// Purpose: broken\nMATCH (d:District\nRETURN d\n", encoding="utf-8")
    assert one_error_line(chainkg("db", "query", str(bad), *cli_graph)).startswith(f"chainkg: error: {bad}: FalkorDB")
    missing = one_error_line(chainkg("db", "query", str(tmp_path / "missing.cypher"), *cli_graph))
    assert "missing.cypher: cannot read the query file" in missing


@pytest.mark.parametrize("param, why", [("novalue", "expected k=v"), ("n:=[1,", "not JSON"), ("a-b=1", "parameter name")])
def test_bad_param_is_one_line(cli_graph, param, why) -> None:
    assert why in one_error_line(chainkg("db", "query", "RETURN 1", "--param", param, *cli_graph))


def test_unreachable_falkordb_fails_fast() -> None:
    started = time.monotonic()
    proc = chainkg("db", "status", env=clean_env(FALKORDB_URL=f"redis://:{SECRET}@127.0.0.1:{free_port()}"))
    line = one_error_line(proc)
    assert time.monotonic() - started < 10
    assert "cannot reach FalkorDB at redis://127.0.0.1:" in line and SECRET not in proc.stdout + proc.stderr


def test_unreachable_neo4j_fails_fast() -> None:
    started = time.monotonic()
    env = clean_env(NEO4J_URI=f"neo4j://127.0.0.1:{free_port()}", NEO4J_PASSWORD=SECRET)
    proc = chainkg("db", "push", env=env)
    line = one_error_line(proc)
    assert time.monotonic() - started < 15
    assert "cannot reach Neo4j at neo4j://127.0.0.1:" in line and SECRET not in proc.stdout + proc.stderr


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "localhost:7687"])
def test_bad_neo4j_uri_is_one_line(uri) -> None:
    assert "bolt://, neo4j:// or neo4j+s://" in one_error_line(chainkg("db", "status", env=clean_env(NEO4J_URI=uri)))


def test_no_server_configured_is_one_line() -> None:
    assert "set NEO4J_URI" in one_error_line(chainkg("db", "status"))


@pytest.fixture(scope="module")
def protected_falkordb(tmp_path_factory):
    server = FalkorProcess(tmp_path_factory.mktemp("protected"), ["--save", "", "--requirepass", SECRET]).start()
    yield server
    server.stop()


def test_wrong_falkordb_password_is_one_line(protected_falkordb) -> None:
    url = f"redis://:wrong-{SECRET}@127.0.0.1:{protected_falkordb.port}"
    proc = chainkg("db", "status", env=clean_env(FALKORDB_URL=url))
    assert "refused the password" in one_error_line(proc)
    assert SECRET not in proc.stdout + proc.stderr
    proc = chainkg("db", "status", env=clean_env(FALKORDB_URL=f"redis://127.0.0.1:{protected_falkordb.port}"))
    assert "FalkorDB at" in one_error_line(proc)  # no password at all: the server's NOAUTH, one line
    ok = chainkg("db", "status", env=clean_env(FALKORDB_URL=f"redis://:{SECRET}@127.0.0.1:{protected_falkordb.port}"))
    assert ok.returncode == 0 and SECRET not in ok.stdout + ok.stderr

# A refused Neo4j password (a real Neo4j with auth on): tests/graph/test_db_neo4j.py.
