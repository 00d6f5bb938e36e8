"""A small hand-built chainkg graph for the view tests: follows the graph contract, hostile names included."""

from __future__ import annotations

import networkx as nx

XSS = "<img src=x onerror=alert(1)>"
LINK = "<a href=javascript:alert(2)>link</a>"
DOC = "渝经信园区〔2022〕26号"
DOC_TITLE = "关于公布重庆市智能网联新能源汽车特色产业园创建名单的通知"

DISTRICTS = [  # name, name_en, lat, lon, type
    ("九龙坡区", "Jiulongpo", 29.50, 106.51, "综合型"),
    ("璧山区", "Bishan", 29.59, 106.23, "专业型"),
    ("铜梁区", "Tongliang", 29.84, 106.05, "专业型"),
]
PARKS = [("九龙坡区", "西彭工业园"), ("璧山区", "璧山高新区"), ("铜梁区", XSS), ("铜梁区", LINK)]
DIRECTIONS = [("动力电池系统", "Power battery systems"), ("电驱系统", "Electric drive systems")]
TARGETS = [("九龙坡区", "动力电池系统"), ("璧山区", "动力电池系统"), ("璧山区", "电驱系统"), ("铜梁区", "电驱系统")]


def small_graph(*, with_coords: bool = False) -> nx.MultiDiGraph:
    """Three districts of the notice, four parks (two named with HTML), two directions, a category, a group.

    13 nodes, 14 edges. The category 正极材料 (cathode) is a gap: no direction belongs to it.
    """
    G = nx.MultiDiGraph()
    src = [DOC]
    doc = f"document:{DOC}"
    G.add_node(doc, label="Document", name=DOC, title=DOC_TITLE, kind="notice", number=DOC)
    for name, name_en, lat, lon, kind in DISTRICTS:
        d = f"district:重庆市/{name}"
        G.add_node(d, label="District", name=name, name_en=name_en, type=kind, region="重庆市", sources=src)
        if with_coords:
            G.nodes[d].update(lat=lat, lon=lon)
        G.add_edge(doc, d, key="LISTS", type="LISTS", sources=src)
    for district, park in PARKS:
        p = f"park:重庆市/{district}/{park}"
        G.add_node(p, label="Park", name=park, district=district, sources=src)
        G.add_edge(p, f"district:重庆市/{district}", key="LOCATED_IN", type="LOCATED_IN", sources=src)
    for name, name_en in DIRECTIONS:
        G.add_node(f"direction:{name}", label="Direction", name=name, name_en=name_en, sources=src)
    for district, direction in TARGETS:
        G.add_edge(
            f"district:重庆市/{district}", f"direction:{direction}", key="TARGETS", type="TARGETS", raw=direction,
            sources=src,
        )
    G.add_node(
        "category:battery_cell", label="Category", key="battery_cell", name="电芯", name_en="Battery cell",
        position="upstream", source="taxonomy",
    )
    G.add_node("group:power_electric", label="Group", key="power_electric", name="三电", name_en="Power electrics")
    G.add_edge("direction:动力电池系统", "category:battery_cell", key="BELONGS_TO", type="BELONGS_TO", source="t")
    G.add_edge("category:battery_cell", "group:power_electric", key="PART_OF", type="PART_OF", source="t")
    G.add_node(
        "category:cathode", label="Category", key="cathode", name="正极材料", name_en="Cathode materials",
        position="upstream", source="taxonomy",
    )
    G.add_edge("category:cathode", "category:battery_cell", key="SUPPLIES", type="SUPPLIES", source="t")
    G.add_edge("category:cathode", "group:power_electric", key="PART_OF", type="PART_OF", source="t")
    return G
