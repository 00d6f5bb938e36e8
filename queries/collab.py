"""Collaboration candidates (协同配套): districts that could supply each other, and districts sharing directions.

*supply* pair A → B: A targets a category that is an input (SUPPLIES) of a category B targets, and B
does not target that input itself — B needs it from outside and A makes it. ``score`` is the share
of B's outside needs that A covers (0–1); ``via`` lists the category links ``input → B's category``.

*shared* pair A – B: both target the same directions (joint platforms, or competition to manage);
``score`` is their Jaccard index, ``via`` the shared directions.

Distances are great-circle (haversine) kilometres between the districts' seats, from the District
nodes' ``lat``/``lon`` attributes (``data/regions/*.csv``); unknown coordinates give NaN.
All pairwise scores are sparse matrix products — no loop over all district pairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from chainkg.errors import UnknownName
from chainkg.graph.schema import Label
from chainkg.queries import _matrix as mx

if TYPE_CHECKING:
    import networkx as nx

Kind = Literal["supply", "shared"]

COLUMNS = ["a", "b", "kind", "score", "via", "distance_km", "n_links", "a_id", "b_id"]
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lat1, lon1, lat2, lon2):  # type: ignore[no-untyped-def]
    """Great-circle distance in km between points given in degrees (scalars or numpy arrays).

    >>> round(float(haversine_km(29.56, 106.55, 29.56, 106.55)), 3)
    0.0
    >>> round(float(haversine_km(0, 0, 0, 1)), 1)  # one degree of longitude on the equator
    111.2
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _coords(G: nx.MultiDiGraph, districts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    def num(value: object) -> float:
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return float("nan")

    lat = np.array([num(G.nodes[d].get("lat")) for d in districts], dtype=float)
    lon = np.array([num(G.nodes[d].get("lon")) for d in districts], dtype=float)
    return lat, lon


def district_distances(G: nx.MultiDiGraph, *, lang: str = "zh") -> pd.DataFrame:
    """Square km matrix between all districts (NaN where a seat's coordinates are unknown).

    Dense — meant for one region (tens of districts), not the national scale.

    Returns
    -------
    DataFrame
        index and columns are district names; ``df.loc[a, b]`` is the distance in km.

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> round(float(district_distances(build_graph()).loc["璧山区", "铜梁区"]), 1)
    32.3
    """
    districts = mx.nodes_of(G, Label.DISTRICT)
    lat, lon = _coords(G, districts)
    km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    labels = mx.names(G, districts, lang)
    return pd.DataFrame(km, index=labels, columns=labels)


def _check_district(G: nx.MultiDiGraph, district: str | None) -> None:
    if district is not None and (district not in G or G.nodes[district].get("label") != Label.DISTRICT.value):
        raise UnknownName("district", district)


def _select(
    i: np.ndarray,
    j: np.ndarray,
    score: np.ndarray,
    links: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    *,
    max_km: float | None,
    top: int | None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """The pairs to report: (indexes in order, their distances in km, how many qualified before ``top``).

    Within ``max_km`` (unknown seats never qualify), best score first, then most links, nearer first.
    Distances are computed only where needed: a latitude-difference bound (a great circle is never
    shorter than its meridian component) discards far pairs before the haversine formula runs.
    """
    idx = np.arange(len(i))
    if max_km is not None:
        near = np.abs(lat[i] - lat[j]) * (np.pi / 180 * EARTH_RADIUS_KM) <= max_km  # NaN compares False
        idx = idx[near]
        km = haversine_km(lat[i[idx]], lon[i[idx]], lat[j[idx]], lon[j[idx]])
        idx, km = idx[km <= max_km], km[km <= max_km]
        total = len(idx)
        cand = mx.top_candidates(score[idx], top)
        idx, km = idx[cand], km[cand]
    else:
        total = len(idx)
        idx = idx[mx.top_candidates(score, top)]
        km = haversine_km(lat[i[idx]], lon[i[idx]], lat[j[idx]], lon[j[idx]])
    far = np.where(np.isnan(km), np.inf, km)
    order = np.lexsort((j[idx], i[idx], far, -links[idx], -score[idx]))
    if top is not None:
        order = order[:top]
    return idx[order], km[order], total


def supply_pairs(
    G: nx.MultiDiGraph,
    *,
    district: str | None = None,
    max_km: float | None = None,
    top: int | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Pairs A → B where A makes an input B needs from outside (see the module docstring).

    ``district`` (a District node id) keeps the pairs where it is A or B.

    Returns
    -------
    DataFrame with columns
        ``a`` (supplier name), ``b`` (customer name), ``kind`` (``supply``), ``score`` (share of B's
        outside needs A covers), ``via`` (``"input → category"`` names), ``distance_km``,
        ``n_links`` (number of input categories A covers), ``a_id``, ``b_id``.
        ``df.attrs["total"]`` is the number of qualifying pairs before ``top``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["district:甲", "district:乙"], label="District")
    >>> G.add_nodes_from(["direction:电芯", "direction:整车"], label="Direction")
    >>> G.add_node("category:cell", label="Category", name="电芯")
    >>> G.add_node("category:car", label="Category", name="整车")
    >>> for u, v, k in [("district:甲", "direction:电芯", "TARGETS"), ("district:乙", "direction:整车", "TARGETS"),
    ...                 ("direction:电芯", "category:cell", "BELONGS_TO"), ("direction:整车", "category:car", "BELONGS_TO"),
    ...                 ("category:cell", "category:car", "SUPPLIES")]:
    ...     _ = G.add_edge(u, v, key=k)
    >>> supply_pairs(G)[["a", "b", "score", "via"]].to_dict("records")
    [{'a': '甲', 'b': '乙', 'score': 1.0, 'via': ['电芯 → 整车']}]
    """
    _check_district(G, district)
    xc = mx.district_categories(G)
    sup = mx.supplies(G)
    X = xc.matrix.astype(bool).astype(np.int32)
    S = sup.matrix
    # needs[b, c]: b targets a category that c feeds, and does not target c itself.
    needs = ((X @ S.T) > 0).astype(np.int32)
    needs = (needs - needs.multiply(X)).tocsr()
    needs.eliminate_zeros()
    n_needs = np.asarray(needs.sum(axis=1)).ravel()
    if district is not None:
        k = xc.rows.index(district)
        as_a = (X[k] @ needs.T).tocoo()  # row k supplies everyone
        as_b = (X @ needs[k].T).tocoo()  # everyone supplies row k
        i = np.concatenate([np.full(as_a.nnz, k), as_b.row]).astype(np.int64)
        j = np.concatenate([as_a.col, np.full(as_b.nnz, k)]).astype(np.int64)
        links = np.concatenate([as_a.data, as_b.data]).astype(np.int64)
    else:
        P = (X @ needs.T).tocoo()
        i, j, links = P.row.astype(np.int64), P.col.astype(np.int64), P.data.astype(np.int64)
    off = i != j
    i, j, links = i[off], j[off], links[off]
    score = links / np.maximum(n_needs[j], 1)
    lat, lon = _coords(G, xc.rows)
    order, km, total = _select(i, j, score, links, lat, lon, max_km=max_km, top=top)
    sets = xc.row_sets()
    need_sets = mx.Incidence(xc.rows, xc.cols, needs).row_sets()
    succ = mx.Incidence(sup.rows, sup.cols, S.tocsr()).row_sets()
    cat_names = mx.names(G, xc.cols, lang)
    row_names = mx.names(G, xc.rows, lang)
    records = []
    for n, k in enumerate(order):
        a, b = int(i[k]), int(j[k])
        via = sorted(
            f"{cat_names[c1]} → {cat_names[c2]}" for c1 in sets[a] & need_sets[b] for c2 in succ[c1] & sets[b]
        )
        records.append(
            (row_names[a], row_names[b], "supply", float(round(score[k], 6)), via, _km(km[n]), int(links[k]),
             xc.rows[a], xc.rows[b])
        )
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    df.attrs["total"] = total
    return df


def shared_pairs(
    G: nx.MultiDiGraph,
    *,
    district: str | None = None,
    max_km: float | None = None,
    top: int | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """District pairs targeting the same directions; ``score`` is the Jaccard index.

    Returns
    -------
    DataFrame with the columns of :func:`supply_pairs`; ``kind`` is ``shared``, ``via`` the shared
    direction names, ``n_links`` their number. ``df.attrs["total"]``: pairs before ``top``.

    Examples
    --------
    >>> from chainkg.graph.build import build_graph
    >>> shared_pairs(build_graph(), top=1)[["a", "b", "score", "distance_km"]].to_dict("records")
    [{'a': '南川区', 'b': '长寿区', 'score': 0.75, 'distance_km': 77.9}]
    """
    _check_district(G, district)
    inc = mx.district_directions(G)
    i, j, shared, jac = mx.jaccard_pairs(inc)
    if district is not None:
        k = inc.rows.index(district)
        sel = (i == k) | (j == k)
        i, j, shared, jac = i[sel], j[sel], shared[sel], jac[sel]
    lat, lon = _coords(G, inc.rows)
    order, km, total = _select(i, j, jac, shared, lat, lon, max_km=max_km, top=top)
    a, b = i[order], j[order]
    row_names = np.array(mx.names(G, inc.rows, lang), dtype=object)
    row_ids = np.array(inc.rows, dtype=object)
    df = pd.DataFrame(
        {
            "a": row_names[a], "b": row_names[b], "kind": "shared", "score": np.round(jac[order], 6).astype(float),
            "via": mx.shared_names(inc, a, b, mx.names(G, inc.cols, lang)), "distance_km": np.round(km, 1),
            "n_links": shared[order].astype(int), "a_id": row_ids[a], "b_id": row_ids[b],
        },
        columns=COLUMNS,
    )
    df.attrs["total"] = total
    return df


def collaboration_candidates(
    G: nx.MultiDiGraph,
    *,
    district: str | None = None,
    kind: Kind | None = None,
    max_km: float | None = None,
    top: int | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Supply pairs then shared-direction pairs (``kind`` picks one), each best first.

    ``top`` limits each kind separately. Columns as in :func:`supply_pairs`; ``df.attrs["total"]``
    maps each kind to its number of candidates before ``top``.

    >>> from chainkg.graph.build import build_graph
    >>> df = collaboration_candidates(build_graph(), district="district:重庆市/铜梁区", top=1)
    >>> df[["kind", "a", "b"]].to_dict("records")
    [{'kind': 'supply', 'a': '铜梁区', 'b': '两江新区'}, {'kind': 'shared', 'a': '璧山区', 'b': '铜梁区'}]
    """
    if kind not in (None, "supply", "shared"):
        raise ValueError(f"kind must be 'supply' or 'shared', not {kind!r}")
    opts = {"district": district, "max_km": max_km, "top": top, "lang": lang}
    found = {}
    if kind in (None, "supply"):
        found["supply"] = supply_pairs(G, **opts)
    if kind in (None, "shared"):
        found["shared"] = shared_pairs(G, **opts)
    parts = [p for p in found.values() if not p.empty]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    df.attrs["total"] = {k: p.attrs["total"] for k, p in found.items()}
    return df


def _km(value: float) -> float:
    return float(round(value, 1))  # NaN stays NaN (unknown seat)

