"""The one schema of the chainkg graph: node labels, relationship types, key properties.

Everything that names a label or a relationship type — the networkx builder, the Neo4j and
FalkorDB writers, the exports and the ``cypher/`` files (checked by a test) — takes it from here.

Conventions of the networkx form (``nx.MultiDiGraph``):

* a node's key is its stable id (``KEY``), e.g. ``"district:重庆市/九龙坡区"``; its attributes
  hold ``label`` (a :class:`Label` value) and the properties listed in :data:`NODE_PROPERTIES`;
* an edge's key is its relationship type (a :class:`Rel` value), so two nodes are joined by at
  most one edge of each type; the attribute ``type`` repeats it for exports;
* ``sources`` (nodes and edges) is the sorted list of Document ids that state the fact.

>>> node_id(Label.DISTRICT, "重庆市", "九龙坡区")
'district:重庆市/九龙坡区'
>>> ENDPOINTS[Rel.TARGETS]
(<Label.DISTRICT: 'District'>, <Label.DIRECTION: 'Direction'>)
"""

from __future__ import annotations

from enum import StrEnum

KEY = "id"
"""Property holding a node's stable id (unique per label; the networkx node key)."""

DATASET_PROPERTY = "dataset"
"""Property a graph server writer sets on every node it writes, so ``--replace`` touches only ours."""


class Label(StrEnum):
    """Node labels."""

    DOCUMENT = "Document"  # a policy notice or a user's table: the source of facts
    DISTRICT = "District"  # a 区县 or development zone (开发区) named as a creation site
    PARK = "Park"  # a host park (承载园区) of a district
    DIRECTION = "Direction"  # a canonical creation direction (创建方向)
    CATEGORY = "Category"  # a component / service category of the reference chain taxonomy
    GROUP = "Group"  # a group of categories (三电, 智能网联, …), nested by PART_OF


class Rel(StrEnum):
    """Relationship types."""

    LISTS = "LISTS"  # (Document)-[:LISTS]->(District): the document names the district
    LOCATED_IN = "LOCATED_IN"  # (Park)-[:LOCATED_IN]->(District)
    TARGETS = "TARGETS"  # (District)-[:TARGETS]->(Direction)
    BELONGS_TO = "BELONGS_TO"  # (Direction)-[:BELONGS_TO]->(Category): the direction covers it
    SUPPLIES = "SUPPLIES"  # (Category)-[:SUPPLIES]->(Category): an input of
    PART_OF = "PART_OF"  # (Category)-[:PART_OF]->(Group), (Group)-[:PART_OF]->(Group)


ENDPOINTS: dict[Rel, tuple[Label, Label]] = {
    Rel.LISTS: (Label.DOCUMENT, Label.DISTRICT),
    Rel.LOCATED_IN: (Label.PARK, Label.DISTRICT),
    Rel.TARGETS: (Label.DISTRICT, Label.DIRECTION),
    Rel.BELONGS_TO: (Label.DIRECTION, Label.CATEGORY),
    Rel.SUPPLIES: (Label.CATEGORY, Label.CATEGORY),
    Rel.PART_OF: (Label.CATEGORY, Label.GROUP),
}
"""(start label, end label) of each relationship type. PART_OF also joins Group to Group."""

EXTRA_ENDPOINTS: dict[Rel, tuple[tuple[Label, Label], ...]] = {
    Rel.PART_OF: ((Label.GROUP, Label.GROUP),),
}

NODE_PROPERTIES: dict[Label, tuple[str, ...]] = {
    # number: 渝经信园区〔2022〕26号; kind: notice | table; addressees: list of names
    Label.DOCUMENT: (
        "id", "name", "kind", "number", "title", "issuer", "date", "basis", "region",
        "addressees", "path", "sha256",
    ),
    # name: canonical (九龙坡区); raw: as written (九龙坡); type: 综合型 | 专业型
    Label.DISTRICT: (
        "id", "name", "name_en", "region", "type", "type_en", "type_raw", "raw", "seq",
        "lat", "lon", "sources",
    ),
    # name: 凤凰湖产业园; zone: 永川高新区 (or ""); full_name: 永川高新区凤凰湖产业园
    Label.PARK: ("id", "name", "name_en", "full_name", "zone", "district", "raw", "sources"),
    # name: 环境感知系统; detail: 雷达、摄像头等 (the parenthesised part); raw: variants seen;
    # map_categories / map_weights / map_score: how the lexicon read a name no table knows (内外饰)
    Label.DIRECTION: ("id", "name", "name_en", "detail", "raw", "umbrella", "sources",
                      "map_categories", "map_weights", "map_score"),
    # position: upstream | midstream | downstream; fit: factory | software | service (site it needs)
    Label.CATEGORY: (
        "id", "key", "name", "name_en", "position", "group", "fit", "aliases", "keywords", "source",
    ),
    Label.GROUP: ("id", "key", "name", "name_en"),
}
"""Known properties per label (``label`` itself is implicit). List-valued: addressees, raw,
sources, aliases, keywords, map_categories, map_weights."""

REL_PROPERTIES: dict[Rel, tuple[str, ...]] = {
    Rel.LISTS: ("row", "sources"),
    Rel.LOCATED_IN: ("sources",),
    # raw: the direction as written in that source; detail: its parenthesised part
    Rel.TARGETS: ("raw", "detail", "sources"),
    Rel.BELONGS_TO: ("weight", "source"),
    Rel.SUPPLIES: ("source",),
    Rel.PART_OF: ("source",),
}

UNIQUE_KEYS: dict[Label, str] = {label: KEY for label in Label}
"""The property that is unique per label (uniqueness constraint on graph servers)."""

INDEXED: dict[Label, tuple[str, ...]] = {
    Label.DISTRICT: ("name",),
    Label.PARK: ("name",),
    Label.DIRECTION: ("name",),
    Label.CATEGORY: ("name",),
}
"""Extra (non-unique) indexes worth creating on graph servers."""


def node_id(label: Label, *parts: str) -> str:
    """Stable id of a node: ``"<label lowercased>:<part>/<part>…"``.

    >>> node_id(Label.CATEGORY, "battery_cell")
    'category:battery_cell'
    """
    return f"{label.value.lower()}:{'/'.join(parts)}"


def label_of(node_key: str) -> Label:
    """The label encoded in a node id.

    >>> label_of("park:重庆市/璧山区/璧山高新区")
    <Label.PARK: 'Park'>
    """
    prefix = node_key.split(":", 1)[0]
    for label in Label:
        if label.value.lower() == prefix:
            return label
    raise ValueError(f"not a chainkg node id: {node_key!r}")


def all_endpoints(rel: Rel) -> tuple[tuple[Label, Label], ...]:
    """Every (start, end) label pair a relationship type may join."""
    return (ENDPOINTS[rel], *EXTRA_ENDPOINTS.get(rel, ()))
