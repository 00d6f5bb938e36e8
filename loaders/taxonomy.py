"""Load and validate the reference chain taxonomy in ``data/taxonomy/``.

Five files, each a plain data file with the public source of every fact:

* ``sources.toml``    — the public documents cited (``S1`` … ``S30``);
* ``groups.toml``     — groups of categories, nested by ``parent`` (PART_OF);
* ``categories.toml`` — the segments of the chain with names, position, aliases and keywords;
* ``supplies.csv``    — ``from,to,source,note``: *from* is an input of *to* (SUPPLIES);
* ``directions.toml`` — which categories each creation direction covers (BELONGS_TO).

Everything is checked on load; the first inconsistency raises :class:`chainkg.errors.SchemaError`
naming the file and the entry (unknown ids, cycles in PART_OF, a direction with no category, …).

>>> tax = load_taxonomy()
>>> tax.categories["battery_cell"].name
'动力电池电芯'
>>> [c for c, _ in tax.direction("转向制动系统").categories]
['steering_system', 'braking_system']
"""

from __future__ import annotations

import csv
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.errors import SchemaError
from chainkg.loaders.vocab import DATA_DIR

TAXONOMY_DIR = DATA_DIR / "taxonomy"
POSITIONS = ("upstream", "midstream", "downstream")
FITS = ("factory", "software", "service")
JUDGEMENT = "J"
SECONDARY_WEIGHT = 0.5
UMBRELLA_WEIGHT = 0.5
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE_ID = re.compile(r"\bS\d+\b|^J\b|\bJ:")


@dataclass(frozen=True)
class Source:
    """A public document the taxonomy cites."""

    id: str
    title: str
    url: str = ""
    date: str = ""
    note: str = ""


@dataclass(frozen=True)
class Group:
    """A group of categories (三电, 智能网联 …); ``parent`` is the group it is PART_OF ("" = root)."""

    id: str
    name: str
    name_en: str
    parent: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    """One segment of the chain."""

    id: str
    name: str
    name_en: str
    position: str  # upstream | midstream | downstream
    group: str
    fit: str  # factory | software | service
    aliases: tuple[str, ...]  # strong terms, Chinese (and abbreviations used in Chinese text)
    aliases_en: tuple[str, ...]  # strong terms, English
    keywords: tuple[str, ...]  # weak terms, both languages
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Supply:
    """``src`` is an input of ``dst``; ``source`` = S-ids and/or ``J``; ``line`` in supplies.csv."""

    src: str
    dst: str
    source: str
    note: str
    line: int


@dataclass(frozen=True)
class DirectionMapping:
    """The categories a creation direction covers, each with its weight."""

    name: str
    name_en: str
    aliases: tuple[str, ...]
    umbrella: bool
    categories: tuple[tuple[str, float], ...]
    source: str
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Taxonomy:
    """The whole reference taxonomy, validated."""

    sources: dict[str, Source]
    groups: dict[str, Group]
    categories: dict[str, Category]
    supplies: list[Supply]
    directions: list[DirectionMapping]
    folder: Path
    _by_name: dict[str, DirectionMapping] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for d in self.directions:
            for n in d.names:
                self._by_name[direction_key(n)] = d

    def direction(self, name: str) -> DirectionMapping | None:
        """The mapping of a direction by canonical name or alias (full/half width, brackets ignored).

        >>> load_taxonomy().direction("智能驾驶(中控)").name
        '智能驾驶'
        """
        return self._by_name.get(direction_key(name))

    def group_chain(self, group: str) -> list[str]:
        """A group followed by its ancestors up to the root."""
        out = [group]
        while self.groups[out[-1]].parent:
            out.append(self.groups[out[-1]].parent)
        return out


def direction_key(name: str) -> str:
    """Comparison key of a direction name: NFKC, no spaces, brackets kept as half-width.

    >>> direction_key("智能驾驶（中控）") == direction_key("智能驾驶(中控)")
    True
    """
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()


def _fail(path: Path, entry: str, message: str) -> SchemaError:
    return SchemaError(f"{path}: {entry}: {message}")


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fp:
            return tomllib.load(fp)
    except FileNotFoundError:
        raise SchemaError(f"{path}: file not found (expected part of the chain taxonomy)") from None
    except tomllib.TOMLDecodeError as err:
        raise SchemaError(f"{path}: not valid TOML: {err}") from None


def _str(path: Path, entry: str, rec: dict, key: str, *, required: bool = True) -> str:
    value = rec.get(key, "")
    if not isinstance(value, str):
        raise _fail(path, entry, f"field {key!r} must be a string, got {type(value).__name__}")
    if required and not value.strip():
        raise _fail(path, entry, f"missing field {key!r}")
    return value.strip()


