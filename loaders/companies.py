"""Company lists for batch matching and 精准招商: a CSV or XLSX table, one company per row.

>>> rows = parse_company_records([["id", "经营范围"], ["c1", "动力电池"], ["c2", ""]], path="x.csv", column="经营范围", id_column="id")
>>> [(r.id, r.text, r.row) for r in rows]
[('c1', '动力电池', 2), ('c2', '', 3)]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chainkg.errors import InputError
from chainkg.loaders.textnorm import compact

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")

MAX_TABLE_BYTES = 500 * 1024 * 1024
"""Largest company table accepted: batch tables are far bigger than notices (100,000 rows of
business scope are ~60 MB of CSV), so they get their own limit rather than the 20 MB source limit."""


@dataclass(frozen=True)
class CompanyRow:
    """One company: its id (the id column, else the row number), the profile text, its table row."""

    id: str
    text: str
    row: int


def _find_column(header: list[str], name: str, path: str, option: str) -> int:
    key = compact(name)
    for pos, title in enumerate(header):
        if compact(title) == key:
            return pos
    shown = ", ".join(h for h in header if h.strip())[:160] or "nothing"
    raise InputError(path, f"no column {name!r} ({option}); the header row has: {shown}", row=1)


def parse_company_records(
    records: list[list[str]], *, path: str, column: str | None, id_column: str | None = None
) -> list[CompanyRow]:
    """Company rows from table records (first = header). ``column`` None joins every cell of a row
    but the id;
    rows whose text is empty are kept (the matcher reports them), fully blank rows are skipped."""
    records = [[str(c or "").strip() for c in r] for r in records]
    while records and not any(records[0]):
        records.pop(0)
    if not records:
        raise InputError(path, "empty table; expected a header row and one company per row")
    header = records[0]
    text_col = _find_column(header, column, path, "--column") if column else None
    id_col = _find_column(header, id_column, path, "--id-column") if id_column else None
    out: list[CompanyRow] = []
    for i, rec in enumerate(records[1:], 2):
        if not any(rec):
            continue
        rec = rec + [""] * (len(header) - len(rec))
        text = rec[text_col] if text_col is not None else " ".join(c for j, c in enumerate(rec) if c and j != id_col)
        cid = rec[id_col] if id_col is not None else str(i - 1)
        out.append(CompanyRow(cid, text, i))
    if not out:
        raise InputError(path, "header row only; no companies")
    return out


def read_company_table(path: Path | str, *, column: str | None, id_column: str | None = None) -> list[CompanyRow]:
    """Read a company table (.csv/.tsv UTF-8 or GBK, or .xlsx); raises InputError naming the file."""
    from chainkg.loaders.readfile import decode_text, read_bytes
    from chainkg.loaders.table import csv_records, xlsx_records

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(str(p), f"unknown file type {suffix or '(none)'!r}; expected .csv or .xlsx")
    data = read_bytes(p, max_bytes=MAX_TABLE_BYTES)
    if suffix in (".xlsx", ".xlsm"):
        records = xlsx_records(data, str(p))
    else:
        text, _ = decode_text(data, str(p))
        records = csv_records(text, str(p))
    return parse_company_records(records, path=str(p), column=column, id_column=id_column)
