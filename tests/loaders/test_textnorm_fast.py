"""normalize's fast path gives exactly the reference result (NFKC, then t2s, lower, spaces)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.loaders.textnorm import _SPACE, _t2s_table, normalize, normalize_many


def reference(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", text.translate(_t2s_table()).lower()).strip()


T2S_KEYS = sorted(_t2s_table())
CHARS = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFFEE),  # full-width and half-width forms
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK unified
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),  # CJK compatibility ideographs
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),  # CJK punctuation
    st.sampled_from([chr(k) for k in T2S_KEYS]),  # every traditional character the table knows
    st.characters(),  # anything, incl. combining marks and astral planes
)


@settings(max_examples=3000, deadline=None)
@given(st.text(CHARS, max_size=40))
def test_fast_path_equals_reference(text):
    assert normalize(text) == reference(text)


def test_every_table_character_alone():
    for k in T2S_KEYS:
        assert normalize(chr(k)) == reference(chr(k)), hex(k)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(CHARS, max_size=30), max_size=8))
def test_batch_normalisation_equals_one_by_one(texts):
    assert normalize_many(texts) == [normalize(t) for t in texts]


def test_batch_normalisation_of_odd_texts():
    # a final sigma before the next text, a lone surrogate, astral characters, empty texts
    texts = ["ΟΔΟΣ", "Σ", "", "a\ud800b", "𠀀電池", "", "ＰＡＣＫ\u3000電池", "İstanbul"]
    assert normalize_many(texts) == [normalize(t) for t in texts]
    assert normalize_many([]) == []
