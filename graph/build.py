"""Building the networkx graph from loaded records (see ``graph/schema.py`` for the model).

>>> G = build_graph()
>>> sum(1 for _, d in G.nodes(data=True) if d["label"] == "District")
13
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from chainkg.graph.schema import KEY, Label, Rel, node_id
from chainkg.loaders.model import Dataset, Document
from chainkg.loaders.vocab import find_place, known_directions, loader_vocab, park_names_en


def _add_source(attrs: dict[str, Any], source: str) -> None:
    attrs["sources"] = sorted({*attrs.get("sources", []), source})


def _node(G: nx.MultiDiGraph, key: str, label: Label, source: str | None, **props: Any) -> dict[str, Any]:
    """Add or update a node; list-valued ``raw`` values accumulate, sources union."""
    if key not in G:
        G.add_node(key, **{KEY: key, "label": label.value})
    attrs = G.nodes[key]
    for name, value in props.items():
        if name == "raw":
            attrs["raw"] = sorted({*attrs.get("raw", []), *([value] if isinstance(value, str) else value)})
        elif value is not None and (name not in attrs or attrs[name] in ("", None)):
            attrs[name] = value
    if source is not None:
        _add_source(attrs, source)
    return attrs


def _edge(G: nx.MultiDiGraph, u: str, v: str, rel: Rel, source: str | None, **props: Any) -> None:
    if not G.has_edge(u, v, key=rel.value):
        G.add_edge(u, v, key=rel.value, type=rel.value)
    attrs = G.edges[u, v, rel.value]
    for name, value in props.items():
        if name == "raw":
            attrs["raw"] = sorted({*attrs.get("raw", []), value})
        elif value is not None and name not in attrs:
            attrs[name] = value
    if source is not None:
        _add_source(attrs, source)


def _document_props(doc: Document) -> dict[str, Any]:
    return {
        "name": doc.name, "kind": doc.kind, "number": doc.number, "title": doc.title, "issuer": doc.issuer,
        "date": doc.date, "basis": doc.basis, "region": doc.region, "addressees": list(doc.addressees),
        "path": doc.path, "sha256": doc.sha256,
    }


def district_id(region: str, name: str) -> str:
    """Node id of a district (scoped by region, so 江北区 of two cities stay apart).

    >>> district_id("重庆市", "璧山区")
    'district:重庆市/璧山区'
    """
    return node_id(Label.DISTRICT, region, name) if region else node_id(Label.DISTRICT, name)


def add_dataset(G: nx.MultiDiGraph, dataset: Dataset) -> nx.MultiDiGraph:
    """Add the documents, districts, parks and directions of ``dataset`` to ``G`` (in place)."""
    types_en = loader_vocab()["types_en"]
    known = known_directions()
    parks_en = park_names_en()
    for src in dataset.sources:
        doc = src.document
        doc_key = node_id(Label.DOCUMENT, doc.id)
        _node(G, doc_key, Label.DOCUMENT, None, **_document_props(doc))
        for row in src.rows:
            place = find_place(row.district, row.region)
            d_key = district_id(row.region, row.district)
            _node(G, d_key, Label.DISTRICT, doc.id, name=row.district,
                  name_en=place.name_en if place else "", region=row.region, type=row.type,
                  type_en=types_en.get(row.type, ""), type_raw=row.type_raw, raw=row.raw_district,
                  seq=row.seq, lat=place.lat if place else None, lon=place.lon if place else None)
            _edge(G, doc_key, d_key, Rel.LISTS, doc.id, row=row.seq)
            for park in row.parks:
                p_key = node_id(Label.PARK, *([row.region] if row.region else []), row.district, park.full_name)
                _node(G, p_key, Label.PARK, doc.id, name=park.name, full_name=park.full_name, zone=park.zone,
                      district=d_key, raw=park.raw,
                      name_en=" ".join(filter(None, [parks_en.get(park.zone, ""), parks_en.get(park.name, "")])))
                _edge(G, p_key, d_key, Rel.LOCATED_IN, doc.id)
            for direction in row.directions:
                canon = known.get(direction.name)
                r_key = node_id(Label.DIRECTION, direction.name)
                mapped = {"map_categories": [k for k, _ in direction.categories],
                          "map_weights": [w for _, w in direction.categories],
                          "map_score": direction.map_score} if direction.categories else {}
                _node(G, r_key, Label.DIRECTION, doc.id, name=direction.name,
                      name_en=canon.name_en if canon else "", detail=direction.detail,
                      umbrella=canon.umbrella if canon else False, raw=direction.raw, **mapped)
                _edge(G, d_key, r_key, Rel.TARGETS, doc.id, raw=direction.raw, detail=direction.detail)
    return G


def build_graph(dataset: Dataset | None = None, *, with_taxonomy: bool = True) -> nx.MultiDiGraph:
    """The chainkg graph of ``dataset`` (default: the shipped notice), with the chain taxonomy.

    >>> G = build_graph()
    >>> G.edges["district:重庆市/铜梁区", "direction:转向制动系统", "TARGETS"]["raw"]
    ['制动转向系统']
    """
    from chainkg.loaders import load_sources

    G = nx.MultiDiGraph(name="chainkg")
    add_dataset(G, dataset if dataset is not None else load_sources())
    if with_taxonomy:
        from chainkg.graph.taxonomy import add_taxonomy

        add_taxonomy(G)
    return G


def nodes_of(G: nx.MultiDiGraph, label: Label | str) -> list[str]:
    """Ids of the nodes with ``label``, sorted.

    >>> nodes_of(build_graph(with_taxonomy=False), Label.PARK)[:1]
    ['park:重庆市/万盛经开区/万盛工业园区']
    """
    value = label.value if isinstance(label, Label) else label
    return sorted(n for n, d in G.nodes(data=True) if d.get("label") == value)
