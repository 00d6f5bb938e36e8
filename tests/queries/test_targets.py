"""精准招商: what a district should attract, and a company list ranked for it."""

from __future__ import annotations

import pytest

from chainkg.errors import UnknownName
from chainkg.graph.build import build_graph
from chainkg.graph.schema import Rel
from chainkg.queries.targets import RANK_COLUMNS, TARGET_COLUMNS, district_targets, rank_companies


@pytest.fixture(scope="module")
def G():
    return build_graph()


def test_targets_of_a_district(G):
    df = district_targets(G, "九龍坡")  # traditional spelling, no 区
    assert list(df.columns) == TARGET_COLUMNS
    own = set(df[df.kind == "direction"].id)
    assert own == {"fuel_cell_system", "thermal_management", "body_lightweight_parts"}
    inputs = df[df.kind == "uncovered-input"]
    covered = {v.split(":", 1)[1] for _, v, k in G.edges(keys=True) if k == Rel.BELONGS_TO}
    assert set(inputs.id) and not set(inputs.id) & covered  # only inputs no district covers
    assert {"hydrogen_infra", "lightweight_materials", "power_semiconductors"} <= set(inputs.id)
    row = inputs[inputs.id == "hydrogen_infra"].iloc[0]
    assert row.via == "制储运加氢 → 氢燃料电池系统" and row.source == "S10"


def test_rank_companies_for_a_district(G):
    df = rank_companies(G, "渝北区", [("bakery", "面包店"), ("os", "车载操作系统与AUTOSAR工具链"),
                                     ("map", "高精地图与北斗定位"), ("cell", "动力电池电芯")])
    assert list(df.columns) == RANK_COLUMNS
    assert df.id.tolist()[:2] == ["os", "map"]
    assert df.set_index("id").kind.to_dict() == {"os": "direct", "map": "chain-adjacent", "cell": "none",
                                                  "bakery": "none"}
    assert df.iloc[0].park == "仙桃数据谷"  # a software firm fits the data valley before the airport park


def test_unknown_district(G):
    with pytest.raises(UnknownName):
        district_targets(G, "火星区")
