"""The sparse helpers behind the pairwise analyses."""

from __future__ import annotations

import random

import numpy as np
from scipy import sparse

from chainkg.queries._matrix import Incidence, shared_names, top_candidates


def test_shared_names_bitmasks_match_set_intersections_beyond_64_columns():
    rng = random.Random(1)
    m = sparse.random(50, 130, density=0.1, random_state=1, format="csr")
    m.data[:] = 1
    inc = Incidence([f"r{i}" for i in range(50)], [f"c{j:03d}" for j in range(130)], m.astype(np.int32).tocsr())
    a = np.array([rng.randrange(50) for _ in range(300)])
    b = np.array([rng.randrange(50) for _ in range(300)])
    sets = inc.row_sets()
    expected = [sorted(inc.cols[c] for c in sets[x] & sets[y]) for x, y in zip(a, b)]
    assert shared_names(inc, a, b, inc.cols) == expected
    assert any(len(e) > 1 for e in expected) and any(int(c[1:]) >= 64 for e in expected for c in e)


def test_top_candidates_keeps_ties_at_the_cut():
    score = np.array([0.2, 0.9, 0.5, 0.5, 0.1])
    assert top_candidates(score, 2).tolist() == [1, 2, 3]
    assert top_candidates(score, None).tolist() == [0, 1, 2, 3, 4]
    assert top_candidates(score, 0).tolist() == []
