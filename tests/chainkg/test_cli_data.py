"""The data commands through the real CLI (subprocess): output, JSON shapes, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chainkg.loaders.vocab import SHIPPED_NOTICE

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "chainkg", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or REPO, env=env, timeout=120)


def test_districts_json_shape():
    r = run("districts", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data) == 13
    first = data[0]
    assert list(first)[:4] == ["district", "district_en", "region", "type"]
    assert {"district", "type", "parks", "directions"} <= set(first)
    bishan = next(d for d in data if d["district"] == "璧山区")
    assert bishan["directions"] == ["动力电池系统", "电驱系统", "转向制动系统"]
    assert "\\u" not in r.stdout  # Chinese kept as is


def test_district_profile_is_forgiving_and_suggests():
    r = run("district", "璧山", "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["name"] == "璧山区"
    r = run("district", "九龍坡", "--lang", "en")
    assert r.returncode == 0 and "Jiulongpo District" in r.stdout and "氢燃料电池系统" in r.stdout
    r = run("district", "九龙区")
    assert r.returncode == 2
    assert r.stderr == "chainkg: error: unknown district '九龙区'; did you mean: 九龙坡区?\n"


def test_directions_table_and_english():
    r = run("directions", "--lang", "en")
    assert r.returncode == 0
    assert "轻量化部件 (Lightweight components)" in r.stdout
    data = json.loads(run("directions", "--json").stdout)
    assert [(d["direction"], d["count"]) for d in data[:2]] == [("轻量化部件", 7), ("动力电池系统", 6)]


def test_build_saves_a_graph_and_reports(tmp_path: Path):
    out = tmp_path / "graph.json"
    r = run("build", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "District 13" in r.stdout and "Park 18" in r.stdout and "TARGETS 43" in r.stdout
    assert "direction-fuzzy" in r.stderr and "制动转向系统" in r.stderr
    r = run("districts", "--graph", str(out), "--json")
    assert len(json.loads(r.stdout)) == 13


def test_export_formats(tmp_path: Path):
    for fmt, expected in (("json", "graph.json"), ("graphml", "graph.graphml"), ("csv", "nodes_District.csv")):
        r = run("export", "--format", fmt, "--out", str(tmp_path / fmt))
        assert r.returncode == 0, r.stderr
        assert (tmp_path / fmt / expected).is_file()
    r = run("export", "--format", "pdf", "--out", str(tmp_path / "x"))
    assert r.returncode == 2 and not (tmp_path / "x").exists()


def test_check_and_table_round_trip(tmp_path: Path):
    table = tmp_path / "list.xlsx"
    assert run("table", "--out", str(table), "--lang", "en").returncode == 0
    r = run("districts", "--source", str(table), "--json")
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 13
    r = run("check", "--json")
    kinds = sorted(e["kind"] for e in json.loads(r.stdout)["events"])
    assert kinds == ["direction-fuzzy", "district-canonical", "park-expanded", "park-expanded"]


# ---------------------------------------------------------------- inputs that must load

def _notice() -> str:
    return SHIPPED_NOTICE.read_text(encoding="utf-8")


def test_accepts_bom_english_headers_and_literal_names(tmp_path: Path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + _notice().encode("utf-8"))
    assert run("districts", "--source", str(bom), "--json").returncode == 0
    odd = tmp_path / "odd.csv"
    odd.write_text('district,parks,type,directions\n璧山,"<b>园</b>、\'}) MATCH (n) DETACH DELETE n //",专业型,智能座舱\n',
                   encoding="utf-8")
    r = run("district", "璧山", "--source", str(odd), "--json")
    assert r.returncode == 0, r.stderr
    assert [p["name"] for p in json.loads(r.stdout)["parks"]] == ["<b>园</b>", "'}) MATCH (n) DETACH DELETE n //"]


def test_gbk_notice_loads_and_says_so(tmp_path: Path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(_notice().encode("gbk"))
    r = run("check", "--source", str(gbk))
    assert r.returncode == 0 and "decoded as GB18030" in r.stdout


# ---------------------------------------------------------------- inputs that must be refused

def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    notice = _notice()
    cases: dict[str, tuple[Path, str]] = {}

    def make(name: str, data: bytes | str | None, expect: str) -> None:
        p = tmp / name
        if isinstance(data, str):
            p.write_text(data, encoding="utf-8")
        elif isinstance(data, bytes):
            p.write_bytes(data)
        cases[name] = (p, expect)

    make("missing.txt", None, "no such file")
    (tmp / "adir.txt").mkdir()
    cases["adir.txt"] = (tmp / "adir.txt", "is a directory")
    make("empty.txt", b"", "empty file")
    make("garbage.txt", bytes(range(256)) * 40, "binary data")
    make("nocol.csv", "区县,承载园区,创建类型\n璧山区,璧山高新区,专业型\n", "missing column 创建方向")
    make("nodir.csv", "区县,承载园区,创建类型,创建方向\n璧山区,璧山高新区,专业型,\n", "no directions")
    make("prose.txt", "会议纪要\n\n今天讨论了园区建设。\n", "not a notice")
    make("truncated.txt", notice[: notice.rindex("\t专业型")], "cut short")
    make("oneline.txt", "渝" * (5 * 1024 * 1024 // 3), "characters long")
    make("fake.xlsx", "区县,承载园区,创建类型,创建方向\n", "not an XLSX workbook")
    return cases


@pytest.mark.parametrize("name", ["missing.txt", "adir.txt", "empty.txt", "garbage.txt", "nocol.csv", "nodir.csv",
                                  "prose.txt", "truncated.txt", "oneline.txt", "fake.xlsx"])
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path: Path, name: str):
    path, expect = _bad_inputs(tmp_path)[name]
    out = tmp_path / "out" / "graph.json"
    r = run("build", "--source", str(path), "--out", str(out))
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"chainkg: error: {path}") and expect in lines[0], lines[0]
    assert "Traceback" not in r.stderr
    assert not out.exists() and not (tmp_path / "out").exists()


def test_markup_in_data_prints_literally(tmp_path: Path):
    odd = tmp_path / "markup.csv"
    odd.write_text("区县,承载园区,创建类型,创建方向\n璧山,[bold]园[/bold],专业型,[red]x[/red]\n", encoding="utf-8")
    r = run("district", "璧山", "--source", str(odd))
    assert r.returncode == 0, r.stderr
    assert "[bold]园[/bold]" in r.stdout and "[red]x[/red]" in r.stdout
    r = run("districts", "--source", str(odd))
    assert "[bold]园[/bold]" in r.stdout
