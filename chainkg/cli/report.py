"""Rendering the planning report: one self-contained ``index.html``, a workbook and the CSV files.

The content comes from :func:`chainkg.queries.report.plan_report`; this module only lays it out. The page
needs no network: styles are inline, the pictures (panorama, map) and heat maps are inline SVG, no
scripts, fonts or images are loaded from anywhere. The whole directory is built next to its destination and renamed into place
(:func:`chainkg.fsutil.atomic_dir`), so a failure leaves the previous report (or nothing) — never half.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainkg.fsutil import atomic_dir

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from chainkg.queries.report import PlanReport

HTML_ROWS = 100  # rows per table on the page; the workbook and CSVs hold the rest
PAGE_ROWS: dict[str, int] = {"similar_pairs": 15, "category_pairs": 15, "collab": 30, "broken_links": 30}
"""Tables whose page shows only their first rows (long pair lists); the workbook and CSVs keep every row."""
HTML_LIST_ITEMS = 40  # names per cell on the page (a direction shared by 1,000 districts); files keep all
GRAPH_PAGE_MAX_NODES = 3000  # above this the interactive page would be too heavy to open

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "产业链规划分析报告",
        "sources": "数据来源",
        "headline": "概览",
        "districts": "区县一览",
        "duplicated_directions": "重复布局的创建方向（≥2 个区县）",
        "heatmap": "区县相似度热力图（Jaccard，按创建方向）",
        "heatmap_note": "仅显示重叠最多的 {shown} 个区县（共 {total} 个）。",
        "heatmap_legend": "颜色越深，两区县的创建方向越相似（0 = 无共同方向，1 = 完全相同）；灰色为对角线。鼠标悬停可见数值。",
        "similar_pairs": "最相似的区县对（按创建方向）",
        "duplicated_categories": "重复布局的产业链环节（≥2 个区县）",
        "category_pairs": "最相似的区县对（按产业链环节）",
        "gaps": "补链：缺口与薄弱环节",
        "uncovered": "无区县布局的产业链环节（按依赖程度排序）",
        "single_district_directions": "仅一个区县布局的创建方向",
        "single_district_categories": "仅一个区县布局的产业链环节",
        "broken_links": "断链：已布局环节的上游投入无区县布局",
        "collab": "协同配套候选",
        "unmapped_directions": "未计入产业链环节的创建方向",
        "graph": "交互式关系图",
        "graph_link": "打开交互式关系图（graph.html）",
        "graph_skipped": "图中节点过多（{n} 个），未生成交互式关系图。",
        "files": "下载",
        "workbook": "Excel 工作簿",
        "csv": "CSV 文件",
        "more": "仅显示前 {shown} 行，共 {total} 行；完整数据见工作簿与 CSV 文件。",
        "cut": "表格已截断：共 {total} 行，文件中保留前 {kept} 行。",
        "empty": "（无）",
        "matrix_sheet": "相似度矩阵",
        "category_heatmap": "区县相似度热力图（Jaccard，按产业链环节：措辞不同的同类方向也算重叠）",
        "category_matrix_sheet": "相似度矩阵（环节）",
        "diff_districts": "区县变化",
        "diff_directions": "创建方向变化（改写 = 措辞不同、规范名相同）",
        "diff_parks": "承载园区变化",
        "findings": "要点",
        "panorama": "产业链全景图",
        "panorama_note": "上游 → 中游 → 下游，每个方框是一个产业链环节，颜色越深布局的区县越多；斜线方框为无区县布局的缺口（补链，共 {gaps} 个，与「补链」表一致）。鼠标悬停可见区县名单。",
        "map": "区县分布图",
        "map_note": "圆点为区县（开发区以◆标出），颜色越深布局的创建方向越多；灰色为通知未列入的区县。鼠标悬停可见方向与园区。",
        "picture_files": "图片文件：",
        "diff": "与旧版本相比的变化",
        "pairs_more": "页面仅显示前 {shown} 对，共 {total} 对；全部见工作簿与 CSV 文件。",
    },
    "en": {
        "title": "Industrial-chain planning report",
        "sources": "Sources",
        "headline": "Overview",
        "districts": "Districts",
        "duplicated_directions": "Duplicated creation directions (≥2 districts)",
        "heatmap": "District similarity heat map (Jaccard, by direction)",
        "heatmap_note": "Showing the {shown} districts with the most overlap (of {total}).",
        "heatmap_legend": "The darker the cell, the more alike the two districts' directions (0 = nothing shared, 1 = identical); the diagonal is grey. Hover a cell for its value.",
        "similar_pairs": "Most similar district pairs (by direction)",
        "duplicated_categories": "Duplicated chain categories (≥2 districts)",
        "category_pairs": "Most similar district pairs (by chain category)",
        "gaps": "Chain gaps and thin spots",
        "uncovered": "Chain categories no district targets (by dependence)",
        "single_district_directions": "Directions carried by one district only",
        "single_district_categories": "Categories carried by one district only",
        "broken_links": "Broken links: targeted categories whose inputs nobody targets",
        "collab": "Collaboration candidates",
        "unmapped_directions": "Directions counted in no chain category",
        "graph": "Interactive graph",
        "graph_link": "Open the interactive graph (graph.html)",
        "graph_skipped": "The graph has too many nodes ({n}) for an interactive page; none was made.",
        "files": "Downloads",
        "workbook": "Excel workbook",
        "csv": "CSV files",
        "more": "Showing the first {shown} of {total} rows; the workbook and CSV files hold them all.",
        "cut": "Table cut: {total} rows in all, the files keep the first {kept}.",
        "empty": "(none)",
        "matrix_sheet": "Similarity matrix",
        "category_heatmap": "District similarity heat map (Jaccard, by chain category: different wordings of one component overlap)",
        "category_matrix_sheet": "Similarity by category",
        "diff_districts": "Districts changed",
        "diff_directions": "Directions changed (reworded = same canonical direction, new wording)",
        "diff_parks": "Host parks changed",
        "findings": "Key findings",
        "panorama": "Chain panorama (产业链全景图)",
        "panorama_note": "Upstream → midstream → downstream; one box per chain category, darker = more districts target it; hatched boxes are gaps no district targets (补链, {gaps} of them, the rows of the gaps table). Hover a box for its districts.",
        "map": "District map (区县分布图)",
        "map_note": "One dot per district (zones as ◆), darker = more creation directions targeted; grey = not in the notice. Hover for directions and parks.",
        "picture_files": "Picture files: ",
        "diff": "Changes since the older source",
        "pairs_more": "The page shows the first {shown} of {total} pairs; the workbook and CSV files hold them all.",
    },
}

HEADLINE: dict[str, tuple[str, str]] = {
    "districts": ("区县（开发区）", "Districts / zones"),
    "parks": ("承载园区", "Host parks"),
    "directions": ("创建方向", "Creation directions"),
    "links": ("区县—方向布局", "District→direction links"),
    "duplicated_directions": ("重复布局方向", "Duplicated directions"),
    "top_direction": ("布局最多的方向", "Most targeted direction"),
    "top_pair": ("最相似区县对", "Most similar pair"),
    "categories": ("产业链环节", "Chain categories"),
    "covered_categories": ("已布局环节", "Covered categories"),
    "uncovered_categories": ("缺口环节", "Uncovered categories"),
    "supply_pairs": ("配套候选对", "Supply candidates"),
    "shared_pairs": ("同向区县对", "Shared-direction pairs"),
}

COLUMNS: dict[str, tuple[str, str]] = {
    "district": ("区县", "District"),
    "district_en": ("英文名", "English name"),
    "region": ("地区", "Region"),
    "type": ("类型", "Type"),
    "type_en": ("类型（英文）", "Type (English)"),
    "parks": ("承载园区", "Host parks"),
    "directions": ("创建方向", "Directions"),
    "sources": ("来源", "Sources"),
    "direction": ("创建方向", "Direction"),
    "count": ("区县数", "Districts"),
    "districts": ("区县", "Districts"),
    "a": ("区县 A", "District A"),
    "b": ("区县 B", "District B"),
    "jaccard": ("Jaccard", "Jaccard"),
    "n_shared": ("共同数", "Shared"),
    "shared": ("共同方向/环节", "Shared"),
    "level": ("层级", "Level"),
    "category": ("环节代码", "Category key"),
    "name": ("环节", "Category"),
    "position": ("链位置", "Chain position"),
    "importance": ("依赖度", "Importance"),
    "feeds": ("直接供给", "Feeds"),
    "dependents": ("依赖它的已布局环节", "Covered categories depending on it"),
    "districts_served": ("涉及区县数", "Districts served"),
    "group": ("环节组", "Group"),
    "missing_inputs": ("缺失的上游投入", "Missing inputs"),
    "inputs": ("上游投入数", "Inputs"),
    "all_missing": ("全部缺失", "All missing"),
    "kind": ("类型", "Kind"),
    "score": ("得分", "Score"),
    "via": ("依据", "Via"),
    "distance_km": ("距离（公里）", "Distance (km)"),
    "n_links": ("关联数", "Links"),
    "reason": ("原因", "Reason"),
    "change": ("变化", "Change"),
    "old": ("原", "Old"),
    "new": ("新", "New"),
    "park": ("承载园区", "Host park"),
}

SHOWN: dict[str, list[str]] = {
    "districts": ["district", "type", "parks", "directions"],
    "duplicated_directions": ["direction", "count", "districts"],
    "similar_pairs": ["a", "b", "jaccard", "n_shared", "shared"],
    "duplicated_categories": ["category", "count", "districts", "directions"],
    "category_pairs": ["a", "b", "jaccard", "n_shared", "shared"],
    "uncovered": ["name", "position", "importance", "districts_served", "feeds"],
    "single_district_directions": ["direction", "district"],
    "single_district_categories": ["name", "position", "district"],
    "broken_links": ["name", "district", "missing_inputs", "all_missing"],
    "collab": ["kind", "a", "b", "score", "distance_km", "via"],
    "unmapped_directions": ["direction", "reason", "districts"],
}

STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #b2182b;padding-bottom:.2rem;margin-top:2.4rem}
h3{margin-top:1.6rem}.muted{color:#666;font-size:.9rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;min-width:9rem;background:#fafafa}
.card .v{font-size:1.4rem;font-weight:600}.card .k{font-size:.85rem;color:#555}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}tr:nth-child(even) td{background:#fbfbfb}td.n{text-align:right;font-variant-numeric:tabular-nums}
.heat svg text{font-size:12px}.heat{overflow-x:auto}
ol.findings{background:#fff8f6;border-left:4px solid #b2182b;padding:.7rem 1rem .7rem 2.2rem;margin:1rem 0}
ol.findings li{margin:.25rem 0}ol.findings a{color:#8c1020;text-decoration:none;border-bottom:1px dotted #8c1020}
.picture{overflow-x:auto;margin:.5rem 0}.picture svg{display:block}
"""


