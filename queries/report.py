"""The planning report's content: headline figures and every table, computed from the graph.

Rendering (HTML, workbook, CSV files) is :mod:`chainkg.cli.report`; this module only computes, so a
notebook can show the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from chainkg.graph.schema import Label, Rel
from chainkg.queries import _matrix as mx
from chainkg.queries.collab import collaboration_candidates
from chainkg.queries.findings import Finding, key_findings
from chainkg.queries.gaps import broken_links, single_district_categories, single_district_directions, uncovered_categories
from chainkg.queries.overlaps import (
    duplicated_categories,
    duplicated_directions,
    similar_pairs,
    similarity_matrix,
    unmapped_directions,
)
from chainkg.queries.pictures import DistrictMap, Panorama, chain_panorama, district_map
from chainkg.queries.profiles import district_nodes, districts_table

if TYPE_CHECKING:
    import networkx as nx

    from chainkg.queries.diff import GraphDiff

TABLES = (
    "districts", "duplicated_directions", "similar_pairs", "duplicated_categories", "category_pairs",
    "uncovered", "single_district_directions", "single_district_categories", "broken_links", "collab",
    "unmapped_directions",
)
"""Table keys of :class:`PlanReport`, in report order (also the CSV file stems)."""


@dataclass
class PlanReport:
    """Everything the report shows.

    ``headline``: figure name → value (ints, or a short string for the top pair).
    ``tables``: key (see :data:`TABLES`) → DataFrame; long tables are cut to ``max_rows`` and
    ``truncated[key]`` then holds the full row count.
    ``matrix``: district × district Jaccard (direction level) for the heat map, at most
    ``max_matrix`` districts (those with the most overlap when there are more);
    ``category_matrix``: the same districts, Jaccard of their chain categories.
    ``findings``: the key findings (:func:`chainkg.queries.findings.key_findings`); ``panorama`` and
    ``district_map``: what the two pictures show (:mod:`chainkg.queries.pictures`); ``changes``: the
    comparison with an older source, when one was given.
    """

    headline: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    matrix: pd.DataFrame
    category_matrix: pd.DataFrame
    matrix_total: int
    sources: list[dict[str, str]]
    truncated: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    panorama: Panorama | None = None
    district_map: DistrictMap | None = None
    changes: GraphDiff | None = None


def _matrix_districts(G: nx.MultiDiGraph, max_matrix: int) -> list[str]:
    ordered = district_nodes(G)
    if len(ordered) <= max_matrix:
        return ordered
    # Too many for a picture: keep the districts with the largest summed overlap (sparse, no dense N×N).
    inc = mx.district_directions(G)
    co = inc.matrix @ inc.matrix.T
    weight = np.asarray(co.sum(axis=1)).ravel() - co.diagonal()
    keep = {inc.rows[k] for k in np.argsort(-weight, kind="stable")[:max_matrix]}
    return [d for d in ordered if d in keep]


def plan_report(
    G: nx.MultiDiGraph, *, lang: str = "zh", top: int = 50, max_rows: int = 5000, max_matrix: int = 60,
    focus: str | None = None, direction: str | None = None, changes: GraphDiff | None = None,
) -> PlanReport:
    """Compute the report: key findings, the pictures' data, headline figures, the tables, the heat-map matrix.

    ``top`` caps the collaboration candidates of each kind; ``max_rows`` caps every other table
    (pairs grow with the square of the districts). ``focus`` (a District node id) colours that
    district's categories in the panorama; ``direction`` (a Direction node id) shades the map by it;
    ``changes`` (:func:`chainkg.queries.diff.diff` of an older source) adds a finding.

    >>> from chainkg.graph.build import build_graph
    >>> r = plan_report(build_graph())
    >>> r.headline["districts"], r.headline["parks"], r.headline["directions"], r.headline["links"]
    (13, 18, 19, 43)
    """
    dup = duplicated_directions(G, lang=lang)
    # Pair tables grow with the square of the districts: only the rows kept are built.
    pairs = similar_pairs(G, top=max_rows, lang=lang)
    uncovered = uncovered_categories(G, lang=lang)
    collab = collaboration_candidates(G, top=top, lang=lang)
    districts = districts_table(G)
    if lang == "en":
        districts["district"] = [mx.name(G, d, "en") for d in district_nodes(G)]
    tables = {
        "districts": districts,
        "duplicated_directions": dup,
        "similar_pairs": pairs,
        "duplicated_categories": duplicated_categories(G, lang=lang),
        "category_pairs": similar_pairs(G, level="category", top=max_rows, lang=lang),
        "uncovered": uncovered,
        "single_district_directions": single_district_directions(G, lang=lang),
        "single_district_categories": single_district_categories(G, lang=lang),
        "broken_links": broken_links(G, lang=lang),
        "collab": collab,
        "unmapped_directions": unmapped_directions(G, lang=lang),
    }
    truncated = {}
    for key, df in tables.items():
        total = df.attrs.get("total")
        if isinstance(total, int) and total > len(df):
            truncated[key] = total
        elif len(df) > max_rows:
            truncated[key] = len(df)
            tables[key] = df.head(max_rows)
    n_categories = len(mx.nodes_of(G, Label.CATEGORY))
    headline = {
        "districts": len(mx.nodes_of(G, Label.DISTRICT)),
        "parks": len(mx.nodes_of(G, Label.PARK)),
        "directions": len(mx.nodes_of(G, Label.DIRECTION)),
        "links": len(mx.edges_of(G, Rel.TARGETS)),
        "duplicated_directions": len(dup),
        "top_direction": f"{dup.iloc[0]['direction']} ×{dup.iloc[0]['count']}" if len(dup) else "",
        "top_pair": (f"{pairs.iloc[0]['a']}–{pairs.iloc[0]['b']} {pairs.iloc[0]['jaccard']:.2f}" if len(pairs) else ""),
        "categories": n_categories,
        "covered_categories": n_categories - len(uncovered),
        "uncovered_categories": len(uncovered),
        "supply_pairs": collab.attrs["total"].get("supply", 0),
        "shared_pairs": collab.attrs["total"].get("shared", 0),
    }
    shown = _matrix_districts(G, max_matrix)
    sources = [
        {"id": G.nodes[d].get("name", d), "title": G.nodes[d].get("title", ""), "date": G.nodes[d].get("date", "")}
        for d in mx.nodes_of(G, Label.DOCUMENT)
    ]
    report = PlanReport(
        headline=headline,
        tables=tables,
        matrix=similarity_matrix(G, districts=shown, lang=lang),
        category_matrix=similarity_matrix(G, level="category", districts=shown, lang=lang),
        matrix_total=headline["districts"],
        sources=sources,
        truncated=truncated,
        panorama=chain_panorama(G, focus=focus, lang=lang),
        district_map=district_map(G, direction=direction, lang=lang),
        changes=changes,
    )
    report.findings = key_findings(report, lang=lang, changes=changes)
    return report


def flat(df: pd.DataFrame, sep: str = "、") -> pd.DataFrame:
    """A copy with list cells joined by ``sep`` (for CSV and spreadsheet cells).

    >>> flat(pd.DataFrame({"a": [["x", "y"]], "b": [1]})).to_dict("records")
    [{'a': 'x、y', 'b': 1}]
    """
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: sep.join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def records(df: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """Rows as plain dicts with the given keys, JSON-ready: numpy scalars → Python, NaN → None.

    >>> records(pd.DataFrame({"a": ["x"], "d": [float("nan")], "n": [np.int64(2)]}), ["a", "d", "n"])
    [{'a': 'x', 'd': None, 'n': 2}]
    """

    def plain(value: Any) -> Any:
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and not np.isfinite(value):
            return None
        return value

    return [{c: plain(v) for c, v in zip(columns, row)} for row in df[columns].itertuples(index=False)]
