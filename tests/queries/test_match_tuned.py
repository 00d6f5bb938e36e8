"""A batch's tuned automaton (MatchIndex.tuned) walks every text to exactly the plain automaton's hits.

The tuned automaton reorders the root's children and adds filler entries for frequent characters
that start no term; the claim is that no walk changes. Checked on generated profiles, the labelled
fixtures, adversarial strings built from the very characters that get fillers (term-internal
characters, punctuation, the reserved filler character itself), and end to end through match_many.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.graph.build import build_graph
from chainkg.loaders.textnorm import normalize
from chainkg.queries.match import TUNE_MIN, match_many, match_profile
from chainkg.loaders.lexicon import END, FILLER
from chainkg.queries.matching import get_index
from tests.queries.test_match_many_same import _profiles

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def ix():
    return get_index(build_graph())


@pytest.fixture(scope="module")
def texts():
    return _profiles(1500, seed=23)


@pytest.fixture(scope="module")
def tuned(ix, texts):
    return ix.tuned(texts[:500])


def _hits(automaton, text: str) -> list:
    return list(automaton.iter_long(normalize(text) + END))


def test_tuned_root_has_fillers_and_puts_frequent_characters_first(ix, tuned):
    plain_root = {k[0] for k in ix.automaton.keys()}
    tuned_keys = list(tuned.walker.keys())
    fillers = {k[0] for k in tuned_keys if k.endswith(FILLER)}
    # the business-scope separator and company-name characters start no term: they get fillers
    assert {";", "限", "司"} <= fillers and not fillers & plain_root
    assert set(tuned_keys) - {ch + FILLER for ch in fillers} == set(ix.automaton.keys())


def test_same_hits_on_generated_and_labelled_profiles(ix, tuned, texts):
    labelled = []
    for name in ("profiles.csv", "profiles_holdout.csv", "profiles_blind.csv"):
        with open(FIXTURES / name, encoding="utf-8") as f:
            labelled += [row["text"] for row in csv.DictReader(f)]
    for text in texts + labelled:
        assert _hits(tuned.walker, text) == _hits(ix.automaton, text), text


def test_same_hits_where_the_walk_fails_over(ix, tuned):
    # a partial term followed by a filler character: the walk fails from deep in the trie to a
    # node that now exists only as a filler; terms back to back; a term cut off at the text's end
    cases = ["电池;包", "氢燃料电池有限公司", "激光雷达毫米波雷达;", "技术开发技术咨询", "信息技术咨询",
             "电机控制器有", "电池包;电池", "车规级芯片有限", "t-box有限", "lidar;radar"]
    for text in cases:
        assert _hits(tuned.walker, text) == _hits(ix.automaton, text), text


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_same_hits_on_strings_of_term_and_filler_characters(ix, tuned, data):
    terms = sorted(k for k in ix.automaton.keys())
    fillers = sorted({k[0] for k in tuned.walker.keys() if k.endswith(FILLER)})
    piece = st.one_of(st.sampled_from(terms), st.sampled_from(fillers),
                      st.sampled_from(terms).map(lambda t: t[:-1]), st.sampled_from(terms).map(lambda t: t[1:]))
    text = "".join(data.draw(st.lists(piece, max_size=12)))
    assert list(tuned.walker.iter_long(text + END)) == list(ix.automaton.iter_long(text + END))


def test_a_text_holding_the_filler_character_is_walked_plainly(ix, tuned):
    # the tuned automaton would report a filler entry in it, so walk_many falls back to the plain one
    text = normalize(f"主营激光雷达有限公司{FILLER}；技术开发")
    assert ("司" + FILLER) in set(tuned.walker.keys())
    assert any(p[4] == "" for _, p in tuned.walker.iter_long(text + END))
    assert tuned.walk_many([text, "激光雷达"]) == [list(ix.automaton.iter_long(t + END)) for t in (text, "激光雷达")]


def test_a_long_batch_is_tuned_and_answers_as_single_matching():
    G = build_graph()
    texts = _profiles(TUNE_MIN, seed=31)
    one = [repr(match_profile(G, t, top=3)) for t in texts]
    assert [repr(r) for r in match_many(G, texts, top=3, workers=2, chunk=500)] == one
