"""The planning analyses on the shipped notice, through the real loader and graph builder."""

from __future__ import annotations

import pytest

from graph.build import build_graph
from queries.collab import shared_pairs
from queries.gaps import single_district_directions
from queries.overlaps import duplicated_directions, similar_pairs, similarity_matrix


@pytest.fixture(scope="module")
def G():
    return build_graph()


def test_duplicated_directions_of_the_notice(G):
    counts = dict(zip(*duplicated_directions(G)[["direction", "count"]].T.values))
    assert counts["轻量化部件"] == 7 and counts["动力电池系统"] == 6
    assert counts["智能座舱"] == 4 and counts["转向制动系统"] == 4  # 铜梁's 制动转向系统 counts here


def test_top_pair_of_the_notice(G):
    top = similar_pairs(G, top=1).iloc[0]
    assert {top["a"], top["b"]} == {"长寿区", "南川区"} and top["jaccard"] == 0.75 and top["n_shared"] == 3
    assert similarity_matrix(G).shape == (13, 13)


def test_single_district_directions_of_the_notice(G):
    single = single_district_directions(G)
    # 19 canonical directions, 9 targeted by ≥ 2 districts → 10 carried by one district
    assert len(single) == 10
    assert dict(zip(single["direction"], single["district"]))["氢燃料电池系统"] == "九龙坡区"


def test_shared_pairs_have_real_distances(G):
    df = shared_pairs(G, top=1)
    row = df.iloc[0]
    assert {row["a"], row["b"]} == {"长寿区", "南川区"}
    # seats 长寿 (29.86, 107.08) and 南川 (29.16, 107.10): 0.70° of latitude ≈ 78 km
    assert row["distance_km"] == pytest.approx(78, abs=3)
