"""The disk cache of the match index: same answers, rebuilt when an input changes or the file is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainkg.graph.build import build_graph
from chainkg.loaders import load_sources
from chainkg.queries.match import match_profile, match_text
from chainkg.queries.match_cache import load_match_index


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHAINKG_CACHE_DIR", str(folder))
    monkeypatch.delenv("CHAINKG_NO_CACHE", raising=False)
    return folder


def test_cached_index_gives_the_same_answers(cache):
    first = load_match_index()
    [file] = list(cache.iterdir())
    second = load_match_index()
    assert second is not first  # read back from disk
    G = build_graph()
    for text in ("动力电池电芯", "碳化硅", "面包店", "Automotive LiDAR"):
        assert match_text(second, text).as_dict() == match_profile(G, text).as_dict()
    assert list(cache.iterdir()) == [file]


def test_changed_source_builds_a_new_index(cache, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("区县,承载园区,创建类型,创建方向\n璧山,璧山高新区,专业型,动力电池系统\n", encoding="utf-8")
    a = match_text(load_match_index([table]), "智能座舱", top=3)
    assert a.results == []  # the only district targets batteries; nothing links cockpits to it
    table.write_text("区县,承载园区,创建类型,创建方向\n璧山,璧山高新区,专业型,智能座舱\n", encoding="utf-8")
    b = match_text(load_match_index([table]), "智能座舱", top=3)
    assert b.results[0].district == "璧山区"
    assert len(list(cache.iterdir())) == 2
    assert load_sources([table]).rows[0].district == "璧山区"


def test_damaged_cache_file_is_rebuilt(cache):
    load_match_index()
    [file] = list(cache.iterdir())
    file.write_bytes(b"not a pickle")
    index = load_match_index()
    assert match_text(index, "氢燃料电池电堆").results[0].district == "九龙坡区"
    import pickle

    from chainkg.queries.matching import MatchIndex

    assert isinstance(pickle.loads(file.read_bytes()), MatchIndex)  # the damaged file was replaced


def test_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("CHAINKG_NO_CACHE", "1")
    load_match_index()
    assert not cache.exists()
