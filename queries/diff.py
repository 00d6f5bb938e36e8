"""What changed between two versions of a creation list (two notices, or a notice and a user's table).

Directions are compared by their canonical node (``direction:<name>``): a district whose row now says
制动转向系统 where it said 转向制动系统 still targets the same canonical direction — that is a
*rewording* (reported, with both wordings), not a dropped plus an added direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from chainkg.graph.schema import Label, Rel
from chainkg.queries import _matrix as mx

if TYPE_CHECKING:
    import networkx as nx

    from chainkg.loaders.model import Dataset

DISTRICT_COLUMNS = ["district", "change", "old", "new", "district_id"]
DIRECTION_COLUMNS = ["district", "change", "direction", "old", "new", "district_id", "direction_id"]
PARK_COLUMNS = ["district", "change", "park", "district_id", "park_id"]


@dataclass(frozen=True)
class GraphDiff:
    """Changes from ``old`` to ``new``.

    ``districts``: columns ``district``, ``change`` (added | dropped | type), ``old``, ``new`` (the
    type before/after for ``type``), ``district_id``.
    ``directions``: ``district``, ``change`` (added | dropped | reworded), ``direction`` (canonical
    name), ``old``, ``new`` (wordings as written), ``district_id``, ``direction_id``.
    ``parks``: ``district``, ``change`` (added | dropped), ``park``, ``district_id``, ``park_id``.
    ``old_sources`` / ``new_sources``: the Document ids on each side.
    """

    districts: pd.DataFrame
    directions: pd.DataFrame
    parks: pd.DataFrame
    old_sources: list[str]
    new_sources: list[str]

    @property
    def empty(self) -> bool:
        """True when nothing changed (rewordings count as changes to report)."""
        return self.districts.empty and self.directions.empty and self.parks.empty


def _as_graph(side: Dataset | nx.MultiDiGraph) -> nx.MultiDiGraph:
    import networkx as nx

    if isinstance(side, nx.Graph):
        return side
    from chainkg.graph.build import build_graph

    return build_graph(side, with_taxonomy=False)


def _wording(value: Any, fallback: str) -> str:
    if isinstance(value, (list, tuple)):
        return "；".join(str(v) for v in value) or fallback
    return str(value) if value else fallback


def _targets(G: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """district → {direction: wording as written}."""
    out: dict[str, dict[str, str]] = {d: {} for d in mx.nodes_of(G, Label.DISTRICT)}
    for u, v, attrs in mx.edges_of(G, Rel.TARGETS):
        if u in out:
            out[u][v] = _wording(attrs.get("raw"), G.nodes[v].get("name", v))
    return out


def _parks(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for u, v, _ in mx.edges_of(G, Rel.LOCATED_IN):
        out.setdefault(v, set()).add(u)
    return out


def diff(old: Dataset | nx.MultiDiGraph, new: Dataset | nx.MultiDiGraph, *, lang: str = "zh") -> GraphDiff:
    """Compare two Datasets (built into graphs without taxonomy) or two graphs.

    Examples
    --------
    >>> import networkx as nx
    >>> def g(raw):
    ...     G = nx.MultiDiGraph()
    ...     G.add_node("district:铜梁区", label="District", name="铜梁区")
    ...     G.add_node("direction:转向制动系统", label="Direction", name="转向制动系统")
    ...     _ = G.add_edge("district:铜梁区", "direction:转向制动系统", key="TARGETS", raw=raw)
    ...     return G
    >>> d = diff(g("转向制动系统"), g("制动转向系统"))
    >>> d.directions[["district", "change", "old", "new"]].to_dict("records")
    [{'district': '铜梁区', 'change': 'reworded', 'old': '转向制动系统', 'new': '制动转向系统'}]
    """
    G0, G1 = _as_graph(old), _as_graph(new)
    t0, t1 = _targets(G0), _targets(G1)
    p0, p1 = _parks(G0), _parks(G1)

    def dname(d: str) -> str:
        return mx.name(G1 if d in G1 else G0, d, lang)

    def any_name(n: str) -> str:
        return mx.name(G1 if n in G1 else G0, n, lang)

    districts, directions, parks = [], [], []
    for d in sorted(t0.keys() | t1.keys()):
        if d not in t1:
            districts.append((dname(d), "dropped", "", "", d))
        elif d not in t0:
            districts.append((dname(d), "added", "", "", d))
        else:
            ty0, ty1 = G0.nodes[d].get("type", ""), G1.nodes[d].get("type", "")
            if ty0 != ty1:
                districts.append((dname(d), "type", ty0, ty1, d))
        before, after = t0.get(d, {}), t1.get(d, {})
        for t in sorted(before.keys() | after.keys()):
            if t not in after:
                directions.append((dname(d), "dropped", any_name(t), before[t], "", d, t))
            elif t not in before:
                directions.append((dname(d), "added", any_name(t), "", after[t], d, t))
            elif before[t] != after[t]:
                directions.append((dname(d), "reworded", any_name(t), before[t], after[t], d, t))
        pb, pa = p0.get(d, set()), p1.get(d, set())
        for p in sorted(pb - pa):
            parks.append((dname(d), "dropped", any_name(p), d, p))
        for p in sorted(pa - pb):
            parks.append((dname(d), "added", any_name(p), d, p))
    return GraphDiff(
        districts=pd.DataFrame.from_records(districts, columns=DISTRICT_COLUMNS),
        directions=pd.DataFrame.from_records(directions, columns=DIRECTION_COLUMNS),
        parks=pd.DataFrame.from_records(parks, columns=PARK_COLUMNS),
        old_sources=mx.nodes_of(G0, Label.DOCUMENT),
        new_sources=mx.nodes_of(G1, Label.DOCUMENT),
    )
