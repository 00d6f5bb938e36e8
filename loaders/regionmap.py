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
from chainkg.loaders.vocab import DATA_DIR, Place, gazetteer

REGIONS_DIR = DATA_DIR / "regions"

SCHEMATIC_ZH = "示意图，非精确边界：圆点位于区县驻地坐标"
SCHEMATIC_EN = "Schematic, not boundaries: dots at the district seats"


@dataclass(frozen=True)
class RegionMap:
    """A region's places and the notes a map of it must carry."""

    region: str
    places: tuple[Place, ...]  # the gazetteer's places of the region
    divisions: str = ""
    divisions_zh: str = ""
    divisions_en: str = ""
    boundaries: str = ""
    schematic_zh: str = SCHEMATIC_ZH
    schematic_en: str = SCHEMATIC_EN


@lru_cache(maxsize=None)
def region_map(region: str) -> RegionMap | None:
    """The map data of ``region`` (e.g. ``重庆市``), or ``None`` when no gazetteer file lists it."""
    places = tuple(p for p in gazetteer() if p.region == region)
    if not places:
        return None
    for path in sorted(REGIONS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            if not any(r.get("region") == region for r in csv.DictReader(fh)):
                continue
        note = path.with_suffix(".toml")  # the map note beside the gazetteer file that lists the region
        meta: dict = {}
        if note.is_file():
            try:
                meta = tomllib.loads(note.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as err:
                raise SchemaError(f"{note}: {err}") from err
        keys = ("divisions", "divisions_zh", "divisions_en", "boundaries", "schematic_zh", "schematic_en")
        return RegionMap(region=region, places=places, **{k: str(meta[k]) for k in keys if k in meta})
    return RegionMap(region=region, places=places)
