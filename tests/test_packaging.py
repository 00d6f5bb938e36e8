"""The package list: a wheel built from the repo, installed on its own (outside the clone), imports
every top-level package, finds its data and runs the CLI."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs_outside_the_clone(tmp_path: Path):
    wheels = tmp_path / "wheels"
    # CHAINKG_PURE=1: the compiled twin of the matcher (setup.py) is not what this test is about, and
    # compiling it takes a minute; tests/queries/test_compiled.py checks the installed one
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(REPO)], check=True, capture_output=True, timeout=300, env={**os.environ, "CHAINKG_PURE": "1"})
    target = tmp_path / "site"
    (wheel,) = wheels.glob("chainkg-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    installed = {p.name for p in target.iterdir()}
    assert {"graph", "loaders", "queries", "chainkg", "chainkg_data"} <= installed
    assert (target / "chainkg_data" / "notices" / "cq-icv-parks-2022-26.txt").is_file()
    # only the installed copy and the dependencies are importable: -I ignores PYTHONPATH and the cwd
    deps = os.pathsep.join(site.getsitepackages())
    code = (f"import sys; sys.path[:0] = [{str(target)!r}] + {deps!r}.split({os.pathsep!r}); "
            "import loaders, graph, queries, chainkg.cli; "
            "assert loaders.__file__.startswith(sys.path[0]), loaders.__file__; "
            "sys.argv = ['chainkg', 'districts', '--json']; chainkg.cli.main()")
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, encoding="utf-8",
                         cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 13
