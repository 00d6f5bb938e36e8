"""精准招商 (targeted investment promotion): what a district should attract, and which companies of a
list fit it best.

>>> from chainkg.graph.build import build_graph
>>> G = build_graph()
>>> df = district_targets(G, "璧山")
>>> sorted(df[df.kind == "direction"].id)[:3]
['battery_cell', 'battery_pack_bms', 'braking_system']
>>> "正极材料" in df[df.kind == "uncovered-input"].category.tolist()
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from chainkg.graph.schema import Label, Rel
from chainkg.graph.lookup import resolve
from chainkg.queries.match import _fit_note, _reason
from chainkg.queries.matching import get_index

if TYPE_CHECKING:
    import pandas as pd

TARGET_COLUMNS = ["category", "category_en", "id", "position", "kind", "via", "weight", "source"]
RANK_COLUMNS = ["rank", "id", "query", "score", "kind", "park", "categories", "reason", "reason_en"]


def district_targets(G: nx.MultiDiGraph, district: str) -> pd.DataFrame:
    """Categories worth attracting to ``district``.

    Returns
    -------
    DataFrame with columns ``category`` (Chinese name), ``category_en``, ``id`` (category key),
    ``position``, ``kind`` (``direction``: covered by one of its own directions; ``uncovered-input``:
    an input of those categories that no district of the graph targets, up to two SUPPLIES hops),
    ``via`` (the direction, or the chain ``input → … → own category``), ``weight`` (BELONGS_TO weight,
    or 0.5 per hop for inputs) and ``source`` (of the BELONGS_TO or SUPPLIES fact).
    """
    import pandas as pd

    ix = get_index(G)
    d = resolve(G, district, Label.DISTRICT)
    di = next(i for i, x in enumerate(ix.districts) if x.node == d)
    rows: list[dict] = []
    own: dict[int, float] = {}
    for c, routes in enumerate(ix.routes):
        r = routes.get(di)
        if r is not None and r.mode == "direct":
            own[c] = r.weight
            e = G.edges[r.direction, ix.categories[c].node, Rel.BELONGS_TO.value]
            rows.append(_row(ix, c, "direction", ix.directions[r.direction][0], r.weight, e.get("source", "")))
    seen = set(own)
    for c in sorted(own, key=lambda c: (-own[c], ix.categories[c].key)):
        frontier = [(c, [c], 1.0)]
        for _ in range(2):
            nxt = []
            for cur, path, w in frontier:
                for u, _, k, e in G.in_edges(ix.categories[cur].node, keys=True, data=True):
                    if k != Rel.SUPPLIES.value or u not in ix.cat_index:
                        continue
                    up = ix.cat_index[u]
                    if ix.covered[up] or up in seen:
                        continue
                    seen.add(up)
                    chain = " → ".join(ix.categories[i].name for i in [up, *reversed(path)])
                    rows.append(_row(ix, up, "uncovered-input", chain, w * 0.5, e.get("source", "")))
                    nxt.append((up, [*path, up], w * 0.5))
            frontier = nxt
    df = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    order = {"direction": 0, "uncovered-input": 1}
    df = df.sort_values(by=["kind", "weight"], key=lambda s: s.map(order) if s.name == "kind" else -s,
                        kind="stable").reset_index(drop=True)
    return df


def _row(ix, c: int, kind: str, via: str, weight: float, source: str) -> dict:
    cat = ix.categories[c]
    return {"category": cat.name, "category_en": cat.name_en, "id": cat.key, "position": cat.position,
            "kind": kind, "via": via, "weight": round(weight, 3), "source": source}


def rank_companies(G: nx.MultiDiGraph, district: str, companies: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Rank a company list for ``district``: how well each (id, profile text) fits it.

    Returns
    -------
    DataFrame with columns ``rank``, ``id``, ``query``, ``score`` (the district's match score for the
    profile; 0 = no fit), ``kind`` (direct | chain-adjacent | none), ``park`` (its best-fitting park),
    ``categories`` (evidenced category names), ``reason`` and ``reason_en``; best first, ties in input order.

    >>> from chainkg.graph.build import build_graph
    >>> df = rank_companies(build_graph(), "九龙坡", [("a", "面包店"), ("b", "氢燃料电池电堆"), ("c", "电动空调压缩机")])
    >>> df[["id", "kind"]].values.tolist()
    [['b', 'direct'], ['c', 'direct'], ['a', 'none']]
    """
    import pandas as pd

    ix = get_index(G)
    d = resolve(G, district, Label.DISTRICT)
    di = next(i for i, x in enumerate(ix.districts) if x.node == d)
    rows = []
    companies = list(companies)
    # one batch scan (the typo and meaning tiers run over all texts at once): the answers of ix.scan
    scans = ix.scan_many([text for _, text in companies])
    for (cid, text), scan in zip(companies, scans):
        ranked = [r for r in ix.rank(scan) if r[1] == di]
        cats = "、".join(ix.categories[c].name for c in sorted(scan.scores, key=lambda c: -scan.scores[c]))
        if not ranked:
            rows.append({"id": cid, "query": text, "score": 0.0, "kind": "none", "park": "", "categories": cats,
                         "reason": "", "reason_en": ""})
            continue
        score, _, p, _, is_direct, (c, _route) = ranked[0]
        reason, reason_en = _reason(ix, scan, c, di, p, _fit_note(ix, scan, di, p))
        rows.append({"id": cid, "query": text, "score": round(score, 3),
                     "kind": "direct" if is_direct else "chain-adjacent", "park": ix.districts[di].parks[p].name,
                     "categories": cats, "reason": reason, "reason_en": reason_en})
    df = pd.DataFrame(rows, columns=RANK_COLUMNS[1:])
    df = df.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    df.insert(0, "rank", range(1, len(df) + 1))
    return df
