"""The compiled twin of the batch matcher (setup.py, queries/compiled.py): built by the install,
used only while it matches the source, and giving the pure modules' answers in their classes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import queries.match
import queries.matching
from graph.build import build_graph
from queries.compiled import is_current, twin
from queries.match import CategoryEvidence, MatchResult, ParkMatch, match_many, match_profile
from tests.queries.test_match_many_same import _profiles

REPO = Path(__file__).resolve().parents[2]


def test_the_install_built_a_current_twin():
    # CI installs with `pip install -e`, which compiles the twin: a missing compiler or Cython, or a
    # stale binary, would silently cost the batch matcher its speed, so CI insists on it
    if twin() is None:
        if os.environ.get("CI"):
            pytest.fail("the compiled twin of queries.match / queries.matching is missing or out of date: "
                        "reinstall with `pip install -e .`")
        pytest.skip("no compiled twin here (pure-Python install, or sources edited since the install)")
    c_match, c_matching = twin()
    assert c_match.__file__.endswith(".so") and c_matching.__file__.endswith(".so")
    assert is_current(c_match, queries.match.__file__) and is_current(c_matching, queries.matching.__file__)


def test_a_twin_of_other_source_is_refused(tmp_path):
    if twin() is None:
        pytest.skip("no compiled twin here")
    c_match, _ = twin()
    edited = tmp_path / "match.py"
    edited.write_bytes(Path(queries.match.__file__).read_bytes() + b"\n# edited\n")
    assert not is_current(c_match, edited)
    assert not is_current(c_match, tmp_path / "missing.py")


def test_batch_answers_are_the_pure_ones_in_the_pure_classes():
    G = build_graph()
    texts = _profiles(300, seed=41)
    got = list(match_many(G, texts, top=3, workers=2, chunk=50))
    assert [repr(r) for r in got] == [repr(match_profile(G, t, top=3)) for t in texts]
    assert all(type(r) is MatchResult for r in got)
    assert all(type(c) is CategoryEvidence for r in got for c in r.categories)
    assert all(type(p) is ParkMatch for r in got for p in r.results)


def test_chainkg_pure_turns_the_twin_off():
    code = "from queries.compiled import twin; print(twin() is None)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60,
                         env={**os.environ, "CHAINKG_PURE": "1"})
    assert out.stdout.strip() == "True", out.stderr


def test_the_pure_batch_path_gives_the_same_answers(monkeypatch):
    # where the twin is built, the pure batch code (walk_many, tuned automaton, workers) still runs here
    monkeypatch.setattr(queries.match, "twin", lambda: None)
    G = build_graph()
    texts = _profiles(300, seed=43)
    got = [repr(r) for r in match_many(G, texts, top=3, workers=2, chunk=50)]
    assert got == [repr(match_profile(G, t, top=3)) for t in texts]
