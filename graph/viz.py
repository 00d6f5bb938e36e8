"""Interactive views of the graph: one self-contained pyvis page that works offline.

The page embeds vis-network (no CDN), shows every label and tooltip as text (never as HTML),
has a legend/help panel, a find-and-highlight box, a "save as PNG" button and a seeded layout
that settles, so the same graph always gives the same bytes.

Public functions:

* :func:`subgraph_for` — the part of the graph a view shows (pure; no pyvis needed);
* :func:`to_pyvis_html` — the page as a string (for notebooks);
* :func:`write_pyvis_html` — the page written atomically to a file;
* :func:`to_iframe_html` — the page wrapped in an ``<iframe srcdoc>``, to show inside a notebook.

pyvis is imported inside :func:`to_pyvis_html` only, so importing this module stays light.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections import deque
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from chainkg.errors import InputError
from chainkg.fsutil import atomic_path
from chainkg.graph.schema import NODE_PROPERTIES, Label, Rel

__all__ = ["subgraph_for", "to_pyvis_html", "to_iframe_html", "write_pyvis_html", "NODE_STYLE", "EDGE_STYLE"]

# Colour (fill) and vis-network shape per label. Only shapes whose size follows `size` are used,
# so "size by degree" holds for every label.
NODE_STYLE: dict[str, tuple[str, str]] = {
    Label.DOCUMENT: ("#9e9e9e", "square"),
    Label.DISTRICT: ("#e15759", "dot"),
    Label.PARK: ("#f28e2b", "triangle"),
    Label.DIRECTION: ("#4e79a7", "diamond"),
    Label.CATEGORY: ("#59a14f", "hexagon"),
    Label.GROUP: ("#b07aa1", "star"),
}
_OTHER_STYLE = ("#bab0ac", "dot")

# Legend symbol drawn beside each label (same colour as the node).
_SYMBOL = {"square": "■", "dot": "●", "triangle": "▲", "diamond": "◆", "hexagon": "⬢", "star": "★"}

EDGE_STYLE: dict[str, tuple[str, bool]] = {  # colour, dashed
    Rel.LISTS: ("#c7c7c7", True),
    Rel.LOCATED_IN: ("#f2b880", False),
    Rel.TARGETS: ("#8cb4d9", False),
    Rel.BELONGS_TO: ("#9bcf8e", False),
    Rel.SUPPLIES: ("#2f7d32", True),
    Rel.PART_OF: ("#d4b1cc", True),
}
_OTHER_EDGE = ("#cccccc", False)

_LABEL_TEXT: dict[str, tuple[str, str]] = {
    Label.DOCUMENT: ("文件", "Document"),
    Label.DISTRICT: ("区县", "District"),
    Label.PARK: ("承载园区", "Host park"),
    Label.DIRECTION: ("创建方向", "Creation direction"),
    Label.CATEGORY: ("产业链环节", "Chain category"),
    Label.GROUP: ("环节分组", "Category group"),
}
_REL_TEXT: dict[str, tuple[str, str]] = {
    Rel.LISTS: ("文件列出区县", "document lists district"),
    Rel.LOCATED_IN: ("园区位于区县", "park located in district"),
    Rel.TARGETS: ("区县的创建方向", "district targets direction"),
    Rel.BELONGS_TO: ("方向属于环节", "direction belongs to category"),
    Rel.SUPPLIES: ("环节供应下游环节", "category supplies category"),
    Rel.PART_OF: ("环节属于分组", "category part of group"),
}
_PROP_TEXT: dict[str, tuple[str, str]] = {
    "name_en": ("英文名", "English"),
    "full_name": ("全称", "Full name"),
    "zone": ("所属开发区", "Zone"),
    "district": ("区县", "District"),
    "region": ("地区", "Region"),
    "type": ("类型", "Type"),
    "type_en": ("类型(英)", "Type (en)"),
    "type_raw": ("类型原文", "Type as written"),
    "raw": ("原文", "As written"),
    "seq": ("序号", "No."),
    "lat": ("纬度", "Latitude"),
    "lon": ("经度", "Longitude"),
    "detail": ("说明", "Detail"),
    "umbrella": ("上位方向", "Umbrella"),
    "key": ("键", "Key"),
    "position": ("链位置", "Chain position"),
    "group": ("分组", "Group"),
    "aliases": ("别名", "Aliases"),
    "keywords": ("关键词", "Keywords"),
    "kind": ("种类", "Kind"),
    "number": ("文号", "Number"),
    "title": ("标题", "Title"),
    "issuer": ("发文单位", "Issuer"),
    "date": ("日期", "Date"),
    "basis": ("依据", "Basis"),
    "addressees": ("主送", "Addressees"),
    "row": ("行", "Row"),
    "weight": ("权重", "Weight"),
    "source": ("来源", "Source"),
    "sources": ("来源", "Sources"),
}
# Shown elsewhere (heading line) or not useful to an analyst in a tooltip.
_SKIP_PROPS = {"id", "label", "name", "path", "sha256", "type"}
_MAX_LIST = 8  # list items shown in a tooltip before "…"

_FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

_UI_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "chainkg 产业链图谱",
        "summary": "{n} 个节点 · {m} 条关系",
        "search": "查找节点（名称）…",
        "find": "查找",
        "clear": "清除",
        "png": "保存为 PNG",
        "legend": "图例",
        "nodes": "节点（颜色与形状）",
        "edges": "关系（箭头方向 = 关系方向）",
        "size": "节点大小 = 连接数（度），连接越多越大。",
        "help": "悬停查看详情与来源文件；拖动节点调整位置；滚轮缩放；在查找框输入名称并回车以高亮节点。",
        "focus": "焦点：{name}，{depth} 步以内",
        "category": "产业链环节：{name}",
        "found": "找到 {n} 个",
        "none": "未找到",
        "hide": "收起",
        "show": "展开",
    },
    "en": {
        "title": "chainkg industrial-chain graph",
        "summary": "{n} nodes · {m} relationships",
        "search": "Find a node (name)…",
        "find": "Find",
        "clear": "Clear",
        "png": "Save as PNG",
        "legend": "Legend",
        "nodes": "Nodes (colour and shape)",
        "edges": "Relationships (arrow = direction)",
        "size": "Node size = number of links (degree): more links, bigger node.",
        "help": (
            "Hover for details and the source document; drag to move; scroll to zoom; "
            "type a name in the find box and press Enter to highlight."
        ),
        "focus": "Focus: {name}, within {depth} step(s)",
        "category": "Chain category: {name}",
        "found": "{n} found",
        "none": "not found",
        "hide": "Hide",
        "show": "Show",
    },
}


# --------------------------------------------------------------------------------------------
# Which part of the graph to show


def subgraph_for(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    category: str | None = None,
    depth: int = 1,
) -> nx.MultiDiGraph:
    """The part of ``G`` a view shows: everything, a node's neighbourhood, or a chain slice.

    ``focus`` (a node id or a name: district, park, direction, category …) keeps the nodes within
    ``depth`` links of it, in either direction. Document nodes are shown when adjacent but not
    walked through: every district hangs off its notice, so walking through it would pull in all.
    ``category`` (a Category or Group id, key or name) keeps the chain slice: the category (every
    category of a group), its groups, the directions that belong to it, the districts that target
    those and their parks; and the categories it supplies or is supplied by, with the directions
    and districts targeting them (so a gap shows who would buy from it or sell to it).
    Given both, the view shows the union. Names are resolved forgivingly by
    :func:`chainkg.graph.lookup.resolve` (璧山 → 璧山区); an unknown one raises
    :class:`chainkg.errors.UnknownName` with suggestions.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("district:重庆市/璧山区", label="District", name="璧山区")
    >>> G.add_node("park:重庆市/璧山区/璧山高新区", label="Park", name="璧山高新区")
    >>> G.add_node("direction:动力电池系统", label="Direction", name="动力电池系统")
    >>> G.add_node("district:重庆市/铜梁区", label="District", name="铜梁区")
    >>> _ = G.add_edge("park:重庆市/璧山区/璧山高新区", "district:重庆市/璧山区", key="LOCATED_IN")
    >>> _ = G.add_edge("district:重庆市/璧山区", "direction:动力电池系统", key="TARGETS")
    >>> sorted(subgraph_for(G, focus="district:重庆市/璧山区"))
    ['direction:动力电池系统', 'district:重庆市/璧山区', 'park:重庆市/璧山区/璧山高新区']
    >>> subgraph_for(G).number_of_nodes()
    4
    """
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, got {depth}")
    if focus is None and category is None:
        return G.copy()
    keep: set[str] = set()
    if focus is not None:
        keep |= _neighbourhood(G, _resolve(G, focus, None), depth)
    if category is not None:
        keep |= _chain_slice(G, _resolve_category(G, category))
    return G.subgraph(keep).copy()


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", ""))


def _neighbourhood(G: nx.MultiDiGraph, start: str, depth: int) -> set[str]:
    seen = {start}
    todo = deque([(start, 0)])
    while todo:
        node, dist = todo.popleft()
        if dist == depth or (node != start and _label(G, node) == Label.DOCUMENT):
            continue
        for nxt in sorted(set(G.successors(node)) | set(G.predecessors(node))):
            if nxt not in seen:
                seen.add(nxt)
                todo.append((nxt, dist + 1))
    return seen


def _related(G: nx.MultiDiGraph, node: str, rel: str, *, incoming: bool) -> set[str]:
    edges = G.in_edges(node, keys=True) if incoming else G.out_edges(node, keys=True)
    return {(u if incoming else v) for u, v, k in edges if k == rel}


def _chain_slice(G: nx.MultiDiGraph, start: str) -> set[str]:
    categories = {start}
    if _label(G, start) == Label.GROUP:  # a group stands for every category below it
        todo = [start]
        while todo:
            below = _related(G, todo.pop(), Rel.PART_OF, incoming=True) - categories
            categories |= below
            todo.extend(below)
    keep = set(categories)
    for cat in categories:
        todo = [cat]  # groups above, transitively
        while todo:
            above = _related(G, todo.pop(), Rel.PART_OF, incoming=False) - keep
            keep |= above
            todo.extend(above)
        if _label(G, cat) != Label.CATEGORY:
            continue
        keep |= _targeting(G, cat, with_parks=True)
        # Its suppliers and customers, with the districts targeting them: for a gap (a category
        # nobody targets) these are the districts that would buy from it or sell to it.
        for neighbour in _related(G, cat, Rel.SUPPLIES, incoming=True) | _related(G, cat, Rel.SUPPLIES, incoming=False):
            keep.add(neighbour)
            keep |= _targeting(G, neighbour, with_parks=False)
    return keep


def _targeting(G: nx.MultiDiGraph, category: str, *, with_parks: bool) -> set[str]:
    """The directions that belong to ``category``, the districts targeting them (and their parks)."""
    found: set[str] = set()
    for direction in _related(G, category, Rel.BELONGS_TO, incoming=True):
        found.add(direction)
        for district in _related(G, direction, Rel.TARGETS, incoming=True):
            found.add(district)
            if with_parks:
                found |= _related(G, district, Rel.LOCATED_IN, incoming=True)
    return found


def _resolve(G: nx.MultiDiGraph, name: str, label: Label | None) -> str:
    from chainkg.graph.lookup import resolve  # forgiving: 璧山 → 璧山区, traditional, full-width

    return resolve(G, name, label)


def _resolve_category(G: nx.MultiDiGraph, name: str) -> str:
    from chainkg.graph.lookup import resolve

    for candidate in (name, f"category:{name}", f"group:{name}"):  # ids and taxonomy keys first
        if candidate in G and _label(G, candidate) in (Label.CATEGORY, Label.GROUP):
            return candidate
    return resolve(G, name, (Label.CATEGORY, Label.GROUP))


# --------------------------------------------------------------------------------------------
# Node and edge appearance (plain data; the page turns it into vis-network items)


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value)]
        more = len(items) - _MAX_LIST
        shown = "、".join(items[:_MAX_LIST])
        return shown + (f" …(+{more})" if more > 0 else "")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, (str, list, tuple, set, frozenset, dict)) and len(value) == 0


def _sources_line(G: nx.MultiDiGraph, attrs: dict[str, Any], lang: str) -> str | None:
    ids: list[str] = []
    for key in ("sources", "source"):
        value = attrs.get(key)
        if isinstance(value, str) and value:
            ids.append(value)
        elif isinstance(value, (list, tuple)):
            ids.extend(str(v) for v in value)
    if not ids:
        return None
    parts = []
    for doc in dict.fromkeys(ids):  # keep order, drop repeats
        node = G.nodes.get(f"document:{doc}") if f"document:{doc}" in G else None
        title = (node or {}).get("title") or ""
        parts.append(f"{doc}《{title}》" if title else doc)
    return ("来源文件: " if lang == "zh" else "Source: ") + "；".join(parts)


def _node_tooltip(G: nx.MultiDiGraph, node: str, lang: str) -> str:
    attrs = G.nodes[node]
    label = str(attrs.get("label", ""))
    kind_zh, kind_en = _LABEL_TEXT.get(label, (label, label))
    lines = [str(attrs.get("name") or node)]
    kind = kind_zh if lang == "zh" else f"{kind_en} · {kind_zh}"
    if attrs.get("type"):
        kind += f" · {attrs['type']}"
    lines.append(kind)
    known = NODE_PROPERTIES.get(label, ()) if label in Label._value2member_map_ else ()
    keys = [k for k in known if k in attrs] + sorted(k for k in attrs if k not in known)
    for key in keys:
        if key in _SKIP_PROPS or key in ("sources", "source") or _empty(attrs[key]):
            continue
        if key == "name_en" and lang == "en":
            continue  # already on the label
        zh, en = _PROP_TEXT.get(key, (key, key))
        lines.append(f"{zh if lang == 'zh' else en}: {_text(attrs[key])}")
    lines.append(f"{'连接数' if lang == 'zh' else 'Links'}: {G.degree(node)}")
    src = _sources_line(G, attrs, lang)
    if src:
        lines.append(src)
    lines.append(f"id: {node}")
    return "\n".join(lines)


def _edge_tooltip(G: nx.MultiDiGraph, u: str, v: str, key: str, attrs: dict[str, Any], lang: str) -> str:
    name = lambda n: str(G.nodes[n].get("name") or n)  # noqa: E731
    zh, en = _REL_TEXT.get(key, (key, key))
    lines = [f"{name(u)} → {name(v)}", f"{key} · {zh if lang == 'zh' else en}"]
    for prop in sorted(attrs):
        if prop in ("type", "sources", "source") or _empty(attrs[prop]):
            continue
        pzh, pen = _PROP_TEXT.get(prop, (prop, prop))
        lines.append(f"{pzh if lang == 'zh' else pen}: {_text(attrs[prop])}")
    src = _sources_line(G, attrs, lang)
    if src:
        lines.append(src)
    return "\n".join(lines)


def _node_label(attrs: dict[str, Any], node: str, lang: str) -> str:
    name = str(attrs.get("name") or node)
    en = attrs.get("name_en")
    return f"{name}\n{en}" if lang == "en" and en and en != name else name


def _map_positions(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """x/y (px) for District nodes with lat/lon: north up, 1000 px across the widest span."""
    coords = {}
    for node, attrs in G.nodes(data=True):
        if attrs.get("label") != Label.DISTRICT:
            continue
        try:
            lat, lon = float(attrs["lat"]), float(attrs["lon"])
        except (KeyError, TypeError, ValueError):
            continue
        if math.isfinite(lat) and math.isfinite(lon):
            coords[node] = (lon, lat)
    if len(coords) < 2:
        return {}
    lons = [c[0] for c in coords.values()]
    lats = [c[1] for c in coords.values()]
    span = max(max(lons) - min(lons), max(lats) - min(lats)) or 1.0
    scale = 1000.0 / span
    mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    # Screen y grows downwards, so north (larger latitude) gets the smaller y.
    return {
        n: (round((lon - mid_lon) * scale, 1), round((mid_lat - lat) * scale, 1))
        for n, (lon, lat) in coords.items()
    }


# --------------------------------------------------------------------------------------------
# The page


def _asset(name: str) -> str:
    return resources.files("chainkg.graph").joinpath("viz_assets", name).read_text(encoding="utf-8")


def _options(seed: int, fixed_map: bool) -> dict[str, Any]:
    return {
        "layout": {"randomSeed": seed, "improvedLayout": True},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -80 if fixed_map else -60,
                "centralGravity": 0.005 if fixed_map else 0.01,
                "springLength": 90,
                "springConstant": 0.06,
                "avoidOverlap": 0.4,
            },
            "minVelocity": 0.75,
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "navigationButtons": False},
        "nodes": {"font": {"face": _FONT, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
            "color": {"inherit": False},
            "width": 1.2,
        },
    }


def to_pyvis_html(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    category: str | None = None,
    depth: int = 1,
    lang: str = "zh",
    seed: int = 0,
) -> str:
    """The interactive page for (the selected part of) ``G`` as one offline HTML string.

    Same arguments as :func:`subgraph_for`, plus ``lang`` (``"zh"``: Chinese labels; ``"en"``:
    English beside Chinese) and ``seed`` for the layout. Same input, same string.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("district:重庆市/璧山区", label="District", name="璧山区")
    >>> page = to_pyvis_html(G)
    >>> "璧山区" in json.loads(re.search(r'id="ckg-meta"[^>]*>(.*?)</script>', page).group(1))["names"]
    True
    >>> re.search(r'<(script|link)[^>]+(src|href)="https?:', page) is None
    True
    """
    if lang not in _UI_TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    from pyvis.network import Network  # heavy (IPython, jinja2): only when a page is drawn

    S = subgraph_for(G, focus=focus, category=category, depth=depth)
    ui = _UI_TEXT[lang]
    positions = _map_positions(S)

    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.options = _options(seed, bool(positions))
    for node in sorted(S.nodes):
        attrs = S.nodes[node]
        colour, shape = NODE_STYLE.get(attrs.get("label", ""), _OTHER_STYLE)
        extra: dict[str, Any] = {}
        if node in positions:
            extra.update(x=positions[node][0], y=positions[node][1], fixed={"x": True, "y": True})
        net.add_node(
            node,
            label=_node_label(attrs, node, lang),
            shape=shape,
            color=colour,
            size=round(10 + 5 * math.sqrt(G.degree(node) if node in G else 0), 1),
            # Tooltip text travels as `tip`, never as pyvis `title`: the page turns it into a
            # text-only element, and pyvis cannot switch to its innerHTML popup.
            tip=_node_tooltip(G if node in G else S, node, lang),
            name=str(attrs.get("name") or ""),
            name_en=str(attrs.get("name_en") or ""),
            kind=str(attrs.get("label", "")),
            **extra,
        )
    for u, v, key, attrs in sorted(S.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        colour, dashed = EDGE_STYLE.get(key, _OTHER_EDGE)
        net.add_edge(u, v, color=colour, dashes=dashed, tip=_edge_tooltip(S, u, v, key, attrs, lang), rel=str(key))

    page = net.generate_html()
    page = _strip_remote(page)
    page = re.sub(r"\s*<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = re.sub(r"\s*<!-- <link[^>]*node_modules.*?-->", "", page, flags=re.S)  # pyvis's dead comment
    legend = _legend_html(S, ui)
    subtitle = [ui["summary"].format(n=S.number_of_nodes(), m=S.number_of_edges())]
    selected = []  # the focus and category nodes start selected, so the eye finds them
    if focus is not None:
        selected.append(_resolve(G, focus, None))
        subtitle.append(ui["focus"].format(name=_display(G, selected[-1]), depth=depth))
    if category is not None:
        selected.append(_resolve_category(G, category))
        subtitle.append(ui["category"].format(name=_display(G, selected[-1])))
    meta = {
        "nodes": S.number_of_nodes(),
        "edges": S.number_of_edges(),
        "names": sorted({str(a.get("name") or n) for n, a in S.nodes(data=True)}),
        "ui": {k: ui[k] for k in ("found", "none", "hide", "show")},
        "seed": seed,
        "selected": sorted(set(selected)),
    }
    panel = _asset("panel.html").format(
        lang=html.escape(lang),
        title=html.escape(ui["title"]),
        subtitle=html.escape(" · ".join(subtitle)),
        search=html.escape(ui["search"], quote=True),
        find=html.escape(ui["find"]),
        clear=html.escape(ui["clear"]),
        png=html.escape(ui["png"]),
        legend_title=html.escape(ui["legend"]),
        hide=html.escape(ui["hide"]),
        legend=legend,
    )
    # JSON inside <script>: escape "<" so no value can close the element.
    meta_json = json.dumps(meta, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    head_extra = f"<style>\n{_asset('viz.css')}</style>\n"
    body_extra = (
        f'<script type="application/json" id="ckg-meta">{meta_json}</script>\n'
        f"<script>\n{_asset('viz.js')}</script>\n"
    )
    page = page.replace("<html>", f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">', 1)
    page = page.replace("</head>", head_extra + "</head>", 1)
    page = page.replace("<body>", "<body>\n" + panel, 1)
    idx = page.rindex("</body>")
    page = page[:idx] + body_extra + page[idx:]
    return page


def _display(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("name") or node)


def _strip_remote(page: str) -> str:
    """Drop the Bootstrap CDN links pyvis's template always adds (the page does not use them)."""
    page = re.sub(r"\s*<link[^>]*bootstrap[^>]*/>", "", page, flags=re.S)
    page = re.sub(r"\s*<script[^>]*bootstrap[^>]*>\s*</script>", "", page, flags=re.S)
    if re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?https?:", page, flags=re.I):
        raise RuntimeError("pyvis page still references a remote resource; the template changed")
    return page


