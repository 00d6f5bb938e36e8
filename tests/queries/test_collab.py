"""Collaboration candidates on the toy chain (answers worked out by hand from plan_graphs.TOY_SUPPLIES)."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from plan_graphs import district, make_graph

from chainkg.errors import UnknownName
from chainkg.queries.collab import COLUMNS, collaboration_candidates, district_distances, haversine_km, shared_pairs, supply_pairs


def test_supply_pairs_follow_supplies_edges(toy_graph):
    df = supply_pairs(toy_graph)
    assert list(df.columns) == COLUMNS
    # 乙区 builds 整车, whose inputs are 电池包 / 控制器 / 座椅 (3 outside needs):
    # 甲区 makes 电池包, 丙区 makes 控制器 → each covers 1 of 3. 甲区 and 丙区 need 电池材料 / 芯片: nobody makes them.
    assert [(r.a, r.b) for r in df.itertuples()] == [("甲区", "乙区"), ("丙区", "乙区")]  # nearer first on a tie
    assert df["score"].tolist() == pytest.approx([1 / 3, 1 / 3], abs=1e-6)
    assert df["via"].tolist() == [["电池包 → 整车"], ["控制器 → 整车"]]
    assert set(df["kind"]) == {"supply"}


def test_a_district_does_not_need_what_it_makes_itself(toy_graph):
    # 甲区 makes both 电芯 and 电池包 (电芯 → 电池包), so 丙区's 电芯 is no outside need of 甲区.
    df = supply_pairs(toy_graph)
    assert ("丙区", "甲区") not in set(zip(df["a"], df["b"]))


def test_distances_and_max_km(toy_graph):
    df = supply_pairs(toy_graph)
    # 甲区 (29.56, 106.55) – 乙区 (29.60, 106.60): 0.04° of latitude ≈ 4.45 km, 0.05° of longitude ≈ 4.83 km → ≈ 6.6 km
    assert df.iloc[0]["distance_km"] == pytest.approx(6.6, abs=0.1)
    assert df.iloc[1]["distance_km"] > 150
    near = supply_pairs(toy_graph, max_km=50)
    assert [(r.a, r.b) for r in near.itertuples()] == [("甲区", "乙区")]


def test_shared_pairs_and_district_filter(toy_graph):
    shared = shared_pairs(toy_graph)
    assert len(shared) == 1
    row = shared.iloc[0]
    assert {row["a"], row["b"]} == {"甲区", "丙区"} and row["via"] == ["电芯制造"]
    assert row["score"] == pytest.approx(1 / 3, abs=1e-6)
    only = collaboration_candidates(toy_graph, district=district("甲区"))
    # shared pairs are unordered: a is the district whose id sorts first (丙 U+4E19 < 甲 U+7532)
    assert [(r.kind, r.a, r.b) for r in only.itertuples()] == [("supply", "甲区", "乙区"), ("shared", "丙区", "甲区")]
    assert collaboration_candidates(toy_graph, district=district("乙区"), kind="supply")["b"].tolist() == ["乙区", "乙区"]


def test_unknown_coordinates_give_nan_and_fail_max_km():
    G = make_graph({"甲区": ["电池"], "乙区": ["电池"]})  # no lat/lon
    df = shared_pairs(G)
    assert math.isnan(df.iloc[0]["distance_km"])
    assert shared_pairs(G, max_km=1000).empty


def test_unknown_district_raises_unknown_name(toy_graph):
    with pytest.raises(UnknownName, match="戊区"):
        collaboration_candidates(toy_graph, district="district:重庆市/戊区")


def test_empty_and_single_district():
    for G in (nx.MultiDiGraph(), make_graph({"璧山区": ["动力电池系统"]})):
        df = collaboration_candidates(G)
        assert df.empty and list(df.columns) == COLUMNS


def test_haversine_known_distance():
    # Chongqing (29.563, 106.551) to Chengdu (30.572, 104.066): about 266 km great-circle.
    assert haversine_km(29.563, 106.551, 30.572, 104.066) == pytest.approx(266, abs=3)


def test_distance_matrix(toy_graph):
    km = district_distances(toy_graph)
    assert km.loc["甲区", "甲区"] == 0
    assert km.loc["甲区", "乙区"] == pytest.approx(km.loc["乙区", "甲区"])
    assert math.isnan(km.loc["甲区", "丁区"])
