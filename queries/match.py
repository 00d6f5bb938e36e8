"""Supplier → park matching: "a supplier of X is coming — which parks fit, and why?"

:func:`match_profile` reads a free-text company profile (a name, a product line or a business-scope
paragraph; simplified or traditional Chinese, full- or half-width, English or mixed, typos) and
returns the chain categories it evidences — each with the words that matched — and the parks that
fit, ranked, each with its district, a score, the directions behind it, a one-line reason and a
kind: ``direct`` (a district targets a direction covering the category) or ``chain-adjacent`` (no
district targets the category; these districts target what it supplies). Text without chain
evidence gets no parks and a note that says so. The mechanics are in :mod:`queries.matching`.

>>> from graph.build import build_graph
>>> G = build_graph()
>>> r = match_profile(G, "重庆某某新能源科技有限公司，主营磷酸铁锂电芯及电池包PACK", top=3)
>>> [c.id for c in r.categories]
['battery_cell', 'battery_pack_bms']
>>> r.results[0].kind, r.results[0].district in {"璧山区", "涪陵区", "长寿区", "铜梁区", "南川区", "万盛经开区"}
('direct', True)
>>> match_profile(G, "面包烘焙连锁店").note
'文本中没有产业链证据（无匹配环节），不推荐园区'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from queries.matching import MatchIndex, Route, Scan, get_index

__all__ = ["CategoryEvidence", "ParkMatch", "MatchResult", "match_profile", "match_many", "explain_routes"]


@dataclass(frozen=True)
class CategoryEvidence:
    """A chain category the text evidences: ``score`` 0–1 (best = 1) and the matched words."""

    id: str
    name: str
    name_en: str
    score: float
    evidence: list[str]
    covered: bool  # some district targets a direction covering it

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "score": self.score, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class ParkMatch:
    """One ranked park with its district; ``kind`` is ``direct`` or ``chain-adjacent``."""

    rank: int
    district: str
    district_en: str
    park: str
    park_en: str
    score: float
    directions: list[str]
    reason: str
    reason_en: str
    kind: str

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"rank": self.rank, "district": self.district, "park": self.park, "score": self.score,
                "directions": list(self.directions), "reason": self.reason_en if lang == "en" else self.reason,
                "kind": self.kind}


@dataclass
class MatchResult:
    """The answer for one profile. ``note`` says why there are no parks, or that they are chain-adjacent."""

    query: str
    categories: list[CategoryEvidence] = field(default_factory=list)
    results: list[ParkMatch] = field(default_factory=list)
    note: str = ""
    note_en: str = ""

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The JSON shape of ``chainkg match --json``: query, categories, results (names stay Chinese;
        ``reason`` follows ``lang``)."""
        return {"query": self.query, "categories": [c.as_dict() for c in self.categories],
                "results": [r.as_dict(lang) for r in self.results]}


NO_EVIDENCE = ("文本中没有产业链证据（无匹配环节），不推荐园区", "no chain evidence in the text (no category matched): no parks")


def _category_evidence(ix: MatchIndex, scan: Scan) -> list[CategoryEvidence]:
    order = sorted(scan.scores, key=lambda c: (-scan.scores[c], ix.categories[c].key))
    return [CategoryEvidence(ix.categories[c].key, ix.categories[c].name, ix.categories[c].name_en,
                             round(scan.scores[c], 3), list(scan.evidence[c]), ix.covered[c]) for c in order]


def _reason(ix: MatchIndex, scan: Scan, c: int, route: Route, d: int, p: int, aff_note: tuple[str, str]) -> tuple[str, str]:
    cat = ix.categories[c]
    district, park = ix.districts[d], ix.districts[d].parks[p]
    words = "、".join(scan.evidence[c][:3])
    words_en = ", ".join(scan.evidence[c][:3])
    dname, dname_en = ix.directions[route.direction]
    tail = f"{dname} → {district.name} → {park.name}"
    tail_en = f"{dname} ({dname_en or dname}) → {district.name_en or district.name} → {park.name_en or park.name}"
    if route.mode == "direct":
        zh = f"「{words}」→ {cat.name} → {tail}"
        en = f"'{words_en}' → {cat.name_en} → {tail_en}"
    else:
        hops = [ix.categories[i] for i in route.path[1:]]
        verb, verb_en = ("供应", "supplies") if route.mode == "feeds" else ("取材于", "is supplied by")
        chain = " → ".join(f"{verb} {h.name}" for h in hops)
        chain_en = " → ".join(f"{verb_en} {h.name_en}" for h in hops)
        zh = f"无区县以{cat.name}为创建方向；「{words}」→ {cat.name} → {chain} → {tail}"
        en = f"no district targets {cat.name_en}; '{words_en}' → {cat.name_en} → {chain_en} → {tail_en}"
    return zh + aff_note[0], en + aff_note[1]


def _fit_note(ix: MatchIndex, scan: Scan, d: int, p: int) -> tuple[str, str]:
    kind = ix.districts[d].parks[p].kind
    total = sum(scan.scores.values())
    soft = sum(s for c, s in scan.scores.items() if ix.categories[c].fit == "software") / total
    fact = sum(s for c, s in scan.scores.items() if ix.categories[c].fit == "factory") / total
    if kind == "software" and soft > fact:
        return "（软件/数据园区，适合软件企业）", " (software/data park: fits a software firm)"
    if kind == "factory" and fact > soft:
        return "（工业园区，适合制造工厂）", " (industrial park: fits a factory)"
    return "", ""


