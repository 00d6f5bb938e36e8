"""Records the loaders produce: plain frozen dataclasses, raw text kept beside every normalised value."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """A source of facts: a published notice or a user's table.

    ``id`` is stable: the document number for a notice (渝经信园区〔2022〕26号), else the file name.
    """

    id: str
    kind: str  # "notice" | "table"
    name: str  # short display name (the number, or the file name)
    path: str
    sha256: str
    region: str = ""  # 重庆市
    number: str = ""  # 渝经信园区〔2022〕26号
    title: str = ""
    issuer: str = ""
    date: str = ""  # ISO, 2022-12-14
    basis: str = ""  # 渝府发〔2022〕38号
    addressees: tuple[str, ...] = ()
    declared_rows: int | None = None  # "…等13个区县…" when the text says so


@dataclass(frozen=True)
class ParkRef:
    """A host park as normalised from the 承载园区 cell.

    >>> ParkRef(raw="永川高新区凤凰湖产业园、大数据产业园", name="大数据产业园", zone="永川高新区").full_name
    '永川高新区大数据产业园'
    """

    raw: str  # the whole cell, as written
    name: str  # 大数据产业园
    zone: str = ""  # 永川高新区 when the enumeration shares it

    @property
    def full_name(self) -> str:
        return f"{self.zone}{self.name}" if self.zone and not self.name.startswith(self.zone) else self.name


@dataclass(frozen=True)
class DirectionRef:
    """One creation direction of a row: raw as written, canonical name, parenthesised detail."""

    raw: str  # 制动转向系统 / 环境感知系统（雷达、摄像头等）
    name: str  # canonical: 转向制动系统 / 环境感知系统
    detail: str = ""  # 雷达、摄像头等
    how: str = "exact"  # exact | alias | fuzzy | new
    score: float = 100.0
    # for a new name: the categories the lexicon read in it ((key, weight), …) and its score
    categories: tuple[tuple[str, float], ...] = ()
    map_score: float = 0.0


@dataclass(frozen=True)
class DistrictRow:
    """One row of a creation list: a district, its parks, type and directions."""

    source: str  # Document.id
    seq: int  # 序号 (row number as printed, or the table's row number)
    line: int  # line (text) or row (table) where the row starts, for messages
    raw_district: str  # 九龙坡 / 西部科学城\n\n重庆高新区
    district: str  # canonical: 九龙坡区 / 西部科学城重庆高新区
    region: str
    parks: tuple[ParkRef, ...]
    type_raw: str
    type: str  # 综合型 | 专业型 (canonical Chinese)
    directions: tuple[DirectionRef, ...]


@dataclass(frozen=True)
class LoadEvent:
    """Something the loader decided for the user to see: a merge, a guess, a repair.

    kind: district-canonical | direction-alias | direction-fuzzy | direction-new | direction-mapped |
    duplicate-row | encoding | park-expanded
    """

    source: str
    line: int | None
    kind: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.kind}: {self.message}"


@dataclass
class LoadedSource:
    """One parsed source: its document, rows and the load report."""

    document: Document
    rows: list[DistrictRow]
    events: list[LoadEvent] = field(default_factory=list)


@dataclass
class Dataset:
    """Several sources loaded together; every fact keeps its source document."""

    sources: list[LoadedSource]

    @property
    def documents(self) -> list[Document]:
        return [s.document for s in self.sources]

    @property
    def rows(self) -> list[DistrictRow]:
        return [r for s in self.sources for r in s.rows]

    @property
    def events(self) -> list[LoadEvent]:
        return [e for s in self.sources for e in s.events]


def source_as_dict(src: LoadedSource) -> dict:
    """A loaded source as plain data (document, rows, events) — for JSON output and golden files."""
    from dataclasses import asdict

    doc = asdict(src.document)
    doc["addressees"] = list(doc["addressees"])
    doc.pop("path")  # machine-specific
    rows = []
    for r in src.rows:
        rows.append({
            "seq": r.seq, "line": r.line, "district": r.district, "raw_district": r.raw_district,
            "region": r.region, "type": r.type, "type_raw": r.type_raw,
            "parks": [{"name": p.name, "zone": p.zone, "full_name": p.full_name, "raw": p.raw} for p in r.parks],
            "directions": [{"name": d.name, "detail": d.detail, "raw": d.raw, "how": d.how, "score": d.score}
                           for d in r.directions],
        })
    events = [{"line": e.line, "kind": e.kind, "message": e.message} for e in src.events]
    return {"document": doc, "rows": rows, "events": events}
