"""Commands of the matcher: ``match`` (one profile, or a batch file) and ``targets`` (精准招商)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainkg.cli.options import GraphOpt, JsonOpt, LangOpt, SourceOpt, check_lang, emit_json, load_graph

TopOpt = Annotated[int | None, typer.Option("--top", "-n", min=1, help="Parks per profile (default 5; 3 in batch).")]


def match(
    text: Annotated[str | None, typer.Argument(help="Company profile: name, products or business scope (经营范围).")] = None,
    top: TopOpt = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Batch: a company table (.csv/.xlsx/.parquet).")] = None,
    column: Annotated[str | None, typer.Option("--column", "-c", help="Batch: the column holding the profile text.")] = None,
    id_column: Annotated[str | None, typer.Option("--id-column", help="Batch: the column holding an id.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Batch: output .csv, .xlsx, .jsonl or .parquet.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1,
                                                help="Batch: processes to use (default: the machine's cores).")] = None,
    dask: Annotated[str | None, typer.Option("--dask", metavar="ADDRESS",
                                             help="Batch: match on a Dask cluster (scheduler address, e.g. tcp://host:8786).")] = None,
    source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False, lang: LangOpt = "zh",
) -> None:
    """Which parks fit a supplier: evidenced chain categories, then ranked parks with reasons."""
    lang = check_lang(lang)
    if (text is None) == (file is None):
        raise typer.BadParameter("give a profile TEXT or --file (not both)", param_hint="TEXT / --file")
    if file is not None:
        if not column or out is None:
            raise typer.BadParameter("a batch needs --column and --out", param_hint="--file")
        return _batch(file, column, id_column, out, top or 3, workers, source, graph, lang, dask)
    from chainkg.queries.match import match_text
    from chainkg.queries.match_cache import load_match_index

    if source and graph:
        raise typer.BadParameter("give either --graph or --source, not both")
    index = load_match_index(source, graph)
    for line in index.unmapped:  # a user's table named a direction the taxonomy cannot see through
        typer.echo(f"chainkg: note: {line}", err=True)
    result = match_text(index, text or "", top=top or 5)
    if json:
        return emit_json(result.as_dict(lang))
    from chainkg.cli.render_match import print_match

    print_match(result, lang)


def _batch(file: Path, column: str, id_column: str | None, out: Path, top: int, workers: int | None,
           source: list[Path] | None, graph: Path | None, lang: str, dask: str | None) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from chainkg.cli.render import console
    from chainkg.queries.match_batch import check_out_path

    check_out_path(out)
    G = load_graph(source, graph)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} rows/s"), TextColumn("ETA"), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console(err=True), transient=True) as bar:
            task = bar.add_task("matching", total=None, rate="–")

            def advance(n: int) -> None:
                bar.advance(task, n)
                speed = bar.tasks[task].speed
                if speed:
                    bar.update(task, rate=f"{speed:,.0f}")

            def total(n: int) -> None:
                bar.update(task, total=n)

            if dask is not None:
                from chainkg.queries.match_dask import match_file_dask

                counts = match_file_dask(G, file, out, address=dask, column=column, id_column=id_column, top=top,
                                         lang=lang, progress=advance, on_total=total)
            else:
                from chainkg.queries.match_batch import match_file

                counts = match_file(G, file, out, column=column, id_column=id_column, top=top, workers=workers,
                                    lang=lang, on_total=total, progress=advance)
    except KeyboardInterrupt:
        # the workers are gone and the temporary output removed (match_file's own clean-up)
        typer.echo(f"chainkg: interrupted; {out} not written", err=True)
        raise typer.Exit(130) from None
    typer.echo(f"{out}: {counts['rows']} rows, {counts['direct']} direct, {counts['chain_adjacent']} chain-adjacent, "
               f"{counts['unmatched']} without a fit", err=True)


def targets(
    district: Annotated[str, typer.Argument(help="District name, forgiving: 璧山, 九龍坡, Bishan…")],
    companies: Annotated[Path | None, typer.Option("--companies", help="A company table (.csv/.xlsx) to rank.")] = None,
    column: Annotated[str | None, typer.Option("--column", "-c", help="Profile column (default: all cells).")] = None,
    id_column: Annotated[str | None, typer.Option("--id-column", help="Id column (default: row number).")] = None,
    source: SourceOpt = None, graph: GraphOpt = None, json: JsonOpt = False, lang: LangOpt = "zh",
) -> None:
    """精准招商: categories worth attracting to DISTRICT, and a company list ranked for it."""
    from chainkg.cli.render_match import json_records, print_targets
    from chainkg.loaders.companies import read_company_table
    from chainkg.queries.targets import district_targets, rank_companies

    lang = check_lang(lang)
    rows = read_company_table(companies, column=column, id_column=id_column) if companies else None
    G = load_graph(source, graph)
    wanted = district_targets(G, district)
    ranked = rank_companies(G, district, [(r.id, r.text) for r in rows]) if rows is not None else None
    if json:
        return emit_json({"district": district, "targets": json_records(wanted),
                          "companies": json_records(ranked) if ranked is not None else None})
    print_targets(district, wanted, ranked, lang)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command()(match)
    app.command()(targets)
