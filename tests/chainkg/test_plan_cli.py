"""The planning commands, run through the real CLI on the shipped notice."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from chainkg.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_overlaps_json_shape_and_figures():
    r = run("overlaps", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert list(data) == ["directions", "pairs"]
    assert set(data["directions"][0]) == {"direction", "count", "districts"}
    assert set(data["pairs"][0]) == {"a", "b", "jaccard", "shared"}
    counts = {d["direction"]: d["count"] for d in data["directions"]}
    assert (counts["轻量化部件"], counts["动力电池系统"], counts["智能座舱"], counts["转向制动系统"]) == (7, 6, 4, 4)
    top = data["pairs"][0]
    assert {top["a"], top["b"]} == {"长寿区", "南川区"} and top["jaccard"] == 0.75


def test_overlaps_category_level_json():
    data = json.loads(run("overlaps", "--level", "category", "--json").stdout)
    assert list(data) == ["categories", "pairs"]
    counts = {c["category"]: c["count"] for c in data["categories"]}
    # 轻量化部件 (7 districts) and 两江新区's 传统零部件升级 (an umbrella: not counted) → 7, not 8
    assert counts["车身及轻量化结构件"] == 7


def test_gaps_json_shape():
    r = run("gaps", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert list(data) == ["uncovered", "single_district", "broken_links"]
    assert set(data["uncovered"][0]) == {"category", "name", "position", "importance", "feeds"}
    assert set(data["single_district"][0]) == {"direction", "district"}
    assert set(data["broken_links"][0]) == {"category", "district", "missing_inputs"}
    assert "cathode_materials" in {u["category"] for u in data["uncovered"]}
    assert {"direction": "氢燃料电池系统", "district": "九龙坡区"} in data["single_district"]


def test_collab_for_one_district_within_max_km():
    r = run("collab", "璧山", "--max-km", "35", "--json", "--top", "0")
    assert r.exit_code == 0, r.output
    pairs = json.loads(r.stdout)["pairs"]
    assert pairs and all("璧山区" in (p["a"], p["b"]) for p in pairs)
    assert all(p["distance_km"] <= 35 for p in pairs)
    assert {p["kind"] for p in pairs} <= {"supply", "shared"}
    assert set(pairs[0]) == {"a", "b", "kind", "score", "via", "distance_km"}
    # 璧山 (29.59, 106.23) – 铜梁 (29.84, 106.06) ≈ 32 km, share 动力电池系统 and 转向制动系统
    shared = [p for p in pairs if p["kind"] == "shared" and "铜梁区" in (p["a"], p["b"])]
    assert shared and sorted(shared[0]["via"]) == ["动力电池系统", "转向制动系统"]


def test_collab_unknown_district_is_one_line_exit_2():
    r = run("collab", "不存在区")
    assert r.exit_code == 2
    assert r.stderr.startswith("chainkg: error: unknown district")
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1


def test_lang_en_tables_show_english_names():
    r = run("overlaps", "--lang", "en", "--top", "3")
    assert r.exit_code == 0, r.output
    assert "Changshou" in r.stdout and "Duplicated creation directions" in r.stdout
    assert run("gaps", "--lang", "fr").exit_code == 2


def test_csv_option_writes_every_table(tmp_path):
    out = tmp_path / "gaps.csv"
    r = run("gaps", "--csv", str(out))
    assert r.exit_code == 0, r.output
    import pandas as pd

    assert "cathode_materials" in set(pd.read_csv(out)["category"])
    assert pd.read_csv(tmp_path / "gaps.broken_links.csv")["district"].notna().all()
    assert (tmp_path / "gaps.single_district_directions.csv").exists()


def test_report_prints_where_it_is(tmp_path):
    out = tmp_path / "rep"
    r = run("report", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == f"report: {(out / 'index.html').resolve()}"
    assert "区县一览" in (out / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def revised_table(tmp_path):
    """The notice's list revised as a user's table: 铜梁 reworded + adds 电驱系统, 万盛 dropped, 綦江 added."""
    rows = [
        ("璧山区", "璧山高新区", "专业型", "动力电池系统、电驱系统（电机、电控）、转向制动系统"),
        ("铜梁区", "铜梁高新区、铜梁工业园", "专业型", "动力电池系统、制动转向系统、电驱系统"),
        ("綦江区", "綦江工业园区", "专业型", "轻量化部件"),
    ]
    path = tmp_path / "revised.csv"
    path.write_text("区县（开发区）,承载园区,创建类型,创建方向\n" + "".join(f"{','.join(r)}\n" for r in rows),
                    encoding="utf-8")
    old = tmp_path / "old.csv"
    old.write_text(
        "区县（开发区）,承载园区,创建类型,创建方向\n"
        "璧山区,璧山高新区,专业型,动力电池系统、电驱系统（电机、电控）、转向制动系统\n"
        "铜梁区,铜梁高新区,专业型,动力电池系统、转向制动系统\n"
        "万盛经开区,万盛工业园区,专业型,轻量化部件、动力电池系统、车端网联\n",
        encoding="utf-8",
    )
    return old, path


def test_diff_json(revised_table):
    old, new = revised_table
    r = run("diff", str(old), str(new), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert list(data) == ["old", "new", "districts", "directions", "parks"]
    assert {(d["district"], d["change"]) for d in data["districts"]} == {("万盛经开区", "dropped"), ("綦江区", "added")}
    tongliang = {(d["change"], d["direction"]) for d in data["directions"] if d["district"] == "铜梁区"}
    assert tongliang == {("added", "电驱系统"), ("reworded", "转向制动系统")}
    assert not [d for d in data["directions"] if d["district"] == "璧山区"]
    assert [(p["district"], p["change"]) for p in data["parks"] if p["district"] == "铜梁区"] == [("铜梁区", "added")]


def test_diff_bad_file_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("名称,备注\n甲,乙\n", encoding="utf-8")
    r = run("diff", str(bad), str(bad))
    assert r.exit_code == 2 and r.stderr.startswith("chainkg: error: ") and "bad.csv" in r.stderr


def test_diff_notice_against_a_users_updated_table(tmp_path):
    """The shipped notice against the user's own table of it (written by `chainkg table`, then edited)."""
    table = tmp_path / "cq.csv"
    assert run("table", "--out", str(table)).exit_code == 0
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    edited = []
    for line in lines:
        if "万盛经开区" in line:
            continue  # the user drops 万盛
        if "北碚区" in line:
            line = line.replace("车端网联", "智能座舱")
        edited.append(line)
    table.write_text("\n".join(edited) + "\n", encoding="utf-8")
    notice = "data/notices/cq-icv-parks-2022-26.txt"
    data = json.loads(run("diff", notice, str(table), "--json").stdout)
    assert data["old"] == ["document:渝经信园区〔2022〕26号"] and data["new"] == ["document:cq.csv"]
    assert [(d["district"], d["change"]) for d in data["districts"]] == [("万盛经开区", "dropped")]
    beibei = {(d["change"], d["direction"]) for d in data["directions"] if d["district"] == "北碚区"}
    assert beibei == {("dropped", "车端网联"), ("added", "智能座舱")}
    # whatever the table's wording, every other district's directions are the same canonical ones
    others = {d["district"] for d in data["directions"] if d["change"] in ("added", "dropped")}
    assert others == {"北碚区", "万盛经开区"}
    r = run("diff", notice, str(table))
    assert r.exit_code == 0 and "万盛经开区" in r.stdout
