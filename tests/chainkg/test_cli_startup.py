"""Start-up stays light: the CLI's import and --help load none of pandas, pyvis, neo4j, falkordb."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "pyvis", "neo4j", "falkordb", "numpy", "openpyxl", "IPython")


def test_help_imports_no_heavy_library():
    code = ("import sys, chainkg.cli\n"
            "try:\n    chainkg.cli.app(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "HEAVY=", f"heavy modules imported at start-up: {out.stdout[-200:]}"


def test_every_command_has_help_and_is_in_the_readme():
    import typer.main

    from chainkg.cli import app

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        names = [f"{name} {s}" for s in sub] if sub else [name]
        for full in names:
            assert f"chainkg {full}" in readme, f"`chainkg {full}` is not documented in README.md"
        assert (command.help or "").strip(), f"{name} has no help text"
