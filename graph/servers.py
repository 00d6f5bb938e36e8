"""One face for the two graph servers: push, run a query, report status — and open a connection.

:class:`Neo4jServer` wraps a ``neo4j.Driver``, :class:`FalkorServer` a ``falkordb.Graph``; the
caller (the CLI) opens them with :func:`open_server`, which turns an unreachable server or a
refused password into one :class:`~chainkg.errors.ConnectionFailed` line within seconds. Nothing
here prints or logs a password; addresses are shown without credentials.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import urlsplit

from chainkg.errors import ConnectionFailed, InputError
from chainkg.graph.statements import LABEL_COUNTS, TYPE_COUNTS

if TYPE_CHECKING:
    import networkx as nx

    from chainkg.graph.push import PushResult

Target = Literal["neo4j", "falkordb"]
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass
class QueryResult:
    """Columns and rows of a query, values as plain Python (nodes become dicts, see :func:`plain`)."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column.

        >>> QueryResult(["a", "b"], [[1, 2]]).records()
        [{'a': 1, 'b': 2}]
        """
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class ServerStatus:
    """What ``chainkg db status`` shows."""

    server: str  # Neo4j | FalkorDB
    version: str
    address: str  # without credentials
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)


class Server(Protocol):
    """What the CLI needs of a graph server."""

    kind: Target

    def push(self, G: nx.MultiDiGraph, **options: Any) -> PushResult: ...
    def query(self, text: str, params: Mapping[str, Any] | None = None, *, source: str = "query") -> QueryResult: ...
    def status(self) -> ServerStatus: ...


def plain(value: Any) -> Any:
    """A value from either driver as plain Python: a node or relationship becomes a dict of its
    properties plus ``_labels`` / ``_type``; a path the list of its nodes and relationships.

    >>> plain([1, ("a", None)])
    [1, ['a', None]]
    """
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    module = type(value).__module__
    if module.startswith("neo4j"):
        from neo4j.graph import Node, Path, Relationship

        if isinstance(value, Node):
            return {"_labels": sorted(value.labels), **plain(dict(value.items()))}
        if isinstance(value, Relationship):
            return {"_type": value.type, **plain(dict(value.items()))}
        if isinstance(value, Path):
            return [plain(n) for n in value.nodes]
        if hasattr(value, "iso_format"):  # temporal types
            return value.iso_format()
    elif module.startswith("falkordb"):
        from falkordb import Edge, Node, Path

        if isinstance(value, Node):
            return {"_labels": sorted(value.labels or []), **plain(dict(value.properties))}
        if isinstance(value, Edge):
            return {"_type": value.relation, **plain(dict(value.properties))}
        if isinstance(value, Path):
            return [plain(n) for n in value.nodes()]
    return value


class FalkorServer:
    """A FalkorDB graph reached with the ``falkordb`` client (native protocol)."""

    kind: Target = "falkordb"

    def __init__(self, graph: Any, *, address: str = "") -> None:
        self.graph, self.address = graph, address

    def push(self, G: nx.MultiDiGraph, **options: Any) -> PushResult:
        """See :func:`chainkg.graph.falkordb_writer.write_falkordb`."""
        from chainkg.graph.falkordb_writer import write_falkordb

        return write_falkordb(G, self.graph, **options)

    def query(self, text: str, params: Mapping[str, Any] | None = None, *, source: str = "query") -> QueryResult:
        """Run ``text`` with ``params``; a server error becomes :class:`InputError` naming ``source``."""
        import redis

        try:
            result = self.graph.query(text, dict(params or {}))
        except redis.exceptions.ResponseError as err:
            raise InputError(source, f"FalkorDB: {_first_line(err)}") from None
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as err:
            raise ConnectionFailed(f"lost the connection to FalkorDB at {self.address}: {type(err).__name__}") from None
        columns = [h[1] if isinstance(h, (list, tuple)) else str(h) for h in result.header]
        return QueryResult(columns, [plain(list(row)) for row in result.result_set])

    def status(self) -> ServerStatus:
        """Server name, FalkorDB module version, counts per label and relationship type."""
        version = ""
        for module in self.graph.client.connection.execute_command("MODULE", "LIST"):
            info = module if isinstance(module, dict) else dict(zip(module[::2], module[1::2], strict=False))
            info = {k.decode() if isinstance(k, bytes) else k: v for k, v in info.items()}
            if info.get("name") in ("graph", b"graph"):
                v = int(info["ver"])
                version = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
        return ServerStatus(
            "FalkorDB",
            version,
            self.address,
            {r[0]: r[1] for r in self.query(LABEL_COUNTS).rows},
            {r[0]: r[1] for r in self.query(TYPE_COUNTS).rows},
        )


class Neo4jServer:
    """A Neo4j database (or any Bolt server) reached with the official ``neo4j`` driver."""

    kind: Target = "neo4j"

    def __init__(self, driver: Any, *, database: str | None = None, address: str = "") -> None:
        self.driver, self.database, self.address = driver, database, address

    def push(self, G: nx.MultiDiGraph, **options: Any) -> PushResult:
        """See :func:`chainkg.graph.neo4j_writer.write_neo4j`."""
        from chainkg.graph.neo4j_writer import write_neo4j

        return write_neo4j(G, self.driver, database=self.database, **options)

    def query(self, text: str, params: Mapping[str, Any] | None = None, *, source: str = "query") -> QueryResult:
        """Run ``text`` in a managed transaction; a Cypher error becomes :class:`InputError` naming ``source``."""
        from neo4j.exceptions import ClientError, DatabaseError, ServiceUnavailable, SessionExpired

        try:
            records, _summary, keys = self.driver.execute_query(text, dict(params or {}), database_=self.database)
        except (ClientError, DatabaseError) as err:
            raise InputError(source, f"Neo4j: {_first_line(Exception(err.message or err.code))}") from None
        except (ServiceUnavailable, SessionExpired) as err:
            raise ConnectionFailed(f"lost the connection to {self.address}: {type(err).__name__}") from None
        return QueryResult(list(keys), [plain(list(r.values())) for r in records])

    def status(self) -> ServerStatus:
        """Server agent and version, counts per label and relationship type."""
        info = self.driver.get_server_info()
        server, _, version = info.agent.partition("/")
        return ServerStatus(
            server,
            version,
            self.address,
            {r[0]: r[1] for r in self.query(LABEL_COUNTS).rows},
            {r[0]: r[1] for r in self.query(TYPE_COUNTS).rows},
        )


def pick_target(target: str | None, env: Mapping[str, str] | None = None) -> Target:
    """The server to use: as given, else ``neo4j`` when NEO4J_URI is set, else ``falkordb`` when
    FALKORDB_URL is set.

    >>> pick_target(None, {"FALKORDB_URL": "redis://localhost:6379"})
    'falkordb'
    """
    env = os.environ if env is None else env
    if target is not None:
        if target not in ("neo4j", "falkordb"):
            raise InputError("--to", f"expected neo4j or falkordb, got {target!r}")
        return target  # type: ignore[return-value]
    if env.get("NEO4J_URI"):
        return "neo4j"
    if env.get("FALKORDB_URL"):
        return "falkordb"
    raise ConnectionFailed("no graph server given: set NEO4J_URI (or --uri) or FALKORDB_URL (or --falkordb-url)")


def safe_address(url: str) -> str:
    """``url`` without user name and password.

    >>> safe_address("redis://:secret@db.example:6380")
    'redis://db.example:6380'
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


