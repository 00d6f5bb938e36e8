"""Hypothesis fuzzing: whatever the text, the parsers either load it or raise the loader's own error."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chainkg.errors import InputError
from chainkg.loaders.notice import parse_notice
from chainkg.loaders.table import csv_records, parse_records
from chainkg.loaders.vocab import SHIPPED_NOTICE

NOTICE = SHIPPED_NOTICE.read_text(encoding="utf-8")
LINES = NOTICE.split("\n")
cells = st.text(alphabet=st.sampled_from(list("\t\n 、，（）()1234567890区县园方向序号综合专业型电池智能") + ["\r"]),
                max_size=60)


def _parse(text: str) -> None:
    try:
        parse_notice(text, path="fuzz.txt")
    except InputError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _parse(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(LINES)), st.integers(0, len(LINES)), cells)
def test_notice_with_a_splice(start, stop, junk):
    _parse("\n".join(LINES[:start] + [junk] + LINES[max(start, stop):]))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(NOTICE)))
def test_notice_cut_anywhere(cut):
    _parse(NOTICE[:cut])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, max_size=6), max_size=5))
@example([["0", "、", "", "0"]])  # once crashed expand_parks: a parks cell of separators only
def test_arbitrary_tables(records):
    try:
        parse_records([["区县", "承载园区", "创建类型", "创建方向"], *records], path="fuzz.csv")
    except InputError:
        pass
    try:
        parse_records(csv_records("\n".join(",".join(r) for r in records) or "x", "fuzz.csv"), path="fuzz.csv")
    except InputError:
        pass
