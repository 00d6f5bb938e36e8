"""Cypher the graph-server writers send, generated from :mod:`chainkg.graph.schema` — and the rows they send.

One generator for both servers: the schema statements differ per server (Neo4j 5 named
constraints ``IF NOT EXISTS``; FalkorDB an exact-match index plus ``GRAPH.CONSTRAINT``), the data
statements are the same text on both: ``UNWIND $rows AS row MERGE (n:Label {id: row.id}) SET …``
per label, and per relationship type and endpoint label pair
``UNWIND $rows AS row MATCH (a…) MATCH (b…) MERGE (a)-[r:TYPE]->(b) SET …``.

Rules that keep this safe and repeatable:

* labels, relationship types and property keys come only from :mod:`chainkg.graph.schema` (they are
  pasted into the text; every value travels as a parameter: ``$rows``, ``$dataset``, ``$limit``);
* MERGE on the stable ``id`` of each node (a relationship is keyed by its two nodes and its type,
  as in the networkx form), so pushing twice leaves the same counts;
* everything written carries ``dataset = $dataset`` (:data:`chainkg.graph.schema.DATASET_PROPERTY`), and
  ``--replace`` deletes only our labels' nodes whose ``dataset`` is ours;
* graph servers store only primitives and lists of primitives: list-valued properties
  (``sources``, ``raw``, ``aliases`` …) stay lists; a map (or a list holding maps or mixed types)
  is stored as a JSON string (:func:`to_property`).

>>> print(node_statement(Label.PARK))
UNWIND $rows AS row
MERGE (n:Park {id: row.id})
SET n.name = row.name, n.name_en = row.name_en, n.full_name = row.full_name, n.zone = row.zone, n.district = row.district, n.raw = row.raw, n.sources = row.sources, n.dataset = $dataset
RETURN count(n) AS written
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chainkg.errors import SchemaError
from chainkg.graph.schema import (
    DATASET_PROPERTY,
    INDEXED,
    KEY,
    NODE_PROPERTIES,
    REL_PROPERTIES,
    UNIQUE_KEYS,
    Label,
    Rel,
    all_endpoints,
    label_of,
)

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_DATASET = "chainkg"
"""Value of the ``dataset`` property a push sets unless told otherwise."""

PARAMETERS: dict[str, Any] = {"rows": [], "dataset": DEFAULT_DATASET, "limit": 10_000, "base": "file:///chainkg"}
"""Every parameter the writer statements use (declared to the Cypher linter)."""

ROW_KEYS = ("start", "end", "start_id", "end_id", "start_label", "end_label")
"""Keys of relationship rows (``$rows`` items, CSV columns) besides the properties."""

DELETE_BATCH = 10_000
"""Nodes removed per statement by ``replace`` (keeps each Neo4j transaction small)."""


def _props(label: Label) -> tuple[str, ...]:
    return tuple(p for p in NODE_PROPERTIES[label] if p != KEY)


def node_statement(label: Label) -> str:
    """MERGE one batch of ``label`` nodes (``$rows``: dicts with ``id`` and the properties)."""
    sets = [f"n.{p} = row.{p}" for p in _props(label)]
    sets.append(f"n.{DATASET_PROPERTY} = $dataset")
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{label.value} {{{KEY}: row.{KEY}}})\n"
        f"SET {', '.join(sets)}\n"
        "RETURN count(n) AS written"
    )


def rel_statement(rel: Rel, start: Label, end: Label) -> str:
    """MERGE one batch of ``rel`` relationships (``$rows``: dicts with ``start``, ``end``, properties).

    >>> print(rel_statement(Rel.LOCATED_IN, Label.PARK, Label.DISTRICT))
    UNWIND $rows AS row
    MATCH (a:Park {id: row.start})
    MATCH (b:District {id: row.end})
    MERGE (a)-[r:LOCATED_IN]->(b)
    SET r.sources = row.sources, r.dataset = $dataset
    RETURN count(r) AS written
    """
    sets = [f"r.{p} = row.{p}" for p in REL_PROPERTIES[rel]]
    sets.append(f"r.{DATASET_PROPERTY} = $dataset")
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{start.value} {{{KEY}: row.start}})\n"
        f"MATCH (b:{end.value} {{{KEY}: row.end}})\n"
        f"MERGE (a)-[r:{rel.value}]->(b)\n"
        f"SET {', '.join(sets)}\n"
        "RETURN count(r) AS written"
    )


def delete_statement(label: Label) -> str:
    """Delete up to ``$limit`` of our ``label`` nodes (and their relationships); returns how many.

    Only nodes whose ``dataset`` is ``$dataset``: anything else in the database is left alone.
    """
    return (
        f"MATCH (n:{label.value}) WHERE n.{DATASET_PROPERTY} = $dataset\n"
        "WITH n LIMIT $limit\n"
        "DETACH DELETE n\n"
        "RETURN count(*) AS deleted"
    )


def neo4j_schema_statements() -> list[str]:
    """Neo4j 5 constraints (unique ``id`` per label) and indexes, each ``IF NOT EXISTS``.

    >>> neo4j_schema_statements()[0]
    'CREATE CONSTRAINT chainkg_document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE'
    """
    out = [
        f"CREATE CONSTRAINT chainkg_{label.value.lower()}_{key} IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.{key} IS UNIQUE"
        for label, key in UNIQUE_KEYS.items()
    ]
    out += [
        f"CREATE INDEX chainkg_{label.value.lower()}_{prop} IF NOT EXISTS FOR (n:{label.value}) ON (n.{prop})"
        for label, props in INDEXED.items()
        for prop in props
    ]
    # No index on ``dataset``: one or two values per database select nothing; it only slows writes.
    return out


def falkordb_index_statements() -> list[tuple[Label, str, str]]:
    """(label, property, statement) of each FalkorDB exact-match index: ``id`` first, then extras.

    FalkorDB has no ``IF NOT EXISTS``; the writer skips indexes ``CALL db.indexes()`` already lists.
    The unique constraint on ``id`` is a separate ``GRAPH.CONSTRAINT`` command that needs this index.
    """
    pairs = [(label, key) for label, key in UNIQUE_KEYS.items()]
    pairs += [(label, prop) for label, props in INDEXED.items() for prop in props]
    return [(label, prop, f"CREATE INDEX FOR (n:{label.value}) ON (n.{prop})") for label, prop in pairs]


def rel_endpoint_pairs() -> list[tuple[Rel, Label, Label]]:
    """Every (type, start label, end label) the schema allows, in push order."""
    return [(rel, start, end) for rel in Rel for start, end in all_endpoints(rel)]


def data_statements() -> list[str]:
    """Every data statement a push can send (for the linter)."""
    return (
        [node_statement(label) for label in Label]
        + [rel_statement(*pair) for pair in rel_endpoint_pairs()]
        + [delete_statement(label) for label in Label]
    )


def to_property(value: Any) -> Any:
    """A networkx attribute as a graph-server property value (``None``: leave unset).

    Primitives pass; tuples, lists and sets become lists when their items are primitives of one
    kind (sets sorted); maps and other nested values become a JSON string (servers reject maps).

    >>> to_property(("渝经信园区〔2022〕26号",))
    ['渝经信园区〔2022〕26号']
    >>> to_property({"lat": 29.5})
    '{"lat": 29.5}'
    >>> to_property(float("nan")) is None
    True
    """
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        items = list(value)
        kinds = {_kind(x) for x in items}
        if len(kinds) <= 1 and None not in kinds and "other" not in kinds:
            return items
        return json.dumps(items, ensure_ascii=False, sort_keys=True, default=str)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _kind(x: Any) -> str | None:
    if x is None:
        return None
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, (int, float)):
        return "number"
    if isinstance(x, str):
        return "str"
    return "other"


_PRIMITIVE = (str, int, float, bool)


def _row(base: dict[str, Any], attrs: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    for key in keys:
        value = attrs.get(key)
        if value is None:
            continue
        kind = type(value)
        # Fast paths (most values): a plain value, or a list of strings; the rest via to_property.
        if (kind in _PRIMITIVE and value == value) or (kind is list and all(type(x) is str for x in value)):
            base[key] = value
        elif (value := to_property(value)) is not None:
            base[key] = value
    return base


def _labels(G: nx.MultiDiGraph) -> dict[str, Label]:
    """The Label of every node (from its ``label`` attribute, else its id prefix)."""
    by_value = {label.value: label for label in Label}
    out: dict[str, Label] = {}
    for node, raw in G.nodes(data="label"):
        label = by_value.get(raw) if raw is not None else None
        if label is None:
            if raw is not None:
                raise SchemaError(f"node {node!r}: label {raw!r} is not one of {', '.join(Label)}")
            try:
                label = label_of(node)
            except ValueError:
                raise SchemaError(f"node {node!r} has no label and its id names none") from None
        out[node] = label
    return out


def node_rows(G: nx.MultiDiGraph) -> dict[Label, list[dict[str, Any]]]:
    """Rows per label for :func:`node_statement` (sorted by id, so pushes are reproducible)."""
    labels = _labels(G)
    props = {label: _props(label) for label in Label}
    rows: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    for node in sorted(G.nodes):
        label = labels[node]
        rows[label].append(_row({KEY: node}, G.nodes[node], props[label]))
    return rows


def rel_rows(G: nx.MultiDiGraph) -> dict[tuple[Rel, Label, Label], list[dict[str, Any]]]:
    """Rows per (type, start label, end label) for :func:`rel_statement`.

    Raises :class:`SchemaError` for an edge whose type or endpoint labels the schema does not allow.
    """
    allowed = set(rel_endpoint_pairs())
    labels = _labels(G)
    by_value = {rel.value: rel for rel in Rel}
    rows: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = defaultdict(list)
    for u, v, key, attrs in _sorted_edges(G):
        raw_type = attrs.get("type", key)
        rel = by_value.get(raw_type)
        if rel is None:
            raise SchemaError(f"edge {u!r} -> {v!r}: type {raw_type!r} is not one of {', '.join(Rel)}")
        pair = (rel, labels[u], labels[v])
        if pair not in allowed:
            raise SchemaError(
                f"edge {u!r} -[{rel.value}]-> {v!r}: the schema does not allow {pair[1].value}-[{rel.value}]->{pair[2].value}"
            )
        rows[pair].append(_row({"start": u, "end": v}, attrs, REL_PROPERTIES[rel]))
    return rows


def _sorted_edges(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, Any, dict[str, Any]]]:
    """Edges ordered by (start, end, key). Walks networkx's adjacency dict (``G._adj``, the
    structure its own algorithms use): 3x faster than ``G.edges(data=True)`` at 300,000 edges."""
    adj = G._adj
    for u in sorted(adj):
        nbrs = adj[u]
        for v in sorted(nbrs):
            for key in sorted(nbrs[v], key=str):
                yield u, v, key, nbrs[v][key]


@dataclass(frozen=True)
class Batch:
    """One statement execution of a push: ``what`` is a label or a relationship type."""

    what: str
    query: str
    rows: list[dict[str, Any]]


def batched(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Consecutive chunks of ``rows``, ``size`` each (the last may be shorter).

    >>> [len(b) for b in batched([{}] * 5, 2)]
    [2, 2, 1]
    """
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def iter_batches(G: nx.MultiDiGraph, *, batch_size: int) -> Iterator[Batch]:
    """The data batches of a push, lazily: nodes (every label) before relationships."""
    rows_by_label = node_rows(G)
    for label in Label:
        q = node_statement(label)
        for chunk in batched(rows_by_label.pop(label, []), batch_size):
            yield Batch(label.value, q, chunk)
    rows_by_pair = rel_rows(G)
    for pair in rel_endpoint_pairs():
        q = rel_statement(*pair)
        for chunk in batched(rows_by_pair.pop(pair, []), batch_size):
            yield Batch(pair[0].value, q, chunk)


