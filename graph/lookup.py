"""Finding nodes by the names people type: forgiving about 区/县 suffixes, traditional characters,
full-width forms and case; a near miss gets suggestions instead of a guess.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from chainkg.errors import ChainKGError, UnknownName
from chainkg.graph.schema import Label
from chainkg.loaders.textnorm import compact
from chainkg.loaders.vocab import find_place

_PREFERENCE = [Label.DISTRICT, Label.PARK, Label.DIRECTION, Label.CATEGORY, Label.GROUP, Label.DOCUMENT]


def names_of(attrs: dict) -> list[str]:
    """Every name a node answers to: name, full name, English name, key, raw spellings.

    >>> names_of({"name": "九龙坡区", "raw": ["九龙坡"], "name_en": "Jiulongpo District"})
    ['九龙坡区', 'Jiulongpo District', '九龙坡']
    """
    out = [attrs.get(k) for k in ("name", "full_name", "name_en", "key")]
    out += list(attrs.get("raw", []) or []) + list(attrs.get("aliases", []) or [])
    if attrs.get("label") == Label.DISTRICT.value:
        place = find_place(attrs.get("name", ""), attrs.get("region", ""))
        if place is not None:
            out += list(place.aliases)
    seen: list[str] = []
    for name in out:
        if isinstance(name, str) and name and name not in seen:
            seen.append(name)
    return seen


def _labels(label: Label | Iterable[Label] | None) -> list[Label]:
    if label is None:
        return list(_PREFERENCE)
    if isinstance(label, Label):
        return [label]
    return list(label)


def resolve(G: nx.MultiDiGraph, name: str, label: Label | Iterable[Label] | None = None) -> str:
    """The id of the node called ``name`` (of ``label``, or any label in preference order
    District, Park, Direction, Category, Group, Document).

    >>> from chainkg.graph.build import build_graph
    >>> G = build_graph(with_taxonomy=False)
    >>> resolve(G, "璧山"), resolve(G, "九龍坡", Label.DISTRICT)
    ('district:重庆市/璧山区', 'district:重庆市/九龙坡区')
    >>> resolve(G, "西彭工业园区")
    'park:重庆市/九龙坡区/西彭工业园区'
    """
    labels = _labels(label)
    kind = " or ".join(lb.value.lower() for lb in labels) if label is not None else "name"
    key = compact(name)
    if not key:
        raise UnknownName(kind, name)
    if name in G and G.nodes[name].get("label") in {lb.value for lb in labels}:
        return name
    candidates: dict[Label, list[tuple[str, list[str]]]] = {lb: [] for lb in labels}
    for node, attrs in G.nodes(data=True):
        try:
            lb = Label(attrs.get("label"))
        except ValueError:
            continue
        if lb in candidates:
            candidates[lb].append((node, [compact(n) for n in names_of(attrs)]))
    for test in (lambda n: n == key, lambda n: n.startswith(key) or (len(key) >= 2 and key in n)):
        for lb in labels:
            hits = sorted({node for node, names in candidates[lb] if any(test(n) for n in names)})
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                shown = [G.nodes[h].get("full_name") or G.nodes[h].get("name", h) for h in hits[:6]]
                raise ChainKGError(f"{name!r} is ambiguous: {', '.join(shown)}; be more specific")
    raise UnknownName(kind, name, suggest(G, name, labels))


def suggest(G: nx.MultiDiGraph, name: str, labels: Iterable[Label] | None = None, limit: int = 3) -> list[str]:
    """Closest display names to ``name`` (rapidfuzz), best first.

    >>> from chainkg.graph.build import build_graph
    >>> suggest(build_graph(with_taxonomy=False), "九龙区", [Label.DISTRICT])[:1]
    ['九龙坡区']
    """
    from rapidfuzz import fuzz, process

    wanted = {lb.value for lb in (labels or _PREFERENCE)}
    choices: dict[str, str] = {}
    for _, attrs in G.nodes(data=True):
        if attrs.get("label") in wanted:
            display = attrs.get("full_name") or attrs.get("name", "")
            for n in names_of(attrs):
                choices.setdefault(compact(n), display)
    found = process.extract(compact(name), list(choices), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=50)
    out: list[str] = []
    for match, _score, _ in found:
        if choices[match] not in out:
            out.append(choices[match])
    return out[:limit]
