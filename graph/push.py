"""The push loop both graph-server writers share: optional replace, schema, then data batches.

A writer supplies two callables — ``execute(query, params) -> int`` (runs one statement and returns
its single count column) and ``create_schema()`` — and this module does the rest the same way for
every server: check the graph against the schema, delete our previous data when asked, create
constraints/indexes, send every batch, check each batch wrote all its rows, and report progress.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chainkg.errors import SchemaError
from chainkg.graph.schema import Label
from chainkg.graph.statements import DELETE_BATCH, check_graph, delete_statement, iter_batches

if TYPE_CHECKING:
    import networkx as nx

Progress = Callable[[str, int, int], None]
"""``progress(what, done, total)``: ``what`` is a label or relationship type; done/total count rows."""

Execute = Callable[[str, dict[str, Any]], int]


@dataclass
class PushResult:
    """What a push wrote: rows per label / relationship type, rows deleted first, batches, seconds."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    deleted: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        """Nodes plus relationships written."""
        return sum(self.nodes.values()) + sum(self.relationships.values())


def run_push(
    G: nx.MultiDiGraph,
    execute: Execute,
    create_schema: Callable[[], None] | None,
    *,
    dataset: str,
    batch_size: int,
    replace: bool,
    progress: Progress | None,
) -> PushResult:
    """Push ``G`` through ``execute``; see the module docstring."""
    if not dataset:
        raise ValueError("dataset must be a non-empty string")
    started = time.perf_counter()
    total = check_graph(G)  # before touching the server: schema errors first
    result = PushResult()
    if replace:
        for label in Label:
            while n := execute(delete_statement(label), {"dataset": dataset, "limit": DELETE_BATCH}):
                result.deleted += n
    if create_schema is not None:
        create_schema()
    done = 0
    written: Counter[str] = Counter()
    node_labels = {label.value for label in Label}
    if progress:
        progress("", 0, total)
    for batch in iter_batches(G, batch_size=batch_size):  # rows built lazily, label by label
        n = execute(batch.query, {"rows": batch.rows, "dataset": dataset})
        if n != len(batch.rows):
            # Relationship rows whose end nodes are missing are skipped by MATCH: say so, don't hide it.
            raise SchemaError(
                f"{batch.what}: the server wrote {n} of {len(batch.rows)} rows "
                "(a relationship whose start or end node is not in the graph?)"
            )
        written[batch.what] += n
        done += n
        result.batches += 1
        if progress:
            progress(batch.what, done, total)
    result.nodes = {k: v for k, v in written.items() if k in node_labels}
    result.relationships = {k: v for k, v in written.items() if k not in node_labels}
    result.seconds = time.perf_counter() - started
    return result