def _t(lang: str, key: str, **fmt: Any) -> str:
    return TEXT[lang][key].format(**fmt)


def _heading(col: str, lang: str) -> str:
    zh, en = COLUMNS.get(col, (col, col))
    return en if lang == "en" else zh


VALUES: dict[str, str] = {
    "supply": "配套", "shared": "同向", "upstream": "上游", "midstream": "中游", "downstream": "下游",
    "added": "新增", "dropped": "删除", "reworded": "改写", "type": "类型变化", "umbrella": "统称方向",
    "no category": "无对应环节", "direction": "创建方向", "category": "产业链环节",
}
"""Chinese display of the fixed values of some columns (data files keep the English values)."""

_CODED = {"kind", "position", "change", "reason", "level"}
_DECIMALS = {"distance_km": 1, "jaccard": 2, "score": 2}


def _cell(value: Any, max_items: int | None = None, *, column: str = "", lang: str = "en") -> str:
    """One value as display text (lists joined by 、, fixed values in Chinese for ``lang="zh"``).

    >>> _cell(77.94, column="distance_km"), _cell("supply", column="kind", lang="zh"), _cell(["甲", "乙"])
    ('77.9', '配套', '甲、乙')
    """
    if isinstance(value, (list, tuple)):
        if max_items is not None and len(value) > max_items:  # a page cell, not a data file
            return "、".join(str(v) for v in value[:max_items]) + f" …（+{len(value) - max_items}）"
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        if column in _DECIMALS:
            return f"{value:.{_DECIMALS[column]}f}"
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    if lang == "zh" and column in _CODED and isinstance(value, str):
        return VALUES.get(value, value)
    return "" if value is None else str(value)


