"""Another plan's wording: a direction name no table knows, read onto the taxonomy's categories by
the lexicon that reads company profiles (:mod:`chainkg.loaders.lexicon`).

``data/directions.csv`` (canonical names) and ``data/taxonomy/directions.toml`` (their categories)
always win; this is only asked about the rest, and its answer — the categories, the score and the
words that carried it — goes into the load report (``chainkg check``) and onto the Direction node.

>>> m = map_direction_name("内外饰")
>>> m.mapped, m.categories, m.evidence
(True, (('interior_exterior', 1.0),), ('内外饰',))
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
        return f"{self.name!r} → {cats} (lexicon score {self.score:.2f}: {'、'.join(self.evidence)})"


def map_direction_name(name: str) -> DirectionMap:
    """The categories a direction name stands for, by the shipped lexicon, or why none."""
    lex = shipped_lexicon()
    vocab = lex.vocab
    scan = lex.scan(name)
    score = round(scan.raw_best, 2)
    evidence = tuple(dict.fromkeys(w for ws in scan.evidence.values() for w in ws))
    if not scan.scores:
        return DirectionMap(name, (), score, (), "the lexicon finds no category term in it")
    if scan.fuzzy:
        return DirectionMap(name, (), score, evidence, f"only near-misses ({'、'.join(evidence)}); add it to "
                            "data/taxonomy/directions.toml if that is what it means")
    if scan.raw_best < vocab.direction_min:
        return DirectionMap(name, (), score, evidence, f"lexicon score {score:.2f} is below {vocab.direction_min}")
    cats = tuple((lex.keys[c], 1.0 if s >= vocab.direction_secondary else 0.5)
                 for c, s in sorted(scan.scores.items(), key=lambda kv: -kv[1]))
    return DirectionMap(name, cats, score, evidence)
