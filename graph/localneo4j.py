"""A local Neo4j 5 Community server from Maven Central: what a Cypher user starts with one command,
and the real Neo4j chainkg's tests and benchmarks start themselves.

    with LocalNeo4j(workdir) as server:        # a free port; auth off unless password= is given
        print(server.uri)                      # bolt://127.0.0.1:<port>

How: ``neo4j_java/pom.xml`` (package data beside this module) pins ``org.neo4j:neo4j`` and
``org.neo4j:neo4j-bolt``; Maven resolves their classpath once (jars cached in ``~/.m2``, the
classpath in :func:`cache_dir`); ``javac`` compiles ``neo4j_java/Neo4jLauncher.java`` once per
source hash; ``java`` runs it. The launcher starts the DBMS in-process
(``DatabaseManagementServiceBuilder``) with Bolt on 127.0.0.1 only and HTTP off, prints
``READY bolt://127.0.0.1:<port>``, and stops cleanly on SIGTERM/SIGINT. Its folder (``--dir``) holds
the store, ``logs/`` and ``import/`` (LOAD CSV's ``file:///``); a folder holding anything else is
refused. Needs Java 17 or 21 (a JDK: ``javac``) and Maven: ``apt-get install default-jdk-headless
maven``. ``CHAINKG_JAVA`` / ``JAVA_HOME`` pick another Java, ``CHAINKG_CACHE_DIR`` the cache.

From the shell: ``python -m chainkg.graph.localserver neo4j --dir DIR [--port P] [--auth]``.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from chainkg.errors import ChainKGError
from chainkg.graph.localserver import free_port

JAVA_DIR = Path(__file__).resolve().parent / "neo4j_java"
"""The launcher's source and the pom.xml that pins Neo4j (package data of chainkg.graph)."""

LAUNCHER = "Neo4jLauncher"
MARKER = ".neo4j-launcher"  # the launcher's mark on a folder it made (the same name in the Java source)
PASSWORD_FILE = ".neo4j-password"
USER = "neo4j"

JVM_ARGS = [
    "-XX:+UseSerialGC",  # 2 cores: no parallel GC threads competing with the server's own
    "-XX:TieredStopAtLevel=1",  # C1 only: starts ~2x faster, and was faster on 2 cores for pushes too
    "-XX:+ExitOnOutOfMemoryError",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",  # what Neo4j's own start script opens
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
]
"""JVM options besides the heap (``-Xms64m -Xmx<heap_mb>m``)."""


class LocalServerError(ChainKGError):
    """A local server that cannot be set up or started: one line for the user."""


def neo4j_version() -> str:
    """The Neo4j version the launcher's pom.xml pins.

    >>> neo4j_version().startswith("5.26.")
    True
    """
    m = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", (JAVA_DIR / "pom.xml").read_text(encoding="utf-8"))
    if not m:
        raise LocalServerError(f"{JAVA_DIR / 'pom.xml'} pins no <neo4j.version>")
    return m.group(1)


def cache_dir() -> Path:
    """Where the resolved classpath and the compiled launcher are kept (not the jars: Maven's ``~/.m2``).

    >>> cache_dir().name == "neo4j-" + neo4j_version()
    True
    """
    root = os.environ.get("CHAINKG_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chainkg"
    return Path(root) / f"neo4j-{neo4j_version()}"


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def find_tool(name: str) -> str:
    """``java``, ``javac`` (from CHAINKG_JAVA's folder, JAVA_HOME, then PATH) or ``mvn`` (PATH)."""
    candidates: list[str | None] = []
    if name in ("java", "javac"):
        if os.environ.get("CHAINKG_JAVA"):
            candidates.append(str(Path(os.environ["CHAINKG_JAVA"]).with_name(name)))
        if os.environ.get("JAVA_HOME"):
            candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / name))
    candidates.append(shutil.which(name))
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    hint = "a JDK 17 or 21 (apt-get install default-jdk-headless)" if name != "mvn" else "Maven (apt-get install maven)"
    raise LocalServerError(f"{name} not found: the local Neo4j needs {hint}")


