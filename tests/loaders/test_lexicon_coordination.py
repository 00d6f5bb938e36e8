"""Two modifiers that share one head ([coordination] of data/matching/matcher.toml): 动力及储能电池 names 动力电池 too."""

from __future__ import annotations

import pytest

from chainkg.loaders.lexicon import shipped_lexicon


def _evidence(scan) -> set[str]:
    return {e for ev in scan.evidence.values() for e in ev}


@pytest.mark.parametrize(("text", "category", "term"), [
    # without the shared head: no park (储能电池 alone is a weak word, and no vehicle word stands in the text)
    ("主营动力及储能电池，年产能20GWh", "battery_cell", "动力电池"),
    # … read by meaning only, as a text with 车用 but no product term
    ("公司生产车用及工业连接器", "electronic_components", "车用连接器"),
    # … read by meaning as a fuel-cell system
    ("Pack assembly of EV and hybrid-vehicle batteries in Wrocław", "battery_cell", "ev battery"),
])
def test_the_first_modifier_names_the_head_too(text, category, term):
    lex = shipped_lexicon()
    scan = lex.scan(text)
    assert scan.tier == "lexicon" and lex.keys[max(scan.scores, key=scan.scores.get)] == category, scan.evidence
    assert term in _evidence(scan)


@pytest.mark.parametrize(("text", "term"), [
    ("混合动力及燃料电池汽车的整车研发", "动力电池"),  # 动力 is the hybrid's: it begins no word here
    ("动力的储能电池", "动力电池"),  # no joiner, no pair
    ("汽车及家电用塑料件的注塑", "汽车塑料件"),  # a head must follow the other modifier at once
])
def test_no_pair_where_the_modifier_shares_no_head(text, term):
    assert term not in _evidence(shipped_lexicon().scan(text))


def test_a_list_of_modifiers_shares_the_head_too():
    # a battery-materials maker lists its markets; 消费类电池 is another industry's product (GB 31241's portable
    # electronics), and only the shared head makes 动力电池 the vehicle's word that keeps the firm in the chain
    lex = shipped_lexicon()
    scan = lex.scan("石墨负极材料项目，产品面向动力、储能和消费类电池")
    assert [lex.keys[c] for c in scan.scores] == ["anode_materials"], scan
    # … but a 的 ends the list (动力、储能的消费类电池 are consumer batteries): no vehicle word, another industry's product
    assert lex.scan("石墨负极材料项目，产品面向动力、储能的消费类电池").scores == {}


def test_batch_reads_pairs_as_a_single_text_does():
    lex = shipped_lexicon()
    texts = ["主营动力及储能电池", "车载及消费类摄像头模组", "automotive and industrial wire harnesses", "混合动力及燃料电池汽车"]
    assert [s.scores for s in lex.scan_many(texts)] == [lex.scan(t).scores for t in texts]
