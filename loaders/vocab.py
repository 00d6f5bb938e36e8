"""The hand-kept tables in ``data/`` the loaders need: loader vocabulary, canonical directions,
region gazetteers, English park names. Each is read once and cached.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import chainkg.data
from chainkg.errors import SchemaError
from chainkg.loaders.textnorm import compact

DATA_DIR = Path(chainkg.data.__file__).resolve().parent
"""The ``data/`` folder (inputs and reference tables)."""

SHIPPED_NOTICE = DATA_DIR / "notices" / "cq-icv-parks-2022-26.txt"
"""The notice 渝经信园区〔2022〕26号 exactly as published: the default input."""


@lru_cache(maxsize=1)
def loader_vocab() -> dict:
    """``data/loader_vocab.toml`` (column headers, type words, park suffixes, …)."""
    path = DATA_DIR / "loader_vocab.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = [c for c in required if rows and c not in rows[0]]
    if missing:
        raise SchemaError(f"{path}: missing column(s) {', '.join(missing)}")
    return rows


@dataclass(frozen=True)
class CanonicalDirection:
    """A known creation direction (``data/directions.csv``)."""

    name: str
    name_en: str
    detail: str
    umbrella: bool
    aliases: tuple[str, ...]
    source: str


@lru_cache(maxsize=1)
def known_directions() -> dict[str, CanonicalDirection]:
    """Canonical directions by name, from ``data/directions.csv``.

    >>> known_directions()["转向制动系统"].name_en
    'Steering and braking systems'
    """
    rows = _read_csv(DATA_DIR / "directions.csv", ("name", "name_en", "aliases", "umbrella"))
    out: dict[str, CanonicalDirection] = {}
    for row in rows:
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        out[row["name"]] = CanonicalDirection(
            row["name"], row["name_en"], row.get("detail", ""), row["umbrella"] == "1", aliases,
            row.get("source", ""),
        )
    return out


@dataclass(frozen=True)
class Place:
    """A district, county or development zone of a region gazetteer (``data/regions/*.csv``)."""

    region: str
    name: str
    name_en: str
    kind: str
    aliases: tuple[str, ...]
    lat: float | None
    lon: float | None
    source: str
    adcode: str = ""  # the national code of a county-level unit
    overlaps: tuple[str, ...] = ()  # for a zone: the county-level units it lies across


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Place, ...]:
    """Every place of every region file in ``data/regions/``."""
    places: list[Place] = []
    for path in sorted((DATA_DIR / "regions").glob("*.csv")):
        for row in _read_csv(path, ("region", "name", "name_en", "aliases", "lat", "lon")):
            places.append(
                Place(
                    row["region"], row["name"], row["name_en"], row.get("kind", ""),
                    tuple(a for a in row["aliases"].split("|") if a),
                    float(row["lat"]) if row["lat"] else None,
                    float(row["lon"]) if row["lon"] else None,
                    row.get("source", ""), row.get("adcode") or "",
                    tuple(a for a in (row.get("overlaps") or "").split("|") if a),
                )
            )
    return tuple(places)


def find_place(name: str, region: str = "") -> Place | None:
    """The gazetteer entry whose name or alias equals ``name`` (within ``region`` if given).

    >>> find_place("九龙坡区").name_en
    'Jiulongpo District'
    """
    key = compact(name)
    for place in gazetteer():
        if region and place.region != region:
            continue
        if key == compact(place.name) or key in (compact(a) for a in place.aliases):
            return place
    return None


def regions() -> list[str]:
    """Region names known to the gazetteer (e.g. 重庆市)."""
    return sorted({p.region for p in gazetteer()})


@lru_cache(maxsize=1)
def park_names_en() -> dict[str, str]:
    """English names of parks (``data/parks_en.csv``), keyed by Chinese name."""
    rows = _read_csv(DATA_DIR / "parks_en.csv", ("name", "name_en"))
    return {r["name"]: r["name_en"] for r in rows}