def _run(args: list[str], what: str, timeout: float, cwd: Path | None = None) -> str:
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=cwd, check=False,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise LocalServerError(f"{what} took longer than {timeout:.0f} s") from None
    if proc.returncode != 0:
        lines = [ln.strip() for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
        errors = [ln for ln in lines if "ERROR" in ln or "error:" in ln] or lines
        detail = errors[0] if errors else f"exit status {proc.returncode}"
        raise LocalServerError(f"{what} failed: {detail[:300]}")
    return proc.stdout


def resolve_classpath(*, refresh: bool = False) -> list[str]:
    """The jars of Neo4j Community + Bolt at the pinned version, resolved by Maven once and cached."""
    cache = cache_dir()
    cp_file = cache / f"classpath-{_digest(JAVA_DIR / 'pom.xml')}.txt"
    if not refresh and cp_file.is_file():
        jars = [j for j in cp_file.read_text(encoding="utf-8").strip().split(os.pathsep) if j]
        if jars and all(Path(j).is_file() for j in jars):
            return jars
    mvn = find_tool("mvn")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:  # the package folder may be read-only
        pom = Path(tmp) / "pom.xml"
        shutil.copyfile(JAVA_DIR / "pom.xml", pom)
        out = Path(tmp) / "classpath.txt"
        _run([mvn, "-q", "-B", "-f", str(pom), "dependency:build-classpath", f"-Dmdep.outputFile={out}"],
             f"Maven resolving Neo4j {neo4j_version()}", timeout=900, cwd=Path(tmp))
        os.replace(out, cp_file)
    return [j for j in cp_file.read_text(encoding="utf-8").strip().split(os.pathsep) if j]


def compile_launcher(classpath: list[str]) -> Path:
    """The folder of the compiled launcher (javac once per source and pom, cached); start is ~2x
    faster than running the ``.java`` file in source mode."""
    source = JAVA_DIR / f"{LAUNCHER}.java"
    classes = cache_dir() / f"launcher-{_digest(source, JAVA_DIR / 'pom.xml')}"
    if (classes / f"{LAUNCHER}.class").is_file():
        return classes
    javac = find_tool("javac")
    classes.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=classes.parent, prefix=".compile-"))
    try:
        # sun.misc.Signal (clean exit 0 on SIGTERM) draws a warning javac cannot silence: not an error
        _run([javac, "-nowarn", "-d", str(tmp), "-cp", os.pathsep.join(classpath), str(source)],
             f"javac {source.name}", timeout=300)
        try:
            tmp.rename(classes)
        except OSError:  # another process compiled it meanwhile
            if not (classes / f"{LAUNCHER}.class").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return classes


def prepare() -> tuple[list[str], Path]:
    """Resolve (or reuse) the classpath and compile (or reuse) the launcher: everything but starting."""
    find_tool("java")
    classpath = resolve_classpath()
    return classpath, compile_launcher(classpath)


def claim_dir(workdir: Path) -> None:
    """Make ``workdir`` a local-Neo4j folder, or accept one that already is (it holds :data:`MARKER`);
    refuse any other non-empty folder.

    >>> import tempfile; d = Path(tempfile.mkdtemp()); (d / "notes.txt").write_text("mine")
    4
    >>> claim_dir(d)
    Traceback (most recent call last):
    ...
    chainkg.graph.localneo4j.LocalServerError: ... is not empty and was not made by chainkg's local Neo4j: refusing to use it
    """
    workdir = Path(workdir)
    if (workdir / MARKER).is_file():
        return
    if workdir.exists():
        if not workdir.is_dir():
            raise LocalServerError(f"{workdir} is not a folder")
        if any(workdir.iterdir()):
            raise LocalServerError(f"{workdir} is not empty and was not made by chainkg's local Neo4j: refusing to use it")
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / MARKER).write_text(f"Neo4j store made by {LAUNCHER} (chainkg)\n", encoding="utf-8")


def stored_password(workdir: Path) -> str:
    """The password of a folder's auth-on server: made once (random), kept in the folder (mode 600)."""
    path = Path(workdir) / PASSWORD_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(password + "\n")
    return password