@contextmanager
def open_server(
    target: Target,
    *,
    uri: str | None = None,
    user: str | None = None,
    database: str | None = None,
    falkordb_url: str | None = None,
    graph_name: str = "chainkg",
    timeout: float = 5.0,
    env: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """Open, check and finally close a connection; yields a :class:`Server`.

    Neo4j: ``uri`` or NEO4J_URI (``bolt://``, ``neo4j://``, ``neo4j+s://`` …), ``user`` or
    NEO4J_USERNAME (default ``neo4j``), the password only from NEO4J_PASSWORD, ``database`` or
    NEO4J_DATABASE (default: the server's). FalkorDB: ``falkordb_url`` or FALKORDB_URL
    (``redis://[:password@]host:port``, ``falkor://…``), graph ``graph_name``.
    """
    env = os.environ if env is None else env
    if target == "neo4j":
        with _open_neo4j(uri or env.get("NEO4J_URI", ""), user or env.get("NEO4J_USERNAME") or "neo4j",
                         env.get("NEO4J_PASSWORD", ""), database or env.get("NEO4J_DATABASE") or None,
                         timeout) as server:
            yield server
    else:
        with _open_falkordb(falkordb_url or env.get("FALKORDB_URL", ""), graph_name, timeout) as server:
            yield server


@contextmanager
def _open_neo4j(uri: str, user: str, password: str, database: str | None, timeout: float) -> Iterator[Neo4jServer]:
    if not uri:
        raise ConnectionFailed("no Neo4j server given: set NEO4J_URI or pass --uri")
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in NEO4J_SCHEMES:
        raise ConnectionFailed(f"Neo4j URI must start with bolt://, neo4j:// or neo4j+s://, got {safe_address(uri)!r}")
    import neo4j
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

    address = safe_address(uri)
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=timeout,
            connection_acquisition_timeout=2 * timeout,
            max_transaction_retry_time=2 * timeout,
        )
    except (ConfigurationError, ValueError) as err:
        raise ConnectionFailed(f"bad Neo4j URI {address}: {err}") from None
    try:
        try:
            driver.verify_connectivity()
        except AuthError:
            raise ConnectionFailed(f"Neo4j at {address} refused user {user!r}: wrong user name or password "
                                   "(NEO4J_USERNAME / NEO4J_PASSWORD)") from None
        except (ServiceUnavailable, OSError) as err:
            raise ConnectionFailed(f"cannot reach Neo4j at {address}: {_first_line(err)}") from None
        except Neo4jError as err:
            raise ConnectionFailed(f"Neo4j at {address}: {err.message or err.code}") from None
        yield Neo4jServer(driver, database=database, address=address)
    finally:
        driver.close()


