"""Creation lists as CSV/XLSX: round trip with the notice, English headers, BOM, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainkg.errors import InputError
from chainkg.loaders import load_sources, read_source
from chainkg.loaders.table import write_table


def _canon(rows):
    return [(r.district, r.type, [p.full_name for p in r.parks], [(d.name, d.detail) for d in r.directions])
            for r in rows]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_matches_the_notice(tmp_path: Path, suffix: str, lang: str):
    notice_rows = load_sources().rows
    path = write_table(notice_rows, tmp_path / f"list{suffix}", lang=lang)
    src = read_source(path)
    assert _canon(src.rows) == _canon(notice_rows)
    assert src.document.kind == "table" and src.document.region == "重庆市"
    assert src.rows[3].district == "九龙坡区"


def test_csv_with_bom_and_english_headers(tmp_path: Path):
    p = tmp_path / "mine.csv"
    p.write_bytes("\ufeffDistrict,Host parks,Type,Directions\n璧山,璧山高新区,Specialised,动力电池、制动转向系统\n"
                  .encode("utf-8"))
    row = read_source(p).rows[0]
    assert (row.district, row.type, [d.name for d in row.directions]) == ("璧山区", "专业型", ["动力电池系统", "转向制动系统"])


def test_names_with_html_quotes_and_cypher_are_kept_literally(tmp_path: Path):
    p = tmp_path / "odd.csv"
    p.write_text('区县,承载园区,创建类型,创建方向\n璧山区,"<img src=x onerror=alert(1)>、O\'Brien ""园""",专业型,'
                 '"智能座舱、x}) DETACH DELETE n //"\n', encoding="utf-8")
    row = read_source(p).rows[0]
    assert [pk.name for pk in row.parks] == ["<img src=x onerror=alert(1)>", 'O\'Brien "园"']
    assert row.directions[1].name == "x}) DETACH DELETE n //"


def test_several_sources_keep_their_documents(tmp_path: Path):
    p = tmp_path / "later.csv"
    p.write_text("区县,承载园区,创建类型,创建方向\n荣昌区,荣昌高新区,专业型,动力电池系统、飞行汽车\n璧山区,璧山高新区,专业型,智能座舱\n",
                 encoding="utf-8")
    ds = load_sources([load_sources().documents[0].path, p])
    assert [d.id for d in ds.documents] == ["渝经信园区〔2022〕26号", "later.csv"]
    assert len({r.district for r in ds.rows}) == 14
    assert any(e.kind == "direction-new" and "飞行汽车" in e.message for e in ds.events)


def test_duplicated_rows_are_merged_with_a_warning(tmp_path: Path):
    p = tmp_path / "dup.csv"
    p.write_text("区县,承载园区,创建类型,创建方向\n璧山区,璧山高新区,专业型,动力电池系统\n璧山,璧山新园,专业型,智能座舱\n",
                 encoding="utf-8")
    src = read_source(p)
    assert len(src.rows) == 1
    assert [pk.name for pk in src.rows[0].parks] == ["璧山高新区", "璧山新园"]
    assert [d.name for d in src.rows[0].directions] == ["动力电池系统", "智能座舱"]
    assert [e.kind for e in src.events if e.kind == "duplicate-row"] == ["duplicate-row"]


def test_gbk_notice_is_detected_and_loaded(tmp_path: Path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(load_sources().documents[0].path and Path(load_sources().documents[0].path)
                  .read_text(encoding="utf-8").encode("gb18030"))
    src = read_source(p)
    assert len(src.rows) == 13
    assert src.events[0].kind == "encoding"


@pytest.mark.parametrize(("content", "message"), [
    ("区县,承载园区,创建类型\n璧山区,璧山高新区,专业型\n", r"row 1: missing column 创建方向"),
    ("区县,承载园区,创建类型,创建方向\n璧山区,璧山高新区,专业型,\n", r"row 2: column 创建方向: no directions"),
    ("区县,承载园区,创建类型,创建方向\n璧山区,璧山高新区,混合型,智能座舱\n", r"row 2: column 创建类型: creation type '混合型' is not one of 综合型, 专业型"),
    ("区县,承载园区,创建类型,创建方向\n", r"header row only"),
])
def test_bad_tables_are_refused(tmp_path: Path, content: str, message: str):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_source(p)


def test_text_named_xlsx_is_refused(tmp_path: Path):
    p = tmp_path / "fake.xlsx"
    p.write_text("区县,承载园区\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"fake.xlsx: not an XLSX workbook"):
        read_source(p)
