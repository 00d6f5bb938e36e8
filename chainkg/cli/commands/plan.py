"""Planning commands: overlaps, gaps, collab, report, diff.

Each parses options, calls public functions of ``queries`` (the same ones notebooks call) and
renders: a table, ``--json`` (UTF-8, the shapes documented per command) or ``--csv FILE``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chainkg.cli.options import GraphOpt, JsonOpt, LangOpt, SourceOpt, check_lang, emit_json, load_graph

if TYPE_CHECKING:
    import pandas as pd

CsvOpt = Annotated[
    Path | None,
    typer.Option("--csv", help="Write the table(s) to this CSV file (more tables go beside it as FILE-stem.<table>.csv)."),
]
TopOpt = Annotated[int, typer.Option("--top", min=0, help="Show at most this many pairs (0 = all).")]


def _show(tables: dict[str, tuple[pd.DataFrame, list[str]]], lang: str, limit: int = 30) -> None:
    """Print each table (title → frame, columns), the first ``limit`` rows, headings in ``lang``."""
    from chainkg.cli.render import print_table
    from chainkg.cli.report import TEXT, _cell, _heading

    for key, (df, cols) in tables.items():
        if df.empty:
            typer.echo(f"{TEXT[lang][key]}: {TEXT[lang]['empty']}")
            continue
        rows = [[_cell(v, column=c, lang=lang) for c, v in zip(cols, r)] for r in df[cols].head(limit).itertuples(index=False)]
        more = f" (first {limit} of {len(df)})" if len(df) > limit else ""
        print_table([_heading(c, lang) for c in cols], rows, title=f"{TEXT[lang][key]}: {len(df)}{more}")


def _csv(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """First table to ``path``, the others beside it; each written atomically."""
    from chainkg.fsutil import atomic_path
    from chainkg.queries.report import flat

    for k, (key, df) in enumerate(tables.items()):
        target = path if k == 0 else path.with_name(f"{path.stem}.{key}.csv")
        with atomic_path(target) as tmp:
            flat(df).to_csv(tmp, index=False, encoding="utf-8")
        typer.echo(str(target))


def _records(df: pd.DataFrame, cols: list[str]) -> list[dict[str, Any]]:
    from chainkg.queries.report import records

    return records(df, cols)


def overlaps(
    level: Annotated[str, typer.Option("--level", help="direction (default) or category")] = "direction",
    top: TopOpt = 20, source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False,
    csv: CsvOpt = None, lang: LangOpt = "zh",
) -> None:
    """Duplicated directions (≥2 districts) and the most similar district pairs (Jaccard).

    --json: {"directions": [{"direction","count","districts"}], "pairs": [{"a","b","jaccard","shared"}]}
    (with --level category: "categories": [{"category","count","districts"}] instead of "directions").
    """
    from chainkg.queries.overlaps import duplicated_categories, duplicated_directions, similar_pairs

    lang = check_lang(lang)
    if level not in ("direction", "category"):
        raise typer.BadParameter("expected direction or category", param_hint="--level")
    G = load_graph(source, graph)
    if json:
        from chainkg.queries.shapes import overlaps_json

        return emit_json(overlaps_json(G, level=level, top=top or None, lang=lang))  # type: ignore[arg-type]
    name, plural, dup = ("direction", "directions", duplicated_directions(G, lang=lang)) if level == "direction" else (
        "category", "categories", duplicated_categories(G, lang=lang))
    pairs = similar_pairs(G, level=level, top=top or None, lang=lang)  # type: ignore[arg-type]
    if csv:
        _csv(csv, {"duplicated": dup, "pairs": pairs})
    else:
        _show({f"duplicated_{plural}": (dup, [name, "count", "districts"]),
               "similar_pairs" if level == "direction" else "category_pairs": (pairs, ["a", "b", "jaccard", "shared"])}, lang)


def gaps(source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False, csv: CsvOpt = None,
         lang: LangOpt = "zh") -> None:
    """Chain gaps (补链): uncovered categories by importance, single-district directions, broken links.

    --json: {"uncovered": [{"category","name","position","importance","feeds"}],
    "single_district": [{"direction","district"}], "broken_links": [{"category","district","missing_inputs"}]}
    """
    from chainkg.queries.gaps import broken_links, single_district_directions, uncovered_categories

    from chainkg.queries.shapes import GAP_COLUMNS as cols

    lang = check_lang(lang)
    G = load_graph(source, graph)
    if json:
        from chainkg.queries.shapes import gaps_json

        return emit_json(gaps_json(G, lang=lang))
    t = {"uncovered": uncovered_categories(G, lang=lang), "single_district_directions": single_district_directions(G, lang=lang),
         "broken_links": broken_links(G, lang=lang)}
    if csv:
        _csv(csv, t)
    else:
        _show({k: (df, cols[k]) for k, df in t.items()}, lang)


def collab(
    district: Annotated[str | None, typer.Argument(help="Only pairs with this district (forgiving: 璧山, 九龍坡…)")] = None,
    max_km: Annotated[float | None, typer.Option("--max-km", min=0, help="Only pairs whose seats are this close.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="supply or shared (default: both)")] = None,
    top: TopOpt = 20, source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False,
    csv: CsvOpt = None, lang: LangOpt = "zh",
) -> None:
    """Collaboration candidates (协同配套): supply pairs A→B and shared-direction pairs, with distances.

    --json: {"pairs": [{"a","b","kind","score","via","distance_km"}]}
    """
    from chainkg.graph.schema import Label
    from chainkg.queries.collab import collaboration_candidates
    from chainkg.graph.lookup import resolve

    lang = check_lang(lang)
    if kind not in (None, "supply", "shared"):
        raise typer.BadParameter("expected supply or shared", param_hint="--kind")
    G = load_graph(source, graph)
    if json:
        from chainkg.queries.shapes import collab_json

        return emit_json(collab_json(G, district=district, kind=kind, max_km=max_km, top=top or None, lang=lang))
    node = resolve(G, district, Label.DISTRICT) if district else None
    df = collaboration_candidates(G, district=node, kind=kind, max_km=max_km, top=top or None, lang=lang)  # type: ignore[arg-type]
    if csv:
        _csv(csv, {"collab": df})
    else:
        _show({"collab": (df, ["kind", "a", "b", "score", "distance_km", "via"])}, lang, limit=2 * (top or 30))


FocusOpt = Annotated[
    str | None, typer.Option("--focus", "-f", help="Colour this district's categories in the chain panorama (璧山, 九龍坡…).")
]
DirectionOpt = Annotated[
    str | None, typer.Option("--direction", help="Shade the district map by this creation direction (default: by how many).")
]


def picture_nodes(G: Any, focus: str | None, direction: str | None) -> tuple[str | None, str | None]:
    """``--focus`` and ``--direction`` resolved to node ids (forgiving names; an unknown one is one line, exit 2)."""
    from chainkg.graph.lookup import resolve
    from chainkg.graph.schema import Label

    return (resolve(G, focus, Label.DISTRICT) if focus else None,
            resolve(G, direction, Label.DIRECTION) if direction else None)


def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="Report directory (replaced atomically).")] = Path("chainkg-report"),
    top: Annotated[int, typer.Option("--top", min=1, help="Collaboration candidates of each kind.")] = 50,
    focus: FocusOpt = None, direction: DirectionOpt = None,
    compare: Annotated[Path | None, typer.Option(
        "--compare", help="An older source (notice, table or saved graph): its changes become a finding and a section.")] = None,
    source: SourceOpt = None, graph: GraphOpt = None, lang: LangOpt = "zh",
) -> None:
    """Write the planning report: index.html (key findings, chain panorama, district map, tables; works offline),
    panorama.png/map.png, an Excel workbook and the CSV files."""
    from chainkg.cli.report import write_report

    lang = check_lang(lang)
    G = load_graph(source, graph)
    focus_id, direction_id = picture_nodes(G, focus, direction)
    changes = None
    if compare is not None:
        from chainkg.queries.diff import diff as diff_sources

        changes = diff_sources(_side(compare), G, lang=lang)
    index = write_report(G, out, lang=lang, top=top, focus=focus_id, direction=direction_id, changes=changes)
    typer.echo(f"report: {index.resolve()}")


def diff(
    old: Annotated[Path, typer.Argument(help="Older source: notice (.txt), table (.csv/.xlsx) or saved graph (.json/.graphml)")],
    new: Annotated[Path, typer.Argument(help="Newer source, same kinds")],
    json: JsonOpt = False, csv: CsvOpt = None, lang: LangOpt = "zh",
) -> None:
    """What changed: per district the directions added, dropped and reworded; districts and parks changed.

    --json: {"old": [ids], "new": [ids], "districts": [{"district","change","old","new"}],
    "directions": [{"district","change","direction","old","new"}], "parks": [{"district","change","park"}]}
    """
    from chainkg.queries.diff import diff as diff_sources

    lang = check_lang(lang)
    d = diff_sources(_side(old), _side(new), lang=lang)
    cols = {"districts": ["district", "change", "old", "new"], "directions": ["district", "change", "direction", "old", "new"],
            "parks": ["district", "change", "park"]}
    t = {"districts": d.districts, "directions": d.directions, "parks": d.parks}
    if json:
        emit_json({"old": d.old_sources, "new": d.new_sources, **{k: _records(df, cols[k]) for k, df in t.items()}})
    elif csv:
        _csv(csv, t)
    else:
        _show({f"diff_{k}": (df, cols[k]) for k, df in t.items()}, lang, limit=200)


def _side(path: Path) -> Any:
    """A saved graph (.json/.graphml) or a source file loaded as a Dataset."""
    if path.suffix.lower() in (".json", ".graphml"):
        from chainkg.graph.io import read_graph

        return read_graph(path)
    from chainkg.cli.options import load_dataset

    return load_dataset([path])


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    for command in (overlaps, gaps, collab, report, diff):
        app.command()(command)
