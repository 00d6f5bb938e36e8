"""What the web app holds while it serves: its settings, the graph and the match index (loaded once,
then only read, so concurrent requests are safe), caches of the drawn pages, and the batch jobs.

Batch uploads live in one temporary folder of the server process: each job's upload is deleted as
soon as it is read, its result once downloaded (or an hour after it finished), and the whole
folder when the server stops.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainkg.errors import ChainKGError, InputError

if TYPE_CHECKING:
    import networkx as nx

    from chainkg.loaders.companies import CompanyRow
    from chainkg.queries.matching import MatchIndex

MIN_TOKEN = 16
BATCH_FORMATS = ("csv", "xlsx", "jsonl")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
JOB_TTL = 3600.0  # seconds a finished job's result waits for its download


@dataclass(frozen=True)
class ServeConfig:
    """Settings of ``chainkg serve``. ``token`` comes from ``CHAINKG_TOKEN`` and is never shown."""

    host: str = "127.0.0.1"
    port: int = 8000
    sources: tuple[Path, ...] = ()
    graph: Path | None = None
    token: str | None = field(default=None, repr=False)
    max_upload_bytes: int = 50 * 1024 * 1024
    max_rows: int = 100_000

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def cookie_value(self) -> str:
        """The login cookie's value: derived from the token, so the cookie is not the token itself."""
        assert self.token
        return hmac.new(self.token.encode(), b"chainkg-login", "sha256").hexdigest()


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1).

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("192.168.1.5")
    (True, True, False, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_config(config: ServeConfig) -> None:
    """Refuse settings that would expose the app without a token (one line, for the CLI)."""
    if not is_loopback(config.host) and not config.token:
        raise ChainKGError(f"--host {config.host} serves beyond this machine: set CHAINKG_TOKEN "
                           f"(at least {MIN_TOKEN} characters) first; it is then needed as 'Authorization: Bearer …' "
                           "or through the login page")
    if config.token is not None and len(config.token) < MIN_TOKEN:
        raise ChainKGError(f"CHAINKG_TOKEN is too short: use at least {MIN_TOKEN} characters")
    if not 0 < config.port < 65536:
        raise ChainKGError(f"--port {config.port}: expected 1–65535")


@dataclass
class Job:
    """One batch upload: read, then (once its columns are chosen) matched in the background."""

    id: str
    folder: Path
    filename: str
    header: list[str]
    records: list[list[str]] | None
    status: str = "choose"  # choose → queued → running → done | failed
    total: int = 0
    done: int = 0
    error: str = ""
    out: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    finished: float = 0.0
    created: float = field(default_factory=time.monotonic)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "total": self.total, "done": self.done,
                "error": self.error, "counts": self.counts, "file": self.out.name if self.out else None}


