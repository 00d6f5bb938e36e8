"""``chainkg viz``: write the interactive graph page (pyvis, offline), or with ``--view panorama|map`` the chain
panorama or the district map (the report's pictures, from the same functions) as HTML, SVG or PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainkg.cli.options import GraphOpt, LangOpt, SourceOpt, check_lang, load_graph


def viz(
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="File to write (default: graph.html, panorama.html or map.html by --view).")] = None,
    focus: Annotated[
        str | None,
        typer.Option("--focus", "-f", help="Show only this district, park, direction or category and its neighbours."),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", "-c", help="Show the chain slice of this category or group (id, key or name)."),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=0, help="Links from --focus to include.")] = 1,
    lang: LangOpt = "zh",
    seed: Annotated[int, typer.Option("--seed", help="Layout seed (same seed, same file).")] = 0,
    view: Annotated[str, typer.Option(
        "--view", help="graph (default): the interactive graph; panorama: the chain panorama (--focus DISTRICT colours "
                       "its categories); map: the district map (--direction shades by one direction). "
                       "For panorama and map, --out may end in .html, .svg or .png.")] = "graph",
    direction: Annotated[str | None, typer.Option("--direction", help="With --view map: shade by this direction.")] = None,
    source: SourceOpt = None,
    graph_file: GraphOpt = None,
) -> None:
    """Write an interactive graph page (works offline): colours by kind, size by links, tooltips with sources;
    or the chain panorama / district map (--view panorama|map)."""
    from chainkg.graph.viz import subgraph_for, write_pyvis_html

    check_lang(lang)
    if view not in ("graph", "panorama", "map"):
        raise typer.BadParameter("expected graph, panorama or map", param_hint="--view")
    if view == "graph" and direction:
        raise typer.BadParameter("only with --view map", param_hint="--direction")
    out = out if out is not None else Path(f"{view}.html")
    G = load_graph(source, graph_file)
    if view != "graph":
        _picture(G, view, out, focus, direction, lang)
        return
    shown = subgraph_for(G, focus=focus, category=category, depth=depth)
    path = write_pyvis_html(G, out, focus=focus, category=category, depth=depth, lang=lang, seed=seed)
    typer.echo(f"wrote {path} ({shown.number_of_nodes()} nodes, {shown.number_of_edges()} edges)")


def _picture(G, view: str, out: Path, focus: str | None, direction: str | None, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Write the panorama or the map (:mod:`chainkg.graph.pictures`) to ``out`` (.html, .svg or .png)."""
    from chainkg.cli.commands.plan import picture_nodes
    from chainkg.graph.pictures import district_map_svg, panorama_svg, picture_page, write_picture
    from chainkg.queries.pictures import chain_panorama, district_map

    if out.suffix.lower() not in (".html", ".svg", ".png"):
        raise typer.BadParameter("expected a file name ending in .html, .svg or .png", param_hint="--out")
    focus_id, direction_id = picture_nodes(G, focus, direction)
    if view == "panorama":
        if direction:
            raise typer.BadParameter("only with --view map", param_hint="--direction")
        data = chain_panorama(G, focus=focus_id, lang=lang)
        svg, title = panorama_svg(data, lang=lang), ("Chain panorama" if lang == "en" else "产业链全景图")
        what = f"{len(data.boxes)} categories, {len(data.gaps)} gaps"
    else:
        if focus:
            raise typer.BadParameter("not with --view map (use --direction)", param_hint="--focus")
        data = district_map(G, direction=direction_id, lang=lang)
        svg, title = district_map_svg(data, lang=lang), ("District map" if lang == "en" else "区县分布图")
        what = f"{sum(p.district for p in data.places)} districts"
    text = picture_page(svg, title=title, lang=lang) if out.suffix.lower() == ".html" else svg
    path = write_picture(text, out)  # .png: rasterised from the SVG
    typer.echo(f"wrote {path} ({what})")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("viz")(viz)
