"""Push the graph to FalkorDB with its own client (``falkordb``), over its native protocol.

The caller owns the connection: pass a ``falkordb.Graph`` (``FalkorDB(...).select_graph(name)``).
FalkorDB escapes parameters itself and loads about 100,000 nodes a second here, so batches can be
large (default 5,000 rows). It has no ``IF NOT EXISTS``: indexes and the unique constraint on ``id``
are created only when ``CALL db.indexes()`` / ``CALL db.constraints()`` do not list them yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chainkg.errors import ConnectionFailed
from chainkg.graph.push import Progress, PushResult, run_push
from chainkg.graph.schema import UNIQUE_KEYS
from chainkg.graph.statements import DEFAULT_DATASET, falkordb_index_statements

if TYPE_CHECKING:
    import networkx as nx
    from falkordb import Graph

DEFAULT_BATCH_SIZE = 5_000


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' if text else '""'


def param_literal(value: Any) -> str:
    """A parameter value as FalkorDB's ``CYPHER name=value`` header spells it — the same text as
    the falkordb client's ``stringify_param_value`` (a test compares them on random values), with
    fast paths for the flat rows the writer sends.

    >>> param_literal([{"id": 'a"b', "n": 1, "tags": ["x", None]}])
    '[{`id`:"a\\\\"b",`n`:1,`tags`:["x",null]}]'
    """
    kind = type(value)
    if kind is str:
        return _quote(value)
    if value is None:
        return "null"
    if kind is list or kind is tuple:
        return "[" + ",".join([param_literal(v) for v in value]) + "]"
    if kind is dict:
        parts = []
        for key, item in value.items():
            name = key.decode() if isinstance(key, bytes) else str(key)
            if not name or "`" in name:
                raise ValueError(f"map key {name!r} cannot be sent to FalkorDB (empty or with a backtick)")
            parts.append(f"`{name}`:{param_literal(item)}")
        return "{" + ",".join(parts) + "}"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join([param_literal(v) for v in value]) + "]"
    if isinstance(value, dict):
        return param_literal(dict(value))
    return str(value)


def params_header(params: dict[str, Any]) -> str:
    """The ``CYPHER `name`=value …`` header that carries ``params`` with a query (FalkorDB's
    parameter protocol; values are never spliced into the query body)."""
    if not params:
        return ""
    return "CYPHER " + "".join(f"`{name}`={param_literal(value)} " for name, value in params.items())


def write_falkordb(
    G: nx.MultiDiGraph,
    graph: Graph,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    dataset: str = DEFAULT_DATASET,
    progress: Progress | None = None,
    schema: bool = True,
) -> PushResult:
    """MERGE every node and relationship of ``G`` into the FalkorDB ``graph``; idempotent.

    ``replace`` first deletes the nodes (and their relationships) this ``dataset`` wrote before,
    nothing else. ``schema`` creates the indexes and unique-``id`` constraints first. A lost
    connection raises :class:`~chainkg.errors.ConnectionFailed`; re-running the push is safe.

    Example (needs a running server)::

        from falkordb import FalkorDB
        result = write_falkordb(G, FalkorDB(port=6379).select_graph("chainkg"), replace=True)
        print(result.nodes, result.relationships)
    """
    import redis

    def execute(query: str, params: dict[str, Any]) -> int:
        # params_header() produces exactly the client's own parameter header, only faster: the
        # client's generic encoder was half of a large push (see benchmarks/bench_db_push.py)
        result = graph.query(params_header(params) + query)
        return int(result.result_set[0][0]) if result.result_set else 0

    def create_schema() -> None:
        _create_schema(graph)

    try:
        return run_push(
            G,
            execute,
            create_schema if schema else None,
            dataset=dataset,
            batch_size=batch_size,
            replace=replace,
            progress=progress,
        )
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as err:
        raise ConnectionFailed(f"lost the connection to FalkorDB during the push ({type(err).__name__}); "
                               "the push is safe to re-run") from err


def _create_schema(graph: Graph) -> None:
    indexed = {(row[0], prop) for row in graph.query("CALL db.indexes()").result_set for prop in row[1]}
    for label, prop, statement in falkordb_index_statements():
        if (label.value, prop) not in indexed:
            graph.query(statement)
    constrained = {(row[1], tuple(row[2])) for row in graph.query("CALL db.constraints()").result_set if row[0] == "UNIQUE"}
    for label, key in UNIQUE_KEYS.items():
        if (label.value, (key,)) not in constrained:
            graph.create_node_unique_constraint(label.value, key)