def _directions_for(ix: MatchIndex, scan: Scan, d: int) -> list[str]:
    contrib: dict[str, float] = {}
    for c, s in scan.scores.items():
        route = ix.routes[c].get(d)
        if route is not None:
            name = ix.directions[route.direction][0]
            contrib[name] = contrib.get(name, 0.0) + s * route.weight
    return sorted(contrib, key=lambda n: -contrib[n])


def _result(ix: MatchIndex, text: str, scan: Scan, top: int) -> MatchResult:
    cats = _category_evidence(ix, scan)
    if not cats:
        return MatchResult(text, [], [], *NO_EVIDENCE)
    rows = ix.rank(scan)[:top] if top > 0 else []
    results = []
    for rank, (score, d, p, _, is_direct, best) in enumerate(rows, 1):
        c, route = best
        reason, reason_en = _reason(ix, scan, c, route, d, p, _fit_note(ix, scan, d, p))
        district, park = ix.districts[d], ix.districts[d].parks[p]
        results.append(ParkMatch(rank, district.name, district.name_en, park.name, park.name_en, round(score, 3),
                                 _directions_for(ix, scan, d), reason, reason_en,
                                 "direct" if is_direct else "chain-adjacent"))
    uncovered = [c for c in cats if not c.covered]
    note = note_en = ""
    if uncovered:
        names = "、".join(c.name for c in uncovered)
        names_en = ", ".join(c.name_en for c in uncovered)
        note = f"无区县以{names}为创建方向；相关区县为产业链相邻（chain-adjacent）"
        note_en = f"no district targets {names_en}; districts shown for it are chain-adjacent"
        if not any(r.kind == "direct" for r in results) and not results:
            note += "；产业链上也没有可衔接的区县"
            note_en += "; no district is linked to it along the chain either"
    return MatchResult(text, cats, results, note, note_en)


def match_profile(G: nx.MultiDiGraph, text: str, *, top: int = 5) -> MatchResult:
    """Match one company profile against the districts and parks of ``G``.

    Parameters
    ----------
    G : the chainkg graph (with the taxonomy: ``build_graph()``)
    text : the profile — name, product line or business scope, any script or width
    top : how many parks to return (0 = categories only)

    Returns
    -------
    MatchResult with ``categories`` (best first) and ``results`` (ranked parks).

    >>> from graph.build import build_graph
    >>> r = match_profile(build_graph(), "碳化硅SiC功率模块研发生产", top=2)
    >>> r.categories[0].id, r.results[0].kind
    ('power_semiconductors', 'chain-adjacent')
    """
    ix = get_index(G)
    return _result(ix, text, ix.scan(text), top)


def match_many(
    G: nx.MultiDiGraph,
    texts: Iterable[str],
    *,
    top: int = 3,
    workers: int = 1,
    chunk: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> Iterator[MatchResult]:
    """Match many profiles, in input order; the same answers as :func:`match_profile` one by one.

    ``workers`` > 1 uses that many processes (fork; each inherits the index). ``progress`` is called
    with the number of profiles finished after each chunk.

    >>> from graph.build import build_graph
    >>> [r.results[0].district for r in match_many(build_graph(), ["激光雷达", "氢燃料电池电堆"], top=1)]
    ['渝北区', '九龙坡区']
    """
    ix = get_index(G)
    items = texts if isinstance(texts, list) else list(texts)
    if workers <= 1 or len(items) < 2 * chunk:
        for start in range(0, len(items), chunk):
            for text in items[start:start + chunk]:
                yield _result(ix, text, ix.scan(text), top)
            if progress is not None:
                progress(min(chunk, len(items) - start))
        return
    import multiprocessing as mp

    global _WORKER_INDEX
    _WORKER_INDEX = ix  # inherited by the forked workers
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        chunks = [(items[i:i + chunk], top) for i in range(0, len(items), chunk)]
        for part in pool.imap(_match_chunk, chunks):
            yield from part
            if progress is not None:
                progress(len(part))


_WORKER_INDEX: MatchIndex | None = None


def _match_chunk(args: tuple[list[str], int]) -> list[MatchResult]:
    texts, top = args
    ix = _WORKER_INDEX
    assert ix is not None
    return [_result(ix, t, ix.scan(t), top) for t in texts]


def explain_routes(G: nx.MultiDiGraph, category: str) -> list[dict[str, Any]]:
    """How a category reaches districts: one dict per district with ``district``, ``direction``,
    ``weight``, ``mode`` (direct | feeds | fed-by) and ``path`` (category names).

    >>> from graph.build import build_graph
    >>> [r["district"] for r in explain_routes(build_graph(), "fuel_cell_system")]
    ['九龙坡区', '两江新区']
    """
    ix = get_index(G)
    c = ix.cat_index.get(category if category.startswith("category:") else f"category:{category}")
    if c is None:
        from chainkg.errors import UnknownName

        raise UnknownName("category", category, [x.key for x in ix.categories if category in x.key][:5])
    out = [{"district": ix.districts[d].name, "direction": ix.directions[r.direction][0], "weight": r.weight,
            "mode": r.mode, "path": [ix.categories[i].name for i in r.path]}
           for d, r in ix.routes[c].items()]
    return sorted(out, key=lambda r: (-r["weight"], r["district"]))
