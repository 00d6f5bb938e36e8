"""Listings of the graph: districts, one district's profile, directions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from chainkg.graph.schema import Label, Rel
from chainkg.graph.lookup import resolve

if TYPE_CHECKING:
    import pandas as pd


def _out(G: nx.MultiDiGraph, node: str, rel: Rel, label: Label) -> list[str]:
    return sorted(v for _, v, k in G.out_edges(node, keys=True) if k == rel.value and G.nodes[v]["label"] == label)


def _in(G: nx.MultiDiGraph, node: str, rel: Rel, label: Label) -> list[str]:
    # insertion order = the order the source lists them (parks of a row, documents loaded)
    return [u for u, _, k in G.in_edges(node, keys=True) if k == rel.value and G.nodes[u]["label"] == label]


def district_nodes(G: nx.MultiDiGraph) -> list[str]:
    """District ids in list order (region, then 序号 of their first source)."""
    ds = [n for n, d in G.nodes(data=True) if d["label"] == Label.DISTRICT.value]
    return sorted(ds, key=lambda n: (G.nodes[n].get("region", ""), G.nodes[n].get("seq") or 0, n))


def districts_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per district.

    Returns
    -------
    DataFrame with columns ``district`` (Chinese name), ``district_en``, ``region``, ``type``
    (综合型/专业型), ``type_en``, ``parks`` (list of park full names), ``directions`` (list of
    canonical direction names, in the order listed), ``sources`` (list of document ids).

    >>> from chainkg.graph.build import build_graph
    >>> df = districts_table(build_graph(with_taxonomy=False))
    >>> df.loc[df.district == "璧山区", "directions"].item()
    ['动力电池系统', '电驱系统', '转向制动系统']
    """
    import pandas as pd

    rows = []
    for d in district_nodes(G):
        a = G.nodes[d]
        targets = sorted(
            ((G.nodes[v]["name"], idx) for idx, (_, v, k) in enumerate(G.out_edges(d, keys=True))
             if k == Rel.TARGETS.value),
            key=lambda t: t[1],
        )
        rows.append({
            "district": a["name"], "district_en": a.get("name_en", ""), "region": a.get("region", ""),
            "type": a.get("type", ""), "type_en": a.get("type_en", ""),
            "parks": [G.nodes[p].get("full_name", G.nodes[p]["name"]) for p in _in(G, d, Rel.LOCATED_IN, Label.PARK)],
            "directions": [name for name, _ in targets],
            "sources": list(a.get("sources", [])),
        })
    columns = ["district", "district_en", "region", "type", "type_en", "parks", "directions", "sources"]
    return pd.DataFrame(rows, columns=columns)


@dataclass
class DistrictProfile:
    """Everything the graph knows about one district."""

    id: str
    name: str
    name_en: str
    region: str
    type: str
    type_en: str
    raw: list[str]
    parks: list[dict[str, Any]] = field(default_factory=list)
    directions: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output (keys in a stable order)."""
        return dict(self.__dict__)


def district_profile(G: nx.MultiDiGraph, name: str) -> DistrictProfile:
    """Profile of the district called ``name`` (forgiving: 璧山 finds 璧山区).

    >>> from chainkg.graph.build import build_graph
    >>> p = district_profile(build_graph(with_taxonomy=False), "永川")
    >>> p.name, [x["full_name"] for x in p.parks]
    ('永川区', ['永川高新区凤凰湖产业园', '永川高新区大数据产业园'])
    """
    d = resolve(G, name, Label.DISTRICT)
    a = G.nodes[d]
    directions = []
    for _, v, k, e in G.out_edges(d, keys=True, data=True):
        if k != Rel.TARGETS.value:
            continue
        directions.append({
            "name": G.nodes[v]["name"], "name_en": G.nodes[v].get("name_en", ""), "detail": e.get("detail", ""),
            "raw": e.get("raw", []), "sources": e.get("sources", []),
        })
    categories: dict[str, dict[str, Any]] = {}
    for direction in _out(G, d, Rel.TARGETS, Label.DIRECTION):
        for cat in _out(G, direction, Rel.BELONGS_TO, Label.CATEGORY):
            c = G.nodes[cat]
            entry = categories.setdefault(cat, {"id": c.get("key", cat), "name": c.get("name", ""),
                                                "name_en": c.get("name_en", ""), "via": []})
            entry["via"].append(G.nodes[direction]["name"])
    parks = [{
        "name": G.nodes[p]["name"], "full_name": G.nodes[p].get("full_name", ""), "zone": G.nodes[p].get("zone", ""),
        "name_en": G.nodes[p].get("name_en", ""),
    } for p in _in(G, d, Rel.LOCATED_IN, Label.PARK)]
    sources = []
    for doc in _in(G, d, Rel.LISTS, Label.DOCUMENT):
        s = G.nodes[doc]
        sources.append({"id": s.get("name", doc), "title": s.get("title", ""), "date": s.get("date", ""),
                        "issuer": s.get("issuer", ""), "row": G.edges[doc, d, Rel.LISTS.value].get("row")})
    return DistrictProfile(
        id=d, name=a["name"], name_en=a.get("name_en", ""), region=a.get("region", ""), type=a.get("type", ""),
        type_en=a.get("type_en", ""), raw=list(a.get("raw", [])), parks=parks, directions=directions,
        categories=sorted(categories.values(), key=lambda c: c["id"]), sources=sources,
    )


def directions_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per canonical direction, most-targeted first.

    Returns
    -------
    DataFrame with columns ``direction``, ``direction_en``, ``detail``, ``umbrella`` (bool: a
    cross-cutting label rather than a chain segment), ``count`` (districts targeting it),
    ``districts`` (list of names), ``variants`` (list of spellings seen in the sources).

    >>> from chainkg.graph.build import build_graph
    >>> df = directions_table(build_graph(with_taxonomy=False))
    >>> df.iloc[0]["direction"], int(df.iloc[0]["count"])
    ('轻量化部件', 7)
    """
    import pandas as pd

    rows = []
    for n, a in G.nodes(data=True):
        if a["label"] != Label.DIRECTION.value:
            continue
        districts = [G.nodes[u]["name"] for u in _in(G, n, Rel.TARGETS, Label.DISTRICT)]
        rows.append({
            "direction": a["name"], "direction_en": a.get("name_en", ""), "detail": a.get("detail", ""),
            "umbrella": bool(a.get("umbrella", False)), "count": len(districts), "districts": districts,
            "variants": list(a.get("raw", [])),
        })
    columns = ["direction", "direction_en", "detail", "umbrella", "count", "districts", "variants"]
    df = pd.DataFrame(rows, columns=columns)
    return df.sort_values(["count", "direction"], ascending=[False, True], ignore_index=True)
