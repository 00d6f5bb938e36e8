"""Chain gaps (补链): what nobody builds, what only one district carries, and broken supply links.

A category is *covered* when some district targets a direction that BELONGS_TO it. The chain's
dependencies are the SUPPLIES edges (``a -SUPPLIES-> b``: a is an input of b).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from chainkg.graph.schema import Label, Rel
from chainkg.queries import _matrix as mx

if TYPE_CHECKING:
    pass

UNCOVERED_COLUMNS = [
    "category", "name", "position", "importance", "feeds", "dependents", "districts_served", "group", "category_id",
]
SINGLE_DIRECTION_COLUMNS = ["direction", "district", "direction_id", "district_id"]
SINGLE_CATEGORY_COLUMNS = ["category", "name", "position", "district", "category_id", "district_id"]
BROKEN_COLUMNS = ["category", "name", "district", "missing_inputs", "inputs", "all_missing", "category_id", "district_id"]

POSITIONS = ("upstream", "midstream", "downstream")


def _key(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("key") or node.split(":", 1)[-1]


def _supply_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Categories and their SUPPLIES edges only (a plain DiGraph for reachability)."""
    S = nx.DiGraph()
    S.add_nodes_from(mx.nodes_of(G, Label.CATEGORY))
    S.add_edges_from((u, v) for u, v, _ in mx.edges_of(G, Rel.SUPPLIES))
    return S


