"""Supplier → park matching: "a supplier of X is coming — which parks fit, and why?"

:func:`match_profile` reads a free-text company profile (a name, a product line or a business-scope
paragraph; simplified or traditional Chinese, full- or half-width, English or mixed, typos) and
returns the chain categories it evidences — each with the words that matched — and the parks that
fit, ranked, each with its district, a score, the directions behind it, a one-line reason and a
kind: ``direct`` (a district targets a direction covering the category) or ``chain-adjacent`` (no
district targets the category; these districts target what it supplies). Text without chain
evidence gets no parks and a note that says so. The mechanics are in :mod:`chainkg.queries.matching`.

>>> from chainkg.graph.build import build_graph
>>> G = build_graph()
>>> r = match_profile(G, "重庆某某新能源科技有限公司，主营磷酸铁锂电芯及电池包PACK", top=3)
>>> sorted(c.id for c in r.categories)
['battery_cell', 'battery_pack_bms']
>>> r.results[0].kind, r.results[0].district in {"璧山区", "涪陵区", "长寿区", "铜梁区", "南川区", "万盛经开区"}
('direct', True)
>>> match_profile(G, "面包烘焙连锁店").note
'文本中没有产业链证据（无匹配环节），不推荐园区'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chainkg.loaders.lexicon import SEMANTIC
from chainkg.queries.matching import MatchIndex, Scan, get_index

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CategoryEvidence", "ParkMatch", "MatchResult", "match_profile", "match_text", "match_many", "map_chunks",
           "default_workers", "explain_routes"]


@dataclass(slots=True)
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


@dataclass(slots=True)
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


EMPTY_NOTE = ("空白文本，无法匹配", "empty profile: nothing to match")
NO_EVIDENCE = ("文本中没有产业链证据（无匹配环节），不推荐园区", "no chain evidence in the text (no category matched): no parks")


def _other_industry_note(names: tuple[str, ...]) -> tuple[str, str]:
    """The note of a text that names other industries' products and no product of the chain."""
    return (f"文本所述为其他行业的产品（{'、'.join(names)}），未见本产业链的产品，不推荐园区",
            f"the text names another industry's product ({', '.join(names)}) and no product of the chain: no parks")


# A result travels between processes in a compact form (indexes, scores, evidence words) and is
# expanded to objects with their reason strings in the receiving process; match_profile goes through
# the same two steps, so single and batch answers are identical by construction.
# (categories: ((c, score, evidence), …), results: ((d, p, score, direct, c, fit, dirs), …)), and for a text of no
# category the other industries' products it names, if any, as a third item
_Compact = tuple
_FIT_NOTES = (("", ""), ("（软件/数据园区，适合软件企业）", " (software/data park: fits a software firm)"),
              ("（工业园区，适合制造工厂）", " (industrial park: fits a factory)"))


def _compact(ix: MatchIndex, scan: Scan, top: int) -> _Compact:
    scores = scan.scores
    if not scores:
        return ((), (), scan.foreign) if scan.foreign else ((), ())
    evidence = scan.evidence
    if len(scores) == 1:
        (c, s), = scores.items()
        cats: tuple = ((c, round(s, 3), tuple(evidence[c])),)
    else:  # best first, then by category key (unique, so the index c is never compared)
        keys = ix.memo.get("category_keys")
        if keys is None:
            keys = ix.memo["category_keys"] = [x.key for x in ix.categories]
        cats = tuple((c, round(-neg, 3), tuple(evidence[c]))
                     for neg, _, c in sorted([(-s, keys[c], c) for c, s in scores.items()]))
    if top <= 0:
        return (cats, ())
    soft, fact = scan.fit
    results = []
    park_list = ix.park_list
    for score, d, p, is_direct, c, dirs in ix.top_parks(scan, top):
        kind = park_list[d][p][1]
        fit = 1 if kind == 1 and soft > fact else 2 if kind == 2 and fact > soft else 0
        results.append((d, p, round(score, 3), is_direct, c, fit, dirs))
    return (cats, tuple(results))


