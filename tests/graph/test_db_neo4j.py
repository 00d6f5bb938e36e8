"""What only a real Neo4j 5 can tell: the server accepts (EXPLAIN) every statement chainkg sends and
every cypher/ file without an unknown label, type or property; `python -m chainkg.graph.localserver
neo4j` prints what chainkg needs and stops cleanly; a refused password is one line; a server killed in
the middle of a push recovers and a second push completes it; the neo4j-admin import files import
for real (with Neo4j's own AdminTool, from the same Maven jars) and give the graph a push gives.

The session's Neo4j comes from tests/fixtures_db.py; the tests here that need a server of their own
(auth on, killed, imported into) start one and stop it by its PID."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chainkg.errors import ConnectionFailed
from chainkg.graph import statements as st
from chainkg.graph.build import build_graph
from chainkg.graph.cypherfiles import CYPHER_DIR, parse_cypher_file
from chainkg.graph.localneo4j import neo4j_version
from chainkg.graph.servers import open_server
from tests.fixtures_db import free_port, graph_counts, neo4j_unavailable, sample_graph, start_neo4j

REPO = Path(__file__).resolve().parents[2]

# Server notifications (GQLSTATUS) that mean "this name is not in the database": label, relationship
# type, property key. Any WARNING counts too.
UNKNOWN_NAME = {"01N50": "label", "01N51": "relationship type", "01N52": "property key"}

EXAMPLE_PARAMS: dict[str, Any] = {
    **st.PARAMETERS,
    "name": "动力电池系统", "min_districts": 2, "district": "璧山区", "source": "cathode", "target": "vehicle",
}


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "FALKORDB_"))}
    return {**env, **extra}


def explain_problems(driver: Any, query: str, params: dict[str, Any]) -> list[str]:
    """The warnings Neo4j gives for ``EXPLAIN query`` (an error raises)."""
    summary = driver.execute_query("EXPLAIN " + query, params).summary
    problems = []
    for status in summary.gql_status_objects:
        severity = str(getattr(status, "raw_severity", "") or "")
        if status.gql_status in UNKNOWN_NAME or severity.upper() == "WARNING":
            problems.append(f"{status.gql_status}: {status.status_description}")
    return problems


def writer_and_cookbook_statements() -> dict[str, str]:
    """Every statement the writer sends (schema, data, replace, status counts, LOAD CSV) and every
    statement of every cypher/ file."""
    out = {f"schema {i}": q for i, q in enumerate(st.neo4j_schema_statements())}
    out |= {f"data {i}": q for i, q in enumerate(st.data_statements())}
    out |= {f"load csv {i}": q for i, q in enumerate(st.load_csv_statements())}
    out |= {"label counts": st.LABEL_COUNTS, "type counts": st.TYPE_COUNTS}
    for path in sorted(CYPHER_DIR.glob("*.cypher")):
        text = parse_cypher_file(path).text
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        for i, statement in enumerate(s for s in body.split(";") if s.strip()):
            out[f"{path.name} {i}"] = statement.strip()
    return out


def test_neo4j_explains_every_statement_without_an_unknown_name(neo4j_empty) -> None:
    """The server's own planner, beside the linter: on the pushed graph, no statement chainkg
    sends and no cypher/ statement is an error or draws a warning (unknown label, type, property)."""
    neo4j_empty.push(build_graph())
    statements = writer_and_cookbook_statements()
    assert len(statements) > 60
    problems = {name: p for name, q in statements.items() if (p := explain_problems(neo4j_empty.driver, q, EXAMPLE_PARAMS))}
    assert problems == {}


def test_explain_check_catches_unknown_names(neo4j_empty) -> None:
    """…and it would notice: a typo'd label, type and property each draw their notification."""
    neo4j_empty.push(sample_graph())
    got = explain_problems(neo4j_empty.driver, "MATCH (d:Distrct)-[:TARGET]->(x:Direction) RETURN x.nmae", {})
    assert {p.split(":")[0] for p in got} >= set(UNKNOWN_NAME)


