"""Small hand-built graphs following the foundation contract (graph/schema.py), for the planning tests.

Imported by name (``from plan_graphs import …``); the fixtures are re-exported by ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pytest

from chainkg.graph.schema import Label, Rel, node_id

DOC = "document:test-notice"

# The creation list of 渝经信园区〔2022〕26号, transcribed by hand (canonical direction names).
NOTICE_ROWS: dict[str, list[str]] = {
    "两江新区": ["智能网联新能源汽车整车", "传统零部件升级", "智能网联新能源汽车高端核心零部件"],
    "西部科学城重庆高新区": ["车端网联", "自动驾驶算法软件", "智能驾驶（中控）", "智能车云", "汽车工业软件"],
    "渝北区": ["车载OS及开发工具链", "自动驾驶算法软件", "车载应用软件", "环境感知系统", "智能座舱"],
    "九龙坡区": ["氢燃料电池系统", "热管理系统", "轻量化部件"],
    "璧山区": ["动力电池系统", "电驱系统", "转向制动系统"],
    "永川区": ["智能座舱", "智能车控（底盘）", "环境感知系统", "智能驾驶（中控）"],
    "涪陵区": ["动力电池系统", "轻量化部件"],
    "北碚区": ["电驱系统", "车端网联", "轻量化部件"],
    "长寿区": ["动力电池系统", "轻量化部件", "智能座舱"],
    "铜梁区": ["动力电池系统", "转向制动系统"],
    "合川区": ["电驱系统", "转向制动系统", "轻量化部件"],
    "南川区": ["轻量化部件", "转向制动系统", "智能座舱", "动力电池系统"],
    "万盛经开区": ["轻量化部件", "动力电池系统", "车端网联"],
}


def district(name: str, region: str = "重庆市") -> str:
    return node_id(Label.DISTRICT, region, name)


def make_graph(
    rows: dict[str, list[str]],
    *,
    categories: dict[str, tuple[str, str]] | None = None,
    belongs: dict[str, list[str]] | None = None,
    supplies: Iterable[tuple[str, str]] = (),
    coords: dict[str, tuple[float, float]] | None = None,
    parks: dict[str, list[str]] | None = None,
    raw: dict[tuple[str, str], str] | None = None,
    doc: str = DOC,
) -> nx.MultiDiGraph:
    """A graph of districts → directions (+ optional categories: key → (name, position))."""
    G = nx.MultiDiGraph()
    G.add_node(doc, label=Label.DOCUMENT.value, name=doc.split(":", 1)[1])
    for dname, directions in rows.items():
        d = district(dname)
        lat, lon = (coords or {}).get(dname, (None, None))
        attrs = {"label": Label.DISTRICT.value, "name": dname, "name_en": f"EN {dname}", "sources": [doc]}
        if lat is not None:
            attrs.update(lat=lat, lon=lon)
        G.add_node(d, **attrs)
        G.add_edge(doc, d, key=Rel.LISTS.value, type=Rel.LISTS.value, sources=[doc])
        for direction in directions:
            t = node_id(Label.DIRECTION, direction)
            G.add_node(t, label=Label.DIRECTION.value, name=direction, name_en=f"EN {direction}", sources=[doc])
            r = (raw or {}).get((dname, direction), direction)
            G.add_edge(d, t, key=Rel.TARGETS.value, type=Rel.TARGETS.value, raw=r, detail="", sources=[doc])
        for park in (parks or {}).get(dname, []):
            p = node_id(Label.PARK, "重庆市", dname, park)
            G.add_node(p, label=Label.PARK.value, name=park, district=dname, sources=[doc])
            G.add_edge(p, d, key=Rel.LOCATED_IN.value, type=Rel.LOCATED_IN.value, sources=[doc])
    for key, (cname, position) in (categories or {}).items():
        G.add_node(node_id(Label.CATEGORY, key), label=Label.CATEGORY.value, key=key, name=cname,
                   name_en=key.replace("_", " "), position=position)
    for direction, keys in (belongs or {}).items():
        for key in keys:
            G.add_edge(node_id(Label.DIRECTION, direction), node_id(Label.CATEGORY, key),
                       key=Rel.BELONGS_TO.value, type=Rel.BELONGS_TO.value, weight=1.0, source="test")
    for a, b in supplies:
        G.add_edge(node_id(Label.CATEGORY, a), node_id(Label.CATEGORY, b),
                   key=Rel.SUPPLIES.value, type=Rel.SUPPLIES.value, source="test")
    return G


# A toy chain: materials → cell → pack → vehicle; chips → controller → vehicle; seats (untargeted) → vehicle.
TOY_CATEGORIES = {
    "materials": ("电池材料", "upstream"),
    "cell": ("电芯", "midstream"),
    "pack": ("电池包", "midstream"),
    "chips": ("芯片", "upstream"),
    "controller": ("控制器", "midstream"),
    "seats": ("座椅", "midstream"),
    "vehicle": ("整车", "downstream"),
}
TOY_SUPPLIES = [
    ("materials", "cell"), ("cell", "pack"), ("pack", "vehicle"),
    ("chips", "controller"), ("controller", "vehicle"), ("seats", "vehicle"),
]


@pytest.fixture
def notice_graph() -> nx.MultiDiGraph:
    """The shipped notice's districts and canonical directions, hand-transcribed, no taxonomy."""
    return make_graph(NOTICE_ROWS)


@pytest.fixture
def toy_graph() -> nx.MultiDiGraph:
    """Four districts on the toy chain; 电池包 is carried by one district only."""
    return make_graph(
        {
            "甲区": ["电芯制造", "电池包制造"],
            "乙区": ["整车制造"],
            "丙区": ["电芯制造", "控制器制造"],
            "丁区": ["未知方向"],  # belongs to no category
        },
        categories=TOY_CATEGORIES,
        belongs={"电芯制造": ["cell"], "电池包制造": ["pack"], "整车制造": ["vehicle"], "控制器制造": ["controller"]},
        supplies=TOY_SUPPLIES,
        coords={"甲区": (29.56, 106.55), "乙区": (29.60, 106.60), "丙区": (31.00, 108.00)},
    )
