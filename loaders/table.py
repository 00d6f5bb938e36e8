"""Creation lists kept as tables: CSV (comma or tab) and XLSX, with Chinese or English headers.

Columns (any accepted header, see ``data/loader_vocab.toml``): 序号/no (optional),
区县（开发区）/district, 承载园区/parks, 创建类型/type, 创建方向/directions, 地区/region (optional).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from chainkg.errors import InputError
from chainkg.loaders.canon import canonical_direction, canonical_district, canonical_type, expand_parks, split_directions
from chainkg.loaders.model import Document, DistrictRow, LoadedSource, LoadEvent
from chainkg.loaders.rows import merge_duplicate_rows
from chainkg.loaders.textnorm import compact
from chainkg.loaders.vocab import find_place, loader_vocab, regions


def _column_map(header: list[str], path: str) -> dict[str, int]:
    """Map canonical column keys to positions; refuse a table missing a required column."""
    vocab = loader_vocab()["columns"]
    found: dict[str, int] = {}
    for pos, title in enumerate(header):
        key = compact(str(title or ""))
        for canon, spellings in vocab.items():
            if canon != "required" and key in (compact(s) for s in spellings) and canon not in found:
                found[canon] = pos
    missing = [c for c in vocab["required"] if c not in found]
    if missing:
        names = ", ".join(f"{vocab[c][0]} ({vocab[c][-1] if c != 'type' else 'type'})" for c in missing)
        shown = ", ".join(str(h) for h in header if str(h or "").strip())[:120] or "nothing"
        raise InputError(path, f"missing column {names}; the header row has: {shown}", row=1)
    return found


def _infer_region(districts: list[str]) -> str:
    """The one gazetteer region all districts belong to, if there is one."""
    for region in regions():
        if districts and all(find_place(d, region) for d in districts):
            return region
    return ""


def parse_records(records: list[list[str]], *, path: str, sha256: str = "", region: str = "") -> LoadedSource:
    """Parse a table given as rows of strings (the first is the header).

    >>> src = parse_records([["district", "parks", "type", "directions"],
    ...                      ["璧山", "璧山高新区", "specialised", "动力电池系统、电驱系统（电机、电控）"]], path="t.csv")
    >>> src.rows[0].district, [d.name for d in src.rows[0].directions]
    ('璧山区', ['动力电池系统', '电驱系统'])
    """
    records = [r for r in records if any(str(c or "").strip() for c in r)]
    if not records:
        raise InputError(path, "no rows")
    cols = _column_map([str(c or "") for c in records[0]], path)
    if len(records) < 2:
        raise InputError(path, "header row only; no districts")

    def cell(rec: list[str], key: str) -> str:
        pos = cols.get(key)
        return str(rec[pos] if pos is not None and pos < len(rec) and rec[pos] is not None else "").strip()

    name = Path(path).name
    doc_region = region or _infer_region([cell(r, "district") for r in records[1:]])
    document = Document(id=name, kind="table", name=name, path=path, sha256=sha256, region=doc_region)
    events: list[LoadEvent] = []
    rows: list[DistrictRow] = []
    for n, rec in enumerate(records[1:], 2):  # row numbers as a spreadsheet shows them
        district_raw = cell(rec, "district")
        if not district_raw:
            raise InputError(path, "empty district", row=n, column=records[0][cols["district"]])
        raws = split_directions(cell(rec, "directions"))
        if not raws:
            raise InputError(path, "no directions", row=n, column=records[0][cols["directions"]])
        row_region = cell(rec, "region") or doc_region
        seq_text = cell(rec, "seq")
        rows.append(DistrictRow(
            source=document.id, seq=int(float(seq_text)) if seq_text.replace(".", "", 1).isdigit() else n - 1,
            line=n, raw_district=district_raw,
            district=canonical_district(district_raw, region=row_region, source=document.id, line=n, events=events),
            region=row_region,
            parks=tuple(expand_parks(cell(rec, "parks"), source=document.id, line=n, events=events)),
            type_raw=cell(rec, "type"), type=canonical_type(cell(rec, "type"), path=path, row=n),
            directions=tuple(canonical_direction(r, source=document.id, line=n, events=events) for r in raws),
        ))
    return LoadedSource(document, merge_duplicate_rows(rows, events), events)


def csv_records(text: str, path: str) -> list[list[str]]:
    """Rows of a CSV text (comma, tab or semicolon separated, sniffed from the header line)."""
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as err:
        raise InputError(path, f"malformed CSV: {err}") from err


def xlsx_records(data: bytes, path: str) -> list[list[str]]:
    """Rows of the first sheet of an XLSX workbook (values, not formulas)."""
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(path, "not an XLSX workbook (no ZIP container); is it a renamed text or CSV file?")
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise InputError(path, f"not a readable XLSX workbook ({type(err).__name__})") from err
    try:
        sheet = wb.worksheets[0]
        return [["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                 for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()


def rows_to_records(rows: list[DistrictRow], *, lang: str = "zh") -> list[list[str]]:
    """A creation list as table rows (header first), in the form :func:`parse_records` reads back.

    >>> from chainkg.loaders import load_sources
    >>> rows_to_records(load_sources().rows, lang="en")[0]
    ['no', 'district', 'parks', 'type', 'directions', 'region']
    """
    keys = ["seq", "district", "parks", "type", "directions", "region"]
    # first spelling of each column is the Chinese header; the English one is the key itself
    header = [loader_vocab()["columns"][k][0] for k in keys] if lang == "zh" else ["no", *keys[1:]]
    out = [header]
    for r in rows:
        dirs = "、".join(f"{d.name}（{d.detail}）" if d.detail else d.name for d in r.directions)
        out.append([str(r.seq), r.district, "，".join(p.full_name for p in r.parks), r.type, dirs, r.region])
    return out


def write_table(rows: list[DistrictRow], path: Path | str, *, lang: str = "zh") -> Path:
    """Write a creation list as .csv (UTF-8 with BOM, so Excel shows Chinese) or .xlsx, atomically."""
    from chainkg.fsutil import atomic_path

    path = Path(path)
    records = rows_to_records(rows, lang=lang)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(str(path), "expected a .csv or .xlsx output file")
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(records)
            tmp.write_text(buf.getvalue(), encoding="utf-8-sig")
        else:
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "创建名单" if lang == "zh" else "creation list"
            for rec in records:
                ws.append(rec)
            wb.save(tmp)
    return path
