"""`chainkg match` and `chainkg targets` through the CLI: output, JSON shape, exit codes, batch files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainkg.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """`chainkg match` caches its index on disk; keep the tests' cache out of the user's home."""
    monkeypatch.setenv("CHAINKG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def run(*args: str):
    return runner.invoke(app, list(args))


def test_match_json_shape_is_exactly_the_issue_s():
    res = run("match", "主营磷酸铁锂电芯", "--json", "--top", "3")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert list(data) == ["query", "categories", "results"]
    assert data["query"] == "主营磷酸铁锂电芯"
    assert list(data["categories"][0]) == ["id", "name", "score", "evidence"]
    assert data["categories"][0]["id"] == "battery_cell"
    assert len(data["results"]) == 3
    for i, r in enumerate(data["results"], 1):
        assert list(r) == ["rank", "district", "park", "score", "directions", "reason", "kind"]
        assert r["rank"] == i and r["kind"] in ("direct", "chain-adjacent")
        assert isinstance(r["directions"], list) and isinstance(r["score"], float)


def test_match_table_and_english_reason():
    res = run("match", "Silicon carbide MOSFET power modules", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "chain-adjacent" in res.stdout
    assert "no district targets Power semiconductors" in res.stdout


def test_match_no_evidence_says_so():
    res = run("match", "面包烘焙连锁店")
    assert res.exit_code == 0
    assert "没有产业链证据" in res.stdout
    data = json.loads(run("match", "面包烘焙连锁店", "--json").stdout)
    assert data["categories"] == [] and data["results"] == []


def test_match_needs_text_or_file():
    res = run("match")
    assert res.exit_code == 2
    res = run("match", "动力电池", "--file", "x.csv")
    assert res.exit_code == 2


@pytest.fixture
def companies(tmp_path: Path) -> Path:
    path = tmp_path / "companies.csv"
    path.write_text("编号,企业名称,经营范围\n"
                    "c1,甲公司,动力电池电芯\n"
                    "c2,乙面包店,面包蛋糕\n"
                    "c3,丙公司,\n"
                    "c4,丁半导体,碳化硅功率模块\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_batch_keeps_every_row(companies, tmp_path, suffix):
    out = tmp_path / f"ranked{suffix}"
    res = run("match", "--file", str(companies), "--column", "经营范围", "--id-column", "编号", "--out", str(out), "--top", "2")
    assert res.exit_code == 0, res.output
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["id"] for r in rows] == ["c1", "c2", "c3", "c4"]
        assert list(rows[0]) == ["id", "query", "categories", "results", "note"]
        assert rows[0]["results"][0]["kind"] == "direct"
        assert rows[1]["results"] == [] and "没有产业链证据" in rows[1]["note"]
        assert rows[2]["results"] == [] and rows[2]["note"] == "空白文本，无法匹配"
        assert rows[3]["results"][0]["kind"] == "chain-adjacent"
    elif suffix == ".csv":
        import csv

        rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
        assert [r["id"] for r in rows] == ["c1", "c2", "c3", "c4"]
        assert {"district_1", "park_1", "score_1", "kind_1", "reason_1", "district_2"} <= set(rows[0])
        assert rows[0]["kind_1"] == "direct" and rows[1]["district_1"] == ""
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out, read_only=True).worksheets[0]
        values = list(ws.iter_rows(values_only=True))
        assert values[0][:5] == ("id", "row", "query", "categories", "note")
        assert [v[0] for v in values[1:]] == ["c1", "c2", "c3", "c4"]


@pytest.mark.parametrize(("content", "args", "message"), [
    ("a,b\n1,2\n", ["--column", "经营范围"], "no column '经营范围' (--column); the header row has: a, b"),
    ("经营范围\n", ["--column", "经营范围"], "header row only; no companies"),
    ("编号,经营范围\nc1,动力电池\n", ["--column", "经营范围", "--id-column", "id"], "no column 'id' (--id-column)"),
])
def test_bad_batch_file_one_line_exit_2_nothing_written(tmp_path, content, args, message):
    src = tmp_path / "in.csv"
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = run("match", "--file", str(src), *args, "--out", str(out))
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chainkg: error: ") and message in lines[0], res.stderr
    assert str(src) in lines[0]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]  # no temp file left behind either


def test_bad_batch_paths(tmp_path, companies):
    res = run("match", "--file", str(tmp_path / "missing.csv"), "--column", "x", "--out", str(tmp_path / "o.csv"))
    assert res.exit_code == 2 and "no such file" in res.stderr
    res = run("match", "--file", str(companies), "--column", "经营范围", "--out", str(tmp_path / "o.txt"))
    assert res.exit_code == 2 and "unknown output type '.txt'" in res.stderr
    notxlsx = tmp_path / "fake.xlsx"
    notxlsx.write_text("not a workbook", encoding="utf-8")
    res = run("match", "--file", str(notxlsx), "--column", "x", "--out", str(tmp_path / "o.csv"))
    assert res.exit_code == 2 and "not an XLSX workbook" in res.stderr
    assert not (tmp_path / "o.csv").exists()


def test_targets(companies):
    res = run("targets", "璧山", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    kinds = {t["id"]: t["kind"] for t in data["targets"]}
    assert kinds["battery_cell"] == "direction" and kinds["cathode_materials"] == "uncovered-input"
    assert data["companies"] is None
    res = run("targets", "璧山", "--companies", str(companies), "--column", "经营范围", "--id-column", "编号", "--json")
    ranked = json.loads(res.stdout)["companies"]
    assert [r["id"] for r in ranked][:2] == ["c1", "c4"]
    assert ranked[0]["kind"] == "direct" and ranked[1]["kind"] == "chain-adjacent"
    assert {r["kind"] for r in ranked[2:]} == {"none"}


def test_targets_unknown_district():
    res = run("targets", "火星区")
    assert res.exit_code == 2
    assert res.stderr.startswith("chainkg: error: unknown district")


def test_unmapped_direction_of_a_user_table_is_noted_not_fatal(tmp_path):
    table = tmp_path / "extra.csv"
    table.write_text("区县,承载园区,创建类型,创建方向\n璧山,璧山高新区,专业型,动力电池系统、低空飞行器\n", encoding="utf-8")
    res = run("match", "动力电池电芯", "--source", str(table), "--json")
    assert res.exit_code == 0, res.output
    assert "chainkg: note: direction '低空飞行器'" in res.stderr and "maps to no category" in res.stderr
    assert json.loads(res.stdout)["results"][0]["district"] == "璧山区"
