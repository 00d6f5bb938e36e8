"""Another plan's wording: a direction name no table knows, read onto the taxonomy's categories by
the matcher that reads company profiles: its lexicon (:mod:`chainkg.loaders.lexicon`) first, then,
for a name with no listed term, its semantic tier (:mod:`chainkg.loaders.semantic`), which maps the
name in part (weight 0.5) when the nearest category stands out by ``[directions] semantic_min_z``.

``data/directions.csv`` (canonical names) and ``data/taxonomy/directions.toml`` (their categories)
always win; this is only asked about the rest, and its answer — the categories, the score and the
words that carried it — goes into the load report (``chainkg check``) and onto the Direction node.

>>> m = map_direction_name("内外饰")
>>> m.mapped, m.categories, m.evidence
(True, (('interior_exterior', 1.0),), ('内外饰',))
>>> m = map_direction_name("车路网联")
>>> m.how, m.categories
('semantic', (('roadside_v2x_infra', 0.5),))
>>> map_direction_name("数字化车间").mapped
False
"""

from __future__ import annotations

from dataclasses import dataclass

from chainkg.loaders.lexicon import shipped_lexicon


@dataclass(frozen=True)
class DirectionMap:
    """What the lexicon made of a direction name."""

    name: str
    categories: tuple[tuple[str, float], ...]  # (category key, weight 1.0 full / 0.5 in part); () unmapped
    score: float  # evidence of the best category (a two-character alias ≈ 0.8; ≥ 1 for a long one)
    evidence: tuple[str, ...]  # the words that carried it
    why: str = ""  # for an unmapped name: why not
    how: str = "lexicon"  # lexicon | semantic: which tier read it

    @property
    def mapped(self) -> bool:
        return bool(self.categories)

    def describe(self) -> str:
        """One line for the load report.

        >>> map_direction_name("电转向").describe()
        "'电转向' → steering_system (lexicon score 0.90: 电转向)"
        """
        if not self.mapped:
            return f"{self.name!r} maps to no category: {self.why}"
        cats = ", ".join(k if w == 1.0 else f"{k} (in part)" for k, w in self.categories)
        if self.how == "semantic":
            return f"{self.name!r} → {cats} (by meaning: semantic z {self.score:.1f}; no listed term)"
        return f"{self.name!r} → {cats} (lexicon score {self.score:.2f}: {'、'.join(self.evidence)})"


def map_direction_name(name: str) -> DirectionMap:
    """The categories a direction name stands for, by the shipped lexicon, or why none."""
    lex = shipped_lexicon()
    vocab = lex.vocab
    scan = lex.scan(name)
    score = round(scan.raw_best, 2)
    evidence = tuple(dict.fromkeys(w for ws in scan.evidence.values() for w in ws))
    if not scan.scores or scan.fuzzy or scan.semantic:
        # no listed term (or only a typo guess): the semantic tier, with a bar higher than for a
        # company text, as a direction name is short and stands alone (a name with a vehicle word,
        # 汽车电子, may already have been read by meaning inside the scan: it takes the same bar)
        from chainkg.loaders.semantic import shipped_model

        best = shipped_model().best(name)
        if best is not None and best[2] >= vocab.direction_semantic_min_z and best[0] in lex.keys:
            return DirectionMap(name, ((best[0], 0.5),), round(best[2], 2), (name,), how="semantic")
        near = f"; nearest by meaning {best[0]} (z {best[2]:.1f} < {vocab.direction_semantic_min_z})" if best else ""
        if scan.fuzzy:
            return DirectionMap(name, (), score, evidence, f"only near-misses ({'、'.join(evidence)}){near}; add "
                                "it to data/taxonomy/directions.toml if that is what it means")
        return DirectionMap(name, (), score, (), f"no category term in it{near}")
    if scan.raw_best < vocab.direction_min:
        return DirectionMap(name, (), score, evidence, f"lexicon score {score:.2f} is below {vocab.direction_min}")
    cats = tuple((lex.keys[c], 1.0 if s >= vocab.direction_secondary else 0.5)
                 for c, s in sorted(scan.scores.items(), key=lambda kv: -kv[1]))
    return DirectionMap(name, cats, score, evidence)