@contextmanager
def _open_falkordb(url: str, graph_name: str, timeout: float) -> Iterator[FalkorServer]:
    if not url:
        raise ConnectionFailed("no FalkorDB server given: set FALKORDB_URL or pass --falkordb-url")
    import redis
    from falkordb import FalkorDB

    address = safe_address(url)
    try:  # the client talks to the server already while it is created (it asks for INFO)
        db = FalkorDB.from_url(url, socket_connect_timeout=timeout, socket_timeout=None)
        db.connection.ping()
    except ValueError as err:
        raise ConnectionFailed(f"bad FalkorDB URL {address}: {_first_line(err)}") from None
    except redis.exceptions.AuthenticationError:
        raise ConnectionFailed(f"FalkorDB at {address} refused the password (FALKORDB_URL)") from None
    except redis.exceptions.ResponseError as err:  # e.g. NOAUTH: the server wants a password
        raise ConnectionFailed(f"FalkorDB at {address}: {_first_line(err)}") from None
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as err:
        raise ConnectionFailed(f"cannot reach FalkorDB at {address}: {_first_line(err)}") from None
    try:
        yield FalkorServer(db.select_graph(graph_name), address=f"{address} graph {graph_name}")
    finally:
        db.connection.close()


def _first_line(err: BaseException) -> str:
    """The error's text on one line (drivers spread theirs over several), at most 300 characters."""
    text = " ".join(line.strip() for line in str(err).strip().splitlines() if line.strip())
    text = text or type(err).__name__
    return text if len(text) <= 300 else text[:297] + "..."
