"""Batch matching beyond one machine: the same matcher on a Dask distributed cluster.

``chainkg match --file … --dask ADDRESS`` (:func:`match_file_dask`) and :func:`match_dataframe` run
the matcher of :mod:`chainkg.queries.match_batch` on each partition of a Dask DataFrame where the
partition lives: the input (CSV or Parquet) is read by the workers, the match index is sent once to
every worker (``Client.scatter(…, broadcast=True)``) and each task formats its own rows. The client
only collects the formatted partitions, in order, and writes them into a temporary file renamed over
the output at the end (CSV, XLSX, JSONL or Parquet) — the same bytes as a local run of the same rows.

Rows are those of the local reader for ordinary tables; pandas' CSV reader differs in corners the
local one handles (GBK files; blank lines, which pandas drops, shift the ``row`` numbers after them;
a quoted line break in a CSV split into blocks). dask and distributed are imported only here,
inside the functions (``pip install 'chainkg[dask]'``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainkg.errors import InputError
from chainkg.loaders.companies import PARQUET_SUFFIXES, STREAM_SUFFIXES, CompanyRow, _find_column, _row
from chainkg.queries.match_batch import _flat_header, _match_chunk, check_out_path, tally, write_blocks

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from chainkg.queries.matching import MatchIndex

__all__ = ["match_dataframe", "match_file_dask"]


def _cell(v: object) -> str:
    """A cell as the local readers give it: None/NaN → "", 7.0 → "7", stripped."""
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _rows(pdf: pd.DataFrame, text_col: int | None, id_col: int | None, start: int) -> list[CompanyRow]:
    """The company rows of one partition whose first row is table row ``start`` (header = row 1)."""
    header = [str(c).strip() for c in pdf.columns]
    out = []
    for k, values in enumerate(pdf.itertuples(index=False, name=None)):
        rec = [_cell(v) for v in values]
        if any(rec):
            out.append(_row(rec, header, text_col, id_col, start + k))
    return out


def _match_partition(pdf: pd.DataFrame, ix: MatchIndex, start: int, text_col: int | None, id_col: int | None,
                     top: int, lang: str, kind: str) -> tuple[Any, dict[str, int]]:
    """On a worker: one partition matched and formatted (the block of ``write_blocks``, and counts)."""
    return _match_chunk(ix, _rows(pdf, text_col, id_col, start), top=top, lang=lang, kind=kind)


def _frame_rows(pdf: pd.DataFrame, ix: MatchIndex, start: int, text_col: int | None, id_col: int | None,
                top: int, lang: str) -> pd.DataFrame:
    """On a worker: one partition's answers as a DataFrame of the CSV/Parquet columns."""
    import pandas as pd

    block, _ = _match_chunk(ix, _rows(pdf, text_col, id_col, start), top=top, lang=lang, kind="parquet")
    frame = pd.DataFrame(block, columns=_flat_header(top))
    return _typed(frame, top)


def _typed(frame: pd.DataFrame, top: int) -> pd.DataFrame:
    import pandas as pd

    frame["row"] = frame["row"].astype("int64")
    for k in range(1, top + 1):
        frame[f"score_{k}"] = pd.to_numeric(frame[f"score_{k}"].replace("", None), errors="coerce").astype("float64")
    return frame


def _columns(columns: list[str], path: str, column: str | None, id_column: str | None) -> tuple[int | None, int | None]:
    header = [str(c).strip() for c in columns]
    return (_find_column(header, column, path, "--column") if column else None,
            _find_column(header, id_column, path, "--id-column") if id_column else None)


def _starts(ddf: Any) -> tuple[list[int], int]:
    """Table row of the first row of each partition, and the number of rows (one pass of partition
    lengths on the workers)."""
    lengths = ddf.map_partitions(len).compute()
    starts, at = [], 2
    for n in lengths:
        starts.append(at)
        at += int(n)
    return starts, at - 2


