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
