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

from chainkg.graph.schema import Label, Rel

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
    value = rel.value  # a plain str: Enum attribute access in the loop costs more than the loop
    return [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == value]


def incidence(G: nx.MultiDiGraph, rel: Rel, rows: list[str], cols: list[str]) -> Incidence:
    """0/1 matrix of the ``rel`` edges from ``rows`` to ``cols`` (edges to other nodes are ignored).

    Only the out-edges of ``rows`` are visited, not every edge of the graph.
    """
    ri = {n: i for i, n in enumerate(rows)}
    ci = {n: j for j, n in enumerate(cols)}
    value = rel.value
    pairs = {(ri[u], ci[v]) for u, v, k in G.out_edges(rows, keys=True) if k == value and v in ci}
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


def shared_names(inc: Incidence, a: np.ndarray, b: np.ndarray, col_names: list[str]) -> list[list[str]]:
    """For each row pair (a[k], b[k]), the sorted names of the columns both rows have.

    Row sets become bit masks (one uint64 word per 64 columns); a pair's shared set is the AND of
    two masks, and each distinct mask is turned into names once — millions of pairs share a few
    thousand distinct sets. Pairs with the same shared set get the same list object.

    >>> inc = Incidence(["r0", "r1"], ["x", "y"], sparse.csr_matrix(np.array([[1, 1], [0, 1]])))
    >>> shared_names(inc, np.array([0]), np.array([1]), ["x", "y"])
    [['y']]
    """
    if len(a) == 0:
        return []
    m = inc.matrix
    n_words = max(1, -(-m.shape[1] // 64))
    masks = np.zeros((m.shape[0], n_words), dtype=np.uint64)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    cols = m.indices.astype(np.int64)
    np.bitwise_or.at(masks, (rows, cols // 64), np.left_shift(np.uint64(1), (cols % 64).astype(np.uint64)))
    both = masks[a] & masks[b]
    if n_words == 1:  # 1-D unique is much faster than the row-wise one
        uniq, inverse = np.unique(both[:, 0], return_inverse=True)
        uniq = uniq[:, None]
    else:
        uniq, inverse = np.unique(both, axis=0, return_inverse=True)
    lists = []
    for word_row in uniq:
        names_here = []
        for w, word in enumerate(word_row.tolist()):
            while word:  # visit the set bits only
                low = word & -word
                names_here.append(col_names[w * 64 + low.bit_length() - 1])
                word ^= low
        lists.append(sorted(names_here))
    return [lists[k] for k in inverse.ravel()]


def top_candidates(score: np.ndarray, top: int | None) -> np.ndarray:
    """Indexes of the entries whose score is among the ``top`` largest, ties at the cut included.

    Lets callers fully sort only a few candidates instead of millions of pairs.

    >>> top_candidates(np.array([0.1, 0.9, 0.5, 0.9]), 1).tolist()
    [1, 3]
    """
    n = len(score)
    if top is None or top >= n:
        return np.arange(n)
    if top <= 0:
        return np.zeros(0, dtype=np.int64)
    kth = np.partition(score, n - top)[n - top]
    return np.flatnonzero(score >= kth)


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
