"""Loaders: parse and normalise sources (notices, CSV/XLSX tables) into records.

>>> ds = load_sources()
>>> len(ds.rows), sum(len(r.parks) for r in ds.rows)
(13, 18)
"""

from __future__ import annotations

from pathlib import Path

from chainkg.errors import InputError
from chainkg.loaders.model import Dataset, LoadedSource, LoadEvent
from chainkg.loaders.readfile import decode_text, read_bytes, sha256
from chainkg.loaders.vocab import SHIPPED_NOTICE

__all__ = ["load_sources", "read_source", "Dataset", "LoadedSource", "SHIPPED_NOTICE"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
TABLE_SUFFIXES = {".csv", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


def read_source(path: Path | str, *, region: str = "") -> LoadedSource:
    """Load one source file, chosen by suffix: notice text, CSV/TSV or XLSX table.

    >>> read_source(SHIPPED_NOTICE).document.issuer
    '重庆市经济和信息化委员会'
    """
    from chainkg.loaders.notice import parse_notice
    from chainkg.loaders.table import csv_records, parse_records, xlsx_records

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in TEXT_SUFFIXES | TABLE_SUFFIXES | XLSX_SUFFIXES:
        raise InputError(str(p), f"unknown file type {suffix!r}; expected .txt (notice), .csv or .xlsx")
    data = read_bytes(p)
    digest = sha256(data)
    if suffix in XLSX_SUFFIXES:
        return parse_records(xlsx_records(data, str(p)), path=str(p), sha256=digest, region=region)
    text, encoding = decode_text(data, str(p))
    if suffix in TABLE_SUFFIXES:
        src = parse_records(csv_records(text, str(p)), path=str(p), sha256=digest, region=region)
    else:
        src = parse_notice(text, path=str(p), sha256=digest)
    if encoding != "utf-8":
        src.events.insert(0, LoadEvent(src.document.id, None, "encoding", f"decoded as {encoding.upper()} (GBK family)"))
    return src


def load_sources(paths: list[Path] | list[str] | None = None, *, region: str = "") -> Dataset:
    """Load several sources together (default: the shipped notice); every fact keeps its source.

    Two sources with the same document id (e.g. the same file twice) are refused.
    """
    sources = [read_source(p, region=region) for p in (paths or [SHIPPED_NOTICE])]
    seen: dict[str, str] = {}
    for src in sources:
        doc = src.document
        if doc.id in seen:
            raise InputError(doc.path, f"document {doc.id!r} is already loaded from {seen[doc.id]}")
        seen[doc.id] = doc.path
    return Dataset(sources)
