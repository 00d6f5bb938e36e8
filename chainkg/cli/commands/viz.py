"""``chainkg viz``: write the interactive graph page (pyvis, offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainkg.cli.options import GraphOpt, LangOpt, SourceOpt, check_lang, load_graph


def viz(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("graph.html"),
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
    source: SourceOpt = None,
    graph_file: GraphOpt = None,
) -> None:
    """Write an interactive graph page (works offline): colours by kind, size by links, tooltips with sources."""
    from chainkg.graph.viz import subgraph_for, write_pyvis_html

    check_lang(lang)
    G = load_graph(source, graph_file)
    shown = subgraph_for(G, focus=focus, category=category, depth=depth)
    path = write_pyvis_html(G, out, focus=focus, category=category, depth=depth, lang=lang, seed=seed)
    typer.echo(f"wrote {path} ({shown.number_of_nodes()} nodes, {shown.number_of_edges()} edges)")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("viz")(viz)
