"""The matcher vocabulary loads and refuses contradictions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chainkg.errors import SchemaError
from chainkg.loaders.matchvocab import MATCHING_DIR, load_match_vocab, read_match_vocab


def test_shipped_vocab():
    v = load_match_vocab()
    assert v.park_kind("仙桃数据谷") == "software"
    assert v.park_kind("永川高新区大数据产业园") == "software"
    assert v.park_kind("永川高新区凤凰湖产业园") == "factory"
    assert v.park_kind("含谷片区") == "mixed"
    assert "技术开发" in v.neutral and "配套" in v.application


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("matcher.toml", "keep_ratio = 0.4", "keep_ratio = -1", "[scoring] keep_ratio: expected a number ≥ 0"),
    ("matcher.toml", '"用于", "应用于"', '"技术开发", "应用于"', "'技术开发' is both a neutral term and a cue"),
    ("park_cues.csv", "软件园,software", "软件园,office", "park_cues.csv: line 2: expected pattern,kind"),
    ("matcher.toml", 'file = "names.csv"', 'file = "brands.csv"', "brands.csv: file not found"),
    ("matcher.toml", "weight = 0.8", "weight = -0.8", "[names] weight: expected a number ≥ 0"),
    ("names.csv", "name,kind,category", "nom,kind,category", "names.csv: line 1: expected columns name, kind"),
    ("matcher.toml", 'window = 40\nterms = [\n  "不是做"', 'window = 0\nterms = [\n  "不是做"',
     "[negation] window: expected a whole number ≥ 1"),
    ("matcher.toml", '"不是做", "不是生产"', '"不是做", "技术开发"', "'技术开发' is both a neutral term and a negation cue"),
    ("matcher.toml", 'file = "other_industries.csv"', 'file = "industries.csv"', "industries.csv: file not found"),
    ("other_industries.csv", "term,lang,industry", "word,lang,industry", "other_industries.csv: line 1: expected columns"),
    ("other_industries.csv", "仓储机器人,zh,物流自动化,C3491,https://2048ai.net/6995181454b52172bc5c4131.html,",
     "仓储机器人,zh,物流自动化,C3491,,",
     "other_industries.csv: line 3: source_url: every term needs a public source"),
    ("matcher.toml", 'file = "regional_variants.csv"', 'file = "variants.csv"', "variants.csv: file not found"),
    ("matcher.toml", "span = 6", "span = 0", "[coordination] span: expected a whole number ≥ 1"),
    ("matcher.toml", "customer_min_z = 3.0", 'customer_min_z = "high"', "[semantic] customer_min_z: expected a number"),
    ("matcher.toml", 'equipment = [\n  "锂电设备"', 'equipment = [\n  "手机"',
     "[foreign] '手机' is in both terms and equipment"),
    ("matcher.toml", 'joiners = ["及"', 'joiners = [""', "[coordination] joiners: expected a non-empty list"),
    ("regional_variants.csv", "中間件,中介軟體,yes,TW,https", "中間件,中介軟體,maybe,TW,https",
     "regional_variants.csv: line 2: whole: expected yes or no, got 'maybe'"),
    ("regional_variants.csv", "中間件,中介軟體,yes,TW,https://github.com/BYVoid/OpenCC/blob/5249273a/data/dictionary/TWPhrases.txt",
     "中間件,中介軟體,yes,TW,", "regional_variants.csv: line 2: source_url: every pair needs a public source"),
])
def test_bad_vocab(tmp_path, file, old, new, message):
    folder = Path(shutil.copytree(MATCHING_DIR, tmp_path / "m"))
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        read_match_vocab(folder)
    assert message in str(err.value) and str(folder / file) in str(err.value)


def _names_folder(tmp_path: Path, rows: str) -> Path:
    folder = Path(shutil.copytree(MATCHING_DIR, tmp_path / "m"))
    header = (folder / "names.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "names.csv").write_text(header + "\n" + rows, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("row", "message"), [
    ("问界,brand,,,赛力斯,no,x,https://x,n.d.,\n", "names.csv: line 2: expected a name and its category id"),
    ("问界,brand,passenger_nev,,赛力斯,maybe,x,https://x,n.d.,\n", "line 2: ambiguous: expected yes, no or empty"),
    ("问界,brand,passenger_nev,,赛力斯,no,x,,n.d.,\n", "line 2: source_url: every name needs the public source"),
])
def test_bad_names_row(tmp_path, row, message):
    folder = _names_folder(tmp_path, row)
    with pytest.raises(SchemaError) as err:
        read_match_vocab(folder)
    assert message in str(err.value) and str(folder / "names.csv") in str(err.value)


def test_ambiguous_names_are_not_read(tmp_path):
    folder = _names_folder(tmp_path, "理想,company,passenger_nev,,理想汽车,yes,x,https://x,n.d.,an ordinary word\n"
                                     "Li Auto,company,passenger_nev,,理想汽车,no,x,https://x,n.d.,\n")
    assert [n[0] for n in read_match_vocab(folder).names] == ["Li Auto"]


def test_other_industries_file_adds_to_the_foreign_terms():
    v = load_match_vocab()
    # from the [foreign] terms of matcher.toml and from other_industries.csv, with its source on each row
    assert "叉车" in v.foreign and "仓储机器人" in v.foreign and "wind turbine" in v.foreign


def test_regional_variants_are_read_with_their_sources():
    v = load_match_vocab()
    pairs = {(a, b): whole for a, b, whole in v.variants}
    assert pairs[("芯片", "晶片")] and not pairs[("數據", "資料")]


def test_without_customer_min_z_the_customers_products_stay_the_answer(tmp_path):
    # an older vocabulary folder without the key still loads: the meaning never replaces named customers' products
    folder = Path(shutil.copytree(MATCHING_DIR, tmp_path / "m"))
    text = (folder / "matcher.toml").read_text(encoding="utf-8")
    (folder / "matcher.toml").write_text(text.replace("customer_min_z = 3.0\n", "", 1), encoding="utf-8")
    assert read_match_vocab(folder).semantic_customer_min_z == float("inf")
    assert load_match_vocab().semantic_customer_min_z == 3.0
