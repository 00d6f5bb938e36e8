"""The ``chainkg`` command: one Typer app, commands registered by group from ``chainkg.cli.commands``.

Commands are thin: parse options, call one public function of ``loaders``/``graph``/``queries``,
render. Heavy libraries (pandas, pyvis, neo4j) are imported inside the commands that need them.
"""

from __future__ import annotations

import typer

from chainkg.cli.commands import data, db, match, plan, viz, web
from chainkg.cli.options import ChainKGGroup

app = typer.Typer(
    name="chainkg",
    cls=ChainKGGroup,
    help="Industrial-chain knowledge graph: districts, parks, creation directions and chain categories.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
)

for _group in (data, match, plan, viz, db, web):
    _group.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="chainkg")  # also under `python -m chainkg`, so completion scripts name the command
