"""Company tables for batch matching."""

from __future__ import annotations

import pytest

from chainkg.errors import InputError
from chainkg.loaders.companies import parse_company_records, read_company_table


def test_whole_row_when_no_column():
    rows = parse_company_records([["名称", "产品"], ["甲", "电芯"], ["", ""], ["乙", "雷达"]], path="t.csv", column=None)
    assert [(r.id, r.text, r.row) for r in rows] == [("1", "甲 电芯", 2), ("3", "乙 雷达", 4)]


def test_whole_row_leaves_out_the_id():
    rows = parse_company_records([["id", "名称", "产品"], ["c9", "甲", "电芯"]], path="t.csv", column=None, id_column="id")
    assert (rows[0].id, rows[0].text) == ("c9", "甲 电芯")


def test_column_names_are_forgiving():
    rows = parse_company_records([["經營範圍 "], ["电芯"]], path="t.csv", column="经营范围")
    assert rows[0].text == "电芯"


@pytest.mark.parametrize(("records", "column", "message"), [
    ([], None, "t.csv: empty table"),
    ([["a"]], "a", "t.csv: header row only; no companies"),
    ([["a"], ["x"]], "b", "t.csv: row 1: no column 'b' (--column); the header row has: a"),
])
def test_bad_tables(records, column, message):
    with pytest.raises(InputError) as err:
        parse_company_records(records, path="t.csv", column=column)
    assert str(err.value).startswith(message)


def test_gbk_csv_and_xlsx(tmp_path):
    p = tmp_path / "c.csv"
    p.write_bytes("编号,简介\n1,动力电池\n".encode("gbk"))
    assert read_company_table(p, column="简介", id_column="编号")[0].text == "动力电池"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["id", "profile"])
    wb.active.append([7, "LiDAR"])
    wb.save(tmp_path / "c.xlsx")
    rows = read_company_table(tmp_path / "c.xlsx", column="profile", id_column="id")
    assert (rows[0].id, rows[0].text) == ("7", "LiDAR")
    with pytest.raises(InputError, match="unknown file type '.json'"):
        read_company_table(tmp_path / "c.json", column=None)


def test_table_over_the_source_limit_is_read(tmp_path):
    """A batch table of ~21 MB (over the 20 MB limit for notices) loads; a notice that big does not."""
    from chainkg.loaders.readfile import MAX_BYTES, read_bytes

    p = tmp_path / "big.csv"
    line = "重庆某某新能源科技有限公司，主营磷酸铁锂电芯及电池包PACK，一般项目：技术开发；货物进出口" * 2
    n = MAX_BYTES // len(line.encode()) + 1000
    with p.open("w", encoding="utf-8") as fp:
        fp.write("id,profile\n")
        fp.writelines(f"c{i},{line}\n" for i in range(n))
    assert p.stat().st_size > MAX_BYTES
    rows = read_company_table(p, column="profile", id_column="id")
    assert len(rows) == n and rows[-1].id == f"c{n - 1}" and rows[-1].text == line
    with pytest.raises(InputError, match=f"the limit is {MAX_BYTES:,}"):
        read_bytes(p)
    with pytest.raises(InputError, match="big.csv: file is .* bytes; the limit is 1,000"):
        read_bytes(p, max_bytes=1000)
