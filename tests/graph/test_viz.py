"""chainkg.graph.viz without a browser: what a view selects, and what the written page contains."""

from __future__ import annotations

import json
import re

import pytest
from vizgraph_sample import LINK, XSS, small_graph

from chainkg.errors import InputError, UnknownName
from chainkg.graph.viz import subgraph_for, to_pyvis_html, write_pyvis_html

REMOTE = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", re.I)


def page_nodes(page: str) -> list[dict]:
    """The node items pyvis put into the page's vis DataSet."""
    m = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, flags=re.S)
    assert m, "no node DataSet in the page"
    return json.loads(m.group(1))


# ---- subgraph_for ---------------------------------------------------------------------------


def test_whole_graph_by_default_is_a_copy():
    G = small_graph()
    S = subgraph_for(G)
    assert sorted(S) == sorted(G)
    assert S.number_of_edges() == G.number_of_edges() == 15
    S.remove_node("direction:电驱系统")
    assert "direction:电驱系统" in G


@pytest.mark.parametrize(
    ("focus", "depth", "expected"),
    [
        ("district:重庆市/璧山区", 0, {"district:重庆市/璧山区"}),
        (
            "璧山区",
            1,
            {
                "district:重庆市/璧山区", "park:重庆市/璧山区/璧山高新区", "direction:动力电池系统",
                "direction:电驱系统", "document:渝经信园区〔2022〕26号",
            },
        ),
        # Depth 2 walks through the directions to the other districts, but not through the notice
        # (which would pull in every district and its parks).
        (
            "璧山区",
            2,
            {
                "district:重庆市/璧山区", "park:重庆市/璧山区/璧山高新区", "direction:动力电池系统",
                "direction:电驱系统", "document:渝经信园区〔2022〕26号", "district:重庆市/九龙坡区",
                "district:重庆市/铜梁区", "category:battery_cell",
            },
        ),
        ("电芯", 1, {"category:battery_cell", "category:cathode", "direction:动力电池系统", "group:power_electric"}),
    ],
)
def test_focus_keeps_the_neighbourhood(focus, depth, expected):
    assert set(subgraph_for(small_graph(), focus=focus, depth=depth)) == expected


def test_category_keeps_the_chain_slice():
    S = subgraph_for(small_graph(), category="battery_cell")
    assert set(S) == {
        "category:battery_cell", "group:power_electric", "direction:动力电池系统", "category:cathode",
        "district:重庆市/九龙坡区", "district:重庆市/璧山区",
        "park:重庆市/九龙坡区/西彭工业园", "park:重庆市/璧山区/璧山高新区",
    }
    # The group stands for its categories: same slice.
    assert set(subgraph_for(small_graph(), category="power_electric")) == set(S)


def test_category_slice_of_a_gap_shows_who_depends_on_it():
    # Nobody targets 正极材料; it supplies 电芯, which 九龙坡区 and 璧山区 target (through 动力电池系统).
    S = subgraph_for(small_graph(), category="正极材料")
    assert set(S) == {
        "category:cathode", "group:power_electric", "category:battery_cell", "direction:动力电池系统",
        "district:重庆市/九龙坡区", "district:重庆市/璧山区",
    }


def test_unknown_names_raise_unknown_name():
    with pytest.raises(UnknownName, match="不存在区"):
        subgraph_for(small_graph(), focus="不存在区")
    with pytest.raises(UnknownName):
        subgraph_for(small_graph(), category="璧山区")  # a district is not a category


def test_negative_depth_is_refused():
    with pytest.raises(ValueError, match="depth"):
        subgraph_for(small_graph(), focus="璧山区", depth=-1)


# ---- the page -------------------------------------------------------------------------------


def test_page_is_offline():
    page = to_pyvis_html(small_graph())
    assert REMOTE.search(page) is None
    assert "vis.Network" in page  # vis-network itself is embedded …
    assert "bootstrap" not in page.lower()  # … and pyvis's Bootstrap CDN links are gone


def test_same_input_same_bytes_and_seed_matters(tmp_path):
    a = write_pyvis_html(small_graph(), tmp_path / "a.html").read_bytes()
    b = write_pyvis_html(small_graph(), tmp_path / "b.html").read_bytes()
    c = write_pyvis_html(small_graph(), tmp_path / "c.html", seed=7).read_bytes()
    assert a == b
    assert a != c
    assert b'"randomSeed": 7' in c


