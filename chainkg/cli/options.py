"""What every command shares: the error edge, common options, JSON output, loading the graph."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from chainkg.errors import ChainKGError

if TYPE_CHECKING:
    import networkx as nx

    from chainkg.loaders.model import Dataset


class ChainKGGroup(TyperGroup):
    """Turns chainkg's own errors into one line on stderr and exit code 2 (no traceback)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ChainKGError as err:
            fail(str(err))
        except BrokenPipeError:  # `chainkg … | head`: stop quietly
            sys.stderr.close()
            raise typer.Exit(0) from None


def fail(message: str, code: int = 2) -> None:
    """Print one line to stderr and exit with ``code``."""
    typer.echo(f"chainkg: error: {message}", err=True)
    raise typer.Exit(code)


SourceOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--source",
        "-s",
        help="Input notice (.txt) or table (.csv/.xlsx); repeat to load several. Default: the shipped notice.",
    ),
]
GraphOpt = Annotated[
    Path | None,
    typer.Option("--graph", "-g", help="Use a graph saved by `chainkg build` instead of building one."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (UTF-8) instead of a table.")]
LangOpt = Annotated[
    str,
    typer.Option("--lang", help="Language of names and headings: zh (default) or en (English beside Chinese)."),
]


def check_lang(lang: str) -> str:
    """Validate ``--lang``."""
    if lang not in ("zh", "en"):
        raise typer.BadParameter("expected zh or en", param_hint="--lang")
    return lang


def emit_json(obj: Any) -> None:
    """Write ``obj`` as UTF-8 JSON to stdout (Chinese kept as is, keys in the order given)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def load_dataset(sources: list[Path] | None) -> Dataset:
    """Load the given sources (default: the shipped notice)."""
    from chainkg.loaders import load_sources

    return load_sources(sources or None)


def load_graph(sources: list[Path] | None = None, graph_file: Path | None = None) -> nx.MultiDiGraph:
    """The graph a command works on: a saved graph file, or one built from the sources."""
    if graph_file is not None:
        if sources:
            raise typer.BadParameter("give either --graph or --source, not both")
        from chainkg.graph.io import read_graph

        return read_graph(graph_file)
    from chainkg.graph.build import build_graph

    return build_graph(load_dataset(sources))
