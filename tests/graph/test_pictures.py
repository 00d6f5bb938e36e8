"""The planners' pictures: the data (chainkg.queries.pictures) and the drawings (chainkg.graph.pictures).

The panorama's empty boxes are the rows of ``chainkg gaps``; the map marks exactly the graph's districts;
another region with no gazetteer still gets a map (its districts in the "no coordinates" strip).
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from chainkg.graph.build import build_graph
from chainkg.graph.pictures import district_map_svg, panorama_svg, svg_to_png, write_picture
from chainkg.queries.gaps import uncovered_categories
from chainkg.queries.pictures import chain_panorama, district_map
from chainkg.queries.profiles import districts_table

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def G():
    return build_graph()


def _boxes(svg: str) -> dict[str, int]:
    root = ElementTree.fromstring(svg)  # well-formed XML, or this raises
    return {g.get("data-category"): int(g.get("data-districts")) for g in root.iter(f"{SVG}g") if g.get("data-category")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panorama_boxes_agree_with_gaps(G, lang):
    svg = panorama_svg(chain_panorama(G, lang=lang), lang=lang)
    boxes = _boxes(svg)
    gaps = uncovered_categories(G)
    assert len(boxes) == 44
    assert sorted(k for k, n in boxes.items() if n == 0) == sorted(gaps["category"])
    assert boxes["body_lightweight_parts"] == 7 and boxes["battery_cell"] == 6
    assert svg.count(">补链") == len(gaps)  # every gap is marked, in both languages
    assert "<script" not in svg and "href=\"http" not in svg


def test_panorama_columns_run_upstream_to_downstream(G):
    svg = panorama_svg(chain_panorama(G))
    x = {m.group(1): float(m.group(2)) for m in
         re.finditer(r'data-category="([a-z_]+)"[^>]*><title>[^<]*</title><rect x="([\d.]+)"', svg)}
    assert max(x["battery_minerals"], x["power_semiconductors"]) < x["battery_cell"] < x["passenger_nev"]
    assert svg.index(">上游<") < svg.index(">中游<") < svg.index(">下游<")


def test_panorama_hover_lists_the_districts(G):
    svg = panorama_svg(chain_panorama(G))
    cell = re.search(r'data-category="battery_cell"[^>]*><title>([^<]*)</title>', svg).group(1)
    assert "布局区县 (6)" in cell and "璧山区" in cell and "铜梁区" in cell


def test_focus_colours_one_district(G):
    p = chain_panorama(G, focus="district:重庆市/璧山区")
    svg = panorama_svg(p)
    focused = set(re.findall(r'data-category="([a-z_]+)" data-districts="\d+" data-focus="1"', svg))
    assert focused == {b.category for b in p.boxes if "璧山区" in b.districts}
    assert "battery_cell" in focused and "passenger_nev" not in focused
    assert "焦点区县：璧山区" in svg and 'class="supply"' in svg  # its outside inputs drawn as arrows
    with pytest.raises(Exception, match="unknown district"):
        chain_panorama(G, focus="district:重庆市/不存在区")


def test_map_marks_the_graph_districts(G):
    m = district_map(G)
    svg = district_map_svg(m)
    ElementTree.fromstring(svg)
    marked = re.findall(r'data-district="([^"]+)"', svg)
    assert sorted(marked) == sorted(districts_table(G)["district"])
    assert len(re.findall(r'data-place="', svg)) == 41 - 13  # the other county-level units, for context
    assert "示意图，非精确边界" in svg and "行政区划：2022年" in svg and " km<" in svg
    assert len(re.findall(r'class="park"', svg)) == 18  # the host parks
    values = dict(re.findall(r'data-district="([^"]+)" data-value="(\d+)"', svg))
    assert values["璧山区"] == "3"


def test_map_by_one_direction(G):
    m = district_map(G, direction="direction:轻量化部件")
    values = {p.name: p.value for p in m.places if p.district}
    assert sum(values.values()) == 7 and values["长寿区"] == 1 and values["璧山区"] == 0
    assert "轻量化部件" in district_map_svg(m)


def test_another_region_without_a_gazetteer_falls_back(tmp_path):
    from chainkg.loaders import load_sources

    path = tmp_path / "sichuan.csv"
    path.write_text("地区,区县（开发区）,承载园区,创建类型,创建方向\n四川省,宜宾市叙州区,宜宾三江新区,专业型,动力电池系统\n"
                    "四川省,遂宁市射洪市,射洪经开区,专业型,动力电池系统\n", encoding="utf-8")
    G = build_graph(load_sources([path]))
    m = district_map(G)
    assert sorted(m.unplaced) == sorted(districts_table(G)["district"])
    svg = district_map_svg(m)
    assert len(re.findall(r'data-district="', svg)) == 2 and "无坐标" in svg and "示意图" in svg
    assert svg_to_png(svg)[:4] == b"\x89PNG"


def test_empty_graph_draws_empty_pictures():
    import networkx as nx

    G = nx.MultiDiGraph()
    assert _boxes(panorama_svg(chain_panorama(G))) == {}
    svg = district_map_svg(district_map(G))
    assert "data-district" not in svg
    ElementTree.fromstring(svg)


def test_png_has_the_picture_and_writes_atomically(G, tmp_path):
    svg = panorama_svg(chain_panorama(G))
    out = write_picture(svg, tmp_path / "panorama.png")
    data = out.read_bytes()
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and width > 1500 and height > 1000 and len(data) > 50_000
    assert [p.name for p in tmp_path.iterdir()] == ["panorama.png"]  # no temporary file left
    from chainkg.errors import InputError

    with pytest.raises(InputError, match="expected a .svg, .png or .html"):
        write_picture(svg, tmp_path / "panorama.gif")