@dataclass
class LocalNeo4j:
    """An embedded Neo4j this process starts and stops by its own PID (see the module docstring)."""

    workdir: Path
    port: int = field(default_factory=free_port)
    password: str | None = None  # auth on (user neo4j) when set; at least 8 characters
    heap_mb: int = 512
    page_cache_mb: int = 64
    proc: subprocess.Popen | None = None
    ready_seconds: float | None = None  # JVM start to READY, of the last start
    _log: IO[bytes] | None = None

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<port>`` (the NEO4J_URI of this server)."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        """The launcher's stderr (Neo4j's own logs are beside it, in ``logs/``)."""
        return Path(self.workdir) / "logs" / "launcher.log"

    @property
    def import_dir(self) -> Path:
        """Where LOAD CSV's ``file:///`` URLs point."""
        return Path(self.workdir) / "import"

    def env(self) -> dict[str, str]:
        """NEO4J_URI (and NEO4J_USERNAME / NEO4J_PASSWORD when auth is on) for chainkg."""
        out = {"NEO4J_URI": self.uri}
        if self.password is not None:
            out |= {"NEO4J_USERNAME": USER, "NEO4J_PASSWORD": self.password}
        return out

    def auth(self) -> tuple[str, str] | None:
        """The ``auth=`` argument of ``neo4j.GraphDatabase.driver`` for this server."""
        return (USER, self.password) if self.password is not None else None

    def start(self, timeout: float = 180) -> LocalNeo4j:
        """Start (or restart: same port and folder) and wait until Bolt answers."""
        if self.password is not None and len(self.password) < 8:
            raise LocalServerError("the Neo4j password must have at least 8 characters")
        classpath, classes = prepare()
        claim_dir(self.workdir)
        self.log_path.parent.mkdir(exist_ok=True)
        self.import_dir.mkdir(exist_ok=True)
        env = dict(os.environ)
        args = [find_tool("java"), f"-Xms64m", f"-Xmx{self.heap_mb}m", *JVM_ARGS,
                "-cp", os.pathsep.join([str(classes), *classpath]), LAUNCHER,
                "--dir", str(Path(self.workdir).resolve()), "--port", str(self.port),
                "--page-cache-mb", str(self.page_cache_mb)]
        if self.password is not None:  # through the environment: never on a command line
            env["CHAINKG_NEO4J_PASSWORD"] = self.password
            args += ["--auth-password-env", "CHAINKG_NEO4J_PASSWORD"]
        self._log = open(self.log_path, "ab")  # noqa: SIM115  (closed in stop())
        started = time.monotonic()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL,
                                     env=env, cwd=self.workdir)
        line = self._read_line(timeout)
        if line != f"READY {self.uri}":
            self.kill()
            raise LocalServerError(f"Neo4j did not start: {self._last_error() or line or 'no READY line'} "
                                   f"(log: {self.log_path})")
        self.ready_seconds = time.monotonic() - started
        return self

    def _read_line(self, timeout: float) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        buf = b""
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while b"\n" not in buf:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    return ""
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:  # the launcher exited
                    self.proc.wait(30)
                    break
                buf += chunk
        return buf.decode("utf-8", "replace").split("\n", 1)[0].strip()

    def _last_error(self) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        for i in range(len(lines) - 1, -1, -1):
            if lines[i].startswith("Neo4jLauncher: "):
                tail = " ".join(ln.strip() for ln in lines[i:i + 3])
                return tail.removeprefix("Neo4jLauncher: ")[:400]
        return ""

    @property
    def pid(self) -> int | None:
        """The launcher's (the JVM's) process id while it runs."""
        return self.proc.pid if self.proc is not None and self.proc.poll() is None else None

    def stop(self, timeout: float = 60) -> int | None:
        """SIGTERM (Neo4j shuts down cleanly, exit 0), then SIGKILL after ``timeout`` s; the exit status."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self._close()

    def kill(self) -> int | None:
        """SIGKILL: the server dies mid-whatever, like a crash (a restart recovers from the log)."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        return self._close()

    def _close(self) -> int | None:
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        return self.proc.returncode if self.proc is not None else None

    def admin(self, *args: str, capture: bool = True, timeout: float = 600) -> str:
        """Run ``neo4j-admin ARGS`` (Neo4j's AdminTool, from the same jars) on this folder while its
        server is stopped, e.g. ``admin("database", "import", "full", "neo4j", "--nodes=…")``.

        Returns the output (``capture=False``: shown as it comes, returns ""); a failure raises
        :class:`LocalServerError` with its last lines.
        """
        if self.pid is not None:
            raise LocalServerError("stop the server before running neo4j-admin on its folder")
        classpath = resolve_classpath()
        claim_dir(self.workdir)
        conf = Path(self.workdir) / "conf"
        conf.mkdir(exist_ok=True)
        env = {**os.environ, "NEO4J_HOME": str(Path(self.workdir).resolve()), "NEO4J_CONF": str(conf.resolve())}
        # The importer wants a 1 GiB heap (it says so, and warns below that) besides its off-heap buffers.
        command = [find_tool("java"), f"-Xmx{max(self.heap_mb, 1024)}m", *JVM_ARGS,
                   "-cp", os.pathsep.join(classpath), "org.neo4j.cli.AdminTool", *args]
        out = subprocess.PIPE if capture else None
        proc = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT if capture else None, text=True, env=env,
                              timeout=timeout, check=False, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            lines = [ln.strip() for ln in (proc.stdout or "").splitlines() if ln.strip() and not ln.startswith("\tat ")]
            detail = " | ".join(lines[-3:]) if lines else f"exit status {proc.returncode}"
            raise LocalServerError(f"neo4j-admin {' '.join(args[:3])} failed: {detail[:400]}")
        return proc.stdout or ""

    def __enter__(self) -> LocalNeo4j:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