def match_dataframe(G: nx.MultiDiGraph, df: Any, *, column: str | None, id_column: str | None = None, top: int = 3,
                    lang: str = "zh") -> Any:
    """The answers for the rows of a pandas or Dask DataFrame, as a DataFrame of the CSV output's
    columns (``id, row, query, categories, note``, then ``district_k, park_k, score_k, kind_k,
    reason_k``); ``row`` numbers rows as in a table whose row 1 is the header.

    A pandas frame is matched here; a Dask frame gives a lazy Dask frame whose partitions are matched
    on the workers of the current ``distributed`` client (the index is sent to every worker once).
    Fully blank rows are left out, as the table readers do.

    >>> import pandas as pd
    >>> from chainkg.graph.build import build_graph
    >>> out = match_dataframe(build_graph(), pd.DataFrame({"经营范围": ["激光雷达", "面包"]}), column="经营范围", top=1)
    >>> out[["id", "row", "district_1", "kind_1"]].values.tolist()
    [['1', 2, '渝北区', 'direct'], ['2', 3, '', '']]
    """
    from chainkg.queries.matching import get_index

    ix = get_index(G)
    text_col, id_col = _columns(list(df.columns), "DataFrame", column, id_column)
    if not hasattr(df, "npartitions"):  # pandas
        return _frame_rows(df, ix, 2, text_col, id_col, top, lang)
    import pandas as pd
    from distributed import default_client

    client = default_client()
    shared = client.scatter(ix, broadcast=True)
    starts, _ = _starts(df)
    meta = _typed(pd.DataFrame({c: pd.Series([], dtype="object") for c in _flat_header(top)}), top)
    import dask
    import dask.dataframe as dd

    frames = [dask.delayed(_frame_rows)(p, shared, s, text_col, id_col, top, lang)
              for p, s in zip(df.to_delayed(), starts)]
    return dd.from_delayed(frames, meta=meta, verify_meta=False)


def read_frame(path: Path | str, *, blocksize: str | int = "64MB") -> Any:
    """A Dask DataFrame of a company table: CSV/TSV (all cells as text, the delimiter sniffed from
    the first line as the local reader does) or Parquet, read by the workers."""
    import dask.dataframe as dd

    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise InputError(str(p), "no such file")
    if suffix in STREAM_SUFFIXES:
        with p.open(encoding="utf-8-sig", errors="replace") as fp:
            first = fp.readline()
        delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
        return dd.read_csv(str(p), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                           encoding="utf-8-sig", blocksize=blocksize)
    if suffix in PARQUET_SUFFIXES:
        return dd.read_parquet(str(p))
    raise InputError(str(p), f"unknown file type {suffix or '(none)'!r} for --dask; expected .csv, .tsv or .parquet")


def match_file_dask(
    G: nx.MultiDiGraph, path: Path | str, out: Path | str, *, address: str | Any, column: str | None,
    id_column: str | None = None, top: int = 3, lang: str = "zh", blocksize: str | int = "64MB",
    progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """:func:`~chainkg.queries.match_batch.match_file` on a Dask cluster: ``address`` is a scheduler
    address (``tcp://host:8786``) or a ``distributed.Client``. The workers read ``path`` (every
    worker must see it: a shared or cloud path), match their partitions with the index sent to each
    once, and send back the formatted rows; this process writes ``out`` as partitions arrive, in
    order, atomically. Returns the counts of ``match_file``.
    """
    from chainkg.queries.matching import get_index

    p = check_out_path(out)
    kind = p.suffix.lower().lstrip(".")
    from distributed import Client

    own = not isinstance(address, Client)
    client = Client(address) if own else address
    futures: list = []
    try:
        ddf = read_frame(path, blocksize=blocksize)
        text_col, id_col = _columns(list(ddf.columns), str(path), column, id_column)
        starts, total = _starts(ddf)
        if total == 0:
            raise InputError(str(path), "header row only; no companies")
        if on_total is not None:
            on_total(total)
        shared = client.scatter(get_index(G), broadcast=True)
        import dask

        tasks = [dask.delayed(_match_partition)(part, shared, s, text_col, id_col, top, lang, kind)
                 for part, s in zip(ddf.to_delayed(), starts)]
        counts = {"rows": 0, "matched": 0, "direct": 0, "chain_adjacent": 0, "unmatched": 0}
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))

        def results() -> Iterator[tuple[Any, dict[str, int]]]:
            pending = iter(tasks)
            for task in pending:
                futures.append(client.compute(task))
                if len(futures) >= window:
                    break
            while futures:
                got = futures.pop(0).result()
                nxt = next(pending, None)
                if nxt is not None:
                    futures.append(client.compute(nxt))
                yield got

        write_blocks(tally(results(), counts, progress), p, top=top)
        counts["matched"] = counts["direct"] + counts["chain_adjacent"]
        return counts
    finally:
        for f in futures:
            f.cancel()
        if own:
            client.close()

