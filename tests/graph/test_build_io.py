"""The graph model: counts, ids, sources, save/load round trips, CSV export columns from the schema."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from chainkg.errors import InputError
from chainkg.graph.build import build_graph
from chainkg.graph.export import csv_tables, write_export
from chainkg.graph.io import read_graph, write_graph
from chainkg.graph.schema import ENDPOINTS, NODE_PROPERTIES, Label, Rel, all_endpoints, label_of
from chainkg.loaders import load_sources


@pytest.fixture(scope="module")
def G():
    return build_graph(with_taxonomy=False)


def test_counts_of_the_shipped_notice(G):
    labels = Counter(d["label"] for _, d in G.nodes(data=True))
    types = Counter(k for _, _, k in G.edges(keys=True))
    assert labels == {"Document": 1, "District": 13, "Park": 18, "Direction": 19}
    assert types == {"LISTS": 13, "LOCATED_IN": 18, "TARGETS": 43}


def test_every_edge_respects_the_schema(G):
    for u, v, k in G.edges(keys=True):
        pair = (Label(G.nodes[u]["label"]), Label(G.nodes[v]["label"]))
        assert pair in all_endpoints(Rel(k))
        assert label_of(u) == pair[0] and label_of(v) == pair[1]


def test_facts_keep_their_source_and_raw_text(G):
    doc = "渝经信园区〔2022〕26号"
    assert all(d["sources"] == [doc] for _, d in G.nodes(data=True) if d["label"] != "Document")
    e = G.edges["district:重庆市/铜梁区", "direction:转向制动系统", "TARGETS"]
    assert e["raw"] == ["制动转向系统"] and e["sources"] == [doc]
    assert G.nodes["district:重庆市/九龙坡区"]["raw"] == ["九龙坡"]
    assert G.nodes["direction:转向制动系统"]["raw"] == ["制动转向系统", "转向制动系统"]


def test_two_sources_merge_and_keep_both(tmp_path: Path):
    p = tmp_path / "later.csv"
    p.write_text("区县,承载园区,创建类型,创建方向\n璧山区,璧山高新区,专业型,智能座舱\n荣昌区,荣昌高新区,专业型,动力电池系统\n",
                 encoding="utf-8")
    G2 = build_graph(load_sources([str(load_sources().documents[0].path), str(p)]), with_taxonomy=False)
    bishan = "district:重庆市/璧山区"
    assert G2.nodes[bishan]["sources"] == ["later.csv", "渝经信园区〔2022〕26号"]
    assert G2.edges[bishan, "direction:智能座舱", "TARGETS"]["sources"] == ["later.csv"]
    assert G2.edges[bishan, "direction:动力电池系统", "TARGETS"]["sources"] == ["渝经信园区〔2022〕26号"]
    assert "district:重庆市/荣昌区" in G2


@pytest.mark.parametrize("suffix", [".json", ".graphml"])
def test_save_and_load_round_trip(G, tmp_path: Path, suffix: str):
    path = write_graph(G, tmp_path / f"g{suffix}")
    H = read_graph(path)
    assert sorted(H.nodes) == sorted(G.nodes)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    for n in G.nodes:
        assert {k: v for k, v in H.nodes[n].items() if v is not None} == {
            k: v for k, v in G.nodes[n].items() if v is not None}


def test_reading_a_foreign_file_is_refused(tmp_path: Path):
    p = tmp_path / "other.json"
    p.write_text('{"directed": true, "multigraph": true, "graph": {}, "nodes": [{"node": "x"}], "edges": []}',
                 encoding="utf-8")
    with pytest.raises(InputError, match="has no chainkg label"):
        read_graph(p)
    p.write_text("not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a chainkg graph file"):
        read_graph(p)


def test_csv_tables_follow_the_schema(G):
    tables = csv_tables(G)
    for label in Label:
        header = next(csv.reader(io.StringIO(tables[f"nodes_{label.value}.csv"])))
        assert tuple(header) == NODE_PROPERTIES[label]
    rows = list(csv.DictReader(io.StringIO(tables["rels_TARGETS.csv"])))
    assert len(rows) == 43
    tongliang = next(r for r in rows if r["start_id"] == "district:重庆市/铜梁区" and r["end_id"] == "direction:转向制动系统")
    assert tongliang["raw"] == "制动转向系统"
    districts = list(csv.DictReader(io.StringIO(tables["nodes_District.csv"])))
    assert len(districts) == 13 and {"lat", "lon", "name_en"} <= set(districts[0])
    assert set(ENDPOINTS) == set(Rel)


def test_export_is_all_or_nothing(G, tmp_path: Path):
    out = tmp_path / "exp"
    files = write_export(G, out, "csv")
    assert (out / "nodes_Park.csv") in files
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
