"""Pinyin-input slips: a window that reads like an alias is read as the alias (data/matching/pinyin.npz)."""

from __future__ import annotations

import pytest

from chainkg.loaders.lexicon import HOMOPHONE_TEXT, shipped_lexicon


@pytest.fixture(scope="module")
def lex():
    return shipped_lexicon()


def cats(lex, text: str) -> list[str]:
    return [lex.keys[c] for c in lex.scan(text).scores]


@pytest.mark.parametrize(("text", "category", "shown"), [
    ("做电空的想找园区", "motor_controller", "电空≈电控"),  # the example: a two-character slip in a query
    ("新能源汽车热管里系统供应商", "thermal_management", "热管里系统≈热管理系统"),
    ("专业生产电解夜", "electrolyte", "电解夜≈电解液"),
])
def test_homophone_slips_are_read(lex, text, category, shown):
    scan = lex.scan(text)
    assert lex.keys[next(iter(scan.scores))] == category and scan.tier == "typo"
    assert shown in scan.evidence[next(iter(scan.scores))]


def test_two_character_homophones_only_in_short_queries(lex):
    # in running text a short homophone is mostly another word (点击 reads like 电机, 制动起家 holds 制动器)
    long = "展馆里的电空调节系统由物业统一维护，全年开放，门店覆盖全国三百个城市，会员超过两百万人"
    assert len(long) > HOMOPHONE_TEXT[2] and cats(lex, long) == []
    assert cats(lex, "电空") == ["motor_controller"]
    scan = lex.scan("德国的Knorr-Bremse于1905年创立，从铁路制动起家，后发展到商用车，今天是全球最大的商用车零部件企业之一")
    assert not any("≈" in e for ev in scan.evidence.values() for e in ev)


def test_homophones_batch_as_single(lex):
    texts = ["做电空的想找园区", "热管里", "面包", "智能坐舱", "电池管里系统"]
    assert [s.scores for s in lex.scan_many(texts)] == [lex.scan(t).scores for t in texts]


@pytest.mark.parametrize("text", ["一般项目：能源管理系统、质量管理系统软件开发", "智能分析及风险与价值管理系统开发"])
def test_another_first_character_is_no_slip(lex, text):
    # X管理系统 differs from 热管理系统 in one character, but the rest is a word of its own
    assert cats(lex, text) == []


def test_a_slip_after_the_first_character_still_is(lex):
    assert cats(lex, "专业生产激光雷打") == ["perception_sensors"]


@pytest.mark.parametrize("text", ["自行车及零配件批发", "非公路休闲车及零配件制造"])
def test_a_window_across_a_particle_is_no_slip(lex, text):
    # 车及 reads che ji like 车机 (a head unit), but 及 joins two words: no slip spans it
    assert not any("≈" in e for ev in lex.scan(text).evidence.values() for e in ev)
