"""Files for ``neo4j-admin database import full``: Neo4j's offline bulk loader (millions of rows/s).

Written beside the LOAD CSV tables by ``chainkg export --format csv`` (:func:`chainkg.graph.export.write_export`):
one ``import_nodes_<Label>.csv`` per label (header ``id:ID``, ``:LABEL``, typed properties such as
``seq:int``, ``raw:string[]``) and one ``import_rels_<TYPE>.csv`` per relationship type
(``:START_ID``, ``:END_ID``, ``:TYPE``, properties), plus ``neo4j-admin-import.sh`` running the import.
Node ids are global (``district:重庆市/璧山区``), so one id space serves every label. Arrays use
``|`` between items (``--array-delimiter="|"``, set by the script); a cell may hold a line break
(a district name split over two lines in the notice), so the script also passes ``--multiline-fields=true``. Every node and relationship
gets ``dataset = chainkg`` like a push, so ``chainkg db push --replace`` can take over later.
Into a new or empty, stopped database (``NEO4J_ADMIN`` = the neo4j-admin command if not on PATH)::

    sh out/neo4j-admin-import.sh neo4j
    NEO4J_ADMIN="python -m chainkg.graph.localserver neo4j-admin --dir ./neo4j-data" sh out/neo4j-admin-import.sh
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import networkx as nx

from chainkg.graph.schema import DATASET_PROPERTY, KEY, NODE_PROPERTIES, REL_PROPERTIES, Label, Rel
from chainkg.graph.statements import (
    BOOL_PROPERTIES,
    CSV_LIST_SEPARATOR,
    DEFAULT_DATASET,
    FLOAT_PROPERTIES,
    INT_PROPERTIES,
    LIST_PROPERTIES,
    to_property,
)

SCRIPT = "neo4j-admin-import.sh"


def _header(prop: str) -> str:
    if prop in LIST_PROPERTIES:
        return f"{prop}:string[]"
    if prop in INT_PROPERTIES:
        return f"{prop}:long"
    if prop in FLOAT_PROPERTIES:
        return f"{prop}:double"
    if prop in BOOL_PROPERTIES:
        return f"{prop}:boolean"
    return prop


def _cell(value: Any) -> str:
    value = to_property(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def neo4j_admin_tables(G: nx.MultiDiGraph, *, dataset: str = DEFAULT_DATASET) -> dict[str, str]:
    """The import files as ``{file name: text}`` (tables with rows only, and the args file).

    >>> from chainkg.graph.build import build_graph
    >>> tables = neo4j_admin_tables(build_graph(with_taxonomy=False))
    >>> tables["import_nodes_District.csv"].splitlines()[0].split(",")[:3]
    ['id:ID', ':LABEL', 'name']
    >>> tables["import_rels_TARGETS.csv"].splitlines()[0]
    ':START_ID,:END_ID,:TYPE,raw:string[],detail,sources:string[],dataset'
    """
    out: dict[str, str] = {}
    args = ['--array-delimiter="|"', "--multiline-fields=true"]
    for label in Label:
        members = sorted(n for n, d in G.nodes(data=True) if d.get("label") == label.value)
        if not members:
            continue
        props = [p for p in NODE_PROPERTIES[label] if p != KEY]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([f"{KEY}:ID", ":LABEL", *(_header(p) for p in props), DATASET_PROPERTY])
        for n in members:
            w.writerow([n, label.value, *(_cell(G.nodes[n].get(p)) for p in props), dataset])
        name = f"import_nodes_{label.value}.csv"
        out[name] = buf.getvalue()
        args.append(f"--nodes={name}")
    for rel in Rel:
        edges = sorted((u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == rel.value)
        if not edges:
            continue
        props = list(REL_PROPERTIES[rel])
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([":START_ID", ":END_ID", ":TYPE", *(_header(p) for p in props), DATASET_PROPERTY])
        for u, v, d in edges:
            w.writerow([u, v, rel.value, *(_cell(d.get(p)) for p in props), dataset])
        name = f"import_rels_{rel.value}.csv"
        out[name] = buf.getvalue()
        args.append(f"--relationships={name}")
    out[SCRIPT] = (
        "#!/bin/sh\n# Bulk-load these files into a new or empty, stopped Neo4j database (default: neo4j).\n"
        "# Written by chainkg export --format csv; see graph/neo4j_admin.py.\nset -e\ncd \"$(dirname \"$0\")\"\n"
        "# NEO4J_ADMIN: the neo4j-admin command (words split on spaces), e.g. for chainkg's local Neo4j\n"
        '#   NEO4J_ADMIN="python -m chainkg.graph.localserver neo4j-admin --dir ./neo4j-data"\n'
        '${NEO4J_ADMIN:-neo4j-admin} database import full "${1:-neo4j}" \\\n  '
        + " \\\n  ".join(args) + "\n"
    )
    return out


def write_neo4j_admin(G: nx.MultiDiGraph, out_dir: Path | str, *, dataset: str = DEFAULT_DATASET) -> list[Path]:
    """Write the neo4j-admin import files into ``out_dir`` (the caller makes it atomic); returns them."""
    folder = Path(out_dir)
    written = []
    for name, text in neo4j_admin_tables(G, dataset=dataset).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
