"""A term at the very end of a profile counts as it does mid-text.

pyahocorasick's ``iter_long`` used to drop the last term of a text while a longer term was still
possible (a scope ending in "废旧动力电池" lost 动力电池 to the unfinished 废旧动力电池回收, before
废旧动力电池 became a term of its own). Each case
is a profile ending in the prefix of a longer term, with the shorter term that must be found.
"""

from __future__ import annotations

import pytest

from chainkg.graph.build import build_graph
from chainkg.queries.match import match_many, match_profile
from chainkg.loaders.lexicon import ALIAS
from chainkg.queries.matching import get_index

# (text ending in a proper prefix of a longer term, a term the prefix ends with, the longer term)
CASES = [
    ("一般项目：信息技术咨询", "技术咨询", "信息技术咨询服务"),  # neutral: found, but adds no category
    ("重庆某某出行科技有限公司，主营自动驾驶与智慧出行", "智慧出行", "自动驾驶与智慧出行服务"),
    ("重庆某某汽车部件有限公司，主营集成热管理", "热管理", "集成热管理模块"),
    ("新能源汽车零部件公司，主营液冷电池", "电池", "液冷电池包"),
    ("主营汽车门内饰", "内饰", "门内饰板"),
    ("智能座舱公司，主营手机车机", "车机", "手机车机互联"),
    ("Our company makes battery cathode", "cathode", "battery cathode material"),
    ("New-energy vehicle supplier of battery anode", "anode", "battery anode material"),
]


@pytest.fixture(scope="module")
def G():
    return build_graph()


@pytest.mark.parametrize(("text", "term", "longer"), CASES)
def test_term_at_end_is_found(G, text: str, term: str, longer: str) -> None:
    ix = get_index(G)
    from chainkg.loaders.textnorm import normalize
    from chainkg.loaders.lexicon import END

    norm = normalize(text)
    # the case still tests the bug: the text ends in a proper prefix of the longer term, which is
    # no term itself, and which ends with the term
    prefix = next(norm[i:] for i in range(len(norm)) if longer.startswith(norm[i:]))
    assert ix.automaton.exists(longer) and prefix != longer and not ix.automaton.exists(prefix)
    assert prefix.endswith(term) and prefix != term
    hits = [(end, payload[5]) for end, payload in ix.automaton.iter_long(norm + END)]
    # found, at offsets of the text itself: the term ends on the text's last character
    assert (len(norm) - 1, len(term)) in hits
    assert norm[len(norm) - len(term):] == term


@pytest.mark.parametrize(("text", "term", "longer"), CASES)
def test_end_of_text_reads_as_mid_text(G, text: str, term: str, longer: str) -> None:
    """The answer is the one for the same text with a full stop after it (same categories, same
    scores — offsets are unchanged — same evidence and parks)."""
    alone, stopped = match_profile(G, text, top=3).as_dict(), match_profile(G, text + "。", top=3).as_dict()
    alone.pop("query"), stopped.pop("query")
    assert alone == stopped
    ix = get_index(G)
    if ix.automaton.get(term)[0] == ALIAS:  # a strong alias: it is the evidence the user sees
        assert any(term in ev for c in alone["categories"] for ev in c["evidence"]), alone


def test_batch_agrees_at_end_of_text(G) -> None:
    texts = [t for t, _, _ in CASES]
    batch = [r.as_dict() for r in match_many(G, texts, top=3)]
    assert batch == [match_profile(G, t, top=3).as_dict() for t in texts]
