"""Company lists for batch matching and 精准招商: a CSV or XLSX table, one company per row.

>>> rows = parse_company_records([["id", "经营范围"], ["c1", "动力电池"], ["c2", ""]], path="x.csv", column="经营范围", id_column="id")
>>> [(r.id, r.text, r.row) for r in rows]
[('c1', '动力电池', 2), ('c2', '', 3)]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


STREAM_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
_BLOCK = 1 << 20


@dataclass
class CompanyTable:
    """A company table opened for reading in chunks (:func:`open_company_table`): its header is
    checked and its first chunk read; ``estimate`` is the number of rows expected (exact for XLSX and
    Parquet, the count of line breaks for CSV), for a progress bar."""

    path: str
    estimate: int
    _chunks: Iterator[list[CompanyRow]]

    def chunks(self) -> Iterator[list[CompanyRow]]:
        """The rows, a list at a time, in table order (read once)."""
        return self._chunks


def open_company_table(path: Path | str, *, column: str | None, id_column: str | None = None,
                       chunk: int = 5000) -> CompanyTable:
    """A company table read ``chunk`` rows at a time, so a million-row CSV or Parquet file is matched
    in bounded memory; the rows are exactly those of :func:`read_company_table` (CSV: the same
    encoding detection, line checks, delimiter sniffing and row numbers; XLSX is read whole, as
    openpyxl must; Parquet: row numbers as if row 1 were a header). A bad header, an empty table or
    a file that is not UTF-8/GBK text raises InputError here, before any chunk is handed out.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_text("id,经营范围\\nc1,动力电池\\n\\nc2,激光雷达\\n", encoding="utf-8")
    >>> t = open_company_table(p, column="经营范围", id_column="id", chunk=1)
    >>> [[(r.id, r.row) for r in c] for c in t.chunks()]
    [[('c1', 2)], [('c2', 4)]]
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in STREAM_SUFFIXES:
        estimate, chunks = _csv_chunks(p, column, id_column, chunk)
    elif suffix in PARQUET_SUFFIXES:
        estimate, chunks = _parquet_chunks(p, column, id_column, chunk)
    else:
        rows = read_company_table(p, column=column, id_column=id_column)
        estimate, chunks = len(rows), iter([rows[i:i + chunk] for i in range(0, len(rows), chunk)])
    first = next(chunks, None)
    if first is None:
        raise InputError(str(p), "header row only; no companies")
    return CompanyTable(str(p), estimate, _chained(first, chunks))


def _chained(first: list[CompanyRow], rest: Iterator[list[CompanyRow]]) -> Iterator[list[CompanyRow]]:
    yield first
    yield from rest