def _strs(path: Path, entry: str, rec: dict, key: str, *, required: bool = False) -> tuple[str, ...]:
    value = rec.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, entry, f"field {key!r} must be a list of strings")
    items = tuple(v.strip() for v in value)
    if any(not v for v in items):
        raise _fail(path, entry, f"field {key!r} has an empty string")
    if required and not items:
        raise _fail(path, entry, f"field {key!r} must not be empty")
    return items


def _check_sources(path: Path, entry: str, cited: Iterable[str], known: dict[str, Source]) -> None:
    for s in cited:
        for sid in re.findall(r"\bS\d+\b", s):
            if sid not in known:
                raise _fail(path, entry, f"unknown source {sid!r} (expected an id of sources.toml)")
        if not _SOURCE_ID.search(s):
            raise _fail(path, entry, f"source {s!r} names no source id (S1…) and is not marked J (judgement)")


def parse_sources(path: Path) -> dict[str, Source]:
    """Read ``sources.toml``."""
    out: dict[str, Source] = {}
    for sid, rec in _read_toml(path).items():
        if not re.fullmatch(r"S\d+", sid) or not isinstance(rec, dict):
            raise _fail(path, sid, "expected a table [S<number>] with title, url, date, note")
        out[sid] = Source(sid, _str(path, sid, rec, "title"), _str(path, sid, rec, "url", required=False),
                          _str(path, sid, rec, "date", required=False), _str(path, sid, rec, "note", required=False))
    return out


def parse_groups(path: Path, sources: dict[str, Source]) -> dict[str, Group]:
    """Read ``groups.toml`` and check parents exist and PART_OF has no cycle."""
    groups: dict[str, Group] = {}
    for i, rec in enumerate(_read_toml(path).get("group", []), 1):
        entry = f"group #{i}"
        gid = _str(path, entry, rec, "id")
        entry = f"group {gid!r}"
        if not _ID.match(gid):
            raise _fail(path, entry, "id must be lowercase ascii (a-z, 0-9, _)")
        if gid in groups:
            raise _fail(path, entry, "duplicate id")
        srcs = _strs(path, entry, rec, "sources", required=True)
        _check_sources(path, entry, srcs, sources)
        groups[gid] = Group(gid, _str(path, entry, rec, "name"), _str(path, entry, rec, "name_en"),
                            _str(path, entry, rec, "parent", required=False), srcs)
    if not groups:
        raise _fail(path, "group", "no [[group]] entries")
    for g in groups.values():
        if g.parent and g.parent not in groups:
            raise _fail(path, f"group {g.id!r}", f"unknown parent group {g.parent!r}")
    for g in groups.values():  # walk up; a revisit is a cycle
        seen = [g.id]
        cur = g
        while cur.parent:
            if cur.parent in seen:
                cycle = " → ".join([*seen[seen.index(cur.parent):], cur.parent])
                raise _fail(path, f"group {g.id!r}", f"cycle in PART_OF: {cycle}")
            seen.append(cur.parent)
            cur = groups[cur.parent]
    return groups


def parse_categories(path: Path, groups: dict[str, Group], sources: dict[str, Source]) -> dict[str, Category]:
    """Read ``categories.toml``; aliases must be unique across categories (case-insensitive)."""
    cats: dict[str, Category] = {}
    owner: dict[str, str] = {}
    for i, rec in enumerate(_read_toml(path).get("category", []), 1):
        entry = f"category #{i}"
        cid = _str(path, entry, rec, "id")
        entry = f"category {cid!r}"
        if not _ID.match(cid):
            raise _fail(path, entry, "id must be lowercase ascii (a-z, 0-9, _)")
        if cid in cats:
            raise _fail(path, entry, "duplicate id")
        position = _str(path, entry, rec, "position")
        if position not in POSITIONS:
            raise _fail(path, entry, f"position {position!r}: expected one of {', '.join(POSITIONS)}")
        fit = _str(path, entry, rec, "fit")
        if fit not in FITS:
            raise _fail(path, entry, f"fit {fit!r}: expected one of {', '.join(FITS)}")
        group = _str(path, entry, rec, "group")
        if group not in groups:
            raise _fail(path, entry, f"unknown group {group!r} (expected an id of groups.toml)")
        srcs = _strs(path, entry, rec, "sources", required=True)
        _check_sources(path, entry, srcs, sources)
        aliases = _strs(path, entry, rec, "aliases", required=True)
        aliases_en = _strs(path, entry, rec, "aliases_en")
        for a in (*aliases, *aliases_en):
            key = a.lower()
            if key in owner:
                where = "twice" if owner[key] == cid else f"also an alias of {owner[key]!r}"
                raise _fail(path, entry, f"alias {a!r} is {where}; a strong term must name one category")
            owner[key] = cid
        cats[cid] = Category(
            cid, _str(path, entry, rec, "name"), _str(path, entry, rec, "name_en"), position, group, fit,
            aliases, aliases_en, _strs(path, entry, rec, "keywords"), srcs,
            _str(path, entry, rec, "note", required=False),
        )
    if not cats:
        raise _fail(path, "category", "no [[category]] entries")
    return cats


