"""Sparse incidence matrices of the graph, shared by the planning analyses.

Pairwise work (district × district) is done with sparse matrix products over these, never with a
Python loop over all district pairs: the product ``X @ X.T`` of a district × direction incidence
matrix is the co-occurrence count of every pair, i.e. the weights of the bipartite projection
(``networkx.bipartite.overlap_weighted_projected_graph``) computed in compiled code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from graph.schema import Label, Rel

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Incidence:
    """Rows × columns 0/1 matrix with the node ids of both axes.

    ``rows[i]`` and ``cols[j]`` are node ids; ``matrix[i, j] == 1`` when row i is linked to column j.
    """

    rows: list[str]
    cols: list[str]
    matrix: sparse.csr_matrix

    def row_sets(self) -> list[frozenset[int]]:
        """Column indexes of each row, as sets (for listing shared items of chosen pairs)."""
        m = self.matrix
        return [frozenset(m.indices[m.indptr[i] : m.indptr[i + 1]].tolist()) for i in range(m.shape[0])]


def nodes_of(G: nx.MultiDiGraph, label: Label) -> list[str]:
    """Node ids with ``label``, sorted (stable output order)."""
    return sorted(n for n, a in G.nodes(data=True) if a.get("label") == label.value)


def edges_of(G: nx.MultiDiGraph, rel: Rel) -> list[tuple[str, str, dict[str, Any]]]:
    """(start, end, attrs) of every edge of type ``rel`` (the edge key is the type)."""
    return [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == rel.value or d.get("type") == rel.value]


def incidence(G: nx.MultiDiGraph, rel: Rel, rows: list[str], cols: list[str]) -> Incidence:
    """0/1 matrix of the ``rel`` edges from ``rows`` to ``cols`` (edges to other nodes are ignored)."""
    ri = {n: i for i, n in enumerate(rows)}
    ci = {n: j for j, n in enumerate(cols)}
    pairs = {(ri[u], ci[v]) for u, v, _ in edges_of(G, rel) if u in ri and v in ci}
    if pairs:
        r, c = np.fromiter((p[0] for p in pairs), dtype=np.int64), np.fromiter((p[1] for p in pairs), dtype=np.int64)
    else:
        r = c = np.zeros(0, dtype=np.int64)
    m = sparse.csr_matrix((np.ones(len(r), dtype=np.int32), (r, c)), shape=(len(rows), len(cols)))
    m.sort_indices()
    return Incidence(rows, cols, m)


def district_directions(G: nx.MultiDiGraph) -> Incidence:
    """District × Direction matrix of TARGETS edges (every District and Direction node, sorted)."""
    return incidence(G, Rel.TARGETS, nodes_of(G, Label.DISTRICT), nodes_of(G, Label.DIRECTION))


def direction_categories(G: nx.MultiDiGraph, *, include_umbrella: bool = False) -> Incidence:
    """Direction × Category matrix of BELONGS_TO edges.

    Umbrella directions (``umbrella`` true: cross-cutting labels such as 高端核心零部件 that name no
    chain segment of their own) get an empty row unless ``include_umbrella``: by themselves they
    never make a category covered, nor two districts overlap.
    """
    directions = nodes_of(G, Label.DIRECTION)
    inc = incidence(G, Rel.BELONGS_TO, directions, nodes_of(G, Label.CATEGORY))
    if include_umbrella:
        return inc
    keep = np.array([not G.nodes[d].get("umbrella") for d in directions], dtype=np.int32)
    m = sparse.csr_matrix(inc.matrix.multiply(keep[:, None])) if len(directions) else inc.matrix
    m.eliminate_zeros()
    m.sort_indices()
    return Incidence(inc.rows, inc.cols, m)


def umbrella_directions(G: nx.MultiDiGraph) -> set[str]:
    """Ids of the Direction nodes flagged ``umbrella``."""
    return {d for d in nodes_of(G, Label.DIRECTION) if G.nodes[d].get("umbrella")}


def district_categories(G: nx.MultiDiGraph) -> Incidence:
    """District × Category matrix: a district targets a category when one of its (non-umbrella)
    directions belongs to it."""
    dd = district_directions(G)
    dc = direction_categories(G)
    m = (dd.matrix @ dc.matrix).astype(bool).astype(np.int32).tocsr()
    m.sort_indices()
    return Incidence(dd.rows, dc.cols, m)


def supplies(G: nx.MultiDiGraph) -> Incidence:
    """Category × Category matrix of SUPPLIES edges (row is an input of column)."""
    cats = nodes_of(G, Label.CATEGORY)
    return incidence(G, Rel.SUPPLIES, cats, cats)


def name(G: nx.MultiDiGraph, node: str, lang: str = "zh") -> str:
    """Display name of a node: Chinese ``name``; with ``lang="en"`` the English name beside it."""
    attrs = G.nodes[node]
    zh = attrs.get("name") or node.split(":", 1)[-1]
    if lang == "en":
        en = attrs.get("name_en")
        if en and en != zh:
            return f"{zh} ({en})"
    return zh


def names(G: nx.MultiDiGraph, nodes: list[str] | tuple[str, ...], lang: str = "zh") -> list[str]:
    """Display names of several nodes, in the given order."""
    return [name(G, n, lang) for n in nodes]


def jaccard_pairs(inc: Incidence, *, min_shared: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs (i < j) sharing at least ``min_shared`` columns: (i, j, shared count, Jaccard).

    One sparse product gives every pair's intersection; union = |A| + |B| − |A∩B|.
    """
    m = inc.matrix
    if m.shape[0] == 0 or m.nnz == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0)
    inter = sparse.triu(m @ m.T, k=1).tocoo()
    keep = inter.data >= max(min_shared, 1)
    i, j, shared = inter.row[keep].astype(np.int64), inter.col[keep].astype(np.int64), inter.data[keep].astype(np.int64)
    size = np.asarray(m.sum(axis=1)).ravel()
    jac = shared / (size[i] + size[j] - shared)
    return i, j, shared, jac


def jaccard_matrix(inc: Incidence) -> np.ndarray:
    """Dense row × row Jaccard matrix (diagonal 1 for non-empty rows, 0 for empty ones)."""
    m = inc.matrix
    inter = (m @ m.T).toarray().astype(float)
    size = np.asarray(m.sum(axis=1)).ravel().astype(float)
    union = size[:, None] + size[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / union, 0.0)
    return jac