def _check_csv(p: Path) -> tuple[str, int]:
    """One pass over the bytes, as :func:`~chainkg.loaders.readfile.decode_text` checks a whole text:
    (encoding, number of line breaks)."""
    import codecs

    from chainkg.loaders.readfile import MAX_LINE, read_bytes

    if not p.exists() or p.is_dir() or p.stat().st_size == 0 or p.stat().st_size > MAX_TABLE_BYTES:
        read_bytes(p, max_bytes=MAX_TABLE_BYTES)  # raises the one-line error of the whole-file reader
    with p.open("rb") as fp:
        head = fp.read(8192)
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    if b"\x00" in head or controls > max(8, len(head) // 100):
        raise InputError(str(p), "binary data; expected UTF-8 text")
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        lines, current, start = 0, 0, ""
        too_long: tuple[int, int] | None = None  # (line, length) of the first over-long line
        try:
            with p.open("rb") as fp:
                while block := fp.read(_BLOCK):
                    text = decoder.decode(block)
                    if len(start) < 4000:
                        start += text[:4000]
                    parts = text.split("\n")
                    for k, part in enumerate(parts):
                        current += len(part)
                        if k < len(parts) - 1:
                            lines += 1
                            if current > MAX_LINE and too_long is None:
                                too_long = (lines, current)
                            current = 0
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if current > MAX_LINE and too_long is None:
            too_long = (lines + 1, current)
        if encoding == "gb18030" and not any("\u4e00" <= ch <= "\u9fff" for ch in start[:4000]):
            raise InputError(str(p), "not UTF-8 text (and not Chinese GBK text either)")
        if too_long is not None:
            raise InputError(str(p), f"line is {too_long[1]:,} characters long; at most {MAX_LINE:,} expected",
                             line=too_long[0])
        return encoding, lines
    raise InputError(str(p), "not UTF-8 or GBK text")  # pragma: no cover - gb18030 decodes nearly anything


def _csv_chunks(p: Path, column: str | None, id_column: str | None, chunk: int) -> tuple[int, Iterator[list[CompanyRow]]]:
    import csv

    encoding, lines = _check_csv(p)
    with p.open(encoding=encoding, newline=None) as fp:  # universal newlines: \r\n and \r read as \n
        first = fp.readline().rstrip("\n")
    delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
    fp = p.open(encoding=encoding, newline=None)
    reader = csv.reader(fp, delimiter=delimiter)
    try:
        header, number = None, 0
        for rec in reader:
            number += 1
            rec = [c.strip() for c in rec]
            if any(rec):
                header = rec
                break
    except csv.Error as err:
        fp.close()
        raise InputError(str(p), f"malformed CSV: {err}") from err
    if header is None:
        fp.close()
        raise InputError(str(p), "empty table; expected a header row and one company per row")
    try:
        text_col = _find_column(header, column, str(p), "--column") if column else None
        id_col = _find_column(header, id_column, str(p), "--id-column") if id_column else None
    except InputError:
        fp.close()
        raise

    def chunks() -> Iterator[list[CompanyRow]]:
        with fp:
            try:
                yield from _chunked(([c.strip() for c in rec] for rec in reader), header, text_col, id_col, chunk)
            except csv.Error as err:
                raise InputError(str(p), f"malformed CSV: {err}") from err

    return max(0, lines - number), chunks()


def _chunked(recs: Iterable[list[str]], header: list[str], text_col: int | None, id_col: int | None,
             chunk: int) -> Iterator[list[CompanyRow]]:
    """Company rows in lists of ``chunk``, numbered as the table's rows (the header is row 1);
    blank records are skipped but keep their number."""
    out: list[CompanyRow] = []
    for i, rec in enumerate(recs, 2):
        if not any(rec):
            continue
        out.append(_row(rec, header, text_col, id_col, i))
        if len(out) >= chunk:
            yield out
            out = []
    if out:
        yield out


def _row(rec: list[str], header: list[str], text_col: int | None, id_col: int | None, i: int) -> CompanyRow:
    rec = rec + [""] * (len(header) - len(rec))
    text = rec[text_col] if text_col is not None else " ".join(c for j, c in enumerate(rec) if c and j != id_col)
    return CompanyRow(rec[id_col] if id_col is not None else str(i - 1), text, i)


def _parquet_chunks(p: Path, column: str | None, id_column: str | None,
                    chunk: int) -> tuple[int, Iterator[list[CompanyRow]]]:
    from chainkg.loaders.readfile import read_bytes

    if not p.exists() or p.is_dir() or p.stat().st_size == 0:
        read_bytes(p, max_bytes=MAX_TABLE_BYTES)
    try:
        import pyarrow.parquet as pq
    except ImportError as err:  # pragma: no cover - an install without the dask extra
        raise InputError(str(p), "reading Parquet needs pyarrow: pip install 'chainkg[dask]'") from err
    try:
        pf = pq.ParquetFile(p)
    except Exception as err:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
        raise InputError(str(p), f"not a readable Parquet file ({type(err).__name__})") from err
    header = [str(n).strip() for n in pf.schema_arrow.names]
    text_col = _find_column(header, column, str(p), "--column") if column else None
    id_col = _find_column(header, id_column, str(p), "--id-column") if id_column else None

    def cell(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    def chunks() -> Iterator[list[CompanyRow]]:
        recs = ([cell(v) for v in values] for batch in pf.iter_batches(batch_size=chunk)
                for values in zip(*[c.to_pylist() for c in batch.columns]))
        yield from _chunked(recs, header, text_col, id_col, chunk)

    return pf.metadata.num_rows, chunks()
