"""The writer's fast parameter header is exactly the falkordb client's own encoding."""

from __future__ import annotations

from falkordb.graph import Graph
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.graph.falkordb_writer import param_literal, params_header

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: "`" not in k), inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(values)
def test_literal_equals_the_client_encoding(value):
    from falkordb.helpers import stringify_param_value

    assert param_literal(value) == stringify_param_value(value)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), values, max_size=3))
def test_header_equals_the_client_header(params):
    # no connection needed: only the client's header builder is called
    client_header = Graph._build_params_header(Graph.__new__(Graph), params) if params else ""
    assert params_header(params) == client_header
