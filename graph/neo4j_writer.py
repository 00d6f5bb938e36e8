"""Push the graph to Neo4j with the official ``neo4j`` driver.

The caller owns the driver (``GraphDatabase.driver(...)``) and closes it. Every statement runs in
a managed write transaction (``session.execute_write``), which the driver retries on transient
errors (deadlocks, leader switches); the statements MERGE on stable keys, so a retried batch writes
nothing twice. Schema first: Neo4j 5 ``CREATE CONSTRAINT … IF NOT EXISTS … REQUIRE n.id IS UNIQUE``
and ``CREATE INDEX … IF NOT EXISTS`` (:func:`chainkg.graph.statements.neo4j_schema_statements`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chainkg.errors import ConnectionFailed
from chainkg.graph.push import Progress, PushResult, run_push
from chainkg.graph.statements import DEFAULT_DATASET, neo4j_schema_statements

if TYPE_CHECKING:
    import networkx as nx
    from neo4j import Driver, ManagedTransaction

DEFAULT_BATCH_SIZE = 1_000


def _count(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> int:
    # Consume inside the transaction function: the driver may call it again on a transient error.
    record = tx.run(query, params).single()
    return int(record[0]) if record is not None and len(record) else 0


def write_neo4j(
    G: nx.MultiDiGraph,
    driver: Driver,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    dataset: str = DEFAULT_DATASET,
    progress: Progress | None = None,
) -> PushResult:
    """MERGE every node and relationship of ``G`` into Neo4j; idempotent.

    ``replace`` first deletes the nodes (and their relationships) this ``dataset`` wrote before,
    nothing else. A lost connection raises
    :class:`~chainkg.errors.ConnectionFailed`; re-running the push is safe.

    Example (needs a running server, e.g. ``python -m chainkg.graph.localserver neo4j --dir DIR``)::

        from neo4j import GraphDatabase
        with GraphDatabase.driver("bolt://127.0.0.1:7687", auth=None) as driver:
            print(write_neo4j(G, driver, replace=True).total)
    """
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

    with driver.session(database=database) as session:

        def execute(query: str, params: dict[str, Any]) -> int:
            return session.execute_write(_count, query, params)

        def create_schema() -> None:
            for statement in neo4j_schema_statements():
                session.execute_write(_count, statement, {})

        try:
            return run_push(
                G,
                execute,
                create_schema,
                dataset=dataset,
                batch_size=batch_size,
                replace=replace,
                progress=progress,
            )
        except AuthError as err:
            raise ConnectionFailed("Neo4j refused the user name or password") from err
        except (ServiceUnavailable, SessionExpired) as err:
            raise ConnectionFailed(
                f"lost the connection to Neo4j during the push ({type(err).__name__}); the push is safe to re-run"
            ) from err
