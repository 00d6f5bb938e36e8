"""The reference chain taxonomy in the graph: Category and Group nodes, PART_OF, SUPPLIES, BELONGS_TO.

``add_taxonomy(G)`` adds the taxonomy of ``data/taxonomy`` (see :mod:`chainkg.loaders.taxonomy`) to a graph
that already holds the districts and directions of the loaded sources, and links every Direction node
to the categories it covers.

Directions without a mapping:

* a direction stated by a shipped **notice** (a Document of kind ``notice``) must be mapped — the
  taxonomy is incomplete otherwise, and :class:`chainkg.errors.SchemaError` names it;
* a direction that only a user's **table** states is read by the lexicon when it is loaded
  (:mod:`chainkg.loaders.directionmap`; the load report says what it found, with its score): its
  categories become BELONGS_TO edges whose ``source`` is ``lexicon <score>``;
* one the lexicon cannot read (score below the threshold) is kept, gets ``unmapped=True`` and no
  BELONGS_TO edge, and is listed in ``G.graph["taxonomy_unmapped"]`` (one line per direction, for
  the CLI to print): matching and gap analysis just cannot see through it.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("direction:转向制动系统", label="Direction", id="direction:转向制动系统", name="转向制动系统")
>>> _ = add_taxonomy(G)
>>> sorted(v for _, v, k in G.out_edges("direction:转向制动系统", keys=True) if k == "BELONGS_TO")
['category:braking_system', 'category:steering_system']
>>> G.nodes["category:battery_cell"]["position"]
'midstream'
"""

from __future__ import annotations

import networkx as nx

from chainkg.errors import SchemaError
from chainkg.graph.schema import KEY, Label, Rel, node_id
from chainkg.loaders.taxonomy import Taxonomy, load_taxonomy


def _sources_text(ids: tuple[str, ...] | list[str]) -> str:
    return "; ".join(ids)


def add_taxonomy(G: nx.MultiDiGraph, taxonomy: Taxonomy | None = None) -> nx.MultiDiGraph:
    """Add Category and Group nodes, BELONGS_TO, SUPPLIES and PART_OF edges to ``G`` (in place).

    ``taxonomy`` defaults to the shipped ``data/taxonomy``. Returns ``G``.
    """
    tax = taxonomy or load_taxonomy()
    for g in tax.groups.values():
        gid = node_id(Label.GROUP, g.id)
        G.add_node(gid, **{"label": Label.GROUP.value, KEY: gid, "key": g.id, "name": g.name, "name_en": g.name_en})
    for g in tax.groups.values():
        if g.parent:
            _edge(G, node_id(Label.GROUP, g.id), node_id(Label.GROUP, g.parent), Rel.PART_OF,
                  source=_sources_text(g.sources))
    for c in tax.categories.values():
        cid = node_id(Label.CATEGORY, c.id)
        G.add_node(cid, **{
            "label": Label.CATEGORY.value, KEY: cid, "key": c.id, "name": c.name, "name_en": c.name_en,
            "position": c.position, "group": c.group, "fit": c.fit,
            "aliases": [*c.aliases, *c.aliases_en], "keywords": list(c.keywords),
            "source": _sources_text(c.sources),
        })
        _edge(G, cid, node_id(Label.GROUP, c.group), Rel.PART_OF, source=_sources_text(tax.groups[c.group].sources))
    for s in tax.supplies:
        _edge(G, node_id(Label.CATEGORY, s.src), node_id(Label.CATEGORY, s.dst), Rel.SUPPLIES,
              source=_sources_text([x.strip() for x in s.source.split(";")]))
    _map_directions(G, tax)
    return G


def _edge(G: nx.MultiDiGraph, u: str, v: str, rel: Rel, **attrs: object) -> None:
    G.add_edge(u, v, key=rel.value, type=rel.value, **attrs)


def _map_directions(G: nx.MultiDiGraph, tax: Taxonomy) -> None:
    notices = {n for n, a in G.nodes(data=True) if a.get("label") == Label.DOCUMENT.value and a.get("kind") == "notice"}
    unmapped: list[str] = []
    for n, attrs in list(G.nodes(data=True)):
        if attrs.get("label") != Label.DIRECTION.value:
            continue
        names = [attrs.get("name", ""), *(attrs.get("raw") or [])]
        mapping = next((m for m in map(tax.direction, filter(None, names)) if m is not None), None)
        if mapping is None and attrs.get("map_categories"):
            # another plan's wording, read by the lexicon when it was loaded (chainkg.loaders.directionmap)
            known = [(k, w) for k, w in zip(attrs["map_categories"], attrs["map_weights"]) if k in tax.categories]
            if known:
                attrs.pop("unmapped", None)
                attrs.setdefault("umbrella", False)
                for key, weight in known:
                    _edge(G, n, node_id(Label.CATEGORY, key), Rel.BELONGS_TO, weight=weight,
                          source=f"lexicon {attrs.get('map_score', 0):.2f}")
                continue
        if mapping is None:
            stated_by = [s for s in attrs.get("sources") or [] if s in notices or node_id(Label.DOCUMENT, s) in notices]
            if stated_by:
                raise SchemaError(
                    f"{tax.folder / 'directions.toml'}: direction {attrs.get('name')!r} of {stated_by[0]} "
                    "maps to no category (add a [[direction]] entry with its categories)"
                )
            attrs["unmapped"] = True
            unmapped.append(
                f"direction {attrs.get('name')!r} (from {', '.join(attrs.get('sources') or ['?'])}) maps to no "
                f"category of the taxonomy; it is kept but not used for matching or gaps "
                f"(add it to {tax.folder / 'directions.toml'})"
            )
            continue
        attrs["umbrella"] = mapping.umbrella
        attrs.setdefault("name_en", mapping.name_en)
        if not attrs.get("name_en"):
            attrs["name_en"] = mapping.name_en
        attrs.pop("unmapped", None)
        for cid, weight in mapping.categories:
            _edge(G, n, node_id(Label.CATEGORY, cid), Rel.BELONGS_TO, weight=weight, source=mapping.source)
    G.graph["taxonomy_unmapped"] = unmapped
