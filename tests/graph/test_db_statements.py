"""The statement generator and the rows it sends: schema-only identifiers, values as parameters,
property values servers accept, and the neo4j-admin import files."""

from __future__ import annotations

import csv
import io
import math
import re

import networkx as nx
import pytest

from chainkg.errors import SchemaError
from chainkg.graph import statements as st
from chainkg.graph.build import build_graph
from chainkg.graph.neo4j_admin import SCRIPT, neo4j_admin_tables
from chainkg.graph.schema import NODE_PROPERTIES, REL_PROPERTIES, Label, Rel
from tests.fixtures_db import sample_graph, tricky_graph


@pytest.mark.parametrize("value, expected", [
    ("九龙坡区", "九龙坡区"),
    (3, 3),
    (True, True),
    (("a", "b"), ["a", "b"]),
    ({"b", "a"}, ["a", "b"]),
    ([1, 2.5], [1, 2.5]),
    ([], []),
    ({"lat": 29.5, "名": "x"}, '{"lat": 29.5, "名": "x"}'),
    (["a", 1], '["a", 1]'),
    ([{"a": 1}], '[{"a": 1}]'),
    (["a", None], '["a", null]'),
    (None, None),
    (float("nan"), None),
])
def test_to_property(value, expected) -> None:
    assert st.to_property(value) == expected


def test_numpy_scalars_become_python_numbers() -> None:
    np = pytest.importorskip("numpy")
    assert type(st.to_property(np.int64(3))) is int and st.to_property(np.float64(0.5)) == 0.5


def test_rows_carry_only_schema_properties_and_skip_missing_ones() -> None:
    G = nx.MultiDiGraph()
    G.add_node("district:重庆市/璧山区", label="District", name="璧山区", seq=6, lat=math.nan, raw=("璧山",),
               not_in_schema="dropped")
    [row] = st.node_rows(G)[Label.DISTRICT]
    assert row == {"id": "district:重庆市/璧山区", "name": "璧山区", "seq": 6, "raw": ["璧山"]}


def test_unknown_label_or_type_is_a_schema_error() -> None:
    G = nx.MultiDiGraph()
    G.add_node("company:x", label="Company")
    with pytest.raises(SchemaError, match="label 'Company' is not one of"):
        st.node_rows(G)
    G = sample_graph()
    G.add_edge("district:重庆市/璧山区", "park:重庆市/璧山区/璧山高新区", key="OWNS", type="OWNS")
    with pytest.raises(SchemaError, match="type 'OWNS' is not one of"):
        st.rel_rows(G)


def test_statements_paste_no_values() -> None:
    """Identifiers come from the schema; every value is a $parameter (no string literal at all
    in the push statements), whatever the data holds."""
    G = tricky_graph()
    batches = st.plan_batches(G, batch_size=4)
    texts = {b.query for b in batches} | set(st.data_statements()) | set(st.neo4j_schema_statements())
    for text in texts:
        assert "'" not in text and '"' not in text
    assert {b.query for b in batches} <= set(st.data_statements())
    names = set(re.findall(r":([A-Za-z_]+)", " ".join(texts)))
    assert names <= {label.value for label in Label} | {rel.value for rel in Rel}


def test_batches_cover_every_row_once_nodes_first() -> None:
    G = sample_graph()
    batches = st.plan_batches(G, batch_size=3)
    assert all(1 <= len(b.rows) <= 3 for b in batches)
    node_ids = [r["id"] for b in batches if "MERGE (n:" in b.query for r in b.rows]
    assert sorted(node_ids) == sorted(G.nodes)
    rels = [(r["start"], r["end"]) for b in batches if "MERGE (a)-" in b.query for r in b.rows]
    assert sorted(rels) == sorted((u, v) for u, v in G.edges())
    first_rel = next(i for i, b in enumerate(batches) if "MERGE (a)-" in b.query)
    assert all("MERGE (n:" in b.query for b in batches[:first_rel])
    with pytest.raises(ValueError):
        list(st.batched([{}], 0))


def test_typed_property_sets_match_the_built_graph() -> None:
    """The list/number/bool property sets (CSV and neo4j-admin typing) agree with the graph the
    builder makes, and every attribute it sets is in the schema (nothing silently dropped)."""
    G = build_graph()
    for G_ in (G, sample_graph()):
        for n, attrs in G_.nodes(data=True):
            for key, value in attrs.items():
                if key == "label":
                    continue
                assert key in NODE_PROPERTIES[Label(attrs["label"])], (n, key)
                _check_type(key, value)
        for u, v, k, attrs in G_.edges(keys=True, data=True):
            for key, value in attrs.items():
                if key != "type":
                    assert key in REL_PROPERTIES[Rel(k)], (u, v, k, key)
                    _check_type(key, value)


def _check_type(key: str, value: object) -> None:
    if isinstance(value, (list, tuple)):
        assert key in st.LIST_PROPERTIES, key
    elif isinstance(value, bool):
        assert key in st.BOOL_PROPERTIES, key
    elif isinstance(value, int):
        assert key in st.INT_PROPERTIES, key
    elif isinstance(value, float):
        assert key in st.FLOAT_PROPERTIES, key
    else:
        assert key not in st.LIST_PROPERTIES | st.INT_PROPERTIES | st.FLOAT_PROPERTIES | st.BOOL_PROPERTIES, key


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("make", [build_graph, sample_graph])
def test_neo4j_admin_files_describe_the_whole_graph(make) -> None:
    """Read the files the way neo4j-admin does: typed headers, a global id space, every
    relationship endpoint defined, arrays split on |, and the script names every file."""
    G = make()
    tables = neo4j_admin_tables(G)
    ids: dict[str, str] = {}
    for name, text in tables.items():
        if name.startswith("import_nodes_"):
            header = text.splitlines()[0].split(",")
            assert header[:2] == ["id:ID", ":LABEL"] and header[-1] == "dataset"
            for row in _read(text):
                assert row["id:ID"] not in ids
                ids[row["id:ID"]] = row[":LABEL"]
                attrs = G.nodes[row["id:ID"]]
                assert row[":LABEL"] == attrs["label"]
                for col, cell in row.items():
                    prop, _, typ = col.partition(":")
                    if typ == "string[]" and prop in attrs:
                        assert cell.split("|") == list(attrs[prop]) or (cell == "" and not attrs[prop])
                    elif typ in ("long", "double") and prop in attrs:
                        assert float(cell) == attrs[prop]
    assert ids == {n: d["label"] for n, d in G.nodes(data=True)}
    rels = []
    for name, text in tables.items():
        if name.startswith("import_rels_"):
            assert text.splitlines()[0].startswith(":START_ID,:END_ID,:TYPE,")
            for row in _read(text):
                assert row[":START_ID"] in ids and row[":END_ID"] in ids
                rels.append((row[":START_ID"], row[":END_ID"], row[":TYPE"]))
    assert sorted(rels) == sorted(G.edges(keys=True))
    script = tables[SCRIPT]
    for name in tables:
        if name != SCRIPT:
            assert f"={name}" in script
    assert 'database import full "${1:-neo4j}"' in script and '--array-delimiter="|"' in script


def test_csv_export_includes_the_neo4j_admin_files(tmp_path) -> None:
    from chainkg.graph.export import write_export

    names = {p.name for p in write_export(sample_graph(), tmp_path, "csv")}
    assert {"nodes_District.csv", "rels_SUPPLIES.csv", "import_nodes_District.csv", "import_rels_SUPPLIES.csv",
            SCRIPT} <= names
