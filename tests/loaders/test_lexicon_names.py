"""Company and vehicle-brand names (data/matching/names.csv): a fallback after the words of products."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from chainkg.loaders.lexicon import ALIAS, build_lexicon, shipped_lexicon, taxonomy_terms
from chainkg.loaders.matchvocab import MATCHING_DIR, read_match_vocab
from chainkg.loaders.taxonomy import load_taxonomy
from chainkg.loaders.textnorm import normalize

ROWS = """赛力斯,company,passenger_nev,,赛力斯集团,no,t,https://example.org/a,n.d.,
问界,brand,passenger_nev,,赛力斯集团,no,t,https://example.org/a,n.d.,
Li Auto,company,passenger_nev,,理想汽车,no,t,https://example.org/b,n.d.,
宁德时代,company,battery_cell,battery_pack_bms,宁德时代,no,t,https://example.org/c,n.d.,
"""


@pytest.fixture(scope="module")
def lex(tmp_path_factory):
    folder = Path(shutil.copytree(MATCHING_DIR, tmp_path_factory.mktemp("names") / "m"))
    header = (folder / "names.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "names.csv").write_text(header + "\n" + ROWS, encoding="utf-8")
    return build_lexicon(taxonomy_terms(), read_match_vocab(folder))


def cats(lex, text: str) -> list[str]:
    scan = lex.scan(text)
    return [lex.keys[c] for c, _ in sorted(scan.scores.items(), key=lambda kv: -kv[1])]


def test_a_carmaker_described_by_sales_and_brand(lex):
    scan = lex.scan("赛力斯2024年销量42.7万辆，问界M9连续多月位居50万元以上车型销量第一")
    assert [lex.keys[c] for c in scan.scores] == ["passenger_nev"] and scan.tier == "name"
    assert scan.evidence[next(iter(scan.scores))][:2] == ["赛力斯", "问界"]  # the reason line names them
    assert cats(lex, "Li Auto delivered 500,000 cars in 2024") == ["passenger_nev"]
    assert cats(lex, "問界M9交付") == ["passenger_nev"]  # traditional characters read as simplified


def test_the_product_named_wins_over_who_makes_it(lex):
    assert cats(lex, "问界M9搭载激光雷达") == ["perception_sensors"]
    assert cats(lex, "宁德时代") == ["battery_cell", "battery_pack_bms"]  # the alt category at half weight


def test_a_customer_name_is_not_the_firms_product(lex):
    # the seat maker supplies the carmaker; an equipment maker for a battery maker has no chain category
    assert "passenger_nev" not in cats(lex, "为赛力斯配套汽车座椅")
    assert cats(lex, "为宁德时代提供自动化设备") == []


def test_latin_names_are_whole_words(lex):
    assert cats(lex, "Li Autonomous Systems sells lawn mowers") == []


def test_shipped_names_are_sourced_and_hide_no_term():
    """Every shipped name has a taxonomy category (and alt), an http(s) source, and holds no strong
    alias of its own category (the alias already says it; the automaton takes the longest term, so the
    name would only hide it). Another category's word inside a name is what a name is for: SAIC Motor
    is no motor maker."""
    path = MATCHING_DIR / "names.csv"
    ids = set(load_taxonomy().categories)
    lex = shipped_lexicon()
    with path.open(encoding="utf-8-sig", newline="") as fp:
        rows = list(csv.DictReader(fp))
    assert len(rows) >= 5
    aliases = {k: {lex.keys[c] for c, _ in p[3]} for k, p in lex.automaton.items() if p[0] == ALIAS}
    for line, row in enumerate(rows, 2):
        assert row["category"] in ids and (not row["alt"] or row["alt"] in ids), f"{path}:{line}"
        assert row["source_url"].startswith(("http://", "https://")), f"{path}:{line}"
        if row["ambiguous"] != "yes":
            key = normalize(row["name"])
            # (a Latin term counts only as a whole word: Changan holds no "gan")
            hidden = [t for t, cats in aliases.items() if row["category"] in cats and t in key
                      and (not t.isascii() or re.search(rf"(?<![a-z0-9]){re.escape(t)}(?![a-z0-9])", key))]
            assert not hidden, f"{path}:{line}: {row['name']} contains the term(s) {hidden}"