def _reason_parts(ix: MatchIndex, c: int, d: int, p: int, fit: int) -> tuple[str, str, str, str]:
    """(head, rest, head_en, rest_en): reason = head + 「words」 + rest. Cached per index."""
    cache = _memo(ix, "reason_parts")
    key = (c, d, p, fit)
    parts = cache.get(key)
    if parts is not None:
        return parts
    cat, route = ix.categories[c], ix.routes[c][d]
    district, park = ix.districts[d], ix.districts[d].parks[p]
    dname, dname_en = ix.directions[route.direction]
    tail = f"{dname} → {district.name} → {park.name}{_FIT_NOTES[fit][0]}"
    tail_en = (f"{dname} ({dname_en or dname}) → {district.name_en or district.name} → "
               f"{park.name_en or park.name}{_FIT_NOTES[fit][1]}")
    if route.mode == "direct":
        parts = ("", f" → {cat.name} → {tail}", "", f" → {cat.name_en} → {tail_en}")
    else:
        hops = [ix.categories[i] for i in route.path[1:]]
        verb, verb_en = ("供应", "supplies") if route.mode == "feeds" else ("取材于", "is supplied by")
        chain = " → ".join(f"{verb} {h.name}" for h in hops)
        chain_en = " → ".join(f"{verb_en} {h.name_en}" for h in hops)
        parts = (f"无区县以{cat.name}为创建方向；", f" → {cat.name} → {chain} → {tail}",
                 f"no district targets {cat.name_en}; ", f" → {cat.name_en} → {chain_en} → {tail_en}")
    cache[key] = parts
    return parts


def _reason(ix: MatchIndex, scan: Scan, c: int, d: int, p: int, fit: int) -> tuple[str, str]:
    """One-line reason (zh, en): matched terms → category → [supplies …] → direction → district → park."""
    head, rest, head_en, rest_en = _reason_parts(ix, c, d, p, fit)
    words = scan.evidence[c][:3]
    return f"{head}「{'、'.join(words)}」{rest}", f"{head_en}'{', '.join(words)}'{rest_en}"


def _fit_note(ix: MatchIndex, scan: Scan, d: int, p: int) -> int:
    kind = ix.park_list[d][p][1]
    soft, fact = scan.fit
    return 1 if kind == 1 and soft > fact else 2 if kind == 2 and fact > soft else 0


def _memo(ix: MatchIndex, name: str) -> dict:
    """A per-index cache of strings the expansion builds again and again (bounded: cleared when big)."""
    cache = ix.memo.get(name)
    if cache is None or len(cache) > 200_000:
        cache = ix.memo[name] = {}
    return cache


def _expand(ix: MatchIndex, text: str, compact: _Compact) -> MatchResult:
    ccats, cresults = compact[0], compact[1]
    if not ccats:
        return MatchResult(text, [], [], *(_other_industry_note(compact[2]) if len(compact) > 2 else NO_EVIDENCE))
    categories, covered = ix.categories, ix.covered
    cats = []
    evidence = {}
    uncovered = []
    for c, score, ev in ccats:
        info = categories[c]
        cats.append(CategoryEvidence(info.key, info.name, info.name_en, score, list(ev), covered[c]))
        evidence[c] = ev
        if not covered[c]:
            uncovered.append(c)
    results = []
    if cresults:
        # what a row takes from the index, looked up once per (category, district, park, fit note,
        # directions): (the reason strings themselves are not cached: their evidence words vary too much)
        rows = ix.memo.get("result_rows")
        if rows is None or len(rows) > 200_000:
            rows = ix.memo["result_rows"] = {}
        for rank, (d, p, score, is_direct, c, fit, dirs) in enumerate(cresults, 1):
            key = (c, d, p, fit, dirs)
            row = rows.get(key)
            if row is None:
                district = ix.districts[d]
                park = district.parks[p]
                row = rows[key] = (district.name, district.name_en, park.name, park.name_en,
                                   tuple(ix.directions[x][0] for x in dirs), *_reason_parts(ix, c, d, p, fit))
            dname, dname_en, pname, pname_en, shown, head, rest, head_en, rest_en = row
            words = evidence[c][:3]
            results.append(ParkMatch(rank, dname, dname_en, pname, pname_en, score, list(shown),
                                     f"{head}「{'、'.join(words)}」{rest}", f"{head_en}'{', '.join(words)}'{rest_en}",
                                     "direct" if is_direct else "chain-adjacent"))
    note = note_en = ""
    if uncovered:
        lonely = not results and any(not ix.routes[c] for c, _, _ in ccats)
        notes = _memo(ix, "notes")
        key = (tuple(uncovered), lonely)
        got = notes.get(key)
        if got is None:
            names_zh = "、".join(categories[c].name for c in uncovered)
            names_en = ", ".join(categories[c].name_en for c in uncovered)
            note = f"无区县以{names_zh}为创建方向；相关区县为产业链相邻（chain-adjacent）"
            note_en = f"no district targets {names_en}; districts shown for it are chain-adjacent"
            if lonely:
                note += "；产业链上也没有可衔接的区县"
                note_en += "; no district is linked to it along the chain either"
            got = notes[key] = (note, note_en)
        note, note_en = got
    if ccats[0][2] and ccats[0][2][0].startswith(SEMANTIC):  # found by meaning, not by listed words
        note = "按语义匹配（文本中无产业链清单词语），请核对" + (f"；{note}" if note else "")
        note_en = "matched by meaning (no listed chain words in the text): check it" + (f"; {note_en}" if note_en else "")
    return MatchResult(text, cats, results, note, note_en)


