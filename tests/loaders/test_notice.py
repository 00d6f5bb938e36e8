"""The shipped notice parses to the golden records; metadata, enumerations and the load report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chainkg.errors import InputError
from chainkg.loaders import load_sources
from chainkg.loaders.canon import canonical_direction, canonical_district, expand_parks, split_directions
from chainkg.loaders.model import source_as_dict
from chainkg.loaders.notice import parse_notice
from chainkg.loaders.vocab import SHIPPED_NOTICE

GOLDEN = Path(__file__).parent / "golden" / "cq-icv-parks-2022-26.json"
NOTICE = SHIPPED_NOTICE.read_text(encoding="utf-8")


def test_shipped_notice_matches_golden_records():
    got = source_as_dict(load_sources().sources[0])
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_shipped_notice_figures():
    ds = load_sources()
    rows = ds.rows
    assert len(rows) == 13
    assert sum(len(r.parks) for r in rows) == 18
    assert len({d.name for r in rows for d in r.directions}) == 19
    assert sum(len(r.directions) for r in rows) == 43


def test_metadata():
    doc = parse_notice(NOTICE).document
    assert doc.number == "渝经信园区〔2022〕26号"
    assert doc.issuer == "重庆市经济和信息化委员会"
    assert doc.date == "2022-12-14"
    assert doc.basis == "渝府发〔2022〕38号"
    assert doc.region == "重庆市"
    assert doc.title == "关于公布重庆市智能网联新能源汽车特色产业园创建名单的通知"
    assert len(doc.addressees) == 13 and doc.addressees[0] == "渝北区" and doc.addressees[-1] == "万盛经开区"
    assert "相关产业园区" not in doc.addressees


def test_multiline_cell_is_one_district():
    row = parse_notice(NOTICE).rows[1]
    assert row.raw_district == "西部科学城\n\n重庆高新区"
    assert row.district == "西部科学城重庆高新区"
    assert [p.name for p in row.parks] == ["含谷片区", "科学谷片区", "金凤软件园"]


@pytest.mark.parametrize(("cell", "expected"), [
    ("鱼复新城、龙兴新城", [("", "鱼复新城"), ("", "龙兴新城")]),
    ("含谷、科学谷片区，金凤软件园", [("", "含谷片区"), ("", "科学谷片区"), ("", "金凤软件园")]),
    ("永川高新区凤凰湖产业园、大数据产业园", [("永川高新区", "凤凰湖产业园"), ("永川高新区", "大数据产业园")]),
    ("璧山高新区", [("", "璧山高新区")]),
    ("空港园区、仙桃数据谷", [("", "空港园区"), ("", "仙桃数据谷")]),
    ("甲、乙、丙工业园区", [("", "甲工业园区"), ("", "乙工业园区"), ("", "丙工业园区")]),
    ("两江新区鱼复新城；龙兴新城", [("两江新区", "鱼复新城"), ("", "龙兴新城")]),
])
def test_park_enumerations(cell, expected):
    parks = expand_parks(cell)
    assert [(p.zone, p.name) for p in parks] == expected
    assert all(p.raw == cell for p in parks)


def test_directions_split_outside_parentheses_and_keep_detail():
    parts = split_directions("车载OS及开发工具链、环境感知系统（雷达、摄像头等）、智能座舱")
    assert parts == ["车载OS及开发工具链", "环境感知系统（雷达、摄像头等）", "智能座舱"]
    d = canonical_direction(parts[1])
    assert (d.name, d.detail, d.raw) == ("环境感知系统", "雷达、摄像头等", "环境感知系统（雷达、摄像头等）")


def test_variants_are_merged_and_reported():
    events = []
    assert canonical_direction("制动转向系统", source="x", events=events).name == "转向制动系统"
    assert canonical_direction("动力电池", source="x", events=events).name == "动力电池系统"
    assert canonical_direction("電驅系統（電機、電控）", source="x", events=events).name == "电驱系统"
    new = canonical_direction("飞行汽车", source="x", events=events)
    assert (new.name, new.how) == ("飞行汽车", "new")
    assert [e.kind for e in events] == ["direction-fuzzy", "direction-alias", "direction-new"]


def test_unrelated_direction_is_not_merged():
    assert canonical_direction("固态电池电芯").how == "new"


def test_district_canonical_against_addressees_and_reported():
    events = []
    assert canonical_district("九龙坡", addressees=("九龙坡区", "渝北区"), events=events) == "九龙坡区"
    assert events[0].kind == "district-canonical"
    report = [e for e in load_sources().events if e.kind == "district-canonical"]
    assert [e.message for e in report] == ["'九龙坡' → '九龙坡区' (from the addressee line)"]


def test_load_report_lists_every_merge_of_the_shipped_notice():
    kinds = sorted(e.kind for e in load_sources().events)
    assert kinds == ["direction-fuzzy", "district-canonical", "park-expanded", "park-expanded"]


def test_fullwidth_and_traditional_notice_loads_the_same():
    import unicodedata

    # full-width digits and Latin letters, traditional characters in the table
    variant = NOTICE.replace("\t动力电池系统", "\t動力電池系統").replace("车载OS", "車載ＯＳ")
    rows = parse_notice(variant).rows
    assert [d.name for d in rows[2].directions][0] == "车载OS及开发工具链"
    assert rows[4].directions[0].name == "动力电池系统"
    assert unicodedata.normalize("NFKC", "ＯＳ") == "OS"


def test_truncated_last_row_is_refused():
    cut = NOTICE[: NOTICE.rindex("\t轻量化部件、动力电池系统、车端网联")]
    with pytest.raises(InputError, match=r"row 13 is cut short: 4 of 5 cells, missing 创建方向"):
        parse_notice(cut, path="cut.txt")


def test_notice_cut_inside_last_cell_is_refused():
    cut = NOTICE[: NOTICE.rindex("车端网联") + 2]
    with pytest.raises(InputError, match=r"ends inside row 13"):
        parse_notice(cut, path="cut.txt")


def test_missing_rows_against_declared_count_is_refused():
    cut = NOTICE[: NOTICE.index("\t13\n")]
    with pytest.raises(InputError, match=r"names 13 districts but its table has 12 rows"):
        parse_notice(cut, path="cut.txt")


def test_text_that_is_not_a_notice_is_refused():
    with pytest.raises(InputError, match="not a notice"):
        parse_notice("今天天气很好。\n我们去公园。\n", path="x.txt")
    no_table = NOTICE[: NOTICE.index("\t序号")]
    with pytest.raises(InputError, match="no annex table"):
        parse_notice(no_table, path="x.txt")