def covered_categories(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Covered category id → sorted ids of the districts that target it.

    >>> covered_categories(nx.MultiDiGraph())
    {}
    """
    inc = mx.district_categories(G)
    csc = inc.matrix.tocsc()
    out = {}
    for j, cat in enumerate(inc.cols):
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        if len(rows):
            out[cat] = sorted(inc.rows[i] for i in rows)
    return out


def uncovered_categories(G: nx.MultiDiGraph, *, lang: str = "zh") -> pd.DataFrame:
    """Categories no district targets, ranked by how much of the targeted chain depends on them.

    ``importance`` is the number of *covered* categories that need this one, directly or further
    down the chain (its descendants through SUPPLIES); ``districts_served`` counts the districts
    targeting any of those. A gap nobody depends on still appears, with importance 0.

    Returns
    -------
    DataFrame with columns
        ``category`` (taxonomy key), ``name``, ``position`` (upstream/midstream/downstream),
        ``importance``, ``feeds`` (names of the categories it directly supplies),
        ``dependents`` (names of the covered categories depending on it), ``districts_served``,
        ``group`` (taxonomy group key), ``category_id`` (node id).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("district:甲", label="District", name="甲")
    >>> G.add_node("direction:电芯", label="Direction", name="电芯")
    >>> G.add_nodes_from(["category:cathode", "category:cell"], label="Category")
    >>> _ = G.add_edge("district:甲", "direction:电芯", key="TARGETS")
    >>> _ = G.add_edge("direction:电芯", "category:cell", key="BELONGS_TO")
    >>> _ = G.add_edge("category:cathode", "category:cell", key="SUPPLIES")
    >>> uncovered_categories(G)[["category", "importance", "feeds"]].to_dict("records")
    [{'category': 'cathode', 'importance': 1, 'feeds': ['cell']}]
    """
    covered = covered_categories(G)
    S = _supply_graph(G)
    rank = {p: k for k, p in enumerate(POSITIONS)}
    records = []
    for cat in S.nodes:
        if cat in covered:
            continue
        dependents = [c for c in nx.descendants(S, cat) if c in covered]
        served = {d for c in dependents for d in covered[c]}
        attrs = G.nodes[cat]
        records.append(
            (
                _key(G, cat),
                mx.name(G, cat, lang),
                attrs.get("position", ""),
                len(dependents),
                sorted(mx.names(G, list(S.successors(cat)), lang)),
                sorted(mx.names(G, dependents, lang)),
                len(served),
                attrs.get("group", ""),
                cat,
            )
        )
    df = pd.DataFrame.from_records(records, columns=UNCOVERED_COLUMNS)
    df["_pos"] = df["position"].map(lambda p: rank.get(p, len(rank)))
    df = df.sort_values(["importance", "districts_served", "_pos", "category"], ascending=[False, False, True, True])
    return df.drop(columns="_pos").reset_index(drop=True)


def single_district_directions(G: nx.MultiDiGraph, *, lang: str = "zh") -> pd.DataFrame:
    """Directions carried by exactly one district (thin spots: one site, no back-up).

    Returns
    -------
    DataFrame with columns ``direction`` (name), ``district`` (name), ``direction_id``, ``district_id``;
    sorted by district then direction.

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> df = single_district_directions(build_graph())
    >>> df[df.direction == "氢燃料电池系统"][["direction", "district"]].to_dict("records")
    [{'direction': '氢燃料电池系统', 'district': '九龙坡区'}]
    """
    inc = mx.district_directions(G)
    return _single(G, inc, SINGLE_DIRECTION_COLUMNS, lang, lambda col: (mx.name(G, col, lang),))


def single_district_categories(G: nx.MultiDiGraph, *, lang: str = "zh") -> pd.DataFrame:
    """Chain categories targeted by exactly one district.

    Returns
    -------
    DataFrame with columns ``category`` (key), ``name``, ``position``, ``district`` (name),
    ``category_id``, ``district_id``; sorted by district then category.

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> single_district_categories(build_graph()).head(1)[["category", "district"]].to_dict("records")
    [{'category': 'commercial_special_nev', 'district': '两江新区'}]
    """
    inc = mx.district_categories(G)
    return _single(
        G, inc, SINGLE_CATEGORY_COLUMNS, lang,
        lambda col: (_key(G, col), mx.name(G, col, lang), G.nodes[col].get("position", "")),
    )


def _single(G: nx.MultiDiGraph, inc: mx.Incidence, columns: list[str], lang: str, describe) -> pd.DataFrame:
    csc = inc.matrix.tocsc()
    counts = np.diff(csc.indptr)
    records = []
    for j in np.flatnonzero(counts == 1):
        district = inc.rows[csc.indices[csc.indptr[j]]]
        records.append((*describe(inc.cols[j]), mx.name(G, district, lang), inc.cols[j], district))
    df = pd.DataFrame.from_records(records, columns=columns)
    return df.sort_values(["district_id", columns[0]], ignore_index=True)


def broken_links(G: nx.MultiDiGraph, *, lang: str = "zh") -> pd.DataFrame:
    """Targeted categories with inputs (SUPPLIES predecessors) that no district targets.

    One row per (category, district targeting it). ``all_missing`` is true when none of the
    category's inputs is built anywhere in the input — the link is broken outright.

    Returns
    -------
    DataFrame with columns
        ``category`` (key), ``name``, ``district`` (name), ``missing_inputs`` (names of the
        untargeted inputs), ``inputs`` (number of inputs), ``all_missing``, ``category_id``,
        ``district_id``. Outright breaks first, then by number missing.

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> df = broken_links(build_graph())
    >>> df[df.category == "battery_cell"].head(1)[["district", "missing_inputs"]].to_dict("records")
    [{'district': '万盛经开区', 'missing_inputs': ['正极材料', '电解液及锂盐', '负极材料', '隔膜']}]
    """
    covered = covered_categories(G)
    S = _supply_graph(G)
    records = []
    for cat, districts in covered.items():
        inputs = list(S.predecessors(cat))
        missing = [c for c in inputs if c not in covered]
        if not missing:
            continue
        missing_names = sorted(mx.names(G, missing, lang))
        for d in districts:
            records.append(
                (
                    _key(G, cat), mx.name(G, cat, lang), mx.name(G, d, lang), missing_names,
                    len(inputs), len(missing) == len(inputs), cat, d,
                )
            )
    df = pd.DataFrame.from_records(records, columns=BROKEN_COLUMNS)
    df["_n"] = df["missing_inputs"].map(len)
    df = df.sort_values(["all_missing", "_n", "category", "district_id"], ascending=[False, False, True, True])
    return df.drop(columns="_n").reset_index(drop=True)