class AppState:
    """The loaded graph and match index (read-only after start-up) and the server's mutable parts."""

    def __init__(self, config: ServeConfig) -> None:
        from chainkg.queries.match_cache import load_match_index

        self.config = config
        sources = list(config.sources) or None
        self.G = _load_graph(sources, config.graph)
        self.index: MatchIndex = load_match_index(sources, config.graph)
        self.tmp = Path(tempfile.mkdtemp(prefix="chainkg-serve-"))
        self._lock = threading.Lock()
        self._caches: dict[str, OrderedDict[Any, Any]] = {}
        self._building: dict[tuple[str, Any], threading.Lock] = {}
        self.jobs: dict[str, Job] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chainkg-batch")  # 2 cores: one batch at a time

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def cached(self, kind: str, key: Any, build: Callable[[], Any], size: int = 8) -> Any:
        """``build()``'s value, computed once per (kind, key) even when requests arrive together;
        at most ``size`` values per kind are kept."""
        with self._lock:
            cache = self._caches.setdefault(kind, OrderedDict())
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
            gate = self._building.setdefault((kind, key), threading.Lock())
        with gate:
            with self._lock:
                if key in cache:
                    return cache[key]
            value = build()  # errors propagate and nothing is cached
            with self._lock:
                cache[key] = value
                while len(cache) > size:
                    cache.popitem(last=False)
                self._building.pop((kind, key), None)
            return value

    # ---------------------------------------------------------------------------------------------
    # batch jobs

    def new_job(self, filename: str, data_path: Path) -> Job:
        """Read an uploaded table (then delete it); the job waits for its columns."""
        from chainkg.loaders.readfile import decode_text, read_bytes
        from chainkg.loaders.table import csv_records, xlsx_records

        self.sweep()
        name = Path(filename or "upload").name
        suffix = Path(name).suffix.lower()
        try:
            if suffix not in TABLE_SUFFIXES:
                raise InputError(name, f"not a table ({suffix or 'no extension'}); upload a .csv or .xlsx file")
            data = read_bytes(data_path, max_bytes=self.config.max_upload_bytes)
            if suffix in (".xlsx", ".xlsm"):
                records = xlsx_records(data, name)
            else:
                text, _ = decode_text(data, name)
                records = csv_records(text, name)
        finally:
            data_path.unlink(missing_ok=True)
        records = [[str(c or "").strip() for c in r] for r in records]
        while records and not any(records[0]):
            records.pop(0)
        if len(records) < 2:
            raise InputError(name, "empty table; expected a header row and one company per row")
        rows = sum(1 for r in records[1:] if any(r))
        if rows > self.config.max_rows:
            raise InputError(name, f"{rows:,} rows; the limit is {self.config.max_rows:,}")
        job = Job(id=secrets.token_urlsafe(12), folder=data_path.parent, filename=name, header=records[0],
                  records=records, total=rows)
        with self._lock:
            self.jobs[job.id] = job
        return job

    def job_rows(self, job: Job, column: str, id_column: str | None) -> list[CompanyRow]:
        """The job's company rows for the chosen columns (a wrong column raises InputError)."""
        from chainkg.loaders.companies import parse_company_records

        if job.records is None:
            raise InputError(job.filename, "this upload was already matched; upload it again")
        return parse_company_records(job.records, path=job.filename, column=column, id_column=id_column or None)

    def run_job(self, job: Job, rows: list[CompanyRow], fmt: str, *, top: int, lang: str) -> None:
        """Match ``rows`` in the background (one job at a time) and write the ranked file."""
        job.records = None
        job.status, job.total, job.done = "queued", len(rows), 0
        self._pool.submit(self._work, job, rows, fmt, top, lang)

    def run_now(self, job: Job, rows: list[CompanyRow], fmt: str, *, top: int, lang: str) -> Path:
        """Match ``rows`` in this thread; the ranked file's path (the API's synchronous batch)."""
        job.records = None
        job.total = len(rows)
        self._work(job, rows, fmt, top, lang)
        if job.status != "done" or job.out is None:
            raise ChainKGError(job.error or "batch failed")
        return job.out

    def _work(self, job: Job, rows: list[CompanyRow], fmt: str, top: int, lang: str) -> None:
        from chainkg.queries.match_batch import match_rows, write_matches

        job.status = "running"
        counts = {"rows": 0, "direct": 0, "chain_adjacent": 0, "unmatched": 0}

        def counted():  # noqa: ANN202
            for row, r in match_rows(self.G, rows, top=top, workers=1):  # no fork inside a threaded server
                kind = r.results[0].kind if r.results else ""
                counts["rows"] += 1
                counts["direct" if kind == "direct" else "chain_adjacent" if kind else "unmatched"] += 1
                job.done += 1
                yield row, r

        stem = Path(job.filename).stem or "companies"
        out = job.folder / f"{stem}-ranked.{fmt}"
        try:
            write_matches(counted(), out, top=top, lang=lang)
        except Exception as err:  # noqa: BLE001 - the job reports it; the server keeps serving
            job.status, job.error = "failed", str(err).splitlines()[0] if str(err) else type(err).__name__
        else:
            job.out, job.counts, job.status = out, counts, "done"
        job.finished = time.monotonic()

    def job(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def drop_job(self, job: Job) -> None:
        """Forget a job and delete its folder."""
        with self._lock:
            self.jobs.pop(job.id, None)
        shutil.rmtree(job.folder, ignore_errors=True)

    def job_folder(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="job-", dir=self.tmp))

    def sweep(self) -> None:
        """Delete jobs whose result waited longer than :data:`JOB_TTL`, and uploads never started."""
        now = time.monotonic()
        with self._lock:
            stale = [j for j in self.jobs.values()
                     if (j.status in ("done", "failed") and now - j.finished > JOB_TTL)
                     or (j.status == "choose" and now - j.created > JOB_TTL)]
        for j in stale:
            self.drop_job(j)


def _load_graph(sources: list[Path] | None, graph_file: Path | None) -> nx.MultiDiGraph:
    if graph_file is not None:
        if sources:
            raise ChainKGError("give either --graph or --source, not both")
        from chainkg.graph.io import read_graph

        return read_graph(graph_file)
    from chainkg.graph.build import build_graph
    from chainkg.loaders import load_sources

    return build_graph(load_sources(sources))