def _table_html(df: pd.DataFrame, cols: list[str], lang: str, total: int | None = None,
                rows: int = HTML_ROWS) -> str:
    if df.empty:
        return f"<p class='muted'>{_t(lang, 'empty')}</p>"
    cols = [c for c in cols if c in df.columns]
    head = "".join(f"<th>{html.escape(_heading(c, lang))}</th>" for c in cols)
    body = []
    for row in df.head(rows).itertuples(index=False):
        rec = row._asdict()
        cells = []
        for c in cols:
            v = rec[c]
            cls = " class='n'" if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{html.escape(_cell(v, HTML_LIST_ITEMS, column=c, lang=lang))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    n = total if total is not None else len(df)
    more = f"<p class='muted'>{_t(lang, 'more', shown=min(rows, len(df)), total=n)}</p>" if n > rows else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _colour(x: float) -> str:
    """White (0) → dark red (1)."""
    lo, hi = (247, 247, 247), (178, 24, 43)
    x = 0.0 if math.isnan(x) else max(0.0, min(1.0, x))
    return "#" + "".join(f"{round(a + (b - a) * x):02x}" for a, b in zip(lo, hi))


def _text_width(text: str, size: float = 12.0) -> float:
    """Approximate width in px of ``text`` at ``size`` px: CJK 1 em, other characters about 0.56 em.

    >>> _text_width("长寿区"), round(_text_width("Changshou"), 1)
    (36.0, 60.5)
    """
    return sum(size if ord(ch) > 0x2E80 else size * 0.56 for ch in text)


def heatmap_svg(matrix: pd.DataFrame) -> str:
    """The similarity matrix as an inline SVG heat map (hover a cell for its value).

    >>> import pandas as pd
    >>> svg = heatmap_svg(pd.DataFrame([[1.0, 0.75], [0.75, 1.0]], index=["长寿区", "南川区"], columns=["长寿区", "南川区"]))
    >>> svg.startswith("<svg") and "长寿区 – 南川区: 0.75" in svg
    True
    """
    n = len(matrix)
    if n == 0:
        return ""
    cell = max(10, min(30, 640 // n))
    labels = [str(x) for x in matrix.index]
    longest = max(_text_width(s) for s in labels)
    margin = 16 + longest  # row labels on the left; column labels at -60° take longest·sin60 above
    top = 16 + longest * 0.87
    right = longest * 0.5 + 10  # the last column's label leans right by longest·cos60
    width, height = margin + n * cell + right, top + n * cell + 10
    parts = [
        f'<svg width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img">'
    ]
    values = matrix.to_numpy()
    for i, a in enumerate(labels):
        y = top + i * cell
        parts.append(
            f'<text x="{margin - 4}" y="{y + cell * 0.7:.1f}" text-anchor="end">{html.escape(a)}</text>'
        )
        x = margin + i * cell + cell * 0.6
        parts.append(
            f'<text x="{x:.1f}" y="{top - 4:.1f}" transform="rotate(-60 {x:.1f} {top - 4:.1f})">{html.escape(a)}</text>'
        )
        for j, b in enumerate(labels):
            v = float(values[i, j])
            fill = "#d9d9d9" if i == j else _colour(v)
            tip = html.escape(f"{a} – {b}: {v:.2f}")
            parts.append(
                f'<rect x="{margin + j * cell:.1f}" y="{y:.1f}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="#fff"><title>{tip}</title></rect>'
            )
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: PlanReport, *, lang: str = "zh", graph_page: str | None = None,
                graph_note: str = "", files: list[str] | None = None) -> str:
    """The report page as one HTML string (no external resources).

    It opens with the key findings (each linked to its table), the chain panorama and the district
    map (inline SVG, the same drawings as ``panorama.svg`` and ``map.svg``), then the overview and the tables.

    >>> from chainkg.graph.build import build_graph
    >>> from chainkg.queries.report import plan_report
    >>> page = render_html(plan_report(build_graph()), lang="en")
    >>> page.startswith("<!DOCTYPE html>") and "Duplicated creation directions" in page
    True
    """
    e = html.escape
    sections: list[str] = []
    src = "；".join(" ".join(filter(None, [s["id"], s["title"], s["date"]])) for s in report.sources)
    sections += _pictures_html(report, lang, files or [])
    cards = "".join(
        f"<div class='card'><div class='v'>{e(_cell(v))}</div><div class='k'>{e(HEADLINE[k][1 if lang == 'en' else 0])}</div></div>"
        for k, v in report.headline.items() if v != ""
    )
    sections.append(f"<h2 id='headline'>{e(_t(lang, 'headline'))}</h2><div class='cards'>{cards}</div>")

    def table(key: str, level: str = "h3") -> str:
        df = report.tables[key]
        cols = SHOWN[key]
        total = report.truncated.get(key)
        note = f"<p class='muted'>{e(_t(lang, 'cut', total=total, kept=len(df)))}</p>" if total else ""
        rows = PAGE_ROWS.get(key, HTML_ROWS)
        return f"<{level} id='{key}'>{e(_t(lang, key))}</{level}>{note}{_table_html(df, cols, lang, total, rows)}"

    sections.append(table("districts", "h2"))
    sections.append(f"<h2 id='overlaps'>{e(_t(lang, 'duplicated_directions'))}</h2>"
                    + _table_html(report.tables["duplicated_directions"], SHOWN["duplicated_directions"], lang))
    note = ""
    if len(report.matrix) < report.matrix_total:
        note = f"<p class='muted'>{e(_t(lang, 'heatmap_note', shown=len(report.matrix), total=report.matrix_total))}</p>"
    legend = f"<p class='muted'>{e(_t(lang, 'heatmap_legend'))}</p>" if len(report.matrix) else ""
    sections.append(f"<h3 id='heatmap'>{e(_t(lang, 'heatmap'))}</h3>{note}{legend}"
                    f"<div class='heat'>{heatmap_svg(report.matrix)}</div>")
    sections.append(table("similar_pairs"))
    sections.append(table("duplicated_categories"))
    if report.category_matrix.to_numpy().any():  # no taxonomy in the graph: nothing to draw
        sections.append(f"<h3 id='category_heatmap'>{e(_t(lang, 'category_heatmap'))}</h3>{note}"
                        f"<div class='heat'>{heatmap_svg(report.category_matrix)}</div>")
    sections.append(table("category_pairs"))
    sections.append(f"<h2 id='gaps'>{e(_t(lang, 'gaps'))}</h2>")
    for key in ("uncovered", "single_district_directions", "single_district_categories", "broken_links"):
        sections.append(table(key))
    sections.append(table("collab", "h2"))
    if not report.tables["unmapped_directions"].empty:
        sections.append(table("unmapped_directions"))
    if report.changes is not None:
        sections.append(f"<h2 id='diff'>{e(_t(lang, 'diff'))}</h2>")
        for key, df in _diff_tables(report.changes).items():
            sections.append(f"<h3 id='{key}'>{e(_t(lang, key))}</h3>{_table_html(df, DIFF_SHOWN[key], lang)}")
    if graph_page:
        sections.append(f"<h2 id='graph'>{e(_t(lang, 'graph'))}</h2><p><a href='{e(graph_page)}'>{e(_t(lang, 'graph_link'))}</a></p>")
    elif graph_note:
        sections.append(f"<h2 id='graph'>{e(_t(lang, 'graph'))}</h2><p class='muted'>{e(graph_note)}</p>")
    if files:
        links = "".join(f"<li><a href='{e(f)}'>{e(f)}</a></li>" for f in files)
        sections.append(f"<h2 id='files'>{e(_t(lang, 'files'))}</h2><ul>{links}</ul>")
    title = _t(lang, "title")
    return (
        f"<!DOCTYPE html>\n<html lang='{'en' if lang == 'en' else 'zh-CN'}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{e(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{e(title)}</h1>"
        f"<p class='muted'>{e(_t(lang, 'sources'))}：{e(src)}</p>{''.join(sections)}</body></html>\n"
    )


DIFF_SHOWN: dict[str, list[str]] = {
    "diff_districts": ["district", "change", "old", "new"],
    "diff_directions": ["district", "change", "direction", "old", "new"],
    "diff_parks": ["district", "change", "park"],
}


def _diff_tables(changes: Any) -> dict[str, pd.DataFrame]:
    return {"diff_districts": changes.districts, "diff_directions": changes.directions, "diff_parks": changes.parks}


PICTURES = ("panorama.svg", "panorama.png", "map.svg", "map.png")
"""The picture files written beside ``index.html``."""


def _pictures_html(report: PlanReport, lang: str, files: list[str]) -> list[str]:
    """The key findings, the panorama and the map: the top of the page."""
    from chainkg.graph.pictures import district_map_svg, panorama_svg

    e = html.escape
    out = []
    if report.findings:
        items = "".join(f"<li>{e(f.text)} <a href='#{e(f.anchor)}'>→</a></li>" for f in report.findings)
        out.append(f"<h2 id='findings'>{e(_t(lang, 'findings'))}</h2><ol class='findings'>{items}</ol>")

    def links(stem: str) -> str:
        names = [f for f in (f"{stem}.svg", f"{stem}.png") if f in files]
        if not names:
            return ""
        return (f"<p class='muted'>{e(_t(lang, 'picture_files'))}"
                + " · ".join(f"<a href='{e(f)}'>{e(f)}</a>" for f in names) + "</p>")

    if report.panorama is not None and report.panorama.boxes:
        note = _t(lang, "panorama_note", gaps=len(report.panorama.gaps))
        out.append(f"<h2 id='panorama'>{e(_t(lang, 'panorama'))}</h2><p class='muted'>{e(note)}</p>"
                   f"<div class='picture'>{panorama_svg(report.panorama, lang=lang)}</div>{links('panorama')}")
    if report.district_map is not None and report.district_map.places:
        out.append(f"<h2 id='map'>{e(_t(lang, 'map'))}</h2><p class='muted'>{e(_t(lang, 'map_note'))}</p>"
                   f"<div class='picture'>{district_map_svg(report.district_map, lang=lang)}</div>{links('map')}")
    return out


def write_pictures(report: PlanReport, folder: Path, *, lang: str = "zh") -> list[str]:
    """Write ``panorama.svg``/``.png`` and ``map.svg``/``.png`` of ``report`` into ``folder``; their names.

    >>> import tempfile, pathlib
    >>> from chainkg.graph.build import build_graph
    >>> from chainkg.queries.report import plan_report
    >>> write_pictures(plan_report(build_graph()), pathlib.Path(tempfile.mkdtemp()))
    ['panorama.svg', 'panorama.png', 'map.svg', 'map.png']
    """
    from chainkg.graph.pictures import district_map_svg, panorama_svg, svg_to_png

    written = []
    for stem, data, draw in (("panorama", report.panorama, panorama_svg), ("map", report.district_map, district_map_svg)):
        if data is None:
            continue
        svg = draw(data, lang=lang)
        (folder / f"{stem}.svg").write_text(svg, encoding="utf-8")
        (folder / f"{stem}.png").write_bytes(svg_to_png(svg))
        written += [f"{stem}.svg", f"{stem}.png"]
    return written


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
    base, k = name, 2
    while name in used:
        name = f"{base[:28]}~{k}"
        k += 1
    used.add(name)
    return name


def _localised(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sheet form: lists joined, fixed values in ``lang``, headings in ``lang``."""
    from chainkg.queries.report import flat

    out = flat(df)
    if lang == "zh":
        for col in _CODED & set(out.columns):
            out[col] = out[col].map(lambda v: VALUES.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns={c: _heading(c, lang) for c in df.columns})


def write_workbook(report: PlanReport, path: Path, *, lang: str = "zh") -> None:
    """One sheet per table (headings in ``lang``), plus the overview and the similarity matrix."""
    import pandas as pd

    used: set[str] = set()
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        overview = pd.DataFrame(
            [(HEADLINE[k][1 if lang == "en" else 0], v) for k, v in report.headline.items()],
            columns=["", ""],
        )
        overview.to_excel(xl, sheet_name=_sheet_name(_t(lang, "headline"), used), index=False, header=False)
        for key, df in report.tables.items():
            _localised(df, lang).to_excel(xl, sheet_name=_sheet_name(_t(lang, key), used), index=False)
        report.matrix.to_excel(xl, sheet_name=_sheet_name(_t(lang, "matrix_sheet"), used))
        report.category_matrix.to_excel(xl, sheet_name=_sheet_name(_t(lang, "category_matrix_sheet"), used))
        if report.changes is not None:
            for key, df in _diff_tables(report.changes).items():
                _localised(df, lang).to_excel(xl, sheet_name=_sheet_name(_t(lang, key), used), index=False)


def write_report(
    G: nx.MultiDiGraph,
    out: Path | str,
    *,
    lang: str = "zh",
    top: int = 50,
    max_rows: int = 5000,
    graph_page: bool = True,
    focus: str | None = None,
    direction: str | None = None,
    changes: Any = None,
) -> Path:
    """Write the report directory ``out`` atomically; return the path of its ``index.html``.

    Contents: ``index.html``, ``chainkg-report.xlsx``, one ``<table>.csv`` per table (the
    documented DataFrame columns, list cells joined by 、, UTF-8), ``similarity.csv`` and
    ``similarity_categories.csv`` (the heat-map matrices), ``panorama.svg``/``.png`` and
    ``map.svg``/``.png`` (the pictures; ``focus``, a District node id, colours one district's
    categories; ``direction``, a Direction node id, shades the map by it), ``diff_*.csv`` when
    ``changes`` (a :func:`chainkg.queries.diff.diff` result) is given, and
    ``graph.html`` when the visualisation module (``chainkg.graph.viz``) is installed and the graph is small
    enough to draw.

    >>> import tempfile, pathlib
    >>> from chainkg.graph.build import build_graph
    >>> index = write_report(build_graph(), pathlib.Path(tempfile.mkdtemp()) / "report")
    >>> index.name, (index.parent / "chainkg-report.xlsx").is_file(), (index.parent / "uncovered.csv").is_file()
    ('index.html', True, True)
    """
    from chainkg.queries.report import flat, plan_report

    out = Path(out)
    _check_replaceable(out)
    report = plan_report(G, lang=lang, top=top, max_rows=max_rows, focus=focus, direction=direction, changes=changes)
    with atomic_dir(out) as tmp:
        (tmp / MARKER).write_text("chainkg report folder: `chainkg report` may replace it whole\n", encoding="utf-8")
        tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a report folder is an ordinary folder
        files = ["chainkg-report.xlsx"]
        write_workbook(report, tmp / files[0], lang=lang)
        for key, df in report.tables.items():
            flat(df).to_csv(tmp / f"{key}.csv", index=False, encoding="utf-8")
            files.append(f"{key}.csv")
        report.matrix.to_csv(tmp / "similarity.csv", encoding="utf-8")
        report.category_matrix.to_csv(tmp / "similarity_categories.csv", encoding="utf-8")
        files += ["similarity.csv", "similarity_categories.csv"]
        if changes is not None:
            for key, df in _diff_tables(changes).items():
                flat(df).to_csv(tmp / f"{key}.csv", index=False, encoding="utf-8")
                files.append(f"{key}.csv")
        files += write_pictures(report, tmp, lang=lang)
        page, note = _graph_page(G, tmp, lang)
        html_text = render_html(report, lang=lang, graph_page=page, graph_note=note, files=files)
        (tmp / "index.html").write_text(html_text, encoding="utf-8")
    return out / "index.html"


MARKER = ".chainkg-report"
"""File that marks a folder as a chainkg report, which a later run may replace whole."""


def _check_replaceable(out: Path) -> None:
    """Refuse to replace anything but a previous report or an empty folder (``--out ~`` must not wipe home)."""
    from chainkg.errors import InputError

    if not out.exists():
        return
    if not out.is_dir():
        raise InputError(str(out), "exists and is not a folder; give --out a new or empty folder")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise InputError(str(out), f"is a folder that is not a chainkg report (no {MARKER}); "
                                   "give --out a new or empty folder, or a previous report")


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _graph_page(G: nx.MultiDiGraph, folder: Path, lang: str) -> tuple[str | None, str]:
    """Draw ``graph.html`` with the visualisation module if it is there; (link or None, note)."""
    try:
        from chainkg.graph.viz import write_pyvis_html
    except ImportError:
        return None, ""
    if G.number_of_nodes() > GRAPH_PAGE_MAX_NODES:
        return None, _t(lang, "graph_skipped", n=G.number_of_nodes())
    write_pyvis_html(G, folder / "graph.html", lang=lang)
    return "graph.html", ""
