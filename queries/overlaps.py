"""Duplicated directions: where districts target the same directions (or chain categories).

District × district similarity is the Jaccard index of the sets of directions (or categories) two
districts target — the weights of ``networkx.bipartite.overlap_weighted_projected_graph(B, districts)``
on the District–Direction bipartite graph, computed as one sparse product (see ``chainkg.queries._matrix``)
so it stays fast for thousands of districts.

"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from chainkg.queries import _matrix as mx

if TYPE_CHECKING:
    import networkx as nx

Level = Literal["direction", "category"]

DUPLICATED_COLUMNS = ["direction", "direction_id", "count", "districts", "district_ids"]
CATEGORY_COLUMNS = ["category", "category_id", "count", "districts", "district_ids", "directions"]
PAIR_COLUMNS = ["a", "b", "jaccard", "n_shared", "shared", "a_id", "b_id", "level"]
UNMAPPED_COLUMNS = ["direction", "direction_id", "reason", "districts"]


def _incidence(G: nx.MultiDiGraph, level: Level) -> mx.Incidence:
    if level == "direction":
        return mx.district_directions(G)
    if level == "category":
        return mx.district_categories(G)
    raise ValueError(f"level must be 'direction' or 'category', not {level!r}")


def _shared_counts(inc: mx.Incidence, min_districts: int) -> tuple[np.ndarray, np.ndarray]:
    counts = np.asarray(inc.matrix.sum(axis=0)).ravel()
    cols = np.flatnonzero(counts >= max(min_districts, 1))
    return cols, counts


def duplicated_directions(G: nx.MultiDiGraph, *, min_districts: int = 2, lang: str = "zh") -> pd.DataFrame:
    """Canonical directions targeted by ``min_districts`` or more districts, most shared first.

    Returns
    -------
    DataFrame with columns
        ``direction`` (display name), ``direction_id`` (node id), ``count`` (number of districts),
        ``districts`` (list of district names, sorted), ``district_ids`` (their node ids).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for d in ("district:甲", "district:乙"):
    ...     G.add_node(d, label="District", name=d[-1])
    ...     _ = G.add_edge(d, "direction:电池", key="TARGETS")
    >>> G.add_node("direction:电池", label="Direction", name="电池")
    >>> duplicated_directions(G)[["direction", "count", "districts"]].to_dict("records")
    [{'direction': '电池', 'count': 2, 'districts': ['乙', '甲']}]
    """
    inc = mx.district_directions(G)
    cols, counts = _shared_counts(inc, min_districts)
    csc = inc.matrix.tocsc()
    records = []
    for j in cols:
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        ids = sorted((inc.rows[i] for i in rows), key=lambda n: mx.name(G, n))
        records.append(
            {
                "direction": mx.name(G, inc.cols[j], lang),
                "direction_id": inc.cols[j],
                "count": int(counts[j]),
                "districts": mx.names(G, ids, lang),
                "district_ids": ids,
            }
        )
    df = pd.DataFrame.from_records(records, columns=DUPLICATED_COLUMNS)
    return df.sort_values(["count", "direction"], ascending=[False, True], ignore_index=True)


def duplicated_categories(G: nx.MultiDiGraph, *, min_districts: int = 2, lang: str = "zh") -> pd.DataFrame:
    """Chain categories targeted (through their directions) by ``min_districts`` or more districts.

    Districts that word the same component differently meet here: both wordings belong to one category.

    Returns
    -------
    DataFrame with columns
        ``category`` (display name), ``category_id``, ``count`` (districts), ``districts`` (names),
        ``district_ids``, ``directions`` (names of the targeted directions that belong to the category).

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> duplicated_categories(build_graph()).head(1)[["category", "count"]].to_dict("records")
    [{'category': '车身及轻量化结构件', 'count': 7}]
    """
    inc = mx.district_categories(G)
    cols, counts = _shared_counts(inc, min_districts)
    csc = inc.matrix.tocsc()
    dd = mx.district_directions(G)
    dc = mx.direction_categories(G).matrix.tocsc()
    targeted = np.asarray(dd.matrix.sum(axis=0)).ravel() > 0
    records = []
    for j in cols:
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        ids = sorted((inc.rows[i] for i in rows), key=lambda n: mx.name(G, n))
        dirs = [dd.cols[k] for k in dc.indices[dc.indptr[j] : dc.indptr[j + 1]] if targeted[k]]
        records.append(
            {
                "category": mx.name(G, inc.cols[j], lang),
                "category_id": inc.cols[j],
                "count": int(counts[j]),
                "districts": mx.names(G, ids, lang),
                "district_ids": ids,
                "directions": sorted(mx.names(G, dirs, lang)),
            }
        )
    df = pd.DataFrame.from_records(records, columns=CATEGORY_COLUMNS)
    return df.sort_values(["count", "category"], ascending=[False, True], ignore_index=True)


def similar_pairs(
    G: nx.MultiDiGraph,
    *,
    level: Level = "direction",
    min_shared: int = 1,
    top: int | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """District pairs sharing at least ``min_shared`` directions (or categories), most similar first.

    Only pairs that share something are listed (a sparse product finds them; no loop over all pairs).

    Returns
    -------
    DataFrame with columns
        ``a``, ``b`` (district names, ``a`` sorts before ``b`` by id), ``jaccard`` (shared / union),
        ``n_shared``, ``shared`` (names of the shared directions or categories), ``a_id``, ``b_id``,
        ``level`` (``direction`` or ``category``). Sorted by Jaccard, then shared count, descending.
        ``df.attrs["total"]`` is the number of pairs before ``top``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["district:甲", "district:乙"], label="District")
    >>> G.add_nodes_from(["direction:电池", "direction:座舱"], label="Direction")
    >>> G.add_edges_from([("district:甲", "direction:电池", "TARGETS"), ("district:乙", "direction:电池", "TARGETS"),
    ...                   ("district:乙", "direction:座舱", "TARGETS")])
    ['TARGETS', 'TARGETS', 'TARGETS']
    >>> similar_pairs(G)[["a", "b", "jaccard", "shared"]].to_dict("records")
    [{'a': '乙', 'b': '甲', 'jaccard': 0.5, 'shared': ['电池']}]
    """
    inc = _incidence(G, level)
    i, j, shared, jac = mx.jaccard_pairs(inc, min_shared=min_shared)
    total = len(i)
    cand = mx.top_candidates(jac, top)
    # Stable ranking: Jaccard, then shared count (both descending), then ids; lexsort sorts by the last key first.
    order = cand[np.lexsort((j[cand], i[cand], -shared[cand], -jac[cand]))]
    if top is not None:
        order = order[:top]
    a, b = i[order], j[order]
    row_names = np.array(mx.names(G, inc.rows, lang), dtype=object)
    row_ids = np.array(inc.rows, dtype=object)
    df = pd.DataFrame(
        {
            "a": row_names[a],
            "b": row_names[b],
            "jaccard": np.round(jac[order], 6).astype(float),
            "n_shared": shared[order].astype(int),
            "shared": mx.shared_names(inc, a, b, mx.names(G, inc.cols, lang)),
            "a_id": row_ids[a],
            "b_id": row_ids[b],
            "level": level,
        },
        columns=PAIR_COLUMNS,
    )
    df.attrs["total"] = total
    return df


def similarity_matrix(
    G: nx.MultiDiGraph, *, level: Level = "direction", districts: list[str] | None = None, lang: str = "zh"
) -> pd.DataFrame:
    """District × district Jaccard matrix (square; index and columns are district names).

    ``districts`` (node ids) restricts and orders the axes — use it for large inputs, the matrix is dense.
    A district with no directions has 0 everywhere, its diagonal included.

    Returns
    -------
    DataFrame
        ``df.loc[a, b]`` is the Jaccard index of districts a and b (float in [0, 1]).

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> float(similarity_matrix(build_graph()).loc["长寿区", "南川区"])
    0.75
    """
    inc = _incidence(G, level)
    if districts is not None:
        pos = {n: k for k, n in enumerate(inc.rows)}
        idx = [pos[d] for d in districts]
        inc = mx.Incidence([inc.rows[k] for k in idx], inc.cols, inc.matrix[idx])
    jac = mx.jaccard_matrix(inc)
    labels = mx.names(G, inc.rows, lang)
    return pd.DataFrame(jac, index=labels, columns=labels)


def unmapped_directions(G: nx.MultiDiGraph, *, lang: str = "zh") -> pd.DataFrame:
    """Targeted directions that count for no category (reported, never an error).

    ``reason`` is ``no category`` (unknown to the taxonomy) or ``umbrella`` (a cross-cutting label
    whose categories are not counted, see ``chainkg.queries._matrix.direction_categories``). Their districts
    still count at direction level; at category level these directions are invisible.

    Returns
    -------
    DataFrame with columns ``direction`` (name), ``direction_id``, ``reason``, ``districts`` (names).

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> unmapped_directions(build_graph())[["direction", "reason"]].to_dict("records")[0]
    {'direction': '传统零部件升级', 'reason': 'umbrella'}
    """
    dd = mx.district_directions(G)
    dc = mx.direction_categories(G)
    umbrella = mx.umbrella_directions(G)
    mapped = np.asarray(dc.matrix.sum(axis=1)).ravel() > 0
    csc = dd.matrix.tocsc()
    records = []
    for j, direction in enumerate(dd.cols):
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        if len(rows) and not mapped[j]:
            ids = [dd.rows[i] for i in rows]
            reason = "umbrella" if direction in umbrella else "no category"
            records.append((mx.name(G, direction, lang), direction, reason, sorted(mx.names(G, ids, lang))))
    return pd.DataFrame.from_records(records, columns=UNMAPPED_COLUMNS)