def plan_batches(G: nx.MultiDiGraph, *, batch_size: int) -> list[Batch]:
    """All data batches of a push (see :func:`iter_batches`)."""
    return list(iter_batches(G, batch_size=batch_size))


def check_graph(G: nx.MultiDiGraph) -> int:
    """Raise :class:`SchemaError` for a label, type or endpoint pair the schema does not allow;
    return the number of rows a push sends (nodes + relationships). Cheap: builds no rows.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("park:重庆市/璧山区/x", label="Park")
    >>> check_graph(G)
    1
    """
    allowed = set(rel_endpoint_pairs())
    labels = _labels(G)
    by_value = {rel.value: rel for rel in Rel}
    for u, nbrs in G._adj.items():
        for v, keys in nbrs.items():
            for key, attrs in keys.items():
                raw_type = attrs.get("type", key)
                rel = by_value.get(raw_type)
                if rel is None:
                    raise SchemaError(f"edge {u!r} -> {v!r}: type {raw_type!r} is not one of {', '.join(Rel)}")
                if (rel, labels[u], labels[v]) not in allowed:
                    raise SchemaError(f"edge {u!r} -[{rel.value}]-> {v!r}: the schema does not allow "
                                      f"{labels[u].value}-[{rel.value}]->{labels[v].value}")
    return G.number_of_nodes() + G.number_of_edges()


