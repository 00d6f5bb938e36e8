"""What the planners' pictures show, computed from the graph: the chain panorama (产业链全景图) and the
district map. Plain dataclasses out; :mod:`chainkg.graph.pictures` draws them (SVG, PNG), the same way
for the report, ``chainkg viz --view panorama|map`` and the notebooks.

A category's districts are those of :func:`chainkg.queries.gaps.covered_categories` (umbrella directions
never count), so the panorama's empty boxes are exactly the rows of ``chainkg gaps``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chainkg.graph.schema import Label, Rel
from chainkg.loaders.regionmap import SCHEMATIC_EN, SCHEMATIC_ZH, region_map
from chainkg.queries import _matrix as mx
from chainkg.queries.gaps import POSITIONS, covered_categories

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PanoramaBox", "Panorama", "chain_panorama", "MapPlace", "DistrictMap", "district_map"]


@dataclass(frozen=True)
class PanoramaBox:
    """One chain category of the panorama.

    ``category`` is the taxonomy key (``battery_cell``); ``districts`` the display names of the
    districts targeting it (empty for a gap, 补链); ``focus`` is true when the focus district targets it;
    ``feeds`` the keys of the categories it supplies (SUPPLIES).
    """

    category: str
    name: str
    name_en: str
    position: str
    group: str
    districts: tuple[str, ...]
    focus: bool = False
    feeds: tuple[str, ...] = ()

    @property
    def gap(self) -> bool:
        """No district targets this category."""
        return not self.districts


@dataclass(frozen=True)
class Panorama:
    """The chain as a picture: boxes in taxonomy order, the group names, and the focus (if any).

    ``groups``: group key → (Chinese name, English name), in the order the groups first appear.
    ``focus``: display name of the focus district, or ``""``.
    """

    boxes: tuple[PanoramaBox, ...]
    groups: dict[str, tuple[str, str]]
    focus: str = ""

    @property
    def gaps(self) -> list[PanoramaBox]:
        """The boxes no district targets, in taxonomy order."""
        return [b for b in self.boxes if b.gap]


def chain_panorama(G: nx.MultiDiGraph, *, focus: str | None = None, lang: str = "zh") -> Panorama:
    """The panorama of ``G``'s chain taxonomy: every category with the districts targeting it.

    ``focus`` is a District node id (resolve a name with :func:`chainkg.graph.lookup.resolve`); its
    categories get ``focus=True``. ``lang="en"`` writes district names with English beside them.

    >>> from chainkg.graph.build import build_graph
    >>> p = chain_panorama(build_graph(), focus="district:重庆市/璧山区")
    >>> len(p.boxes), len(p.gaps), p.focus
    (44, 21, '璧山区')
    >>> cell = next(b for b in p.boxes if b.category == "battery_cell")
    >>> cell.position, len(cell.districts), cell.focus
    ('midstream', 6, True)
    """
    if focus is not None and (focus not in G or G.nodes[focus].get("label") != Label.DISTRICT.value):
        from chainkg.errors import UnknownName

        raise UnknownName("district", focus)
    covered = covered_categories(G)
    cats = [n for n, a in G.nodes(data=True) if a.get("label") == Label.CATEGORY.value]  # taxonomy order
    rank = {p: k for k, p in enumerate(POSITIONS)}
    cats.sort(key=lambda c: rank.get(G.nodes[c].get("position", ""), len(rank)))  # stable: keeps file order
    feeds: dict[str, list[str]] = {c: [] for c in cats}
    for u, v, _ in mx.edges_of(G, Rel.SUPPLIES):
        if u in feeds:
            feeds[u].append(_key(G, v))
    groups: dict[str, tuple[str, str]] = {}
    boxes = []
    for c in cats:
        a = G.nodes[c]
        group = str(a.get("group") or "")
        if group not in groups:
            g = G.nodes.get(f"group:{group}", {}) if group else {}
            groups[group] = (str(g.get("name") or group), str(g.get("name_en") or g.get("name") or group))
        districts = covered.get(c, [])
        boxes.append(PanoramaBox(
            category=_key(G, c), name=str(a.get("name") or _key(G, c)), name_en=str(a.get("name_en") or ""),
            position=str(a.get("position") or ""), group=group,
            districts=tuple(mx.names(G, districts, lang)), focus=focus is not None and focus in districts,
            feeds=tuple(sorted(feeds[c])),
        ))
    return Panorama(boxes=tuple(boxes), groups=groups, focus=mx.name(G, focus, lang) if focus else "")


def _key(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("key") or node.split(":", 1)[-1])


@dataclass(frozen=True)
class MapPlace:
    """One place on the district map.

    ``district`` is true for the districts of the graph (they carry ``data-district`` in the SVG);
    the region's other county-level units are drawn for context with ``value`` 0. ``kind`` is
    ``district``, ``county`` or ``zone`` (a development zone across parts of the units in ``overlaps``).
    ``value``: the number of directions targeted (or 1/0 for the chosen direction). ``lat``/``lon``
    are ``None`` when unknown.
    """

    name: str
    label: str
    name_en: str
    kind: str
    lat: float | None
    lon: float | None
    district: bool
    value: int = 0
    parks: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    overlaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class DistrictMap:
    """The district map: places, what the shading measures and the notes the picture must carry.

    ``direction`` is the display name of the chosen direction (shading 1/0), or ``""`` (shading = number
    of directions). ``notes_zh``/``notes_en``: the division set and the schematic caveat. ``unplaced``:
    names of graph districts with no coordinates (drawn in a strip below the map).
    """

    places: tuple[MapPlace, ...]
    direction: str = ""
    notes_zh: tuple[str, ...] = ()
    notes_en: tuple[str, ...] = ()
    unplaced: tuple[str, ...] = ()

    @property
    def max_value(self) -> int:
        """The largest value of a graph district (at least 1)."""
        return max([p.value for p in self.places if p.district] + [1])


def _short(name: str, kind: str, aliases: tuple[str, ...]) -> str:
    """A short label for the map (璧山区 → 璧山, 石柱土家族自治县 → 石柱, 忠县 stays, a zone its shortest alias)."""
    if kind == "zone":
        return min(aliases, key=len) if aliases else name
    if "自治" in name:
        return aliases[0] if aliases else name
    if len(name) > 2 and name[-1] in "区县":
        return name[:-1]
    return name


def _coord(value: object) -> float | None:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if x == x else None  # NaN → None


def district_map(G: nx.MultiDiGraph, *, direction: str | None = None, lang: str = "zh") -> DistrictMap:
    """The map of ``G``'s districts inside their region(s), shaded by directions targeted.

    ``direction`` (a Direction node id) shades by that one direction instead (value 1 if targeted).
    The region's gazetteer (``data/regions/``) adds its other county-level units and the notes; a
    district of a region without a gazetteer is placed by its own coordinates, or listed in
    ``unplaced``.

    >>> from chainkg.graph.build import build_graph
    >>> m = district_map(build_graph())
    >>> len(m.places), sum(p.district for p in m.places), m.max_value
    (41, 13, 5)
    >>> bishan = next(p for p in m.places if p.name == "璧山区")
    >>> bishan.label, bishan.value, bishan.parks
    ('璧山', 3, ('璧山高新区',))
    """
    if direction is not None and (direction not in G or G.nodes[direction].get("label") != Label.DIRECTION.value):
        from chainkg.errors import UnknownName

        raise UnknownName("direction", direction)
    parks: dict[str, list[str]] = {}
    for u, v, _ in mx.edges_of(G, Rel.LOCATED_IN):
        parks.setdefault(v, []).append(str(G.nodes[u].get("name") or u))
    targets: dict[str, list[str]] = {}
    for u, v, _ in mx.edges_of(G, Rel.TARGETS):
        targets.setdefault(u, []).append(v)
    districts = mx.nodes_of(G, Label.DISTRICT)
    places: list[MapPlace] = []
    seen: set[tuple[str, str]] = set()
    regions = sorted({str(G.nodes[d].get("region") or "") for d in districts})
    maps = {r: region_map(r) for r in regions if r}
    notes_zh: list[str] = []
    notes_en: list[str] = []
    for r, m in maps.items():
        if m is None:
            continue
        if m.divisions_zh:
            notes_zh.append(m.divisions_zh)
            notes_en.append(m.divisions_en or m.divisions_zh)
        if not m.boundaries:
            notes_zh.append(m.schematic_zh)
            notes_en.append(m.schematic_en)
    if not notes_zh:
        notes_zh.append(SCHEMATIC_ZH)
        notes_en.append(SCHEMATIC_EN)
    unplaced = []
    for d in districts:
        a = G.nodes[d]
        name, region = str(a.get("name") or d), str(a.get("region") or "")
        m = maps.get(region)
        gaz = next((p for p in m.places if p.name == name), None) if m else None
        lat, lon = _coord(a.get("lat")), _coord(a.get("lon"))
        if (lat is None or lon is None) and gaz is not None:
            lat, lon = gaz.lat, gaz.lon
        dirs = sorted(targets.get(d, []))
        value = int(direction in dirs) if direction is not None else len(dirs)
        kind = gaz.kind if gaz else str(a.get("kind") or "district")
        places.append(MapPlace(
            name=name, label=_short(name, kind, gaz.aliases if gaz else ()), name_en=str(a.get("name_en") or ""),
            kind=kind, lat=lat, lon=lon, district=True, value=value, parks=tuple(sorted(parks.get(d, []))),
            directions=tuple(mx.names(G, dirs, lang)), overlaps=gaz.overlaps if gaz else (),
        ))
        seen.add((region, name))
        if lat is None or lon is None:
            unplaced.append(name)
    for r, m in maps.items():
        for p in m.places if m else ():
            if (r, p.name) in seen or p.kind == "zone":
                continue  # zones are drawn only when the notice names them
            places.append(MapPlace(name=p.name, label=_short(p.name, p.kind, p.aliases), name_en=p.name_en,
                                   kind=p.kind, lat=p.lat, lon=p.lon, district=False))
    return DistrictMap(
        places=tuple(places), direction=mx.name(G, direction, lang) if direction else "",
        notes_zh=tuple(notes_zh), notes_en=tuple(notes_en), unplaced=tuple(unplaced),
    )
