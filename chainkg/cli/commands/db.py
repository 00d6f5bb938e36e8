"""``chainkg db push | query | status``: the graph on a Neo4j or FalkorDB server.

Connection from options or the environment: NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD /
NEO4J_DATABASE, or FALKORDB_URL. The password is read only from the environment, never echoed.
neo4j and falkordb are imported inside the commands (keeps ``chainkg --help`` fast).
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

import typer

from chainkg.cli.options import GraphOpt, JsonOpt, SourceOpt, emit_json, load_graph

db_app = typer.Typer(
    help="Push the graph to Neo4j or FalkorDB, query it, show what is there. "
    "Connection: options or NEO4J_URI / NEO4J_USERNAME / NEO4J_DATABASE, or FALKORDB_URL; "
    "the Neo4j password only from NEO4J_PASSWORD.",
    no_args_is_help=True,
)

ToOpt = Annotated[
    str | None,
    typer.Option("--to", "--server", help="neo4j or falkordb (default: neo4j if NEO4J_URI is set, else falkordb)."),
]
UriOpt = Annotated[str | None, typer.Option("--uri", help="Neo4j URI (bolt://, neo4j://, neo4j+s://); default NEO4J_URI.")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Neo4j user; default NEO4J_USERNAME, else neo4j.")]
DatabaseOpt = Annotated[str | None, typer.Option("--database", help="Neo4j database; default NEO4J_DATABASE.")]
FalkorOpt = Annotated[
    str | None, typer.Option("--falkordb-url", help="FalkorDB URL (redis://host:port); default FALKORDB_URL.")
]
GraphNameOpt = Annotated[str, typer.Option("--graph-name", help="FalkorDB graph name.")]


def _connect(to: str | None, uri: str | None, user: str | None, database: str | None, falkordb_url: str | None,
             graph_name: str) -> Any:
    from chainkg.graph.servers import open_server, pick_target

    # No retry chatter or duplicate error lines on stderr: chainkg reports failures itself in one
    # line. ERROR records still reach handlers a user configures on the root logger.
    neo4j_log = logging.getLogger("neo4j")
    neo4j_log.setLevel(logging.ERROR)
    if not neo4j_log.handlers:
        neo4j_log.addHandler(logging.NullHandler())
    if uri and to is None:
        to = "neo4j"
    elif falkordb_url and to is None:
        to = "falkordb"
    return open_server(pick_target(to), uri=uri, user=user, database=database, falkordb_url=falkordb_url,
                       graph_name=graph_name)


@db_app.command("push")
def push(
    source: SourceOpt = None,
    graph: GraphOpt = None,
    to: ToOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="First delete what chainkg pushed before (only that).")] = False,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Rows per statement (default 1000 Neo4j, 5000 FalkorDB).")] = None,
    uri: UriOpt = None, user: UserOpt = None, database: DatabaseOpt = None,
    falkordb_url: FalkorOpt = None, graph_name: GraphNameOpt = "chainkg",
) -> None:
    """Write the graph to the server (MERGE on stable ids: safe to repeat)."""
    from chainkg.cli.render import console
    from rich.progress import Progress

    G = load_graph(source, graph)
    with _connect(to, uri, user, database, falkordb_url, graph_name) as server, Progress(console=console(err=True), transient=True) as bar:
        task = bar.add_task(f"push to {server.kind}", total=None)
        options: dict[str, Any] = {"replace": replace} | ({"batch_size": batch_size} if batch_size else {})
        result = server.push(G, progress=lambda what, done, total: bar.update(task, completed=done, total=total,
                                                                              description=what or "push"), **options)
    typer.echo(f"pushed {sum(result.nodes.values())} nodes and {sum(result.relationships.values())} relationships "
               f"to {server.kind} {server.address} in {result.seconds:.1f} s"
               + (f" (deleted {result.deleted} old nodes first)" if replace else ""))


@db_app.command("query")
def query(
    cypher: Annotated[str, typer.Argument(help="A .cypher file or the query text.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v (a string) or k:=JSON; repeatable.")] = None,
    json_: JsonOpt = False,
    to: ToOpt = None, uri: UriOpt = None, user: UserOpt = None, database: DatabaseOpt = None,
    falkordb_url: FalkorOpt = None, graph_name: GraphNameOpt = "chainkg",
) -> None:
    """Run a Cypher query (file or text) with $parameters and print the rows."""
    from chainkg.graph.cypherfiles import parse_params, read_query

    text, params = read_query(cypher), parse_params(param or [])
    with _connect(to, uri, user, database, falkordb_url, graph_name) as server:
        result = server.query(text, params, source=cypher if text != cypher else "query")
    if json_:
        return emit_json(result.records())
    _table(result.columns, result.rows)


@db_app.command("status")
def status(
    json_: JsonOpt = False,
    to: ToOpt = None, uri: UriOpt = None, user: UserOpt = None, database: DatabaseOpt = None,
    falkordb_url: FalkorOpt = None, graph_name: GraphNameOpt = "chainkg",
) -> None:
    """Show the server, its version, and node/relationship counts per label and type."""
    with _connect(to, uri, user, database, falkordb_url, graph_name) as server:
        st = server.status()
    if json_:
        return emit_json(st.__dict__)
    typer.echo(f"{st.server} {st.version} at {st.address}")
    _table(["label / type", "count"], [[k, v] for k, v in [*st.labels.items(), *st.types.items()]])


def _table(columns: list[str], rows: list[list[Any]]) -> None:
    from chainkg.cli.render import console
    from rich.table import Table

    from rich.text import Text

    table = Table(*columns)
    for row in rows:  # Text: data is never read as rich markup
        table.add_row(*(Text(_cell(v)) for v in row))
    console().print(table)


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "、".join(value)
    return json.dumps(value, ensure_ascii=False)


def register(app: typer.Typer) -> None:
    """Add ``chainkg db …``."""
    app.add_typer(db_app, name="db")
