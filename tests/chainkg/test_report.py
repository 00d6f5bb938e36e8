"""The planning report: self-contained HTML, a workbook pandas can open, CSVs, atomic writing."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import chainkg.cli.report as report_mod
from chainkg.cli.report import write_report
from chainkg.graph.build import build_graph


class Refs(HTMLParser):
    """Every tag, and every attribute that can make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action", "xlink:href", "background"):
                self.refs.append((tag, name, value or ""))
            if name == "style":
                self.styles.append(value or "")

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def G():
    return build_graph()


@pytest.fixture(scope="module")
def report_dir(G, tmp_path_factory):
    out = tmp_path_factory.mktemp("r") / "report"
    index = write_report(G, out)
    assert index == out / "index.html"
    return out


def test_html_has_no_external_references(report_dir: Path):
    parser = Refs()
    parser.feed((report_dir / "index.html").read_text(encoding="utf-8"))
    assert not {"script", "link", "img", "iframe", "object", "embed", "video", "audio"} & set(parser.tags)
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    for tag, attr, value in parser.refs:
        assert attr == "href" and tag == "a", (tag, attr, value)
        assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//", value, re.I), value  # no scheme, not protocol-relative
        if value.startswith("#"):  # a key finding's link to its table
            assert f"id='{value[1:]}'" in page, value
        else:
            assert (report_dir / value).is_file(), value  # every other link is a file of the report itself
    for css in parser.styles:
        assert "url(" not in css and "@import" not in css


def test_html_content_in_chinese(report_dir: Path):
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    for heading in ("概览", "区县一览", "重复布局的创建方向", "区县相似度热力图", "补链", "协同配套候选"):
        assert heading in page
    heat = "".join(part.split("</svg>")[0] for part in page.split("<div class='heat'>")[1:])
    assert heat.count("<rect ") == 2 * 13 * 13  # two heat maps (directions, categories): a cell per district pair
    assert page.count('data-districts="0"') == 21  # the panorama's gaps (as chainkg gaps)
    assert "要点" in page and "产业链全景图" in page and "区县分布图" in page and "示意图，非精确边界" in page
    assert "长寿区 – 南川区: 0.75" in page or "南川区 – 长寿区: 0.75" in page
    assert "正极材料" in page  # an uncovered category is listed


def test_workbook_opens_with_pandas(report_dir: Path):
    sheets = pd.read_excel(report_dir / "chainkg-report.xlsx", sheet_name=None)
    assert list(sheets)[0] == "概览" and "相似度矩阵" in sheets
    assert len(sheets) == 1 + len(report_mod.SHOWN) + 2
    dup = sheets["重复布局的创建方向（≥2 个区县）"]
    assert dict(zip(dup["创建方向"], dup["区县数"]))["轻量化部件"] == 7
    matrix = sheets["相似度矩阵"].set_index(sheets["相似度矩阵"].columns[0])
    assert matrix.loc["长寿区", "南川区"] == 0.75
    by_category = sheets["相似度矩阵（环节）"].set_index(sheets["相似度矩阵（环节）"].columns[0])
    # 长寿 {电芯, 电池包, 车身结构件, 座舱} vs 南川 {…the same four, 电转向, 电制动}: 4 of 6
    assert by_category.loc["长寿区", "南川区"] == pytest.approx(4 / 6)


def test_pictures_beside_the_page(report_dir: Path):
    for name in ("panorama.svg", "map.svg"):
        svg = (report_dir / name).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and svg in (report_dir / "index.html").read_text(encoding="utf-8")
    for name in ("panorama.png", "map.png"):
        assert (report_dir / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_page_trims_pairs_but_files_keep_them(report_dir: Path):
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    pairs = pd.read_csv(report_dir / "similar_pairs.csv")
    shown = page.split("id='similar_pairs'")[1].split("</table>")[0].count("<tr>") - 1  # minus the heading row
    assert shown == report_mod.PAGE_ROWS["similar_pairs"] < len(pairs)
    sheet = pd.read_excel(report_dir / "chainkg-report.xlsx", sheet_name="最相似的区县对（按创建方向）")
    assert len(sheet) == len(pairs)


def test_focus_direction_and_compare(tmp_path):
    from typer.testing import CliRunner

    from chainkg.cli import app

    notice = "data/notices/cq-icv-parks-2022-26.txt"
    r = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "r"), "--focus", "璧山", "--direction", "轻量化部件",
                                 "--compare", notice, "--lang", "en"])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert page.count('data-focus="1"') == 7 and "Focus: 璧山区" in page
    assert "Lightweight components" in page.split("class=\"ckg-map\"")[1][:600]
    assert "Nothing changed since" in page and (tmp_path / "r" / "diff_directions.csv").is_file()
    r = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "x"), "--focus", "不存在区"])
    assert r.exit_code == 2 and "unknown district" in r.stderr and not (tmp_path / "x").exists()


