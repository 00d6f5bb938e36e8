"""The engine of the profile matcher: an index built once from the graph, and the scan of one text.

Public entry points are in :mod:`chainkg.queries.match`; this module holds the mechanics.

How a text is read: see :mod:`chainkg.loaders.lexicon` (the lexicon this index extends).

How districts and parks are scored
----------------------------------
A category covered by a direction (BELONGS_TO, weight 1, 0.5 for secondary and umbrella mappings)
adds ``category score × weight`` to every district targeting that direction: a **direct** fit.
A category no district covers is followed along SUPPLIES to the categories that consume it
(one hop × ``adjacent``, two hops × ``adjacent``², × ``judgement`` for an edge only the author's
judgement supports; failing that, its own suppliers): a **chain-adjacent** fit. Within a district, parks are ordered by fit: a software firm scores a
software park (软件园, 数据谷 …, from ``data/matching/park_cues.csv``) up and an industrial park down,
a factory the reverse.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from chainkg.errors import SchemaError
from chainkg.graph.schema import Label, Rel
from chainkg.loaders.matchvocab import MatchVocab, load_match_vocab
from chainkg.loaders.lexicon import CategoryTerms, Lexicon, Scan, build_lexicon

if TYPE_CHECKING:
    import networkx as nx

@dataclass
class CategoryInfo:
    key: str
    node: str
    name: str
    name_en: str
    fit: str
    position: str = ""


@dataclass
class ParkInfo:
    node: str
    name: str
    name_en: str
    kind: str  # software | factory | mixed


@dataclass
class DistrictInfo:
    node: str
    name: str
    name_en: str
    seq: int
    parks: list[ParkInfo]


@dataclass(frozen=True)
class Route:
    """How a category reaches a district: directly through a direction, or along SUPPLIES."""

    weight: float
    direction: str  # direction node
    path: tuple[int, ...]  # category indexes: (c,) direct; (c, c1[, c2]) consumers; (c, c0) with mode fed-by
    mode: str  # direct | feeds | fed-by


@dataclass(kw_only=True)
class MatchIndex(Lexicon):
    """Everything needed to match texts against one graph: the lexicon of its categories, and the
    districts, parks and routes; build with :func:`get_index`."""

    categories: list[CategoryInfo]
    cat_index: dict[str, int]
    districts: list[DistrictInfo]
    directions: dict[str, tuple[str, str]]  # direction node → (name, name_en)
    routes: list[dict[int, Route]]  # per category: district index → best route
    covered: list[bool]
    route_list: list[list[tuple[int, float, bool, Route]]] = field(default_factory=list)
    park_list: list[list[tuple[int, int, int]]] = field(default_factory=list)  # per district: (park, kind code, seq)
    district_seq: list[int] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # directions of user tables the taxonomy does not map

    # ------------------------------------------------------------------ districts and parks
    def rank(self, scan: Scan, top: int | None = None) -> list[tuple[float, int, int, float, bool, tuple[int, Route]]]:
        """Park candidates, best first: (score, district index, park index, district score, direct?,
        (category, route) of the district's best contribution); only the first ``top`` when given."""
        scores = scan.scores
        if not scores:
            return []
        dscore: dict[int, float] = {}
        direct: set[int] = set()
        for c, s in scores.items():
            for d, w, is_direct, _ in self.route_list[c]:
                dscore[d] = dscore.get(d, 0.0) + s * w
                if is_direct:
                    direct.add(d)
        soft, fact = scan.fit
        bonus = self.vocab.scoring["fit_bonus"]
        factor = (1.0, 1.0 + bonus * (soft - fact), 1.0 + bonus * (fact - soft))  # mixed, software, factory
        out = []
        # districts best first, and each district's parks by fit (a software firm's software park first): the fit
        # orders parks within a district, never one district before another; a park's score is its district's.
        # Parks of a later district sort after every park already in hand, so `top` parks end the walk
        seqs = self.district_seq
        for neg, indirect, _, d in sorted([(-s, d not in direct, seqs[d], d) for d, s in dscore.items()]):
            if top is not None and len(out) >= top:
                break
            s = -neg
            is_direct = not indirect
            b = self._best(scores, d)
            for p, kind, seq in self.park_list[d]:
                out.append((s, d, p, s, is_direct, b, seq, -factor[kind]))
        out.sort(key=_rank_key)
        return [r[:6] for r in (out[:top] if top is not None else out)]

    def _plan(self, cats: tuple[int, ...]) -> tuple:
        """What the ranking of a text evidencing ``cats`` (in the scan's order) needs that does not
        depend on the scores: the reachable districts (in district order), one column of route
        weights per category, the parks (district slot, kind, park, indirect?, seq) and each
        district's candidate routes. Memoised per index (a batch has a few thousand distinct
        category tuples)."""
        plan = self.memo.get(cats)
        if plan is not None:
            return plan
        contrib: dict[int, dict[int, float]] = {}
        cands: dict[int, list[tuple[int, float, bool, int, str]]] = {}
        direct: set[int] = set()
        for i, c in enumerate(cats):
            for d, w, is_direct, route in self.route_list[c]:
                contrib.setdefault(d, {})[i] = w
                cands.setdefault(d, []).append((i, w, is_direct, c, route.direction))
                if is_direct:
                    direct.add(d)
        dists = sorted(contrib)
        # weights as dense columns, one per category (0.0 where it has no route to the district):
        # adding s × 0.0 = 0.0 leaves every sum exactly as rank() builds it from the routes alone
        weights = tuple(tuple(contrib[d].get(i, 0.0) for d in dists) for i in range(len(cats)))
        flat = tuple((k, kind, p, d not in direct, self.district_seq[d])
                     for k, d in enumerate(dists) for p, kind, _ in self.park_list[d])
        plan = (tuple(dists), weights, flat, tuple(tuple(cands[d]) for d in dists),
                tuple(len({x[4] for x in cands[d]}) == 1 for d in dists))
        if len(self.memo) > 100_000:  # bounded; only thousands of category sets occur in practice
            self.memo.clear()
        self.memo[cats] = plan
        return plan

    def top_parks(self, scan: Scan, top: int) -> list[tuple[float, int, int, bool, int, tuple[str, ...]]]:
        """The first ``top`` (≥ 1) rows of :meth:`rank` as (score, district, park, direct?, category of
        the district's best contribution, the district's directions behind it, most weight first) —
        the same rows in the same order, computed from the memoised plan of the category set; float
        sums run in the same order as in :meth:`rank` and :meth:`_best`."""
        scores = scan.scores
        if not scores:
            return []
        cats = tuple(scores)
        soft, fact = scan.fit
        single = len(cats) == 1
        if single:  # the one category scores 1.0: the answer depends only on it and the fit
            key = (cats[0], soft, fact, top)
            done = self.memo.get(key)
            if done is not None:
                return done
        S = tuple(scores.values())
        bonus = self.vocab.scoring["fit_bonus"]
        factor = (1.0, 1.0 + bonus * (soft - fact), 1.0 + bonus * (fact - soft))  # mixed, software, factory
        dists, weights, flat, cands, one_direction = self._plan(cats)
        s0 = S[0]
        ds = [s0 * w for w in weights[0]]
        for i in range(1, len(S)):
            si = S[i]
            ds = [a + si * w for a, w in zip(ds, weights[i])]
        # sort key of rank(): (-district score, indirect, district seq, -fit factor, park)
        rows = [(-ds[k], indirect, seq, -factor[kind], p, k) for k, kind, p, indirect, seq in flat]
        rows.sort()
        out = []
        seen: dict[int, tuple[int, tuple[str, ...]]] = {}
        for r in rows[:top]:
            k = r[5]
            got = seen.get(k)
            if got is None:
                got = seen[k] = _best_and_directions(S, cands[k], one_direction[k])
            out.append((-r[0], dists[k], r[4], not r[1], got[0], got[1]))
        if single:
            if len(self.memo) > 100_000:
                self.memo.clear()
            self.memo[key] = out
        return out

    def _best(self, scores: dict[int, float], d: int) -> tuple[int, Route]:
        """The category (and its route) contributing most to district ``d``; direct beats adjacent on ties."""
        best = None
        for c, s in scores.items():
            r = self.routes[c].get(d)
            if r is None:
                continue
            key = (s * r.weight, r.mode == "direct")
            if best is None or key > best[0]:
                best = (key, c, r)
        assert best is not None
        return best[1], best[2]


def _best_and_directions(S: tuple[float, ...], cands: tuple, one_direction: bool) -> tuple[int, tuple[str, ...]]:
    """For one district of a plan: the category contributing most (as :meth:`MatchIndex._best`:
    direct beats adjacent on ties, then the first) and the directions by contribution (stable)."""
    if len(cands) == 1:
        return cands[0][3], (cands[0][4],)
    best = None
    for i, w, is_direct, c, _ in cands:
        key = (S[i] * w, is_direct)
        if best is None or key > best[0]:
            best = (key, c)
    assert best is not None
    if one_direction:
        return best[1], (cands[0][4],)
    contrib: dict[str, float] = {}
    for i, w, _, _, direction in cands:
        contrib[direction] = contrib.get(direction, 0.0) + S[i] * w
    return best[1], tuple(sorted(contrib, key=lambda n: -contrib[n]))


def _rank_key(r: tuple) -> tuple:
    return (-r[0], not r[4], r[6], r[7], r[2])


_CACHE: "weakref.WeakKeyDictionary[nx.MultiDiGraph, MatchIndex]" = weakref.WeakKeyDictionary()


def get_index(G: nx.MultiDiGraph, vocab: MatchVocab | None = None) -> MatchIndex:
    """The match index of ``G`` (built on first use and cached per graph object; rebuild after
    changing the graph by calling :func:`build_index`)."""
    if vocab is None:
        cached = _CACHE.get(G)
        if cached is not None:
            return cached
    index = build_index(G, vocab)
    if vocab is None:
        _CACHE[G] = index
    return index


def build_index(G: nx.MultiDiGraph, vocab: MatchVocab | None = None) -> MatchIndex:
    """Build the lexicon of ``G``'s categories, the category → district routes and the park fit kinds."""
    vocab = vocab or load_match_vocab()
    nodes = G.nodes
    cat_nodes = sorted(n for n, a in G.nodes(data=True) if a.get("label") == Label.CATEGORY.value)
    if not cat_nodes:
        raise SchemaError("the graph has no Category nodes: build it with the taxonomy (with_taxonomy=True)")
    categories = [CategoryInfo(nodes[n].get("key", n.split(":", 1)[1]), n, nodes[n].get("name", ""),
                               nodes[n].get("name_en", ""), nodes[n].get("fit", "factory"),
                               nodes[n].get("position", "")) for n in cat_nodes]
    cat_index = {c.node: i for i, c in enumerate(categories)}

    lexicon = build_lexicon([CategoryTerms(c.key, c.fit, nodes[c.node].get("group", ""),
                                           tuple(nodes[c.node].get("aliases") or ()),
                                           tuple(nodes[c.node].get("keywords") or ())) for c in categories], vocab)
    sc = vocab.scoring

    # ---- districts, parks, directions
    districts: list[DistrictInfo] = []
    dist_index: dict[str, int] = {}
    d_nodes = [n for n, a in G.nodes(data=True) if a.get("label") == Label.DISTRICT.value]
    d_nodes.sort(key=lambda n: (nodes[n].get("region", ""), nodes[n].get("seq") or 0, n))
    for n in d_nodes:
        parks = sorted(u for u, _, k in G.in_edges(n, keys=True) if k == Rel.LOCATED_IN.value)
        infos = []
        for p in parks:
            full = nodes[p].get("full_name") or nodes[p].get("name", p)
            infos.append(ParkInfo(p, full, nodes[p].get("name_en", ""), vocab.park_kind(full)))
        dist_index[n] = len(districts)
        districts.append(DistrictInfo(n, nodes[n].get("name", n), nodes[n].get("name_en", ""),
                                      nodes[n].get("seq") or 0, infos))
    directions = {n: (a.get("name", n), a.get("name_en", "")) for n, a in G.nodes(data=True)
                  if a.get("label") == Label.DIRECTION.value}

    # ---- routes: direct
    routes: list[dict[int, Route]] = [{} for _ in categories]
    for dnode in directions:
        targeted_by = [dist_index[u] for u, _, k in G.in_edges(dnode, keys=True)
                       if k == Rel.TARGETS.value and u in dist_index]
        for _, cnode, k, e in G.out_edges(dnode, keys=True, data=True):
            if k != Rel.BELONGS_TO.value or cnode not in cat_index:
                continue
            c = cat_index[cnode]
            w = float(e.get("weight", 1.0))
            for d in targeted_by:
                cur = routes[c].get(d)
                if cur is None or w > cur.weight:
                    routes[c][d] = Route(w, dnode, (c,), "direct")
    covered = [bool(r) for r in routes]

    # ---- routes: chain-adjacent (categories no district targets)
    adj = sc["adjacent"]
    # a SUPPLIES edge that only the taxonomy author's judgement supports (source "J") counts less
    # than one a public source states
    judged = sc.get("judgement", 1.0)

    def trust(e: dict) -> float:
        return judged if str(e.get("source", "")).strip() == "J" else 1.0

    consumers = {i: [(cat_index[v], trust(e)) for _, v, k, e in G.out_edges(c.node, keys=True, data=True)
                     if k == Rel.SUPPLIES.value and v in cat_index] for i, c in enumerate(categories)}
    suppliers = {i: [(cat_index[u], trust(e)) for u, _, k, e in G.in_edges(c.node, keys=True, data=True)
                     if k == Rel.SUPPLIES.value and u in cat_index] for i, c in enumerate(categories)}
    for c in range(len(categories)):
        if covered[c]:
            continue
        found: dict[int, Route] = {}

        def offer(d: int, route: Route) -> None:
            cur = found.get(d)
            if cur is None or route.weight > cur.weight:
                found[d] = route

        for c1, t1 in consumers[c]:
            for d, r in routes[c1].items() if covered[c1] else ():
                offer(d, Route(adj * t1 * r.weight, r.direction, (c, c1), "feeds"))
        reached = set(found)
        for c1, t1 in consumers[c]:
            for c2, t2 in consumers[c1]:
                if c2 == c or not covered[c2]:
                    continue
                for d, r in routes[c2].items():
                    if d not in reached:
                        offer(d, Route(adj * adj * t1 * t2 * r.weight, r.direction, (c, c1, c2), "feeds"))
        if not found:
            for c0, t0 in suppliers[c]:
                for d, r in routes[c0].items() if covered[c0] else ():
                    offer(d, Route(adj * t0 * r.weight, r.direction, (c, c0), "fed-by"))
        routes[c] = found
    kind_code = {"mixed": 0, "software": 1, "factory": 2}
    route_list = [[(d, r.weight, r.mode == "direct", r) for d, r in sorted(rs.items())] for rs in routes]
    park_list = [[(p, kind_code[park.kind], dist.seq) for p, park in enumerate(dist.parks)] for dist in districts]
    return MatchIndex(**{f.name: getattr(lexicon, f.name) for f in fields(Lexicon)},
                      categories=categories, cat_index=cat_index, districts=districts, directions=directions,
                      routes=routes, covered=covered, route_list=route_list, park_list=park_list,
                      district_seq=[dist.seq for dist in districts],
                      unmapped=list(G.graph.get("taxonomy_unmapped", [])))
