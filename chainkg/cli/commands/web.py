"""``chainkg serve``: the local web app (:mod:`chainkg.web`). Parses the options and starts uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from chainkg.cli.options import GraphOpt, SourceOpt, fail


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but loopback needs CHAINKG_TOKEN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8000,
    source: SourceOpt = None, graph: GraphOpt = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, help="Largest batch upload, in MB.")] = 50,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Most rows of a batch upload.")] = 100_000,
) -> None:
    """The local web app: match, batch, districts, planning, graph, report, and a JSON API (offline).

    The token (CHAINKG_TOKEN, from the environment) is asked for as 'Authorization: Bearer …' or on
    the login page whenever it is set; it is never printed or logged.
    """
    import os
    import socket

    from chainkg.web.state import ServeConfig, check_config

    config = ServeConfig(host=host, port=port, sources=tuple(source or ()), graph=graph,
                         token=os.environ.get("CHAINKG_TOKEN") or None,
                         max_upload_bytes=max_upload_mb * 1024 * 1024, max_rows=max_rows)
    check_config(config)
    try:  # a busy port is one line before the graph is loaded
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as err:
        fail(f"cannot listen on {host}:{port}: {err.strerror or err}")
    import uvicorn

    from chainkg.web.app import create_app

    app = create_app(config)
    typer.echo(f"chainkg: serving on {config.url} (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False,
                timeout_graceful_shutdown=3)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command()(serve)
