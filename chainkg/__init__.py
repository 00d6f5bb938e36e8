"""chainkg — industrial-chain knowledge graph and matcher.

One installed package. Its layers, each importing only those before it:

- ``chainkg.data``     reference tables and the shipped notice (the repository's ``data/``)
- ``chainkg.loaders``  parse and normalise notices and tables (``loaders/``)
- ``chainkg.graph``    build, save, export, draw and push the graph (``graph/``)
- ``chainkg.queries``  analyses: graph in, DataFrame or small dataclass out (``queries/``)
- ``chainkg.cli``      the ``chainkg`` command

This module itself holds the ground every layer stands on (:mod:`chainkg.errors`,
:mod:`chainkg.fsutil`) and the public API below. The names are resolved on first use, so
``import chainkg`` (and ``chainkg --help``) pulls in neither networkx, pandas nor neo4j.

>>> import chainkg
>>> G = chainkg.build_graph(chainkg.load_sources())
>>> chainkg.match_profile(G, "激光雷达", top=1).results[0].district
'渝北区'
>>> chainkg.district_profile(G, "璧山").name
'璧山区'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name → module that defines it
_API = {
    "load_sources": "chainkg.loaders",
    "read_source": "chainkg.loaders",
    "build_graph": "chainkg.graph.build",
    "read_graph": "chainkg.graph.io",
    "write_graph": "chainkg.graph.io",
    "write_export": "chainkg.graph.export",
    "write_pyvis_html": "chainkg.graph.viz",
    "match_profile": "chainkg.queries.match",
    "match_many": "chainkg.queries.match",
    "districts_table": "chainkg.queries.profiles",
    "district_profile": "chainkg.queries.profiles",
    "duplicated_directions": "chainkg.queries.overlaps",
    "similar_pairs": "chainkg.queries.overlaps",
    "uncovered_categories": "chainkg.queries.gaps",
    "collaboration_candidates": "chainkg.queries.collab",
    "district_targets": "chainkg.queries.targets",
    "rank_companies": "chainkg.queries.targets",
    "ChainKGError": "chainkg.errors",
    "InputError": "chainkg.errors",
    "UnknownName": "chainkg.errors",
}

__all__ = [  # the names of _API, spelled out for readers and linters (a test keeps them equal)
    "__version__", "load_sources", "read_source", "build_graph", "read_graph", "write_graph", "write_export",
    "write_pyvis_html", "match_profile", "match_many", "districts_table", "district_profile",
    "duplicated_directions", "similar_pairs", "uncovered_categories", "collaboration_candidates",
    "district_targets", "rank_companies", "ChainKGError", "InputError", "UnknownName",
]

if TYPE_CHECKING:  # for type checkers and editors; at run time the names resolve lazily
    from chainkg.errors import ChainKGError, InputError, UnknownName
    from chainkg.graph.build import build_graph
    from chainkg.graph.export import write_export
    from chainkg.graph.io import read_graph, write_graph
    from chainkg.graph.viz import write_pyvis_html
    from chainkg.loaders import load_sources, read_source
    from chainkg.queries.collab import collaboration_candidates
    from chainkg.queries.gaps import uncovered_categories
    from chainkg.queries.match import match_many, match_profile
    from chainkg.queries.overlaps import duplicated_directions, similar_pairs
    from chainkg.queries.profiles import district_profile, districts_table
    from chainkg.queries.targets import district_targets, rank_companies


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'chainkg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # resolve once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
