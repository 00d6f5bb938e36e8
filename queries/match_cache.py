"""A disk cache of the match index, so a cold ``chainkg match "…"`` skips networkx, the notice parser
and the index build (≈ 0.4 s here) when nothing changed.

The key is a SHA-256 over the input files (sources or a saved graph), every file of ``data/``, the
source of the modules that shape the index, and the Python / pyahocorasick versions: any change to
the data, the code or the inputs builds a fresh index. The cache lives in ``$CHAINKG_CACHE_DIR``, else
``$XDG_CACHE_HOME/chainkg``, else ``~/.cache/chainkg``; ``CHAINKG_NO_CACHE=1`` turns it off. Files
are written atomically; an unreadable cache file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import importlib.util
import pickle
import sys
from pathlib import Path

from chainkg.queries.matching import MatchIndex

_CODE = ("chainkg.loaders", "chainkg.graph")  # packages whose every module can change the graph
_MODULES = ("matching.py", "match_cache.py")  # beside this file


def cache_dir() -> Path | None:
    """Where cached indexes go (None when caching is off)."""
    if os.environ.get("CHAINKG_NO_CACHE"):
        return None
    if os.environ.get("CHAINKG_CACHE_DIR"):
        return Path(os.environ["CHAINKG_CACHE_DIR"])
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory to be found: no cache
        return None
    return Path(base) / "chainkg"


def _key(sources: list[Path] | None, graph_file: Path | None) -> str:
    import ahocorasick

    from chainkg.loaders.vocab import DATA_DIR

    h = hashlib.sha256()
    h.update(f"{sys.version}|{getattr(ahocorasick, '__version__', '')}|{sources is None}".encode())
    for p in [*(sources or []), *([graph_file] if graph_file else [])]:
        h.update(str(p).encode() + b"\0" + Path(p).read_bytes())
    # the packages' folders from their specs: a clone maps them to graph/, loaders/; a wheel nests them
    folders = [Path(d) for pkg in _CODE for d in importlib.util.find_spec(pkg).submodule_search_locations]
    files = sorted(DATA_DIR.rglob("*.*")) + sorted(f for d in folders for f in d.glob("*.py"))
    files += [Path(__file__).resolve().parent / m for m in _MODULES]
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:32]


def load_match_index(sources: list[Path] | None = None, graph_file: Path | None = None) -> MatchIndex:
    """The match index of the given sources (default: the shipped notice) or saved graph, from the
    disk cache when it is current, else built (and cached)."""
    folder = cache_dir()
    path = None
    if folder is not None:
        try:
            path = folder / f"match-index-{_key(sources, graph_file)}.pickle"
            with path.open("rb") as fp:
                index = pickle.load(fp)
            if isinstance(index, MatchIndex):
                return index
        except FileNotFoundError:
            pass
        except OSError:  # unreadable input: let the normal path report it
            path = None
        except Exception:  # a damaged cache file: rebuild it
            pass
    from chainkg.queries.matching import build_index

    if graph_file is not None:
        from chainkg.graph.io import read_graph

        G = read_graph(graph_file)
    else:
        from chainkg.graph.build import build_graph
        from chainkg.loaders import load_sources

        G = build_graph(load_sources(sources or None))
    index = build_index(G)
    if path is not None:
        try:
            from chainkg.fsutil import atomic_write_bytes

            atomic_write_bytes(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home: just don't cache
    return index
