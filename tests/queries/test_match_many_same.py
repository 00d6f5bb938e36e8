"""Batch matching gives exactly the single-profile answers, on a few hundred generated profiles.

The batch path takes shortcuts (a ranking plan memoised per category set, cached reason strings,
worker processes sending a compact form): every field of every answer must still be the same as
:func:`match_profile` gives one profile at a time, and the fast ranking must give the rows of the
plain one.
"""

from __future__ import annotations

import random

import pytest

from chainkg.graph.build import build_graph
from chainkg.loaders.taxonomy import load_taxonomy
from chainkg.queries.match import match_many, match_profile
from chainkg.queries.matching import get_index

SCOPE = ["技术开发", "技术咨询", "货物进出口", "汽车零部件及配件制造", "软件开发", "信息技术咨询服务", "生产基地建设"]
OUTSIDE = ["面包烘焙", "物业管理", "婚纱摄影", "茶叶销售"]
EN = ["research and development", "for automotive customers", "software platform", "production plant"]
TRAD = str.maketrans("电动汽车系统制造研发软件", "電動汽車系統製造研發軟體")


def _profiles(n: int, seed: int = 11) -> list[str]:
    """Profiles of one to three categories in Chinese / English, some traditional, full-width,
    with a typo (one character changed: the fuzzy pass) or outside the chain."""
    rng = random.Random(seed)
    cats = list(load_taxonomy().categories.values())
    out = []
    for i in range(n):
        picked = rng.sample(cats, rng.randint(1, 3))
        r = rng.random()
        if r < 0.08:
            text = f"重庆{rng.choice(OUTSIDE)}有限公司，经营范围：" + "；".join(rng.sample(SCOPE + OUTSIDE, 3))
        elif r < 0.3:
            words = [rng.choice(c.aliases_en or c.aliases) for c in picked]
            text = f"Company {i} makes {' and '.join(words)}; " + "; ".join(rng.sample(EN, 2))
        else:
            words = [rng.choice(c.aliases) for c in picked]
            text = f"主营{words[0]}，" + "、".join(words[1:]) + "；" + "；".join(rng.sample(SCOPE, rng.randint(1, 4)))
        t = rng.random()
        if t < 0.1:
            text = text.translate(TRAD)
        elif t < 0.15:
            text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
        elif t < 0.25:  # an IME slip in the first long Chinese word
            k = next((j for j in range(len(text) - 4) if all("\u4e00" <= ch <= "\u9fff" for ch in text[j:j + 4])), None)
            if k is not None:
                text = text[:k + 2] + rng.choice("大打达答") + text[k + 3:]
        out.append(text)
    return out


@pytest.fixture(scope="module")
def G():
    return build_graph()


@pytest.fixture(scope="module")
def texts():
    return _profiles(400)


@pytest.mark.parametrize("top", [3, 5, 0])
def test_match_many_is_match_profile_field_by_field(G, texts, top):
    one = [repr(match_profile(G, t, top=top)) for t in texts]
    assert [repr(r) for r in match_many(G, texts, top=top)] == one
    assert [repr(r) for r in match_many(G, texts, top=top, workers=2, chunk=40)] == one
    # the generated set exercises what it should: typos, no evidence, chain-adjacent answers
    results = [match_profile(G, t, top=3) for t in texts]
    assert sum(not r.categories for r in results) >= 10
    assert sum(any("≈" in e for c in r.categories for e in c.evidence) for r in results) >= 5
    assert sum(bool(r.results) and r.results[0].kind == "chain-adjacent" for r in results) >= 20


def test_fast_ranking_gives_the_rows_of_the_plain_one(G, texts):
    ix = get_index(G)
    for t in texts:
        scan = ix.scan(t)
        plain = ix.rank(scan)
        for top in (1, 3, 8):
            fast = ix.top_parks(scan, top)
            assert [(s, d, p, direct, c) for s, d, p, direct, c, _ in fast] == \
                [(s, d, p, direct, c) for s, d, p, _, direct, (c, _) in plain[:top]], t


def test_each_reason_shows_the_words_of_its_own_category(G, texts):
    """Reason parts are cached per (category, park, fit): a reason must still quote the first
    three evidence words of the category it names, profile by profile."""
    import re

    checked = 0
    for r in match_many(G, texts, top=3):
        evidence = {c.name: c.evidence[:3] for c in r.categories}
        for x in r.results:
            m = re.search(r"「(.*?)」 → ([^→]+?) → ", x.reason)
            assert m is not None, x.reason
            assert m.group(1).split("、") == evidence[m.group(2)], (r.query, x.reason)
            checked += 1
    assert checked > 500