def _legend_html(S: nx.MultiDiGraph, ui: dict[str, str]) -> str:
    zh = ui is _UI_TEXT["zh"]
    labels_here = {str(a.get("label", "")) for _, a in S.nodes(data=True)}
    rels_here = {str(k) for _, _, k in S.edges(keys=True)}
    rows = [f"<h3>{html.escape(ui['nodes'])}</h3>", "<ul>"]
    for label in Label:
        if label.value not in labels_here:
            continue
        colour, shape = NODE_STYLE[label]
        zh_name, en_name = _LABEL_TEXT[label]
        text = zh_name if zh else f"{en_name} · {zh_name}"
        rows.append(
            f'<li><span class="ckg-sym" style="color:{colour}">{_SYMBOL[shape]}</span>{html.escape(text)}</li>'
        )
    rows.append("</ul>")
    rows.append(f'<p class="ckg-note">{html.escape(ui["size"])}</p>')
    if rels_here:
        rows += [f"<h3>{html.escape(ui['edges'])}</h3>", "<ul>"]
        for rel in Rel:
            if rel.value not in rels_here:
                continue
            colour, dashed = EDGE_STYLE[rel]
            zh_name, en_name = _REL_TEXT[rel]
            style = f"border-top:3px {'dashed' if dashed else 'solid'} {colour}"
            rows.append(
                f'<li><span class="ckg-line" style="{style}"></span>'
                f"{html.escape(rel.value)} · {html.escape(zh_name if zh else en_name)}</li>"
            )
        rows.append("</ul>")
    rows.append(f'<p class="ckg-note">{html.escape(ui["help"])}</p>')
    return "\n".join(rows)