def test_csvs_keep_documented_columns(report_dir: Path):
    pairs = pd.read_csv(report_dir / "similar_pairs.csv")
    assert list(pairs.columns[:4]) == ["a", "b", "jaccard", "n_shared"]
    assert pairs.iloc[0]["jaccard"] == 0.75
    assert (report_dir / "similarity.csv").is_file() and (report_dir / "collab.csv").is_file()


def test_graph_page_linked_only_when_the_viz_module_exists(report_dir: Path):
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    try:
        import chainkg.graph.viz  # noqa: F401
    except ImportError:
        assert "graph.html" not in page and not (report_dir / "graph.html").exists()
    else:
        assert "href='graph.html'" in page and (report_dir / "graph.html").is_file()


def test_english_report(G, tmp_path):
    write_report(G, tmp_path / "en", lang="en")
    page = (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    assert "Duplicated creation directions" in page and "Changshou District" in page and "<html lang='en'>" in page
    assert "Similarity matrix" in pd.ExcelFile(tmp_path / "en" / "chainkg-report.xlsx").sheet_names


def test_failed_write_leaves_no_half_report(G, tmp_path, monkeypatch):
    out = tmp_path / "report"
    write_report(G, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(report, path, *, lang="zh"):
        path.write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(report_mod, "write_workbook", broken)
    with pytest.raises(OSError, match="disk full"):
        write_report(G, out, lang="en")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the old report, untouched
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no temporary folder left behind
    with pytest.raises(OSError):
        write_report(G, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()


@pytest.mark.parametrize("graph", [nx.MultiDiGraph(), None], ids=["empty", "single-district"])
def test_empty_and_single_district_inputs(graph, tmp_path):
    if graph is None:
        from chainkg.loaders import load_sources

        path = tmp_path / "one.csv"
        path.write_text("区县（开发区）,承载园区,创建类型,创建方向\n璧山区,璧山高新区,专业型,动力电池系统\n", encoding="utf-8")
        graph = build_graph(load_sources([path]))
    index = write_report(graph, tmp_path / "r")
    page = index.read_text(encoding="utf-8")
    assert "（无）" in page  # empty tables say so
    assert len(pd.read_excel(tmp_path / "r" / "chainkg-report.xlsx", sheet_name=None)) == 1 + len(report_mod.SHOWN) + 2


def test_page_cuts_long_lists_but_files_keep_them(tmp_path):
    """A direction shared by 50 districts: the page names 40 and says how many more; the CSV has all 50."""
    G = nx.MultiDiGraph()
    G.add_node("direction:动力电池系统", label="Direction", name="动力电池系统")
    for k in range(50):
        d = f"district:测试省/区{k:02d}"
        G.add_node(d, label="District", name=f"区{k:02d}")
        G.add_edge(d, "direction:动力电池系统", key="TARGETS", type="TARGETS")
    index = write_report(G, tmp_path / "r")
    page = index.read_text(encoding="utf-8")
    assert "区39 …（+10）" in page and "区40" not in page.split("id='overlaps'")[1].split("</table>")[0]
    dup = pd.read_csv(tmp_path / "r" / "duplicated_directions.csv")
    assert dup.loc[0, "count"] == 50 and len(dup.loc[0, "districts"].split("、")) == 50


def test_refuses_to_replace_a_folder_that_is_not_a_report(G, tmp_path):
    from typer.testing import CliRunner

    from chainkg.cli import app
    from chainkg.errors import InputError

    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(InputError, match="not a chainkg report"):
        write_report(G, precious)
    assert (precious / "thesis.docx").read_bytes() == b"years of work"
    afile = tmp_path / "notes.txt"
    afile.write_text("keep me", encoding="utf-8")
    r = CliRunner().invoke(app, ["report", "--out", str(afile)])
    assert r.exit_code == 2 and r.stderr.startswith("chainkg: error: ") and "notes.txt" in r.stderr
    assert afile.read_text(encoding="utf-8") == "keep me"
    # an empty folder and a previous report are fine
    (tmp_path / "empty").mkdir()
    write_report(G, tmp_path / "empty")
    write_report(G, tmp_path / "empty")
    assert (tmp_path / "empty" / "index.html").is_file()
