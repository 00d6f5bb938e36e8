"""add_taxonomy: the taxonomy in the graph, with every direction of the notice linked to categories."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from chainkg.errors import SchemaError
from chainkg.graph.build import add_dataset, build_graph, nodes_of
from chainkg.graph.schema import NODE_PROPERTIES, REL_PROPERTIES, Label, Rel, all_endpoints
from chainkg.graph.taxonomy import add_taxonomy
from chainkg.loaders import load_sources
from chainkg.loaders.taxonomy import TAXONOMY_DIR, load_taxonomy, read_taxonomy


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph()


def test_counts_and_schema(G):
    tax = load_taxonomy()
    assert len(nodes_of(G, Label.CATEGORY)) == len(tax.categories)
    assert len(nodes_of(G, Label.GROUP)) == len(tax.groups)
    for u, v, k, attrs in G.edges(keys=True, data=True):
        rel = Rel(k)
        assert (Label(G.nodes[u]["label"]), Label(G.nodes[v]["label"])) in all_endpoints(rel), (u, v, k)
        assert set(attrs) - {"type"} <= set(REL_PROPERTIES[rel]), (u, v, k)
    for n, attrs in G.nodes(data=True):
        if attrs["label"] in ("Category", "Group"):
            assert set(attrs) - {"label"} <= set(NODE_PROPERTIES[Label(attrs["label"])]), n


def test_every_direction_of_the_notice_belongs_to_a_category(G):
    directions = nodes_of(G, Label.DIRECTION)
    assert len(directions) == 19
    for d in directions:
        cats = [v for _, v, k in G.out_edges(d, keys=True) if k == Rel.BELONGS_TO]
        assert cats, d
    assert G.graph["taxonomy_unmapped"] == []
    assert G.nodes["direction:传统零部件升级"]["umbrella"] is True
    assert G.nodes["direction:动力电池系统"]["umbrella"] is False


def test_belongs_to_weights_and_sources(G):
    e = G.edges["direction:智能车控", "category:vehicle_motion_control", "BELONGS_TO"]
    assert e["weight"] == 1.0 and "S4" in e["source"]
    assert G.edges["direction:智能车控", "category:braking_system", "BELONGS_TO"]["weight"] == 0.5
    assert G.edges["direction:传统零部件升级", "category:interior_exterior", "BELONGS_TO"]["weight"] == 0.5


def test_supplies_and_part_of(G):
    e = G.edges["category:power_semiconductors", "category:motor_controller", "SUPPLIES"]
    assert e["source"] == "S20"
    assert G.edges["category:power_semiconductors", "category:charging_swapping", "SUPPLIES"]["source"] == "J"
    # PART_OF: category → leaf group → … → root, no cycle
    part_of = nx.DiGraph([(u, v) for u, v, k in G.edges(keys=True) if k == Rel.PART_OF])
    assert nx.is_directed_acyclic_graph(part_of)
    assert nx.has_path(part_of, "category:battery_cell", "group:icv_nev_chain")
    assert G.nodes["category:battery_cell"]["group"] == "traction_battery"


def test_uncovered_segments_are_visible(G):
    covered = {v for _, v, k in G.edges(keys=True) if k == Rel.BELONGS_TO}
    uncovered = set(nodes_of(G, Label.CATEGORY)) - covered
    assert {"category:power_semiconductors", "category:charging_swapping", "category:battery_recycling"} <= uncovered


def test_user_table_direction_unknown_to_the_mapping_is_reported_not_fatal(tmp_path: Path):
    table = tmp_path / "extra.csv"
    table.write_text("区县,承载园区,创建类型,创建方向\n璧山,璧山高新区,专业型,动力电池系统、低空飞行器\n", encoding="utf-8")
    G = build_graph(load_sources([table]))
    unmapped = [n for n, a in G.nodes(data=True) if a.get("unmapped")]
    assert len(unmapped) == 1
    assert not any(k == Rel.BELONGS_TO for _, _, k in G.out_edges(unmapped[0], keys=True))
    [line] = G.graph["taxonomy_unmapped"]
    assert "extra.csv" in line and "maps to no category" in line


def test_notice_direction_without_mapping_is_a_schema_error(tmp_path: Path):
    folder = Path(shutil.copytree(TAXONOMY_DIR, tmp_path / "taxonomy"))
    text = (folder / "directions.toml").read_text(encoding="utf-8")
    start = text.index('[[direction]]\nname = "智能车云"')
    end = text.index("[[direction]]", start + 5)
    (folder / "directions.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    G = add_dataset(nx.MultiDiGraph(), load_sources())
    with pytest.raises(SchemaError, match=r"directions\.toml: direction '智能车云' of 渝经信园区〔2022〕26号 maps to no category"):
        add_taxonomy(G, read_taxonomy(folder))
