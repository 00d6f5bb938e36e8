"""Chain gaps on a toy chain whose answers were worked out by hand (see plan_graphs.TOY_SUPPLIES)."""

from __future__ import annotations

import networkx as nx
from plan_graphs import make_graph

from chainkg.queries.gaps import (
    BROKEN_COLUMNS,
    SINGLE_CATEGORY_COLUMNS,
    SINGLE_DIRECTION_COLUMNS,
    UNCOVERED_COLUMNS,
    broken_links,
    single_district_categories,
    single_district_directions,
    uncovered_categories,
)


def test_uncovered_ranked_by_dependent_chain(toy_graph):
    df = uncovered_categories(toy_graph)
    assert list(df.columns) == UNCOVERED_COLUMNS
    # materials → cell → pack → vehicle (3 covered dependents); chips → controller → vehicle (2); seats → vehicle (1)
    assert df["category"].tolist() == ["materials", "chips", "seats"]
    assert df["importance"].tolist() == [3, 2, 1]
    assert df["districts_served"].tolist() == [3, 2, 1]
    assert df.iloc[0]["feeds"] == ["电芯"] and df.iloc[0]["position"] == "upstream"
    assert df.iloc[0]["dependents"] == sorted(["电芯", "电池包", "整车"])
    # covered categories are absent
    assert not {"cell", "pack", "vehicle", "controller"} & set(df["category"])


def test_single_district_directions_and_categories(toy_graph):
    dirs = single_district_directions(toy_graph)
    assert list(dirs.columns) == SINGLE_DIRECTION_COLUMNS
    assert dict(zip(dirs["direction"], dirs["district"])) == {
        "电池包制造": "甲区", "整车制造": "乙区", "控制器制造": "丙区", "未知方向": "丁区",
    }
    cats = single_district_categories(toy_graph)
    assert list(cats.columns) == SINGLE_CATEGORY_COLUMNS
    assert dict(zip(cats["category"], cats["district"])) == {"pack": "甲区", "vehicle": "乙区", "controller": "丙区"}


def test_broken_links(toy_graph):
    df = broken_links(toy_graph)
    assert list(df.columns) == BROKEN_COLUMNS
    rows = [(r.category, r.district, r.missing_inputs, r.all_missing) for r in df.itertuples()]
    assert rows == [
        ("cell", "丙区", ["电池材料"], True),  # districts by id: 丙 (U+4E19) sorts before 甲 (U+7532)
        ("cell", "甲区", ["电池材料"], True),
        ("controller", "丙区", ["芯片"], True),
        ("vehicle", "乙区", ["座椅"], False),  # 电池包 and 控制器 are built, 座椅 is not
    ]
    # pack's only input (cell) is built by 甲区 and 丙区: no broken link
    assert "pack" not in set(df["category"])


def test_gap_closes_when_a_district_targets_it():
    rows = {"甲区": ["电芯制造", "材料"], "乙区": ["整车制造"]}
    G = make_graph(
        rows,
        categories={"materials": ("电池材料", "upstream"), "cell": ("电芯", "midstream"), "vehicle": ("整车", "downstream")},
        belongs={"电芯制造": ["cell"], "整车制造": ["vehicle"], "材料": ["materials"]},
        supplies=[("materials", "cell"), ("cell", "vehicle")],
    )
    assert uncovered_categories(G).empty
    assert broken_links(G).empty


def test_empty_and_taxonomy_free_graphs():
    for G in (nx.MultiDiGraph(), make_graph({"璧山区": ["动力电池系统"]})):
        assert uncovered_categories(G).empty and list(uncovered_categories(G).columns) == UNCOVERED_COLUMNS
        assert broken_links(G).empty
        assert single_district_categories(G).empty
    one = single_district_directions(make_graph({"璧山区": ["动力电池系统"]}))
    assert one[["direction", "district"]].values.tolist() == [["动力电池系统", "璧山区"]]
