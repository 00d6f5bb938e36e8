"""The package's shape: one import namespace, and layers that import only downwards.

data → loaders → graph → queries → cli | web: a module may import its own layer and the ones before it,
and the package's ground (chainkg.errors, chainkg.fsutil). The command line (chainkg.cli) and the web
app (chainkg.web) are one top layer side by side: they may use each other (``chainkg serve`` starts the
app; the app shows the report the CLI writes), and no lower layer may import either. Checked on the
source, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from pathlib import Path

import pytest

import chainkg

LAYERS = ["chainkg.data", "chainkg.loaders", "chainkg.graph", "chainkg.queries", ("chainkg.cli", "chainkg.web")]
"""Bottom to top; a tuple is one layer of side-by-side packages."""
GROUND = {"chainkg", "chainkg.errors", "chainkg.fsutil"}
FACE = {"chainkg", "chainkg.__main__"}  # the package's front door may name any layer (lazily)
PACKAGES = ["chainkg", *(p for layer in LAYERS for p in ((layer,) if isinstance(layer, str) else layer))]


def _folder(package: str) -> Path:
    (folder,) = importlib.util.find_spec(package).submodule_search_locations
    return Path(folder)


def _modules() -> dict[str, Path]:
    """Every module of the package, by dotted name, with its file."""
    out: dict[str, Path] = {}
    for package in PACKAGES:
        root = _folder(package)
        for path in root.rglob("*.py"):
            rel = path.relative_to(root).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if package == "chainkg" and parts and parts[0] in ("cli", "web"):
                continue  # chainkg.cli's and chainkg.web's own folders are walked as those packages
            out[".".join([package, *parts])] = path
    return out


def _layer(module: str) -> int | None:
    for i, layer in enumerate(LAYERS):
        for package in (layer,) if isinstance(layer, str) else layer:
            if module == package or module.startswith(package + "."):
                return i
    return None


def test_cli_and_web_are_the_top_layer_side_by_side():
    assert _layer("chainkg.cli.commands.web") == _layer("chainkg.web.app") == len(LAYERS) - 1
    assert all(_layer(p) < _layer("chainkg.web") for p in ("chainkg.queries.match", "chainkg.graph.viz"))


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_the_repository_folders_are_subpackages_of_chainkg():
    for package, folder in [("chainkg.graph", "graph"), ("chainkg.loaders", "loaders"),
                            ("chainkg.queries", "queries"), ("chainkg.data", "data")]:
        assert _folder(package).name == folder
    for name in ("graph", "loaders", "queries"):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(name)


def test_every_module_is_imported_under_one_name_only():
    modules = _modules()
    assert len(modules) > 50
    for name in modules:
        if not name.endswith("__main__"):
            importlib.import_module(name)
    by_file: dict[Path, list[str]] = {}
    for name, module in list(sys.modules.items()):
        f = getattr(module, "__file__", None)
        if f and Path(f).resolve() in {p.resolve() for p in modules.values()}:
            by_file.setdefault(Path(f).resolve(), []).append(name)
    assert by_file, "no chainkg module found in sys.modules"
    for f, names in by_file.items():
        assert len(names) == 1 and names[0].startswith("chainkg"), f"{f} is loaded as {names}"


def test_layers_import_only_downwards():
    bad = []
    for name, path in _modules().items():
        own = _layer(name)
        if name in FACE:
            continue
        for line, target in _imports(path):
            if target.split(".")[0] in {"graph", "loaders", "queries", "chainkg_data"}:
                bad.append(f"{path}:{line}: imports {target} (use chainkg.{target})")
                continue
            if not target.startswith("chainkg") or target in GROUND:
                continue
            theirs = _layer(target)
            if own is None:  # the ground imports no layer
                bad.append(f"{path}:{line}: the package's ground imports {target}")
            elif theirs is not None and theirs > own:
                bad.append(f"{path}:{line}: {name} imports {target}, a layer above it")
    assert not bad, "\n".join(bad)


def test_public_api_resolves_lazily():
    import subprocess

    code = ("import sys, chainkg; heavy = [m for m in ('networkx', 'pandas', 'neo4j') if m in sys.modules]; "
            "assert not heavy, heavy; assert set(chainkg.__all__) <= set(dir(chainkg)); "
            "print(chainkg.build_graph.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "chainkg.graph.build"
    assert sorted(chainkg.__all__) == sorted(["__version__", *chainkg._API])
    with pytest.raises(AttributeError):
        chainkg.no_such_name  # noqa: B018