def test_db_push_status_query_cli_on_neo4j(neo4j_local, neo4j_empty) -> None:
    from chainkg.cli import app

    G = build_graph()
    nodes, rels = graph_counts(G)
    env = clean_env(**neo4j_local.env())
    runner = CliRunner()
    for replace in ([], ["--replace"], []):
        result = runner.invoke(app, ["db", "push", *replace], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert f"pushed {sum(nodes.values())} nodes and {sum(rels.values())} relationships to neo4j" in result.stdout
    status = json.loads(runner.invoke(app, ["db", "status", "--json"], env=env).stdout)
    assert status["server"] == "Neo4j" and status["version"] == neo4j_version()
    assert (status["labels"], status["types"]) == (nodes, rels)
    rows = json.loads(runner.invoke(app, ["db", "query", "cypher/district_profile.cypher", "--param", "district=永川区",
                                          "--json"], env=env).stdout)
    assert rows[0]["district"] == "永川区"
    assert rows[0]["parks"] == ["永川高新区凤凰湖产业园", "永川高新区大数据产业园"]
    bad = subprocess.run([sys.executable, "-m", "chainkg", "db", "query", "MATCH (d:District RETURN d"], env=env,
                         cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("chainkg: error: query: Neo4j: ")
    assert len(bad.stderr.strip().splitlines()) == 1


def _chainkg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chainkg", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=60, check=False)


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_localserver_neo4j_with_auth_and_a_wrong_password(tmp_path) -> None:
    """`python -m chainkg.graph.localserver neo4j --auth` prints NEO4J_URI, NEO4J_USERNAME and
    NEO4J_PASSWORD first; chainkg connects with them; a wrong password is one line, exit 2, and
    neither password is shown; SIGTERM stops the server (exit 0, port closed)."""
    from chainkg.graph.localneo4j import prepare

    try:
        prepare()
    except Exception as err:  # noqa: BLE001
        neo4j_unavailable(str(err))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "chainkg.graph.localserver", "neo4j", "--dir", str(tmp_path / "db"),
                             "--port", str(port), "--auth"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=clean_env())
    try:
        lines = [proc.stdout.readline().rstrip("\n") for _ in range(3)]
        assert lines[0] == f"NEO4J_URI=bolt://127.0.0.1:{port}", (lines, proc.stderr.read() if proc.poll() else "")
        assert lines[1] == "NEO4J_USERNAME=neo4j"
        m = re.fullmatch(r"NEO4J_PASSWORD=(\S{8,})", lines[2])
        assert m, lines
        password = m.group(1)
        assert (tmp_path / "db" / ".neo4j-password").stat().st_mode & 0o077 == 0
        env = clean_env(NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_USERNAME="neo4j", NEO4J_PASSWORD=password)
        ok = _chainkg("db", "status", "--json", env=env)
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout)["server"] == "Neo4j" and password not in ok.stdout + ok.stderr

        wrong = f"{password}-wrong"
        started = time.monotonic()
        proc_wrong = _chainkg("db", "status", env={**env, "NEO4J_PASSWORD": wrong})
        assert time.monotonic() - started < 15
        assert proc_wrong.returncode == 2, proc_wrong.stderr
        err_lines = proc_wrong.stderr.strip().splitlines()
        assert len(err_lines) == 1 and "chainkg: error: " in err_lines[0], proc_wrong.stderr
        assert "wrong user name or password" in err_lines[0]
        for secret in (password, wrong):
            assert secret not in proc_wrong.stdout + proc_wrong.stderr
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        rc = proc.wait(90)
    assert rc == 0
    assert not _port_open(port), "the JVM stopped with the wrapper"


def test_localserver_refuses_a_folder_of_something_else(tmp_path) -> None:
    (tmp_path / "thesis.tex").write_text("mine", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "chainkg.graph.localserver", "neo4j", "--dir", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (f"localserver: error: {tmp_path} is not empty and was not made by chainkg's "
                                   "local Neo4j: refusing to use it")
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]


def test_neo4j_killed_mid_push_then_restarted_and_pushed_again(tmp_path) -> None:
    """kill -9 after a few batches: the push fails with one line; after the restart the store
    holds whole batches only (each batch is one transaction), and pushing again completes the
    graph without a duplicate."""
    G = build_graph()
    nodes, rels = graph_counts(G)
    server = start_neo4j(tmp_path / "db")
    try:
        seen: list[int] = []

        def kill_midway(what: str, done: int, total: int) -> None:
            seen.append(done)
            if len(seen) == 6:  # after five batches
                server.kill()

        # timeout=2: the driver retries a failed transaction for 2 x 2 s before giving up
        with open_server("neo4j", env=server.env(), timeout=2.0) as neo, \
                pytest.raises(ConnectionFailed, match="lost the connection to Neo4j.*safe to re-run"):
            neo.push(G, batch_size=5, progress=kill_midway)
        assert 0 < seen[-1] < sum(nodes.values()) + sum(rels.values())

        server.start()  # same port, same folder: Neo4j recovers from its transaction log
        with open_server("neo4j", env=server.env()) as neo:
            partial = neo.status().labels
            assert 0 < sum(partial.values()) < sum(nodes.values())
            assert all(n % 5 == 0 or n == nodes[label] for label, n in partial.items()), partial
            neo.push(G, batch_size=5)
            st_ = neo.status()
            assert (st_.labels, st_.types) == (nodes, rels)
            dupes = neo.query("MATCH (n) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS n").rows
            assert dupes == [[0]]
    finally:
        assert server.stop() == 0


def test_neo4j_admin_import_files_import_for_real(tmp_path, neo4j_empty) -> None:
    """`chainkg export --format csv` writes neo4j-admin import files and a script; the script runs
    with NEO4J_ADMIN = our localserver's neo4j-admin (Neo4j's AdminTool from the same Maven jars)
    into a new folder, and that store, started, holds what a push writes."""
    from chainkg.graph.export import write_export

    G = build_graph()
    out = tmp_path / "out"
    write_export(G, out, "csv")
    store = tmp_path / "imported"
    admin = f"{sys.executable} -m chainkg.graph.localserver neo4j-admin --dir {store}"
    proc = subprocess.run(["sh", str(out / "neo4j-admin-import.sh"), "neo4j"], env={**os.environ, "NEO4J_ADMIN": admin},
                          cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "IMPORT DONE" in proc.stdout
    assert f"{G.number_of_nodes()} nodes" in proc.stdout and f"{G.number_of_edges()} relationships" in proc.stdout

    q = "MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id"
    r = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b"
    server = start_neo4j(store)
    try:
        with open_server("neo4j", env=server.env()) as neo:
            got_nodes, got_rels = neo.query(q).rows, neo.query(r).rows
    finally:
        assert server.stop() == 0
    neo4j_empty.push(G)
    push_nodes, push_rels = neo4j_empty.query(q).rows, neo4j_empty.query(r).rows
    assert len(got_nodes) == G.number_of_nodes() and len(got_rels) == G.number_of_edges()
    assert got_nodes == [[i, lab, _nonempty(p)] for i, lab, p in push_nodes]
    assert got_rels == [[a, t, b, _nonempty(p)] for a, t, b, p in push_rels]


def _nonempty(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v not in ("", [])}