def parse_supplies(path: Path, cats: dict[str, Category], sources: dict[str, Source]) -> list[Supply]:
    """Read ``supplies.csv`` (``from,to,source,note``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SchemaError(f"{path}: file not found (expected part of the chain taxonomy)") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [h.strip() for h in rows[0]][:3] != ["from", "to", "source"]:
        raise SchemaError(f"{path}: line 1: expected the header from,to,source,note")
    out: list[Supply] = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(rows[1:], 2):
        if not row or not "".join(row).strip():
            continue
        row = [c.strip() for c in row] + ["", "", "", ""]
        src, dst, source, note = row[:4]
        entry = f"line {line}"
        for end in (src, dst):
            if end not in cats:
                raise _fail(path, entry, f"unknown category {end!r} (expected an id of categories.toml)")
        if src == dst:
            raise _fail(path, entry, f"{src!r} supplies itself")
        if (src, dst) in seen:
            raise _fail(path, entry, f"duplicate edge {src} → {dst}")
        if not source:
            raise _fail(path, entry, "empty source (give S-ids or J for judgement)")
        _check_sources(path, entry, [source], sources)
        seen.add((src, dst))
        out.append(Supply(src, dst, source, note, line))
    return out


def parse_directions(path: Path, cats: dict[str, Category], sources: dict[str, Source]) -> list[DirectionMapping]:
    """Read ``directions.toml``; every direction needs at least one category."""
    out: list[DirectionMapping] = []
    names: dict[str, str] = {}
    for i, rec in enumerate(_read_toml(path).get("direction", []), 1):
        entry = f"direction #{i}"
        name = _str(path, entry, rec, "name")
        entry = f"direction {name!r}"
        umbrella = rec.get("umbrella", False)
        if not isinstance(umbrella, bool):
            raise _fail(path, entry, "umbrella must be true or false")
        primary = _strs(path, entry, rec, "categories")
        secondary = _strs(path, entry, rec, "secondary")
        if not primary:
            raise _fail(path, entry, "maps to no category (expected categories = [<category id>, …])")
        pairs: list[tuple[str, float]] = []
        for cid, weight in [(c, 1.0) for c in primary] + [(c, SECONDARY_WEIGHT) for c in secondary]:
            if cid not in cats:
                raise _fail(path, entry, f"unknown category {cid!r} (expected an id of categories.toml)")
            if any(c == cid for c, _ in pairs):
                raise _fail(path, entry, f"category {cid!r} listed twice")
            pairs.append((cid, UMBRELLA_WEIGHT * weight if umbrella else weight))
        source = _str(path, entry, rec, "source")
        _check_sources(path, entry, [source], sources)
        mapping = DirectionMapping(name, _str(path, entry, rec, "name_en"), _strs(path, entry, rec, "aliases"),
                                   umbrella, tuple(pairs), source, _str(path, entry, rec, "note", required=False))
        for n in mapping.names:
            key = direction_key(n)
            if key in names:
                raise _fail(path, entry, f"name {n!r} is already used by direction {names[key]!r}")
            names[key] = name
        out.append(mapping)
    if not out:
        raise _fail(path, "direction", "no [[direction]] entries")
    return out


def read_taxonomy(folder: Path | str) -> Taxonomy:
    """Read and validate the taxonomy files of ``folder``; raises SchemaError on the first problem."""
    folder = Path(folder)
    sources = parse_sources(folder / "sources.toml")
    groups = parse_groups(folder / "groups.toml", sources)
    cats = parse_categories(folder / "categories.toml", groups, sources)
    supplies = parse_supplies(folder / "supplies.csv", cats, sources)
    directions = parse_directions(folder / "directions.toml", cats, sources)
    return Taxonomy(sources, groups, cats, supplies, directions, folder)


@functools.cache
def _shipped() -> Taxonomy:
    return read_taxonomy(TAXONOMY_DIR)


def load_taxonomy(folder: Path | str | None = None) -> Taxonomy:
    """The taxonomy of ``folder`` (default: the shipped ``data/taxonomy``, read once per process)."""
    return _shipped() if folder is None else read_taxonomy(folder)
