"""The wheel: one top-level package, chainkg; installed on its own (outside the clone) it imports,
finds its data and runs the CLI, and the repository's folder names are not packages there."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs_outside_the_clone(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(REPO)], check=True, capture_output=True, timeout=300)
    target = tmp_path / "site"
    (wheel,) = wheels.glob("chainkg-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        top = {name.split("/")[0] for name in zf.namelist()}
    assert {t for t in top if not t.endswith(".dist-info")} == {"chainkg"}, top
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    assert (target / "chainkg" / "data" / "notices" / "cq-icv-parks-2022-26.txt").is_file()
    assert (target / "chainkg" / "graph" / "viz_assets" / "viz.js").is_file()
    assert (target / "chainkg" / "web" / "templates" / "base.html").is_file()  # chainkg serve's own files
    assert (target / "chainkg" / "web" / "static" / "app.js").is_file()
    # the local Neo4j's launcher and pom (python -m chainkg.graph.localserver neo4j)
    assert (target / "chainkg" / "graph" / "neo4j_java" / "Neo4jLauncher.java").is_file()
    assert (target / "chainkg" / "graph" / "neo4j_java" / "pom.xml").is_file()
    # only the installed copy and the dependencies are importable: -I ignores PYTHONPATH and the cwd
    deps = os.pathsep.join(site.getsitepackages())
    code = (f"import sys; sys.path[:0] = [{str(target)!r}] + {deps!r}.split({os.pathsep!r}); "
            "import chainkg.queries.match, chainkg.cli; "
            "assert chainkg.queries.match.__file__.startswith(sys.path[0]), chainkg.queries.match.__file__; "
            "import importlib.util as u; found = [n for n in ('graph', 'queries', 'loaders', 'chainkg_data') if u.find_spec(n)]; "
            "assert not found, found; "
            "sys.argv = ['chainkg', 'districts', '--json']; chainkg.cli.main()")
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, encoding="utf-8",
                         cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 13
