"""Batch matching of a company table: read, match every row, write CSV / XLSX / JSONL atomically.

Every input row gives one output row, in input order — rows that cannot be matched (empty text, no
chain evidence) are kept with an empty result and a ``note`` saying why. CSV/XLSX get, per rank
1…K, the columns ``district_k``, ``park_k``, ``score_k``, ``kind_k``, ``reason_k``, after ``id``,
``categories`` and ``note``; JSONL gets the ``chainkg match --json`` object plus ``id`` and ``note``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx

from chainkg.errors import InputError
from chainkg.loaders.companies import CompanyRow, read_company_table
from chainkg.queries.match import MatchResult, match_many

OUT_SUFFIXES = (".csv", ".xlsx", ".jsonl")
EMPTY_NOTE = ("空白文本，无法匹配", "empty profile: nothing to match")


def check_out_path(out: Path | str) -> Path:
    """Refuse an output path of an unknown kind before any work is done."""
    p = Path(out)
    if p.suffix.lower() not in OUT_SUFFIXES:
        raise InputError(str(p), f"unknown output type {p.suffix or '(none)'!r}; expected .csv, .xlsx or .jsonl")
    if p.is_dir():
        raise InputError(str(p), "is a directory; expected a file name ending in .csv, .xlsx or .jsonl")
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
    """Write matched rows to ``out`` (.csv, .xlsx or .jsonl), atomically (temp file, then rename)."""
    from chainkg.fsutil import atomic_path

    p = check_out_path(out)
    suffix = p.suffix.lower()
    with atomic_path(p) as tmp:  # streamed: rows are written as they are matched
        if suffix == ".jsonl":
            with tmp.open("w", encoding="utf-8") as fp:
                for row, r in pairs:
                    obj = {"id": row.id, **r.as_dict(lang), "note": _note(r, lang)}
                    fp.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fp:  # BOM: Excel opens Chinese CSV right
                w = csv.writer(fp)
                w.writerow(_flat_header(top))
                for row, r in pairs:
                    w.writerow(_flat_row(row, r, top, lang))
        else:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("matches")
            ws.append(_flat_header(top))
            for row, r in pairs:
                ws.append(_flat_row(row, r, top, lang))
            wb.save(tmp)
    return p


def match_file(
    G: nx.MultiDiGraph, path: Path | str, out: Path | str, *, column: str, id_column: str | None = None,
    top: int = 3, workers: int = 1, lang: str = "zh", progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Read a company table, match every row, write ``out``; returns counts
    (``rows``, ``matched``, ``direct``, ``chain_adjacent``, ``unmatched``).

    The input is fully read and checked before anything is written; a bad file raises InputError
    and leaves ``out`` untouched.
    """
    check_out_path(out)
    rows = read_company_table(path, column=column, id_column=id_column)
    if on_total is not None:
        on_total(len(rows))
    counts = {"rows": 0, "matched": 0, "direct": 0, "chain_adjacent": 0, "unmatched": 0}

    def counted() -> Iterator[tuple[CompanyRow, MatchResult]]:
        for row, r in match_rows(G, rows, top=top, workers=workers, progress=progress):
            counts["rows"] += 1
            kind = r.results[0].kind if r.results else ""
            counts["direct" if kind == "direct" else "chain_adjacent" if kind else "unmatched"] += 1
            yield row, r

    write_matches(counted(), out, top=top, lang=lang)
    counts["matched"] = counts["direct"] + counts["chain_adjacent"]
    return counts