def write_pyvis_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    focus: str | None = None,
    category: str | None = None,
    depth: int = 1,
    lang: str = "zh",
    seed: int = 0,
) -> Path:
    """Write the interactive page (see :func:`to_pyvis_html`) to ``path``, atomically.

    The page goes to a temporary file beside ``path`` and is renamed over it when complete, so
    ``path`` is either the old file or the whole new one. Returns the path written.

    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph(); G.add_node("district:重庆市/璧山区", label="District", name="璧山区")
    >>> out = write_pyvis_html(G, pathlib.Path(tempfile.mkdtemp()) / "g.html")
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    page = to_pyvis_html(G, focus=focus, category=category, depth=depth, lang=lang, seed=seed)
    return _write_atomic(Path(path), page)


def to_iframe_html(page: str, *, height: int = 650) -> str:
    """``page`` inside an ``<iframe srcdoc=…>`` for a notebook cell (``IPython.display.HTML``).

    The page keeps its own document, scripts and styles, and works offline like the file.

    >>> to_iframe_html('<p title="a">x&y</p>', height=300)
    '<div><iframe srcdoc="&lt;p title=&quot;a&quot;&gt;x&amp;y&lt;/p&gt;" style="width:100%;height:300px;border:0"></iframe></div>'
    """
    # Wrapped in a <div>: IPython warns about HTML that starts with "<iframe".
    srcdoc = html.escape(page, quote=True)
    return f'<div><iframe srcdoc="{srcdoc}" style="width:100%;height:{int(height)}px;border:0"></iframe></div>'


def _write_atomic(path: Path, text: str) -> Path:
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="\n")
            os.chmod(tmp, 0o644)  # mkstemp makes it 0600; a page is for sharing
    except OSError as err:
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from err
    return path
