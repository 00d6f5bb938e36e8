"""Every statement the writers send and every cypher/ file passes Neo4j's own Cypher linter with
zero diagnostics, given chainkg's schema (labels, relationship types, property keys, parameters)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from chainkg.graph import statements as st
from chainkg.graph.cypherfiles import CYPHER_DIR, parse_cypher_file, used_parameters
from chainkg.graph.schema import Label, Rel
from tests.cypherlint import lint

CYPHER_FILES = sorted(CYPHER_DIR.glob("*.cypher"))

BAD = {
    "label": "MATCH (d:Distrct) RETURN d.name",
    "type": "MATCH (d:District)-[:TARGET]->(x:Direction) RETURN x.name",
    "property": "MATCH (d:District) RETURN d.nmae",
    "parameter": "MATCH (d:District) WHERE d.name = $nope RETURN d.name",
    "apoc": "RETURN apoc.coll.toSet([1, 1]) AS s",
    "syntax": "MATCH (d:District RETURN d",
    "variable": "MATCH (d:District) RETURN foo",
}


def writer_statements() -> dict[str, str]:
    queries = {f"schema{i}": q for i, q in enumerate(st.neo4j_schema_statements())}
    queries |= {f"data{i}": q for i, q in enumerate(st.data_statements())}
    queries |= {f"csv{i}": q for i, q in enumerate(st.load_csv_statements())}
    queries |= {"label_counts": st.LABEL_COUNTS, "type_counts": st.TYPE_COUNTS}
    # The index statements FalkorDB gets are Neo4j-valid too (unnamed CREATE INDEX FOR … ON …).
    queries |= {f"falkor{i}": q for i, (_, _, q) in enumerate(st.falkordb_index_statements())}
    return queries


@pytest.fixture(scope="module")
def diagnostics() -> dict[str, list[dict[str, Any]]]:
    """One linter run for the whole module: writer statements, every file, the known-bad samples."""
    queries = writer_statements()
    params: dict[str, dict[str, Any]] = {}
    for path in CYPHER_FILES:
        f = parse_cypher_file(path)
        queries[path.name] = f.text
        # Only the parameters the header declares are defined: an undeclared $x is a diagnostic.
        params[path.name] = {p: None for p in f.parameters}
    queries |= {f"bad:{k}": v for k, v in BAD.items()}
    params |= {f"bad:{k}": {} for k in BAD}
    return lint(queries, st.lint_schema(), params)


def test_writer_statements_have_no_diagnostics(diagnostics) -> None:
    names = writer_statements()
    assert {name: diagnostics[name] for name in names if diagnostics[name]} == {}
    assert len(names) > 50


@pytest.mark.parametrize("path", CYPHER_FILES, ids=lambda p: p.name)
def test_cypher_file_has_no_diagnostics(path, diagnostics) -> None:
    assert diagnostics[path.name] == []


def test_linter_reports_what_it_should(diagnostics) -> None:
    """The harness really fails on bad Cypher (typo'd label/type/property, unknown parameter,
    APOC, syntax error, undefined variable), so the zero-diagnostic tests above mean something."""
    assert [k for k in BAD if not diagnostics[f"bad:{k}"]] == []
    assert "Distrct" in diagnostics["bad:label"][0]["message"]
    assert "$nope" in diagnostics["bad:parameter"][0]["message"]
    assert "apoc.coll.toSet" in diagnostics["bad:apoc"][0]["message"]


def test_generated_cypher_files_match_the_schema() -> None:
    """schema.cypher and load_csv.cypher are generated from graph/schema.py and kept in sync
    (regenerate with ``python -m chainkg.graph.statements``)."""
    assert (CYPHER_DIR / "schema.cypher").read_text(encoding="utf-8") == st.schema_cypher()
    assert (CYPHER_DIR / "load_csv.cypher").read_text(encoding="utf-8") == st.load_csv_cypher()


_STRIP = re.compile(r"//[^\n]*|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NAME = re.compile(r":`?([A-Za-z_][A-Za-z0-9_]*)`?")


def labels_and_types(text: str) -> set[str]:
    """Names right after ``:`` in node/relationship patterns and label predicates. Map keys
    (``{id: row.id}``) are skipped: in chainkg's Cypher they always have a space after the colon.

    >>> sorted(labels_and_types("MATCH (a:Park)-[:LOCATED_IN]->(b {id: $x}) WHERE b:District // (:Nope)"))
    ['District', 'LOCATED_IN', 'Park']
    """
    return set(_NAME.findall(_STRIP.sub("''", text)))


@pytest.mark.parametrize("path", CYPHER_FILES, ids=lambda p: p.name)
def test_cypher_file_uses_only_schema_labels_and_types(path) -> None:
    known = {label.value for label in Label} | {rel.value for rel in Rel}
    used = labels_and_types(path.read_text(encoding="utf-8"))
    assert used, "found no labels at all: the scanner is broken"
    assert used - known == set()


def test_label_scanner_catches_unknown_names() -> None:
    assert labels_and_types("MATCH (c:Company)-[:OWNS]->(p:Park) WHERE c:`Firm` RETURN c") == {
        "Company", "OWNS", "Park", "Firm"}


@pytest.mark.parametrize("path", CYPHER_FILES, ids=lambda p: p.name)
def test_cypher_file_header_declares_its_parameters(path) -> None:
    f = parse_cypher_file(path)
    assert f.purpose and f.returns and f.runs_on
    assert set(f.parameters) == used_parameters(f.text)
    assert not re.search(r"apoc\.", f.text, re.IGNORECASE)
    assert set(f.runs_on) <= {"neo4j", "falkordb"}
    assert ("falkordb" in f.runs_on) == (not f.neo4j_only_reason), "a Neo4j-only file says why"