def lint_schema() -> dict[str, Any]:
    """The graph schema as Neo4j's Cypher linter wants it (labels, types, property keys, parameters)."""
    keys = {KEY, DATASET_PROPERTY, *ROW_KEYS}
    for props in NODE_PROPERTIES.values():
        keys.update(props)
    for props in REL_PROPERTIES.values():
        keys.update(props)
    return {
        "labels": [label.value for label in Label],
        "relationshipTypes": [rel.value for rel in Rel],
        "propertyKeys": sorted(keys),
        "parameters": dict(PARAMETERS),
    }


LABEL_COUNTS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
"""Nodes per label on the server (all of them, not only chainkg's)."""

TYPE_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
"""Relationships per type on the server."""


# Property value types the CSV exports flatten to text (everything else is a string). A test
# checks them against the built graph, so a new list/number property cannot slip through.
LIST_PROPERTIES = frozenset({"addressees", "raw", "sources", "aliases", "keywords"})
INT_PROPERTIES = frozenset({"seq", "row"})
FLOAT_PROPERTIES = frozenset({"lat", "lon", "weight"})
BOOL_PROPERTIES = frozenset({"umbrella"})
CSV_LIST_SEPARATOR = "|"  # list cells of the CSV export (chainkg.graph.export uses this constant)


