"""Commands over the loaded data: districts, district, directions, check, build, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainkg.cli.options import GraphOpt, JsonOpt, LangOpt, SourceOpt, check_lang, emit_json, load_dataset, load_graph
from chainkg.cli.render import bilingual, print_table


def districts(source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False, lang: LangOpt = "zh") -> None:
    """List the districts: type, host parks and creation directions."""
    from chainkg.queries.profiles import districts_table

    lang = check_lang(lang)
    G = load_graph(source, graph)
    if json:
        from chainkg.queries.shapes import districts_json

        return emit_json(districts_json(G))
    df = districts_table(G)
    rows = [[bilingual(r.district, r.district_en, lang), bilingual(r.type, r.type_en, lang),
             "、".join(r.parks), "、".join(r.directions)] for r in df.itertuples()]
    heads = ["区县 District", "类型 Type", "承载园区 Parks", "创建方向 Directions"] if lang == "en" else ["区县", "类型", "承载园区", "创建方向"]
    print_table(heads, rows, title=f"{len(rows)} districts")


def district(
    name: Annotated[str, typer.Argument(help="District name, forgiving: 璧山, 九龍坡, Bishan…")],
    source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False, lang: LangOpt = "zh",
) -> None:
    """Profile of one district: parks, type, directions, categories and source."""
    from chainkg.cli.render import print_profile
    from chainkg.queries.profiles import district_profile

    lang = check_lang(lang)
    G = load_graph(source, graph)
    if json:
        from chainkg.queries.shapes import district_json

        return emit_json(district_json(G, name))
    print_profile(district_profile(G, name), lang)


def directions(source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False, lang: LangOpt = "zh") -> None:
    """List the canonical directions and how many districts target each."""
    from chainkg.queries.profiles import directions_table

    lang = check_lang(lang)
    df = directions_table(load_graph(source, graph))
    if json:
        emit_json(df.to_dict(orient="records"))
        return
    rows = [[bilingual(r.direction, r.direction_en, lang), r.detail, str(r.count), "、".join(r.districts)]
            for r in df.itertuples()]
    print_table(["创建方向 Direction", "细项 Detail", "区县数 #", "区县 Districts"] if lang == "en"
                else ["创建方向", "细项", "区县数", "区县"], rows, title=f"{len(rows)} directions")


def check(source: SourceOpt = None, json: JsonOpt = False) -> None:
    """Load the sources and show the load report: every merge, guess and repair the loader made."""
    from chainkg.cli.render import print_check

    dataset = load_dataset(source)
    if json:
        emit_json({
            "documents": [{"id": d.id, "kind": d.kind, "path": d.path, "number": d.number, "date": d.date,
                           "rows": len(s.rows)} for s, d in zip(dataset.sources, dataset.documents)],
            "events": [{"source": e.source, "line": e.line, "kind": e.kind, "message": e.message}
                       for e in dataset.events],
        })
    else:
        print_check(dataset)


def build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to save: .json (node-link) or .graphml")],
    source: SourceOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Don't print the load report.")] = False,
) -> None:
    """Build the graph from the sources and save it."""
    from chainkg.graph.build import build_graph
    from chainkg.graph.io import write_graph
    from chainkg.cli.render import print_check, print_counts

    dataset = load_dataset(source)
    G = build_graph(dataset)
    write_graph(G, out)
    if not quiet:
        print_check(dataset, err=True)
    print_counts(G, f"saved {out}")


def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write into (created if missing).")],
    format: Annotated[str, typer.Option("--format", "-f", help="json, graphml or csv")] = "csv",
    source: SourceOpt = None, graph: GraphOpt = None,
) -> None:
    """Export the graph: node-link JSON, GraphML, or CSV tables (plus neo4j-admin import files)."""
    from chainkg.graph.export import EXPORT_FORMATS, write_export

    if format not in EXPORT_FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(EXPORT_FORMATS)}", param_hint="--format")
    for path in write_export(load_graph(source, graph), out, format):
        typer.echo(str(path))


def table(
    out: Annotated[Path, typer.Option("--out", "-o", help="The .csv or .xlsx file to write.")],
    source: SourceOpt = None, lang: LangOpt = "zh",
) -> None:
    """Write the loaded creation list as an editable table (.csv/.xlsx) that --source reads back."""
    from chainkg.loaders.table import write_table

    typer.echo(str(write_table(load_dataset(source).rows, out, lang=check_lang(lang))))


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    for command in (districts, district, directions, check, build, export, table):
        app.command()(command)
