"""The web app's words (Chinese first; ``?lang=en`` puts English beside) and the highlighting of
matched words in a profile.

>>> ui("zh", "match"), ui("en", "match")
('企业匹配', '企业匹配 Match')
>>> highlight("主營磷酸鐵鋰電芯，ＰＡＣＫ", ["磷酸铁锂电芯", "pack"])
[('主營', False), ('磷酸鐵鋰電芯', True), ('，', False), ('ＰＡＣＫ', True)]
"""

from __future__ import annotations

from collections.abc import Iterable

UI: dict[str, tuple[str, str]] = {
    "app": ("产业链招商与规划", "Industrial-chain matching & planning"),
    "match": ("企业匹配", "Match"),
    "batch": ("批量匹配", "Batch"),
    "districts": ("区县", "Districts"),
    "planning": ("规划分析", "Planning"),
    "graph": ("关系图", "Graph"),
    "report": ("规划报告", "Report"),
    "api": ("API", "API"),
    "profile": ("企业简介（名称、主营产品或经营范围）", "Company profile (name, products or business scope)"),
    "placeholder": ("例如：重庆某某科技有限公司，主营磷酸铁锂电芯及电池包PACK", "e.g. a maker of LFP battery cells and packs"),
    "top": ("园区数", "Parks"),
    "submit": ("匹配", "Match"),
    "categories": ("产业链环节（证据词已在原文中标出）", "Chain categories (evidence marked in the text)"),
    "evidence": ("证据词", "Evidence"),
    "text": ("原文", "Text"),
    "parks": ("推荐园区", "Ranked parks"),
    "rank": ("#", "#"),
    "district": ("区县", "District"),
    "park": ("园区", "Park"),
    "score": ("得分", "Score"),
    "kind": ("类型", "Kind"),
    "reason": ("理由", "Reason"),
    "direct": ("直接", "direct"),
    "chain-adjacent": ("链上相邻", "chain-adjacent"),
    "type": ("类型", "Type"),
    "host_parks": ("承载园区", "Host parks"),
    "directions": ("创建方向", "Directions"),
    "chain_categories": ("产业链环节", "Chain categories"),
    "source": ("来源", "Source"),
    "row": ("第{row}行", "row {row}"),
    "upload": ("上传企业名单（CSV 或 XLSX，第一行为表头）", "Upload a company list (CSV or XLSX, header in the first row)"),
    "upload_limits": ("文件不超过 {mb} MB、{rows} 行；只存放在临时文件夹中，读取后即删除，结果下载后删除。",
                      "At most {mb} MB and {rows} rows; kept only in a temporary folder, removed once read; the result is removed once downloaded."),
    "column": ("企业简介所在列", "Profile column"),
    "id_column": ("编号列（可不选）", "Id column (optional)"),
    "none": ("（无）", "(none)"),
    "format": ("下载格式", "Download format"),
    "send": ("上传", "Upload"),
    "start": ("开始匹配", "Start matching"),
    "rows_read": ("已读取 {rows} 行，表头：", "{rows} rows read; header:"),
    "progress": ("匹配中：{done} / {total}", "Matching: {done} / {total}"),
    "queued": ("排队中…", "Queued…"),
    "done": ("完成：{rows} 行，直接匹配 {direct}，链上相邻 {adjacent}，无匹配 {unmatched}。",
             "Done: {rows} rows, {direct} direct, {adjacent} chain-adjacent, {unmatched} without a fit."),
    "download": ("下载排序结果", "Download the ranked file"),
    "removed_after": ("文件下载后即从服务器删除。", "The file is removed from the server once downloaded."),
    "again": ("再上传一份", "Upload another"),
    "failed": ("失败", "Failed"),
    "findings": ("要点", "Key findings"),
    "panorama": ("产业链全景图", "Chain panorama"),
    "map": ("区县分布图", "District map"),
    "heatmap": ("区县相似度热力图（Jaccard，按创建方向）", "District similarity (Jaccard, by direction)"),
    "focus": ("突出区县", "Focus district"),
    "direction": ("按创建方向着色", "Shade by direction"),
    "show": ("显示", "Show"),
    "all": ("（全部）", "(all)"),
    "overlaps": ("重复布局", "Overlaps"),
    "gaps": ("补链：缺口与薄弱环节", "Gaps"),
    "collab": ("协同配套候选", "Collaboration"),
    "first_rows": ("仅显示前 {shown} 行，共 {total} 行；完整数据见规划报告。", "First {shown} of {total} rows; all of them in the report."),
    "graph_note": ("可输入区县、园区、方向或环节名称，只看其周边；留空显示全图。",
                   "Give a district, park, direction or category to see its neighbourhood; empty shows the whole graph."),
    "depth": ("层数", "Depth"),
    "category": ("产业链切片（环节或分组）", "Chain slice (category or group)"),
    "open_full": ("在新窗口打开", "Open in a new window"),
    "report_note": ("与 chainkg report 生成的报告相同：要点、全景图、分布图、各表格；压缩包含工作簿、CSV、图片与关系图。",
                    "The same report as `chainkg report`: findings, pictures, tables; the zip holds the workbook, CSVs, pictures and graph."),
    "download_zip": ("下载报告（zip）", "Download the report (zip)"),
    "files": ("文件", "Files"),
    "api_note": ("JSON 接口，返回与命令行 --json 相同的结构。机器可读说明：", "JSON API, the same shapes as the CLI's --json. Machine-readable description:"),
    "login": ("登录", "Log in"),
    "token": ("访问令牌", "Access token"),
    "login_note": ("此服务需要访问令牌（服务器环境变量 CHAINKG_TOKEN）。", "This server needs its access token (CHAINKG_TOKEN on the server)."),
    "error": ("错误", "Error"),
    "not_found": ("没有这个页面", "No such page"),
    "did_you_mean": ("您是不是要找：", "Did you mean:"),
}


def ui(lang: str, key: str, **fmt: object) -> str:
    """The words for ``key``: Chinese, or Chinese with English beside for ``lang="en"``."""
    zh, en = UI[key]
    zh, en = zh.format(**fmt), en.format(**fmt)
    return zh if lang != "en" or zh == en else f"{zh} {en}"


def bilingual(zh: str, en: str, lang: str) -> str:
    """A data name: ``zh``, or ``zh (en)`` when English is asked for and known."""
    return f"{zh} ({en})" if lang == "en" and en and en != zh else zh


def _fold(ch: str) -> str:
    """One character as the matcher compares it (full-width → half-width, traditional → simplified,
    lower case), kept to one character so positions in the original text stay valid."""
    from chainkg.loaders.textnorm import normalize

    if ch.isspace():
        return " "
    folded = normalize(ch)
    return folded if len(folded) == 1 else ch.lower()


def highlight(text: str, words: Iterable[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) pairs, where matched pieces are occurrences of ``words``
    (compared as the matcher compares: script, width and case folded). Longest words win overlaps."""
    from chainkg.loaders.textnorm import normalize

    folded = "".join(_fold(c) for c in text)
    marked = [False] * len(text)
    for word in sorted({normalize(w) for w in words if w.strip()}, key=len, reverse=True):
        start = folded.find(word)
        while start >= 0:
            for k in range(start, start + len(word)):
                marked[k] = True
            start = folded.find(word, start + len(word))
    pieces: list[tuple[str, bool]] = []
    for ch, m in zip(text, marked):
        if pieces and pieces[-1][1] == m:
            pieces[-1] = (pieces[-1][0] + ch, m)
        else:
            pieces.append((ch, m))
    return pieces