def test_markup_in_names_never_reaches_the_page_as_markup():
    page = to_pyvis_html(small_graph())
    # Inside the page's JSON every "<" is escaped, so the payload cannot appear verbatim …
    assert XSS not in page and LINK not in page
    # … pyvis never sees a `title` (its "href" check would switch to its innerHTML popup) …
    assert "popup.innerHTML" not in page
    nodes = page_nodes(page)
    assert all("title" not in n for n in nodes)
    # … and the names and tooltips still carry the text exactly, for the page to show as text.
    by_name = {n["name"]: n for n in nodes}
    assert XSS in by_name and LINK in by_name
    assert by_name[XSS]["label"] == XSS
    assert by_name[XSS]["tip"].startswith(XSS + "\n承载园区")


def test_focus_text_in_heading_is_escaped():
    G = small_graph()
    page = to_pyvis_html(G, focus=f"park:重庆市/铜梁区/{XSS}")
    assert "焦点：&lt;img src=x onerror=alert(1)&gt;，1 步以内" in page
    assert "焦点：璧山区，2 步以内" in to_pyvis_html(G, focus="璧山", depth=2)  # the resolved name


def test_nodes_colour_shape_size_and_tooltip_sources():
    nodes = {n["id"]: n for n in page_nodes(to_pyvis_html(small_graph()))}
    assert len(nodes) == 13
    district, park = nodes["district:重庆市/璧山区"], nodes["park:重庆市/璧山区/璧山高新区"]
    assert (district["shape"], park["shape"]) == ("dot", "triangle")
    assert district["color"] != park["color"]
    assert district["size"] > park["size"]  # 璧山区 has 4 links, its park 1
    assert "来源文件: 渝经信园区〔2022〕26号《关于公布重庆市智能网联新能源汽车特色产业园创建名单的通知》" in district["tip"]
    assert "类型" not in district["tip"].split("\n", 2)[2]  # type is on the heading line, once
    assert district["tip"].split("\n")[1] == "区县 · 专业型"


def test_english_labels_sit_beside_chinese():
    zh = {n["id"]: n for n in page_nodes(to_pyvis_html(small_graph()))}
    en = {n["id"]: n for n in page_nodes(to_pyvis_html(small_graph(), lang="en"))}
    assert zh["district:重庆市/璧山区"]["label"] == "璧山区"
    assert en["district:重庆市/璧山区"]["label"] == "璧山区\nBishan"
    assert "Host park" in to_pyvis_html(small_graph(), lang="en")
    with pytest.raises(ValueError, match="lang"):
        to_pyvis_html(small_graph(), lang="fr")


def test_legend_lists_what_is_shown():
    page = to_pyvis_html(small_graph(), focus="璧山区", depth=0)
    legend = page[page.index('id="ckg-legend"'):page.index("</aside>")]
    assert "区县" in legend and "节点大小 = 连接数" in legend
    assert "承载园区" not in legend  # no park in a depth-0 view
    full = to_pyvis_html(small_graph())
    legend = full[full.index('id="ckg-legend"'):full.index("</aside>")]
    for text in ("文件", "区县", "承载园区", "创建方向", "产业链环节", "环节分组", "TARGETS", "LOCATED_IN"):
        assert text in legend


def test_district_coordinates_pin_a_map_layout():
    nodes = {n["id"]: n for n in page_nodes(to_pyvis_html(small_graph(with_coords=True)))}
    jlp, bs, tl = (nodes[f"district:重庆市/{d}"] for d in ("九龙坡区", "璧山区", "铜梁区"))
    assert jlp["fixed"] == {"x": True, "y": True}
    assert tl["x"] < bs["x"] < jlp["x"]  # west to east
    assert tl["y"] < bs["y"] < jlp["y"]  # north is up
    assert "fixed" not in nodes["direction:电驱系统"]
    assert all("fixed" not in n for n in page_nodes(to_pyvis_html(small_graph())))


def test_write_replaces_atomically_and_leaves_no_temp(tmp_path):
    out = tmp_path / "sub" / "graph.html"
    write_pyvis_html(small_graph(), out)
    first = out.read_bytes()
    write_pyvis_html(small_graph(), out, focus="璧山区")
    assert out.read_bytes() != first
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]


def test_write_failure_names_the_path_and_keeps_nothing(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(InputError, match="not-a-dir"):
        write_pyvis_html(small_graph(), blocker / "graph.html")
    assert blocker.read_text() == "x"
    # A bad focus fails before anything is written.
    out = tmp_path / "g.html"
    with pytest.raises(UnknownName):
        write_pyvis_html(small_graph(), out, focus="不存在区")
    assert list(tmp_path.iterdir()) == [blocker]

