"""Normalising the cells of a creation list: park enumerations, directions, district names, types.

Every merge or guess is recorded as a :class:`~chainkg.loaders.model.LoadEvent`, never made silently.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from chainkg.errors import InputError
from chainkg.loaders.model import DirectionRef, LoadEvent, ParkRef
from chainkg.loaders.textnorm import compact, split_detail, split_outside_parens
from chainkg.loaders.vocab import find_place, known_directions, loader_vocab

FUZZY_DIRECTION_MIN = 90.0
"""Score (0–100) at which an unknown direction is merged into a known one (and reported)."""


def clean(text: str) -> str:
    """Display form of a cell value: its lines joined (a cell may wrap over several lines), outer
    whitespace trimmed; otherwise kept literally (names are data). Comparisons use
    :func:`chainkg.loaders.textnorm.compact` instead.

    >>> clean("西部科学城\\n\\n重庆高新区")
    '西部科学城重庆高新区'
    """
    return "".join(line.strip() for line in text.splitlines()).strip()


# ---------------------------------------------------------------- parks


def _suffix(name: str, suffixes: list[str]) -> str:
    for suf in sorted(suffixes, key=len, reverse=True):
        if name.endswith(suf) and len(name) > len(suf):
            return suf
    return ""


def _split_zone(item: str, zone_suffixes: list[str]) -> tuple[str, str]:
    """``永川高新区凤凰湖产业园`` → (``永川高新区``, ``凤凰湖产业园``); no zone → ("", item)."""
    best = None
    for suf in zone_suffixes:
        idx = item.find(suf)
        end = idx + len(suf)
        if idx > 0 and end < len(item) and (best is None or end < best):
            best = end
    if best is None:
        return "", item
    return item[:best], item[best:]


def expand_parks(cell: str, *, source: str = "", line: int | None = None,
                 events: list[LoadEvent] | None = None) -> list[ParkRef]:
    """Expand the 承载园区 cell into parks.

    Groups are separated by ，/；, items inside a group by 、. An item lacking a park suffix borrows
    the group's last suffix; a zone prefix of the first item is shared by the group.

    >>> [p.name for p in expand_parks("含谷、科学谷片区，金凤软件园")]
    ['含谷片区', '科学谷片区', '金凤软件园']
    >>> [(p.zone, p.name) for p in expand_parks("永川高新区凤凰湖产业园、大数据产业园")]
    [('永川高新区', '凤凰湖产业园'), ('永川高新区', '大数据产业园')]
    """
    vocab = loader_vocab()["parks"]
    raw = cell.strip()
    parks: list[ParkRef] = []
    for group in split_outside_parens(clean(raw), vocab["group_separators"]):
        items = split_outside_parens(group, vocab["item_separators"])
        if not items:  # a group of separators only ("、")
            continue
        last_suffix = _suffix(items[-1], vocab["suffixes"])
        zone, _ = _split_zone(items[0], vocab["zone_suffixes"])
        for item in items:
            name = item
            if last_suffix and not _suffix(item, vocab["suffixes"]):
                name = item + last_suffix
                if events is not None:
                    events.append(LoadEvent(source, line, "park-expanded",
                                            f"{item!r} + shared suffix {last_suffix!r} → {name!r}"))
            own_zone, rest = _split_zone(name, vocab["zone_suffixes"])
            if own_zone:
                parks.append(ParkRef(raw=raw, name=rest, zone=own_zone))
            else:
                if zone and events is not None:
                    events.append(LoadEvent(source, line, "park-expanded",
                                            f"{name!r} keeps the zone {zone!r} of {items[0]!r}"))
                parks.append(ParkRef(raw=raw, name=name, zone=zone))
    return parks


# ---------------------------------------------------------------- directions


def split_directions(cell: str) -> list[str]:
    """Split a 创建方向 cell on 、 (and ，；) but not inside parentheses.

    >>> split_directions("环境感知系统（雷达、摄像头等）、智能座舱")
    ['环境感知系统（雷达、摄像头等）', '智能座舱']
    """
    return split_outside_parens(clean(cell), loader_vocab()["directions"]["separators"])


def _fuzzy_score(a: str, b: str) -> float:
    """Similarity of two direction names that also forgives reordered words
    (制动转向系统 ~ 转向制动系统): the better of plain ratio and the ratio of sorted characters."""
    if abs(len(a) - len(b)) > 1:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.ratio("".join(sorted(a)), "".join(sorted(b))))


def canonical_direction(raw: str, *, source: str = "", line: int | None = None,
                        events: list[LoadEvent] | None = None) -> DirectionRef:
    """Canonicalise one direction through ``data/directions.csv`` (names and aliases), then
    rapidfuzz; unknown names are kept as new directions. Every non-exact decision is an event.

    >>> d = canonical_direction("环境感知系统（雷达、摄像头等）")
    >>> (d.name, d.detail, d.how)
    ('环境感知系统', '雷达、摄像头等', 'exact')
    >>> canonical_direction("制动转向系统").name
    '转向制动系统'
    """
    text = clean(raw)
    name, detail = split_detail(text)
    key = compact(name)
    known = known_directions()

    def note(kind: str, message: str) -> None:
        if events is not None:
            events.append(LoadEvent(source, line, kind, message))

    for canon in known.values():
        if key == compact(canon.name):
            return DirectionRef(raw=raw.strip(), name=canon.name, detail=detail or canon.detail)
    for canon in known.values():
        if key in (compact(a) for a in canon.aliases):
            note("direction-alias", f"{name!r} → {canon.name!r} (alias in data/directions.csv)")
            return DirectionRef(raw.strip(), canon.name, detail or canon.detail, "alias")
    best, best_score = None, 0.0
    for canon in known.values():
        for cand in (canon.name, *canon.aliases):
            score = _fuzzy_score(key, compact(cand))
            if score > best_score:
                best, best_score = canon, score
    if best is not None and best_score >= FUZZY_DIRECTION_MIN:
        note("direction-fuzzy", f"{name!r} → {best.name!r} (rapidfuzz score {best_score:.0f})")
        return DirectionRef(raw.strip(), best.name, detail or best.detail, "fuzzy", round(best_score, 1))
    from chainkg.loaders.taxonomy import load_taxonomy

    if load_taxonomy().direction(name) is not None:  # the taxonomy's own table maps it
        note("direction-new", f"{name!r} is not a canonical direction; kept as a new one "
                              "(data/taxonomy/directions.toml maps it)")
        return DirectionRef(raw.strip(), name, detail, "new", 0.0)
    from chainkg.loaders.directionmap import map_direction_name

    m = map_direction_name(name)
    if m.mapped:
        note("direction-mapped", f"new direction {m.describe()}")
    else:
        note("direction-new", f"new direction {m.describe()}; kept, but counts for no category")
    return DirectionRef(raw.strip(), name, detail, "new", 0.0, m.categories, m.score)


# ---------------------------------------------------------------- districts and types


def canonical_district(raw: str, *, addressees: tuple[str, ...] = (), region: str = "",
                       source: str = "", line: int | None = None,
                       events: list[LoadEvent] | None = None) -> str:
    """Canonical district name: against the notice's addressee line first, then the region's
    gazetteer (``data/regions/``); otherwise the cleaned text.

    >>> canonical_district("九龙坡", addressees=("渝北区", "九龙坡区"))
    '九龙坡区'
    >>> canonical_district("璧山")
    '璧山区'
    """
    name = clean(raw)
    key = compact(name)
    canon = ""
    if addressees:
        exact = [a for a in addressees if compact(a) == key]
        prefixed = [a for a in addressees if compact(a).startswith(key) or key.startswith(compact(a))]
        if exact:
            canon = exact[0]
        elif len(prefixed) == 1:
            canon, how = prefixed[0], "the addressee line"
    if not canon:
        place = find_place(name, region)
        if place is not None:
            canon, how = place.name, "the gazetteer data/regions/"
    if not canon:
        return name
    if canon != name and events is not None:
        events.append(LoadEvent(source, line, "district-canonical", f"{name!r} → {canon!r} (from {how})"))
    return canon


def canonical_type(raw: str, *, path: str, line: int | None = None, row: int | None = None) -> str:
    """``综合型`` or ``专业型`` from any accepted spelling; anything else is refused.

    >>> canonical_type("Specialised", path="t.csv")
    '专业型'
    """
    key = compact(raw)
    for canon, spellings in loader_vocab()["types"].items():
        if key in (compact(s) for s in spellings):
            return canon
    kinds = ", ".join(loader_vocab()["types"])
    raise InputError(path, f"creation type {raw.strip()!r} is not one of {kinds}", line=line, row=row,
                     column=None if line is not None else "创建类型")