def _csv_value(prop: str) -> str:
    cell = f"row.{prop}"
    if prop in LIST_PROPERTIES:
        return f"split({cell}, '{CSV_LIST_SEPARATOR}')"
    if prop in INT_PROPERTIES:
        return f"toInteger({cell})"
    if prop in FLOAT_PROPERTIES:
        return f"toFloat({cell})"
    if prop in BOOL_PROPERTIES:
        return f"toBoolean({cell})"
    return cell


def load_csv_statements() -> list[str]:
    """LOAD CSV statements for the tables of ``chainkg export --format csv`` (``$base``: folder URL).

    Empty cells load as null (property not set); list cells are split on ``|``; numbers converted.
    """
    out = []
    for label in Label:
        sets = [f"n.{p} = {_csv_value(p)}" for p in _props(label)] + [f"n.{DATASET_PROPERTY} = $dataset"]
        out.append(
            f"LOAD CSV WITH HEADERS FROM $base + '/nodes_{label.value}.csv' AS row\n"
            f"MERGE (n:{label.value} {{{KEY}: row.{KEY}}})\n"
            f"SET {', '.join(sets)}"
        )
    for rel, start, end in rel_endpoint_pairs():
        sets = [f"r.{p} = {_csv_value(p)}" for p in REL_PROPERTIES[rel]] + [f"r.{DATASET_PROPERTY} = $dataset"]
        out.append(
            f"LOAD CSV WITH HEADERS FROM $base + '/rels_{rel.value}.csv' AS row\n"
            f"WITH row WHERE row.start_label = '{start.value}' AND row.end_label = '{end.value}'\n"
            f"MATCH (a:{start.value} {{{KEY}: row.start_id}})\n"
            f"MATCH (b:{end.value} {{{KEY}: row.end_id}})\n"
            f"MERGE (a)-[r:{rel.value}]->(b)\n"
            f"SET {', '.join(sets)}"
        )
    return out


SCHEMA_CYPHER_HEADER = """\
// Purpose: Neo4j 5 schema for chainkg: a unique id per label, indexes on name and dataset.
//   Generated from graph/schema.py (python -m chainkg.graph.statements); run once before loading,
//   e.g. cypher-shell -f cypher/schema.cypher. Safe to re-run (IF NOT EXISTS).
// Parameters: none
// Returns: nothing
// Runs on: Neo4j
// Neo4j only: FalkorDB has no named or IF NOT EXISTS constraints (chainkg db push creates its own)
"""

LOAD_CSV_HEADER = """\
// Purpose: Load the CSV tables of `chainkg export --format csv` into Neo4j with LOAD CSV.
//   Generated from graph/schema.py (python -m chainkg.graph.statements). Run cypher/schema.cypher first,
//   copy the tables into Neo4j's import folder, then e.g.
//   cypher-shell -P 'base => "file:///chainkg"' -P 'dataset => "chainkg"' -f cypher/load_csv.cypher
//   MERGE on id: safe to re-run. For millions of rows prefer neo4j-admin import (see README).
// Parameters: $base — URL of the folder holding nodes_<Label>.csv and rels_<TYPE>.csv; $dataset — value of the dataset property (chainkg)
//   FalkorDB runs it too: start it with IMPORT_FOLDER <folder> and pass base => "file://".
// Returns: nothing
// Runs on: Neo4j, FalkorDB
"""


def schema_cypher() -> str:
    """Text of ``cypher/schema.cypher``."""
    return SCHEMA_CYPHER_HEADER + "\n" + "".join(s + ";\n" for s in neo4j_schema_statements())


def load_csv_cypher() -> str:
    """Text of ``cypher/load_csv.cypher``."""
    return LOAD_CSV_HEADER + "\n" + "\n".join(s + ";\n" for s in load_csv_statements())


if __name__ == "__main__":  # regenerate the two generated cookbook files
    from chainkg.graph.cypherfiles import CYPHER_DIR

    CYPHER_DIR.mkdir(exist_ok=True)
    (CYPHER_DIR / "schema.cypher").write_text(schema_cypher(), encoding="utf-8")
    (CYPHER_DIR / "load_csv.cypher").write_text(load_csv_cypher(), encoding="utf-8")
