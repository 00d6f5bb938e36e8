"""Exporting the graph as files: node-link JSON, GraphML, or CSV tables (one per label and per
relationship type, columns from the schema), for spreadsheets and Neo4j's LOAD CSV.

CSV conventions: UTF-8, header row, list values joined with ``|`` (split them in Cypher with
``split(row.sources, '|')``), booleans as ``true``/``false``, missing values empty.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from chainkg.errors import InputError
from chainkg.graph.io import write_graph
from chainkg.graph.neo4j_admin import write_neo4j_admin
from chainkg.graph.schema import KEY, NODE_PROPERTIES, REL_PROPERTIES, Label, Rel
from chainkg.graph.statements import CSV_LIST_SEPARATOR

EXPORT_FORMATS = ("json", "graphml", "csv")
# one separator for the CSV cells and the Cypher that splits them (load_csv.cypher, neo4j-admin)
LIST_SEPARATOR = CSV_LIST_SEPARATOR


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def node_csv_name(label: Label) -> str:
    """File name of a label's node table, e.g. ``nodes_District.csv``."""
    return f"nodes_{label.value}.csv"


def rel_csv_name(rel: Rel) -> str:
    """File name of a relationship type's table, e.g. ``rels_TARGETS.csv``."""
    return f"rels_{rel.value}.csv"


def csv_tables(G: nx.MultiDiGraph) -> dict[str, str]:
    """The CSV tables of ``G`` as ``{file name: text}``.

    Node tables have the columns of ``NODE_PROPERTIES[label]`` (``id`` first); relationship tables
    ``start_id, end_id, start_label, end_label`` then ``REL_PROPERTIES[type]``.

    >>> from chainkg.graph.build import build_graph
    >>> tables = csv_tables(build_graph(with_taxonomy=False))
    >>> tables["rels_TARGETS.csv"].splitlines()[0]
    'start_id,end_id,start_label,end_label,raw,detail,sources'
    """
    out: dict[str, str] = {}
    for label in Label:
        cols = NODE_PROPERTIES[label]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for n, d in sorted(G.nodes(data=True)):
            if d.get("label") == label.value:
                w.writerow([_cell(n if c == KEY else d.get(c)) for c in cols])
        out[node_csv_name(label)] = buf.getvalue()
    for rel in Rel:
        cols = REL_PROPERTIES[rel]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["start_id", "end_id", "start_label", "end_label", *cols])
        for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
            if k == rel.value:
                w.writerow([u, v, G.nodes[u]["label"], G.nodes[v]["label"], *(_cell(d.get(c)) for c in cols)])
        out[rel_csv_name(rel)] = buf.getvalue()
    return out


def write_export(G: nx.MultiDiGraph, out_dir: Path | str, fmt: str) -> list[Path]:
    """Write ``G`` into ``out_dir`` in ``fmt`` (json, graphml, csv); returns the files written.

    All files are written to a temporary folder first and moved in only when every one succeeded,
    so a failure leaves ``out_dir`` as it was.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(str(out_dir), f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".chainkg-export.", dir=out))
    try:
        if fmt in ("json", "graphml"):
            write_graph(G, tmp / f"graph.{fmt}")
        else:
            for name, text in csv_tables(G).items():
                (tmp / name).write_text(text, encoding="utf-8")
            write_neo4j_admin(G, tmp)
        written = []
        for f in sorted(tmp.iterdir()):
            os.replace(f, out / f.name)
            written.append(out / f.name)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
