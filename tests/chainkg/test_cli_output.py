"""The CLI as a pipe sees it (no terminal), and shell completion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from rich.cells import cell_len

REPO = Path(__file__).resolve().parents[2]
NOTICE = REPO / "data" / "notices" / "cq-icv-parks-2022-26.txt"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    return subprocess.run([sys.executable, "-m", "chainkg", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={**base, **(env or {})})


def test_piped_output_keeps_long_paths_on_one_line(tmp_path: Path):
    deep = tmp_path / ("a-folder-name-long-enough-to-pass-eighty-columns-" * 2) / "通知"
    deep.mkdir(parents=True)
    source = deep / "notice.txt"
    shutil.copy(NOTICE, source)
    out = run("check", "--source", str(source))
    assert out.returncode == 0, out.stderr
    assert any(str(source) in line for line in out.stdout.splitlines()), out.stdout[:400]
    # a table piped to a file is not cut to 80 columns either
    table = run("districts")
    assert max(cell_len(line) for line in table.stdout.splitlines()) > 80


def test_piped_output_follows_columns_when_set():
    out = run("districts", env={"COLUMNS": "70"})
    assert out.returncode == 0, out.stderr
    assert max(cell_len(line) for line in out.stdout.splitlines()) <= 70


def from_bash(option: str, home: Path) -> subprocess.CompletedProcess:
    """Run ``chainkg OPTION`` as a user would, from bash: typer finds the shell from the parent
    process (the trailing ``; true`` keeps bash from exec-ing the command in its own place)."""
    return subprocess.run(["bash", "--norc", "-c", f'"{sys.executable}" -m chainkg {option}; true'],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(home)})


def test_shell_completion_shows_installs_and_completes(tmp_path: Path):
    shown = from_bash("--show-completion", tmp_path)
    assert "_CHAINKG_COMPLETE=complete_bash" in shown.stdout, shown.stderr
    installed = from_bash("--install-completion", tmp_path)
    assert "bash completion installed" in installed.stdout, installed.stderr
    script = tmp_path / ".bash_completions" / "chainkg.sh"
    assert script.is_file() and str(script) in (tmp_path / ".bashrc").read_text()
    words = run(env={"_CHAINKG_COMPLETE": "complete_bash", "COMP_WORDS": "chainkg dis", "COMP_CWORD": "1"})
    assert set(words.stdout.split()) == {"districts", "district"}
