"""``chainkg viz``: the command a user runs, end to end (shipped notice, saved graph files, bad input)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from chainkg.cli import app
from chainkg.graph.build import build_graph
from chainkg.graph.io import write_graph

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["viz", *args])


def test_whole_shipped_graph_by_default(tmp_path):
    out = tmp_path / "graph.html"
    result = run("--out", str(out))
    assert result.exit_code == 0, result.output
    G = build_graph()
    assert result.output.strip() == f"wrote {out} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)"
    page = out.read_text(encoding="utf-8")
    assert "九龙坡区" in page and "渝经信园区〔2022〕26号" in page
    assert not re.search(r"<(script|link)\b[^>]*\b(src|href)=\"https?:", page)


def test_focus_accepts_forgiving_names(tmp_path):
    out = tmp_path / "g.html"
    result = run("--out", str(out), "--focus", "九龍坡", "--depth", "0")  # traditional, no 区
    assert result.exit_code == 0, result.output
    assert "(1 nodes, 0 edges)" in result.output
    assert "焦点：九龙坡区，0 步以内" in out.read_text(encoding="utf-8")


def test_saved_graph_file_and_english(tmp_path):
    G = build_graph()
    saved = tmp_path / "g.json"
    write_graph(G, saved)
    out = tmp_path / "g.html"
    result = run("--graph", str(saved), "--out", str(out), "--focus", "璧山区", "--lang", "en")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Bishan" in page and "Focus: 璧山区" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "不存在区"], "chainkg: error: unknown name '不存在区'"),
        (["--category", "no_such_category"], "chainkg: error: unknown category or group 'no_such_category'"),
        (["--lang", "fr"], "Invalid value for --lang: expected zh or en"),
        (["--depth", "-1"], "--depth"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "g.html"
    result = run("--out", str(out), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("--out", str(blocker / "g.html"))
    assert result.exit_code == 2
    assert result.output.startswith(f"chainkg: error: {blocker / 'g.html'}: cannot write:")
    assert len(result.output.strip().splitlines()) == 1


def test_explicit_source_gives_the_same_page_as_the_default(tmp_path):
    notice = "data/notices/cq-icv-parks-2022-26.txt"
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert run("--out", str(a)).exit_code == 0
    result = run("--out", str(b), "--source", notice)
    assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()


def test_same_input_same_bytes_across_processes(tmp_path):
    # Set and dict order must not leak into the page: two interpreters with different hash seeds.
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"g{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        subprocess.run([sys.executable, "-m", "chainkg", "viz", "--out", str(out)], cwd=root, env=env, check=True,
                       capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


@pytest.mark.parametrize("suffix", [".html", ".svg", ".png"])
def test_view_panorama_and_map(tmp_path, suffix):
    pano, town = tmp_path / f"p{suffix}", tmp_path / f"m{suffix}"
    result = run("--view", "panorama", "--focus", "璧山", "--out", str(pano))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {pano} (44 categories, 21 gaps)"
    result = run("--view", "map", "--direction", "轻量化部件", "--out", str(town))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {town} (13 districts)"
    if suffix == ".png":
        assert pano.read_bytes()[:4] == town.read_bytes()[:4] == b"\x89PNG"
        return
    text = pano.read_text(encoding="utf-8")
    assert text.count('data-focus="1"') == 7 and text.count('data-districts="0"') == 21
    assert town.read_text(encoding="utf-8").count("data-district=") == 13


def test_view_pictures_are_the_reports(tmp_path):
    """One set of functions: the report's inline panorama is the file `chainkg viz --view panorama` writes."""
    from chainkg.cli.report import write_report

    assert run("--view", "panorama", "--out", str(tmp_path / "p.svg")).exit_code == 0
    write_report(build_graph(), tmp_path / "r")
    assert (tmp_path / "p.svg").read_bytes() == (tmp_path / "r" / "panorama.svg").read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "pano"], "expected graph, panorama or map"),
        (["--view", "panorama", "--focus", "不存在区"], "chainkg: error: unknown district '不存在区'"),
        (["--view", "map", "--direction", "不存在方向"], "chainkg: error: unknown direction"),
        (["--view", "map", "--focus", "璧山"], "use --direction"),
        (["--view", "map", "--out", "m.gif"], "expected a file name ending in .html, .svg or .png"),
        (["--direction", "轻量化部件"], "only with --view map"),
    ],
)
def test_view_bad_input_exits_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
