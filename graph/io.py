"""Saving and loading the graph: node-link JSON (lossless) and GraphML (for Gephi, yEd, Cytoscape).

GraphML has no list type: list-valued properties are stored as JSON text and restored on read;
``None`` values are left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from chainkg.errors import InputError
from chainkg.fsutil import atomic_path
from chainkg.graph.schema import Label, Rel

FORMATS = ("json", "graphml")
# node key under "node": the node attributes already hold an "id" property (the same value)
_NODE_LINK = {"name": "node", "edges": "edges"}
_LIST_PREFIX = "json:"


def to_node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as a node-link dict (``edges`` key), ready for ``json.dumps``."""
    return nx.node_link_data(G, **_NODE_LINK)


def _encode(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        out[k] = _LIST_PREFIX + json.dumps(v, ensure_ascii=False) if isinstance(v, (list, tuple, dict)) else v
    return out


def _decode(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v[len(_LIST_PREFIX):]) if isinstance(v, str) and v.startswith(_LIST_PREFIX) else v
            for k, v in attrs.items()}


def write_graph(G: nx.MultiDiGraph, path: Path | str, fmt: str | None = None) -> Path:
    """Save ``G`` atomically; the format comes from ``fmt`` or the suffix (.json, .graphml).

    >>> import tempfile, pathlib
    >>> from chainkg.graph.build import build_graph
    >>> p = write_graph(build_graph(), pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> read_graph(p).number_of_nodes() == build_graph().number_of_nodes()
    True
    """
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    with atomic_path(path) as tmp:
        if fmt == "json":
            tmp.write_text(json.dumps(to_node_link(G), ensure_ascii=False, indent=1), encoding="utf-8")
        elif fmt == "graphml":
            H = nx.MultiDiGraph(name=G.graph.get("name", "chainkg"))
            H.add_nodes_from((n, _encode(d)) for n, d in G.nodes(data=True))
            H.add_edges_from((u, v, k, _encode(d)) for u, v, k, d in G.edges(keys=True, data=True))
            nx.write_graphml(H, tmp, encoding="utf-8")
        else:
            raise InputError(str(path), f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return path


def read_graph(path: Path | str) -> nx.MultiDiGraph:
    """Load a graph saved by :func:`write_graph` (checked against the schema's labels and types)."""
    from chainkg.loaders.readfile import read_bytes

    path = Path(path)
    data = read_bytes(path)
    fmt = path.suffix.lstrip(".").lower()
    try:
        if fmt == "json":
            G = nx.node_link_graph(json.loads(data.decode("utf-8")), directed=True, multigraph=True, **_NODE_LINK)
        elif fmt == "graphml":
            raw = nx.read_graphml(path, force_multigraph=True)
            G = nx.MultiDiGraph(name=raw.graph.get("name", "chainkg"))
            G.add_nodes_from((n, _decode(d)) for n, d in raw.nodes(data=True))
            G.add_edges_from((u, v, k, _decode(d)) for u, v, k, d in raw.edges(keys=True, data=True))
        else:
            raise InputError(str(path), f"unknown graph format {fmt!r}; expected .json or .graphml")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
        if isinstance(err, InputError):
            raise
        raise InputError(str(path), f"not a chainkg graph file ({type(err).__name__}: {str(err)[:80]})") from err
    labels, types = {lb.value for lb in Label}, {r.value for r in Rel}
    for n, d in G.nodes(data=True):
        if d.get("label") not in labels:
            raise InputError(str(path), f"node {n!r} has no chainkg label (got {d.get('label')!r})")
    for u, v, k in G.edges(keys=True):
        if k not in types:
            raise InputError(str(path), f"edge {u!r}->{v!r} has unknown type {k!r}")
    return G
