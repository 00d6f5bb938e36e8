"""Categories of the reference chain taxonomy in the graph (filled in by the taxonomy issue)."""

from __future__ import annotations

import networkx as nx


def add_taxonomy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Add Category and Group nodes, BELONGS_TO, SUPPLIES and PART_OF edges to ``G`` (in place)."""
    return G
