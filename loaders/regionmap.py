"""What a region's district map is drawn from: its places (``data/regions/<region>.csv``) and its map
note (``data/regions/<region>.toml``: the division set, whether boundaries exist, the lines to print).

No boundary file ships (see ``data/regions/chongqing.toml`` for why), so a map is a schematic of the
seats. A region with a gazetteer but no map note still gets its places, with generic notes; a region
with neither gets ``None`` and the caller draws what coordinates it has.

>>> m = region_map("重庆市")
>>> len([p for p in m.places if p.kind in ("district", "county")]), m.divisions, m.boundaries
(38, '2022', '')
>>> next(p for p in m.places if p.name == "万盛经开区").overlaps
('綦江区',)
>>> region_map("火星") is None
True
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from chainkg.errors import SchemaError
from chainkg.loaders.vocab import DATA_DIR

REGIONS_DIR = DATA_DIR / "regions"

SCHEMATIC_ZH = "示意图，非精确边界：圆点位于区县驻地坐标"
SCHEMATIC_EN = "Schematic, not boundaries: dots at the district seats"


@dataclass(frozen=True)
class MapPlace:
    """One place of a region map: a county-level unit (``district``/``county``) or a ``zone``.

    ``overlaps`` names the county-level units a zone lies across (empty for a unit).
    """

    name: str
    name_en: str
    kind: str
    aliases: tuple[str, ...]
    lat: float | None
    lon: float | None
    adcode: str = ""
    overlaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionMap:
    """A region's places and the notes a map of it must carry."""

    region: str
    places: tuple[MapPlace, ...]
    divisions: str = ""
    divisions_zh: str = ""
    divisions_en: str = ""
    boundaries: str = ""
    schematic_zh: str = SCHEMATIC_ZH
    schematic_en: str = SCHEMATIC_EN


def _float(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


@lru_cache(maxsize=None)
def region_map(region: str) -> RegionMap | None:
    """The map data of ``region`` (e.g. ``重庆市``), or ``None`` when no gazetteer file lists it."""
    for path in sorted(REGIONS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("region") == region]
        if not rows:
            continue
        places = tuple(
            MapPlace(
                name=r["name"], name_en=r.get("name_en", ""), kind=r.get("kind", ""),
                aliases=tuple(a for a in (r.get("aliases") or "").split("|") if a),
                lat=_float(r.get("lat", "")), lon=_float(r.get("lon", "")), adcode=r.get("adcode") or "",
                overlaps=tuple(a for a in (r.get("overlaps") or "").split("|") if a),
            )
            for r in rows
        )
        note = path.with_suffix(".toml")
        meta: dict = {}
        if note.is_file():
            try:
                meta = tomllib.loads(note.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as err:
                raise SchemaError(f"{note}: {err}") from err
        keys = ("divisions", "divisions_zh", "divisions_en", "boundaries", "schematic_zh", "schematic_en")
        return RegionMap(region=region, places=places, **{k: str(meta[k]) for k in keys if k in meta})
    return None
