"""Duplicated directions and district similarity, checked against figures computed by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from plan_graphs import district, make_graph
from networkx.algorithms import bipartite

from chainkg.graph.schema import Label
from chainkg.queries.overlaps import (
    CATEGORY_COLUMNS,
    DUPLICATED_COLUMNS,
    PAIR_COLUMNS,
    duplicated_categories,
    duplicated_directions,
    similar_pairs,
    similarity_matrix,
    unmapped_directions,
)


def test_notice_direction_counts_match_hand_count(notice_graph):
    df = duplicated_directions(notice_graph)
    assert list(df.columns) == DUPLICATED_COLUMNS
    counts = dict(zip(df["direction"], df["count"]))
    # Counted by hand from the notice's table.
    assert counts["轻量化部件"] == 7
    assert counts["动力电池系统"] == 6
    assert counts["智能座舱"] == 4 and counts["转向制动系统"] == 4
    assert counts["电驱系统"] == 3 and counts["车端网联"] == 3
    assert counts["自动驾驶算法软件"] == 2 and counts["环境感知系统"] == 2 and counts["智能驾驶（中控）"] == 2
    assert len(df) == 9  # the other 10 directions are single-district
    assert list(df["direction"][:2]) == ["轻量化部件", "动力电池系统"]
    light = df.set_index("direction").loc["轻量化部件", "districts"]
    assert light == sorted(["九龙坡区", "涪陵区", "北碚区", "长寿区", "合川区", "南川区", "万盛经开区"])


def test_notice_top_pair_is_changshou_nanchuan(notice_graph):
    pairs = similar_pairs(notice_graph)
    assert list(pairs.columns) == PAIR_COLUMNS
    top = pairs.iloc[0]
    assert {top["a"], top["b"]} == {"长寿区", "南川区"}
    assert top["jaccard"] == 0.75 and top["n_shared"] == 3
    assert top["shared"] == sorted(["动力电池系统", "轻量化部件", "智能座舱"])
    # Next: pairs sharing 2 of 3 (涪陵–长寿, 涪陵–万盛, 璧山–铜梁, …) at 2/3.
    assert pairs.iloc[1]["jaccard"] == pytest.approx(2 / 3, abs=1e-6)
    assert pairs["jaccard"].is_monotonic_decreasing


def test_pairs_equal_networkx_bipartite_projection(notice_graph):
    """The sparse computation gives exactly networkx's Jaccard-weighted projection."""
    districts = [n for n, a in notice_graph.nodes(data=True) if a["label"] == Label.DISTRICT.value]
    B = nx.Graph(notice_graph.to_undirected())
    B.remove_nodes_from([n for n in B if n.startswith("document:")])
    P = bipartite.overlap_weighted_projected_graph(B, districts, jaccard=True)
    expected = {frozenset((u, v)): w for u, v, w in P.edges(data="weight")}
    pairs = similar_pairs(notice_graph)
    got = {frozenset((a, b)): j for a, b, j in zip(pairs["a_id"], pairs["b_id"], pairs["jaccard"])}
    assert got.keys() == expected.keys()
    for key, w in expected.items():
        assert got[key] == pytest.approx(w, abs=1e-6)


def test_similarity_matrix_is_symmetric_with_hand_values(notice_graph):
    m = similarity_matrix(notice_graph)
    assert m.shape == (13, 13)
    assert m.loc["长寿区", "南川区"] == m.loc["南川区", "长寿区"] == 0.75
    assert m.loc["长寿区", "长寿区"] == 1.0
    assert m.loc["两江新区", "璧山区"] == 0.0
    assert m.loc["涪陵区", "九龙坡区"] == pytest.approx(1 / 4)  # share 轻量化部件; union of 2 + 3 − 1


def test_category_level_catches_different_wordings():
    # Two districts word the same component differently: no shared direction, one shared category.
    G = make_graph(
        {"甲区": ["动力电池", "座舱"], "乙区": ["电池系统"], "丙区": ["座舱"]},
        categories={"battery": ("动力电池", "midstream"), "cockpit": ("智能座舱", "midstream")},
        belongs={"动力电池": ["battery"], "电池系统": ["battery"], "座舱": ["cockpit"]},
    )
    direction_pairs = similar_pairs(G)
    assert {frozenset((a, b)) for a, b in zip(direction_pairs["a"], direction_pairs["b"])} == {frozenset(("甲区", "丙区"))}
    cat_pairs = similar_pairs(G, level="category").set_index(["a", "b"])
    assert cat_pairs.loc[("乙区", "甲区") if ("乙区", "甲区") in cat_pairs.index else ("甲区", "乙区"), "jaccard"] == 0.5
    cats = duplicated_categories(G)
    assert list(cats.columns) == CATEGORY_COLUMNS
    battery = cats.set_index("category").loc["动力电池"]
    assert battery["count"] == 2 and battery["directions"] == ["动力电池", "电池系统"]


def test_directions_unknown_to_taxonomy_are_reported(toy_graph):
    unmapped = unmapped_directions(toy_graph)
    assert unmapped["direction"].tolist() == ["未知方向"]
    assert unmapped["districts"].tolist() == [["丁区"]]
    # and category-level analyses still run, simply without that district's direction
    pairs = similar_pairs(toy_graph, level="category")
    assert "丁区" not in set(pairs["a"]) | set(pairs["b"])


def test_empty_graph_gives_empty_tables_with_columns():
    G = nx.MultiDiGraph()
    assert duplicated_directions(G).empty and list(duplicated_directions(G).columns) == DUPLICATED_COLUMNS
    assert similar_pairs(G).empty and list(similar_pairs(G).columns) == PAIR_COLUMNS
    assert similar_pairs(G, level="category").empty
    assert similarity_matrix(G).shape == (0, 0)
    assert duplicated_categories(G).empty


def test_single_district_has_no_overlap():
    G = make_graph({"璧山区": ["动力电池系统", "电驱系统"]})
    assert duplicated_directions(G).empty
    assert similar_pairs(G).empty
    m = similarity_matrix(G)
    assert m.shape == (1, 1) and m.iloc[0, 0] == 1.0


def test_english_names_beside_chinese(notice_graph):
    df = duplicated_directions(notice_graph, lang="en")
    assert df.iloc[0]["direction"] == "轻量化部件 (EN 轻量化部件)"
    assert similar_pairs(notice_graph, top=1, lang="en").iloc[0]["a"].endswith(")")


def test_top_and_min_shared_limit_rows(notice_graph):
    assert len(similar_pairs(notice_graph, top=3)) == 3
    assert (similar_pairs(notice_graph, min_shared=2)["n_shared"] >= 2).all()
    assert district("长寿区") in set(similar_pairs(notice_graph, min_shared=3)["a_id"]) | set(
        similar_pairs(notice_graph, min_shared=3)["b_id"]
    )


def test_umbrella_directions_cover_no_category():
    # 高端核心零部件 is a cross-cutting label: its categories do not count as targeted.
    G = make_graph(
        {"甲区": ["高端核心零部件"], "乙区": ["动力电池系统"]},
        categories={"battery": ("动力电池", "midstream")},
        belongs={"高端核心零部件": ["battery"], "动力电池系统": ["battery"]},
    )
    G.nodes["direction:高端核心零部件"]["umbrella"] = True
    assert similar_pairs(G, level="category").empty
    assert duplicated_categories(G).empty
    unmapped = unmapped_directions(G)
    assert unmapped[["direction", "reason"]].values.tolist() == [["高端核心零部件", "umbrella"]]
