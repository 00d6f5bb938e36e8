"""The planning analyses on the shipped notice, through the real loader and graph builder."""

from __future__ import annotations

import pytest

from chainkg.graph.build import build_graph
from chainkg.queries.collab import shared_pairs
from chainkg.queries.gaps import single_district_directions
from chainkg.queries.overlaps import duplicated_directions, similar_pairs, similarity_matrix


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


def test_gaps_present_and_absent(G):
    from chainkg.queries.gaps import broken_links, uncovered_categories

    uncovered = set(uncovered_categories(G)["category"])
    # No creation direction of the notice names battery materials, charging, recycling or HD maps …
    assert {"cathode_materials", "anode_materials", "separator", "electrolyte", "charging_swapping",
            "battery_recycling", "hd_map_positioning", "power_semiconductors"} <= uncovered
    # … nor 内外饰 / 混动: only the umbrella 传统零部件升级 mentions them, and umbrellas cover nothing alone.
    assert {"interior_exterior", "hybrid_ice_powertrain"} <= uncovered
    # What the notice does name is covered.
    assert not {"battery_cell", "battery_pack_bms", "drive_motor", "smart_cockpit", "body_lightweight_parts",
                "passenger_nev", "vehicle_connectivity", "steering_system"} & uncovered
    broken = broken_links(G)
    bishan_cells = broken[(broken["district"] == "璧山区") & (broken["category"] == "battery_cell")]
    assert len(bishan_cells) == 1 and "正极材料" in bishan_cells.iloc[0]["missing_inputs"]
