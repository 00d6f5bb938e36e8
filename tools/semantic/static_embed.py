"""Runtime of the distilled static model (numpy only).

A text's vector = L2-normalised weighted sum of the vectors of its tokens; tokens come from a greedy
longest-match over the vocabulary after NFKC + lower-case + traditional→simplified (character table shipped
in the .npz). ASCII runs [a-z0-9]+ are looked up whole. Characters / words outside the vocabulary are skipped.
"""
from __future__ import annotations

import json
import re
import unicodedata

import numpy as np

_RUNS = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def load_t2s() -> tuple[str, str]:
    """Traditional→simplified single-character table from OpenCC's TSCharacters (build time only)."""
    import os

    import opencc

    p = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSCharacters.txt")
    src, dst = [], []
    for line in open(p, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2:
            t, s = parts[0], parts[1].split(" ")[0]
            if len(t) == 1 and len(s) == 1 and t != s:
                src.append(t)
                dst.append(s)
    return "".join(src), "".join(dst)


class Normalizer:
    """NFKC (only when the text is not already NFKC: the check is ~100x cheaper), lower(), then the
    traditional→simplified character table. ``pre`` does the first two on a whole text, ``t2s`` the last on a
    run (the tokenizer applies it per run, after its run cache)."""

    def __init__(self, t2s_src: str = "", t2s_dst: str = ""):
        self.table = str.maketrans(t2s_src, t2s_dst) if t2s_src else {}

    @staticmethod
    def pre(text: str) -> str:
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        return text.lower()

    def t2s(self, run: str) -> str:
        return run.translate(self.table)

    def __call__(self, text: str) -> str:
        return self.t2s(self.pre(text))


class Tokenizer:
    def __init__(self, tokens: list[str], norm: Normalizer, cache: bool = True):
        self.norm = norm
        self.cache: dict[str, tuple[int, ...]] | None = {} if cache else None  # run -> ids memo
        self.ix = {t: i for i, t in enumerate(tokens)}
        maxlen: dict[str, int] = {}
        for t in tokens:
            c = t[0]
            if len(t) > maxlen.get(c, 0):
                maxlen[c] = len(t)
        self.maxlen = maxlen

    def _segment(self, run: str) -> tuple[int, ...]:
        get = self.ix.get
        if run[0] >= "\u0080":
            run = self.norm.t2s(run)
        j = get(run)
        if j is not None:  # a whole ASCII word, or a CJK run that is itself a token
            return (j,)
        if run[0] < "\u0080":  # unknown ASCII word: try plural/3rd-person endings (valves, batteries, evs)
            if len(run) > 3 and run.endswith("s"):
                for stem in ((run[:-3] + "y") if run.endswith("ies") else None, run[:-2] if run.endswith("es") else None,
                             run[:-1]):
                    if stem and (j := get(stem)) is not None:
                        return (j,)
            return ()
        maxlen, out = self.maxlen, []
        i, n = 0, len(run)
        while i < n:
            L = maxlen.get(run[i])
            if L is None:
                i += 1
                continue
            if L > n - i:
                L = n - i
            while L > 0:
                j = get(run[i : i + L])
                if j is not None:
                    out.append(j)
                    break
                L -= 1
            i += L if L else 1
        return tuple(out)

    def ids(self, text: str) -> list[int]:
        out: list[int] = []
        cache, seg = self.cache, self._segment
        runs = _RUNS.findall(self.norm.pre(text))
        if cache is None:
            for run in runs:
                out.extend(seg(run))
            return out
        for run in runs:
            r = cache.get(run)
            if r is None:
                if len(cache) > 200_000:
                    cache.clear()
                r = cache[run] = seg(run)
            out.extend(r)
        return out

    def tokens(self, text: str) -> list[str]:
        inv = getattr(self, "_inv", None)
        if inv is None:
            inv = self._inv = {i: t for t, i in self.ix.items()}
        return [inv[i] for i in self.ids(text)]


class StaticEmbedder:
    """Load the .npz written by build_static.py; ``encode(list_of_texts) -> (n, d)`` float32, rows unit-norm
    (a text with no known token gets a zero row)."""

    def __init__(self, path: str, weighting: str | None = None, cache: bool = True):
        z = np.load(path, allow_pickle=False)
        self.meta = json.loads(str(z["meta"]))
        tokens = bytes(z["tokens"]).decode("utf-8").split("\n")
        self.tok = Tokenizer(tokens, Normalizer(str(z["t2s_src"]), str(z["t2s_dst"])), cache=cache)
        if "vectors_q" in z:  # int8 rows with a float16 scale each
            V = z["vectors_q"].astype(np.float32) * z["vectors_scale"].astype(np.float32)[:, None]
        else:
            V = z["vectors"].astype(np.float32)
        w = z["weights"].astype(np.float32) if weighting is None else self._weights(z, weighting)
        self.dim = V.shape[1]
        # weights folded in (text vector = normalise(sum of rows)); one extra zero row = padding id
        self.W = np.vstack([V * w[:, None], np.zeros((1, self.dim), np.float32)])
        self.pad = len(V)
        self.pca_mean = z["pca_mean"].astype(np.float32) if "pca_mean" in z else None
        self.pca_components = z["pca_components"].astype(np.float32) if "pca_components" in z else None

    @staticmethod
    def _weights(z, weighting: str) -> np.ndarray:
        p = z["probs"].astype(np.float64)
        if weighting == "none":
            return np.ones(len(p), np.float32)
        if weighting.startswith("sif"):
            a = float(weighting[3:] or 1e-4)
            return (a / (a + p)).astype(np.float32)
        raise ValueError(weighting)

    def project_teacher(self, X: np.ndarray) -> np.ndarray:
        """Map teacher (full-model) vectors into the static space (same centring + PCA), unit-norm."""
        Y = (X - self.pca_mean) @ self.pca_components.T
        return Y / np.maximum(np.linalg.norm(Y, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], chunk: int = 512) -> np.ndarray:
        ids_of = self.tok.ids
        lists = [ids_of(t) for t in texts]
        lens = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # texts sorted by token count, in chunks; each chunk padded to its longest text and summed over the
        # token axis (~6x faster than np.add.reduceat over a flat list)
        order = np.argsort(lens, kind="stable")
        for s in range(0, len(order), chunk):
            sel = order[s : s + chunk]
            ln = lens[sel]
            L = int(ln[-1])
            if L == 0:
                continue
            ids = np.full((len(sel), L), self.pad, dtype=np.int64)
            ids[np.arange(L) < ln[:, None]] = np.fromiter((i for k in sel for i in lists[k]), dtype=np.int64,
                                                         count=int(ln.sum()))
            out[sel] = self.W[ids].sum(axis=1)
        n = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(n, 1e-12)
