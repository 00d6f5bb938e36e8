"""The semantic tier: the shipped table, and what it adds to the lexicon (texts written for this test)."""

from __future__ import annotations

import numpy as np
import pytest

from chainkg.graph.build import build_graph
from chainkg.loaders.lexicon import SEMANTIC, shipped_lexicon
from chainkg.loaders.semantic import shipped_model
from chainkg.queries.match import match_many, match_profile


@pytest.fixture(scope="module")
def G():
    return build_graph()


def test_the_table_knows_every_category_of_the_taxonomy():
    # a category missing from the table is never proposed: rebuild it after changing the taxonomy
    assert set(shipped_model().keys) == set(shipped_lexicon().keys)


def test_traditional_full_width_and_simplified_read_alike():
    m = shipped_model()
    a, b = m.cosines("車載光學鏡頭與攝像模組"), m.cosines("车载光学镜头与摄像模组")
    assert a is not None and np.allclose(a, b)
    assert m.cosines("ＡＢＣ１２３") is not None or m.cosines("!!!") is None


def test_a_text_with_vehicle_context_and_no_listed_word_is_read_by_meaning(G):
    r = match_profile(G, "汽车行业的仿真分析与多物理场求解器", top=3)
    assert r.categories[0].id == "automotive_industrial_software"
    assert r.categories[0].evidence[0].startswith(SEMANTIC)
    assert r.results and r.results[0].district == "西部科学城重庆高新区"
    assert "语义" in r.results[0].reason and "按语义匹配" in r.note
    assert "matched by meaning" in r.note_en


def test_without_vehicle_context_meaning_alone_gives_no_park(G):
    # the same product words outside the vehicle chain: the semantic tier is not asked
    assert not match_profile(G, "建筑结构的仿真分析与多物理场求解器", top=3).results
    assert not match_profile(G, "连锁面包店，主营烘焙与咖啡", top=3).results


def test_single_and_batch_answers_are_identical_with_the_semantic_tier(G):
    texts = ["汽车行业的仿真分析与多物理场求解器", "这家车企今年新能源销量翻番", "面向整车厂的碰撞仿真服务",
             "Chongqing carmaker sold 300,000 new-energy vehicles in the first half"] * 3
    one = [repr(match_profile(G, t, top=3)) for t in texts]
    assert [repr(r) for r in match_many(G, texts, top=3)] == one
    assert [repr(r) for r in match_many(G, texts, top=3, workers=2, chunk=2)] == one


def test_the_automaton_tokenises_as_the_greedy_character_loop():
    # the hot path's tokeniser (an Aho-Corasick automaton, in C) against the plain loop it replaced
    from benchmarks.bench_match_corpus import profiles
    from chainkg.queries.evaluate import corpus_path

    m = shipped_model()
    with corpus_path().open(encoding="utf-8") as fp:
        import csv

        texts = [r["text"] for r in csv.DictReader(fp)] + profiles(2000, seed=3)
    assert all(m.tokens(t) == m.tokens_greedy(t) for t in texts)
    # … and one pass over all the texts (joined, then split by position) gives each text its tokens
    texts += ["İstanbul 電動車", "ＡＢＣ１２３ batteries", "\x00锂电池\n汽车", ""]
    assert m.tokens_many(texts) == [m.tokens_greedy(t) for t in texts]


def test_read_is_best_and_carrier_in_one_pass():
    from benchmarks.bench_match_corpus import profiles

    m = shipped_model()
    for t in profiles(1000, seed=5):
        b = m.best(t)
        want = None if b is None or b[2] < 1.0 else (b[0], m.carrier(t, b[0]))
        got = m.read(t, 1.0)
        assert (None if got is None else (got[0], got[3])) == want, t


def test_read_many_gives_each_text_the_answer_of_read_to_the_bit():
    # the batch path scores the texts that reach the semantic tier together: the key, cosine, z and the
    # clause shown must be those of the text alone, whatever else is in the batch and in whatever order
    import random

    from benchmarks.bench_match_corpus import profiles

    m = shipped_model()
    texts = profiles(1500, seed=11) + ["", "!!!", "。；", "汽车。\n。连锁面包店；车载镜头"]
    alone = [m.read(t, 1.0) for t in texts]
    assert m.read_many(texts, 1.0) == alone
    order = list(range(len(texts)))
    random.Random(3).shuffle(order)
    assert m.read_many([texts[k] for k in order], 1.0) == [alone[k] for k in order]
    assert m.read_many(texts[:7], 1.0) == alone[:7] and m.read_many([], 1.0) == []
    assert sum(a is not None for a in alone) > 500 and sum(a is None for a in alone) > 10


def test_the_batch_finds_by_meaning_what_the_single_scan_finds():
    from benchmarks.bench_match_corpus import profiles

    lex = shipped_lexicon()
    texts = profiles(3000, seed=13)
    batch = lex.scan_many(texts)
    assert sum(s.semantic for s in batch) > 100
    for t, s in zip(texts, batch):
        one = lex.scan(t)
        assert (s.scores, s.evidence, s.semantic, s.fit) == (one.scores, one.evidence, one.semantic, one.fit), t


def test_weak_words_that_are_evidence_enough_win_over_a_meaning_that_disagrees():
    # 纯电动 … 电动汽车 of a carmaker: the meaning read a drive motor, the words say a vehicle
    from chainkg.loaders.lexicon import shipped_lexicon

    lex = shipped_lexicon()
    scan = lex.scan("河北一家做纯电动汽车研发和生产的企业，自建电动汽车产业园")
    assert [lex.keys[c] for c in scan.scores] == ["passenger_nev"] and not scan.semantic, scan.evidence
