"""The JSON shapes of the listing and planning commands: what ``chainkg … --json`` prints and what
the web app's API (``chainkg serve``) answers, from one place so the two never drift apart.

Each function takes the graph and the command's options and returns plain Python (dicts, lists,
strings, numbers, None), ready for ``json.dumps``.

>>> from chainkg.graph.build import build_graph
>>> G = build_graph()
>>> sorted(gaps_json(G)), sorted(overlaps_json(G, top=3))
(['broken_links', 'single_district', 'uncovered'], ['directions', 'pairs'])
>>> len(overlaps_json(G, top=3)["pairs"]), districts_json(G)[0]["district"] != ""
(3, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["districts_json", "district_json", "overlaps_json", "gaps_json", "collab_json"]

OVERLAP_LEVELS = ("direction", "category")
COLLAB_KINDS = ("supply", "shared")


def districts_json(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """``chainkg districts --json``: one record per district (see :func:`chainkg.queries.profiles.districts_table`)."""
    from chainkg.queries.profiles import districts_table

    return districts_table(G).to_dict(orient="records")


def district_json(G: nx.MultiDiGraph, name: str) -> dict[str, Any]:
    """``chainkg district NAME --json`` (forgiving names; an unknown one raises :class:`chainkg.errors.UnknownName`)."""
    from chainkg.queries.profiles import district_profile

    return district_profile(G, name).as_dict()


def overlaps_json(G: nx.MultiDiGraph, *, level: Literal["direction", "category"] = "direction",
                  top: int | None = 20, lang: str = "zh") -> dict[str, list[dict[str, Any]]]:
    """``chainkg overlaps --json``: ``{"directions": [{"direction","count","districts"}], "pairs":
    [{"a","b","jaccard","shared"}]}`` (``--level category``: ``"categories": [{"category",…}]``).
    ``top`` None (or 0) keeps every pair."""
    from chainkg.queries.overlaps import duplicated_categories, duplicated_directions, similar_pairs
    from chainkg.queries.report import records

    if level not in OVERLAP_LEVELS:
        raise ValueError(f"level must be direction or category, got {level!r}")
    if level == "direction":
        name, plural, dup = "direction", "directions", duplicated_directions(G, lang=lang)
    else:
        name, plural, dup = "category", "categories", duplicated_categories(G, lang=lang)
    pairs = similar_pairs(G, level=level, top=top or None, lang=lang)
    return {plural: records(dup, [name, "count", "districts"]), "pairs": records(pairs, ["a", "b", "jaccard", "shared"])}


GAP_COLUMNS = {"uncovered": ["category", "name", "position", "importance", "feeds"],
               "single_district_directions": ["direction", "district"],
               "broken_links": ["category", "district", "missing_inputs"]}


def gaps_json(G: nx.MultiDiGraph, *, lang: str = "zh") -> dict[str, list[dict[str, Any]]]:
    """``chainkg gaps --json``: ``{"uncovered": [{"category","name","position","importance","feeds"}],
    "single_district": [{"direction","district"}], "broken_links": [{"category","district","missing_inputs"}]}``."""
    from chainkg.queries.gaps import broken_links, single_district_directions, uncovered_categories
    from chainkg.queries.report import records

    tables = {"uncovered": uncovered_categories(G, lang=lang),
              "single_district_directions": single_district_directions(G, lang=lang),
              "broken_links": broken_links(G, lang=lang)}
    return {"single_district" if k.startswith("single") else k: records(df, GAP_COLUMNS[k]) for k, df in tables.items()}


def collab_json(G: nx.MultiDiGraph, *, district: str | None = None, kind: str | None = None,
                max_km: float | None = None, top: int | None = 20, lang: str = "zh") -> dict[str, list[dict[str, Any]]]:
    """``chainkg collab [DISTRICT] --json``: ``{"pairs": [{"a","b","kind","score","via","distance_km"}]}``.
    ``district`` is a forgiving name (an unknown one raises :class:`chainkg.errors.UnknownName`)."""
    from chainkg.graph.lookup import resolve
    from chainkg.graph.schema import Label
    from chainkg.queries.collab import collaboration_candidates
    from chainkg.queries.report import records

    if kind not in (None, *COLLAB_KINDS):
        raise ValueError(f"kind must be supply or shared, got {kind!r}")
    node = resolve(G, district, Label.DISTRICT) if district else None
    df = collaboration_candidates(G, district=node, kind=kind, max_km=max_km, top=top or None, lang=lang)  # type: ignore[arg-type]
    return {"pairs": records(df, ["a", "b", "kind", "score", "via", "distance_km"])}
