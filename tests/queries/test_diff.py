"""What changed between two creation lists."""

from __future__ import annotations

import networkx as nx
from plan_graphs import NOTICE_ROWS, make_graph

from chainkg.queries.diff import DIRECTION_COLUMNS, DISTRICT_COLUMNS, PARK_COLUMNS, diff


def test_identical_inputs_have_no_changes(notice_graph):
    d = diff(notice_graph, make_graph(NOTICE_ROWS))
    assert d.empty
    assert list(d.districts.columns) == DISTRICT_COLUMNS
    assert list(d.directions.columns) == DIRECTION_COLUMNS
    assert list(d.parks.columns) == PARK_COLUMNS


def test_added_dropped_reworded_districts_and_parks():
    old = make_graph(
        {"铜梁区": ["动力电池系统", "转向制动系统"], "万盛经开区": ["轻量化部件"]},
        parks={"铜梁区": ["铜梁高新区"]},
        doc="document:old",
    )
    new = make_graph(
        {"铜梁区": ["转向制动系统", "电驱系统"], "綦江区": ["轻量化部件"]},
        parks={"铜梁区": ["铜梁高新区南区"]},
        raw={("铜梁区", "转向制动系统"): "制动转向系统"},
        doc="document:new",
    )
    d = diff(old, new)
    assert d.old_sources == ["document:old"] and d.new_sources == ["document:new"]
    assert sorted(zip(d.districts["district"], d.districts["change"])) == [("万盛经开区", "dropped"), ("綦江区", "added")]
    tongliang = d.directions[d.directions["district"] == "铜梁区"]
    changes = {(r.change, r.direction) for r in tongliang.itertuples()}
    # 制动转向系统 is the same canonical direction as 转向制动系统: reworded, not dropped + added
    assert changes == {("dropped", "动力电池系统"), ("added", "电驱系统"), ("reworded", "转向制动系统")}
    reworded = tongliang[tongliang["change"] == "reworded"].iloc[0]
    assert (reworded["old"], reworded["new"]) == ("转向制动系统", "制动转向系统")
    # the directions of a dropped or added district are listed too
    assert ("万盛经开区", "dropped", "轻量化部件") in set(zip(d.directions["district"], d.directions["change"], d.directions["direction"]))
    assert sorted(zip(d.parks["change"], d.parks["park"])) == [("added", "铜梁高新区南区"), ("dropped", "铜梁高新区")]


def test_empty_against_notice(notice_graph):
    d = diff(nx.MultiDiGraph(), notice_graph)
    assert (d.districts["change"] == "added").sum() == 13
    assert (d.directions["change"] == "added").sum() == sum(len(v) for v in NOTICE_ROWS.values()) == 43
