"""normalize's fast path gives exactly the reference result (NFKC, then t2s, lower, spaces)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.textnorm import _SPACE, _t2s_table, normalize


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