def _compact_many(ix: MatchIndex, texts: list[str], top: int) -> list[_Compact]:
    """The compact answers of many texts, stage by stage (see :meth:`MatchIndex.scan_many`)."""
    return [_compact(ix, scan, top) for scan in ix.scan_many(texts)]


def _result(ix: MatchIndex, text: str, scan: Scan, top: int) -> MatchResult:
    return _expand(ix, text, _compact(ix, scan, top))


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

    >>> from chainkg.graph.build import build_graph
    >>> r = match_profile(build_graph(), "碳化硅SiC功率模块研发生产", top=2)
    >>> r.categories[0].id, r.results[0].kind
    ('power_semiconductors', 'chain-adjacent')
    """
    ix = get_index(G)
    return _result(ix, text, ix.scan(text), top)


def match_text(index: MatchIndex, text: str, *, top: int = 5) -> MatchResult:
    """:func:`match_profile` with a prepared index (``chainkg.queries.match_cache.load_match_index``): what
    ``chainkg match`` uses, so a cold start needs neither networkx nor the notice parser."""
    return _result(index, text, index.scan(text), top)


def match_many(
    G: nx.MultiDiGraph,
    texts: Iterable[str],
    *,
    top: int = 3,
    workers: int | None = 1,
    chunk: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> Iterator[MatchResult]:
    """Match many profiles, in input order; the same answers as :func:`match_profile` one by one.

    ``workers`` > 1 uses that many processes (:func:`map_chunks`: a standard-library pool whose
    workers hold the index, are sent chunks of texts and send back a compact form of each answer,
    which this process expands); ``None`` uses the machine's cores (:func:`default_workers`).
    ``progress`` is called with the number of profiles finished after each chunk. Python's
    cyclic garbage collector is paused while the iterator runs (the answers hold no cycles; rescanning
    them cost ~20% of batch time) and resumes when it ends or is closed.

    >>> from chainkg.graph.build import build_graph
    >>> [r.results[0].district for r in match_many(build_graph(), ["激光雷达", "氢燃料电池电堆"], top=1)]
    ['渝北区', '九龙坡区']
    """
    import gc

    ix = get_index(G)
    items = texts if isinstance(texts, list) else list(texts)
    # Results are acyclic; the cyclic garbage collector would only rescan the growing pile of them
    # (~20% of batch time), so it pauses while the batch runs and resumes when the iterator ends or
    # is closed.
    paused = gc.isenabled()
    gc.disable()
    try:
        yield from _match_items(ix, items, top, default_workers() if workers is None else workers, chunk, progress)
    finally:
        if paused:
            gc.enable()


# A batch this long is scanned with an automaton tuned to a sample of its texts (MatchIndex.tuned:
# ~13 ms to build, the same hits, ~40% fewer instructions in the walk).
TUNE_MIN, TUNE_SAMPLE = 5000, 1000


def _match_items(ix: MatchIndex, items: list[str], top: int, workers: int, chunk: int,
                 progress: Callable[[int], None] | None) -> Iterator[MatchResult]:
    if len(items) >= TUNE_MIN:
        ix = ix.tuned(items[::len(items) // TUNE_SAMPLE][:TUNE_SAMPLE])
    if len(items) < 2 * chunk:
        workers = 1
    starts = range(0, len(items), chunk)
    answers = map_chunks(ix, _compact_chunk, ((items[s:s + chunk],) for s in starts), workers=workers, top=top)
    try:
        for start, compacts in zip(starts, answers):
            part = items[start:start + chunk]
            for text, compact in zip(part, compacts):
                yield _expand(ix, text, compact)
            if progress is not None:
                progress(len(part))
    finally:
        answers.close()  # ends the workers now, also when the caller stops early


def _compact_chunk(ix: MatchIndex, texts: list[str], *, top: int) -> list[_Compact]:
    return _compact_many(ix, texts, top)


def default_workers() -> int:
    """The cores this process may run on: the default number of match processes of a batch.

    >>> default_workers() >= 1
    True
    """
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# The index of a worker process of map_chunks, set once by its initializer.
_WORKER_INDEX: list[MatchIndex] = []


def _init_worker(ix: MatchIndex) -> None:
    import gc
    import signal

    # Ctrl-C is the parent's to handle (it ends the pool); a worker just stops when told
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # answers are acyclic (see match_many)
    _WORKER_INDEX[:] = [ix]


def _in_worker(fn: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> Any:
    return fn(_WORKER_INDEX[0], *args, **kwargs)


def map_chunks(ix: MatchIndex, fn: Callable[..., Any], chunks: Iterable[tuple], *, workers: int = 1,
               ahead: int = 2, **kwargs: Any) -> Iterator[Any]:
    """``fn(ix, *args, **kwargs)`` for each ``args`` of ``chunks``, yielded in input order.

    ``workers`` > 1 runs them in a :class:`multiprocessing.pool.Pool` of that many processes whose
    initializer holds the index (inherited by a fork where the system has it, else pickled to each
    worker once); ``fn`` must be a module-level function. Chunks are read from ``chunks`` only as
    results are taken (at most ``ahead`` × ``workers`` in flight), so a long input streams in bounded
    memory. A failing chunk raises its error here; the workers end with the iterator (exhausted,
    closed, or interrupted by Ctrl-C), none is left behind.

    >>> from chainkg.graph.build import build_graph
    >>> from chainkg.queries.matching import get_index
    >>> ix = get_index(build_graph())
    >>> [len(c) for c in map_chunks(ix, _compact_chunk, [(["激光雷达"],), (["电芯", "面包"],)], top=1)]
    [1, 2]
    """
    if workers <= 1:
        for args in chunks:
            yield fn(ix, *args, **kwargs)
        return
    import multiprocessing as mp
    from collections import deque

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else None)
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(ix,))
    # Ctrl-C raised inside the pool's own locking (apply_async, a result's get) can leave a lock released
    # twice and the pool's result thread dead, and join() then waits forever ("release unlocked lock", seen
    # once under load): while the pool runs, Ctrl-C only sets a flag, and KeyboardInterrupt is raised here,
    # between calls into the pool
    interrupted = _defer_ctrl_c()
    try:
        pending: deque = deque()

        def take() -> Any:
            head = pending.popleft()
            while not head.ready():
                if interrupted:
                    raise KeyboardInterrupt
                head.wait(0.05)
            return head.get()

        for args in chunks:
            if interrupted:
                raise KeyboardInterrupt
            pending.append(pool.apply_async(_in_worker, (fn, args, kwargs)))
            if len(pending) >= ahead * workers:
                yield take()
        while pending:
            yield take()
        if interrupted:
            raise KeyboardInterrupt
    finally:
        _restore_ctrl_c(interrupted)
        # close, not terminate: terminate() can stop the workers while the pool's task thread is still
        # sending them a chunk larger than a pipe holds, and then waits for that thread forever
        # (python/cpython#96995; seen once in CI on Ctrl-C). Closed, the workers finish the chunks in
        # flight (at most ahead × workers) and end.
        pool.close()
        pool.join()


class _CtrlC(list):
    """Set (non-empty) once Ctrl-C came; remembers the handler it replaced."""

    previous: Any = None


def _defer_ctrl_c() -> _CtrlC:
    """Replace Python's Ctrl-C handler (KeyboardInterrupt) by one that only records it, in the main thread;
    elsewhere, or where SIGINT is ignored or handled otherwise, nothing changes and the flag stays unset."""
    import signal
    import threading

    flag = _CtrlC()
    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        flag.previous = signal.signal(signal.SIGINT, lambda signum, frame: flag.append(signum))
    return flag


def _restore_ctrl_c(flag: _CtrlC) -> None:
    import signal

    if flag.previous is not None:
        signal.signal(signal.SIGINT, flag.previous)


def explain_routes(G: nx.MultiDiGraph, category: str) -> list[dict[str, Any]]:
    """How a category reaches districts: one dict per district with ``district``, ``direction``,
    ``weight``, ``mode`` (direct | feeds | fed-by) and ``path`` (category names).

    >>> from chainkg.graph.build import build_graph
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
