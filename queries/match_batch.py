"""Batch matching of a company table: read, match every row, write CSV / XLSX / JSONL atomically.

Every input row gives one output row, in input order — rows that cannot be matched (empty text, no
chain evidence) are kept with an empty result and a ``note`` saying why. CSV/XLSX get, per rank
1…K, the columns ``district_k``, ``park_k``, ``score_k``, ``kind_k``, ``reason_k``, after ``id``,
``categories`` and ``note``; JSONL gets the ``chainkg match --json`` object plus ``id`` and ``note``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainkg.errors import InputError
from chainkg.loaders.companies import CompanyRow
from chainkg.queries.match import EMPTY_NOTE, MatchResult, _compact_many, _expand, match_many

if TYPE_CHECKING:
    import networkx as nx

    from chainkg.queries.matching import MatchIndex

OUT_SUFFIXES = (".csv", ".xlsx", ".jsonl", ".parquet")


def check_out_path(out: Path | str) -> Path:
    """Refuse an output path of an unknown kind before any work is done."""
    p = Path(out)
    if p.suffix.lower() not in OUT_SUFFIXES:
        raise InputError(str(p), f"unknown output type {p.suffix or '(none)'!r}; expected .csv, .xlsx, .jsonl or .parquet")
    if p.is_dir():
        raise InputError(str(p), "is a directory; expected a file name ending in .csv, .xlsx, .jsonl or .parquet")
    return p


def _note(r: MatchResult, lang: str) -> str:
    return r.note_en if lang == "en" else r.note


def match_rows(
    G: nx.MultiDiGraph, rows: list[CompanyRow], *, top: int = 3, workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[CompanyRow, MatchResult]]:
    """Match company rows in order, lazily (empty texts are not sent to the matcher; they get an
    empty result and a note)."""
    texts = [r.text for r in rows if r.text.strip()]
    results = iter(match_many(G, texts, top=top, workers=workers, progress=progress))
    for row in rows:
        if row.text.strip():
            yield row, next(results)
        else:
            yield row, MatchResult(row.text, [], [], *EMPTY_NOTE)


def _flat_header(top: int) -> list[str]:
    head = ["id", "row", "query", "categories", "note"]
    for k in range(1, top + 1):
        head += [f"district_{k}", f"park_{k}", f"score_{k}", f"kind_{k}", f"reason_{k}"]
    return head


def _flat_row(row: CompanyRow, r: MatchResult, top: int, lang: str) -> list[object]:
    cats = "、".join(c.name for c in r.categories)
    out: list[object] = [row.id, row.row, r.query, cats, _note(r, lang)]
    for k in range(top):
        if k < len(r.results):
            x = r.results[k]
            out += [x.district, x.park, x.score, x.kind, x.reason_en if lang == "en" else x.reason]
        else:
            out += ["", "", "", "", ""]
    return out


def write_matches(pairs: Iterable[tuple[CompanyRow, MatchResult]], out: Path | str, *, top: int, lang: str = "zh") -> Path:
    """Write matched rows to ``out`` (.csv, .xlsx, .jsonl or .parquet), atomically (temp file, then rename)."""
    p = check_out_path(out)
    kind = p.suffix.lower().lstrip(".")
    pairs = iter(pairs)

    def blocks() -> Iterator[Any]:
        while block := list(islice(pairs, 2000)):
            yield format_rows(block, top=top, lang=lang, kind=kind)[0]

    return write_blocks(blocks(), p, top=top)


def format_rows(pairs: list[tuple[CompanyRow, MatchResult]], *, top: int, lang: str, kind: str) -> tuple[Any, dict[str, int]]:
    """The output of matched rows in the form :func:`write_blocks` takes for ``kind`` (jsonl: text;
    csv: text; xlsx and parquet: a list of row lists), and their counts (direct, chain_adjacent,
    unmatched). A worker formats its own chunk, so the parent only writes.

    >>> from chainkg.queries.match import MatchResult
    >>> print(format_rows([(CompanyRow("c1", "", 2), MatchResult("", [], [], *EMPTY_NOTE))], top=1, lang="zh", kind="jsonl")[0], end="")
    {"id": "c1", "query": "", "categories": [], "results": [], "note": "空白文本，无法匹配"}
    """
    counts = {"direct": 0, "chain_adjacent": 0, "unmatched": 0}
    for _, r in pairs:
        k = r.results[0].kind if r.results else ""
        counts["direct" if k == "direct" else "chain_adjacent" if k else "unmatched"] += 1
    if kind == "jsonl":
        dumps = json.dumps
        return "".join(dumps({"id": row.id, **r.as_dict(lang), "note": _note(r, lang)}, ensure_ascii=False) + "\n"
                       for row, r in pairs), counts
    rows = [_flat_row(row, r, top, lang) for row, r in pairs]
    if kind == "csv":
        buf = io.StringIO(newline="")
        csv.writer(buf).writerows(rows)
        return buf.getvalue(), counts
    return rows, counts


def write_blocks(blocks: Iterable[Any], out: Path | str, *, top: int) -> Path:
    """Write the blocks of :func:`format_rows` to ``out`` as they come, atomically: into a temporary
    sibling, renamed over ``out`` only when the last block is written (an error or Ctrl-C removes it).
    XLSX goes through openpyxl's write-only mode and Parquet through a pyarrow writer, one row group
    per block, so neither holds the whole table."""
    from chainkg.fsutil import atomic_path

    p = check_out_path(out)
    suffix = p.suffix.lower()
    with atomic_path(p) as tmp:
        if suffix == ".jsonl":
            with tmp.open("w", encoding="utf-8") as fp:
                for block in blocks:
                    fp.write(block)
        elif suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fp:  # BOM: Excel opens Chinese CSV right
                csv.writer(fp).writerow(_flat_header(top))
                for block in blocks:
                    fp.write(block)
        elif suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = parquet_schema(top)
            scores = {i for i, name in enumerate(schema.names) if name.startswith("score_")}
            with pq.ParquetWriter(tmp, schema) as writer:
                for block in blocks:
                    cols = [list(c) for c in zip(*block)] if block else [[] for _ in schema.names]
                    for i in scores:  # a profile with fewer parks: null, not ""
                        cols[i] = [None if v == "" else v for v in cols[i]]
                    writer.write_table(pa.Table.from_arrays(cols, schema=schema))
        else:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("matches")
            ws.append(_flat_header(top))
            for block in blocks:
                for r in block:
                    ws.append(r)
            wb.save(tmp)
    return p


def parquet_schema(top: int) -> Any:
    """The Arrow schema of a Parquet output: the CSV columns, ``row`` an integer and ``score_k`` a
    float (null where a profile has fewer parks)."""
    import pyarrow as pa

    fields = []
    for name in _flat_header(top):
        kind = pa.int64() if name == "row" else pa.float64() if name.startswith("score_") else pa.string()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def _match_chunk(ix: MatchIndex, rows: list[CompanyRow], *, top: int, lang: str, kind: str) -> tuple[Any, dict[str, int]]:
    """Match and format one chunk of rows (in a worker, or in this process): empty texts are not
    sent to the matcher, they get an empty result and a note."""
    texts = [r.text for r in rows if r.text.strip()]
    answers = iter(_compact_many(ix, texts, top))
    pairs = [(row, _expand(ix, row.text, next(answers)) if row.text.strip() else MatchResult(row.text, [], [], *EMPTY_NOTE))
             for row in rows]
    return format_rows(pairs, top=top, lang=lang, kind=kind)


def match_table(
    ix: MatchIndex, chunks: Iterable[list[CompanyRow]], out: Path | str, *, top: int = 3,
    workers: int | None = None, lang: str = "zh", progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Match chunks of company rows with a prepared index and write ``out`` as the chunks are
    matched (see :func:`match_file`); returns the counts."""
    import gc

    from chainkg.queries.match import TUNE_MIN, TUNE_SAMPLE, default_workers, map_chunks

    p = check_out_path(out)
    kind = p.suffix.lower().lstrip(".")
    workers = default_workers() if workers is None else workers
    chunks = iter(chunks)
    first = next(chunks, [])
    if len(first) >= TUNE_MIN:  # a long table: walk with an automaton tuned to its first rows
        sample = [r.text for r in first]
        ix = ix.tuned(sample[::max(1, len(sample) // TUNE_SAMPLE)][:TUNE_SAMPLE])
    counts = {"rows": 0, "matched": 0, "direct": 0, "chain_adjacent": 0, "unmatched": 0}
    # pool tasks of at most 2,000 rows, so every worker has work and answers return often
    parts = ((part,) for c in _chained([first], chunks) for part in (c[i:i + 2000] for i in range(0, len(c), 2000)))
    if workers > 1:
        # the first rows decide whether a pool pays: a table of a few thousand rows is matched here
        head = list(islice(parts, 2))
        if sum(len(x[0]) for x in head) < 4000:
            workers = 1
        parts = _chained(head, parts)
    done = map_chunks(ix, _match_chunk, parts, workers=workers, top=top, lang=lang, kind=kind)

    paused = gc.isenabled()
    gc.disable()
    try:
        write_blocks(tally(done, counts, progress), p, top=top)
    finally:
        done.close()
        if paused:
            gc.enable()
    counts["matched"] = counts["direct"] + counts["chain_adjacent"]
    return counts


def _chained(first: Iterable[Any], rest: Iterable[Any]) -> Iterator[Any]:
    yield from first
    yield from rest


def tally(done: Iterable[tuple[Any, dict[str, int]]], counts: dict[str, int],
          progress: Callable[[int], None] | None = None) -> Iterator[Any]:
    """The blocks of matched chunks, in order, adding each chunk's counts to ``counts`` (and its
    rows to ``rows``) and reporting its rows to ``progress``.

    >>> counts = {"rows": 0, "direct": 0}
    >>> list(tally([("a", {"direct": 2}), ("b", {"direct": 1})], counts)), counts
    (['a', 'b'], {'rows': 3, 'direct': 3})
    """
    for block, c in done:
        for k, v in c.items():
            counts[k] += v
        n = sum(c.values())
        counts["rows"] += n
        if progress is not None:
            progress(n)
        yield block


def match_file(
    G: nx.MultiDiGraph, path: Path | str, out: Path | str, *, column: str, id_column: str | None = None,
    top: int = 3, workers: int | None = None, lang: str = "zh", progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None, chunk: int = 5000,
) -> dict[str, int]:
    """Read a company table (.csv/.tsv, .xlsx or .parquet), match every row, write ``out``
    (.csv, .xlsx, .jsonl or .parquet); returns counts (``rows``, ``matched``, ``direct``,
    ``chain_adjacent``, ``unmatched``).

    The table is read ``chunk`` rows at a time and the output written as rows are matched, so memory
    stays bounded however long the table; ``workers`` processes match (default: the machine's cores,
    :func:`~chainkg.queries.match.default_workers`). The answers are those of
    :func:`~chainkg.queries.match.match_profile` row by row, whatever the workers. A bad header or an
    unreadable file raises InputError before anything is written; an error later (a malformed line
    deep in a CSV) or Ctrl-C removes the temporary output, and ``out`` is untouched either way.
    ``on_total`` gets the number of rows expected (for CSV, the count of its line breaks).
    """
    from chainkg.loaders.companies import open_company_table
    from chainkg.queries.matching import get_index

    check_out_path(out)
    table = open_company_table(path, column=column, id_column=id_column, chunk=chunk)
    if on_total is not None:
        on_total(table.estimate)
    return match_table(get_index(G), table.chunks(), out, top=top, workers=workers, lang=lang, progress=progress)
