"""Drawing the planners' pictures: the chain panorama (产业链全景图) and the district map, as SVG and PNG.

The functions take plain data — the :class:`~chainkg.queries.pictures.Panorama` and
:class:`~chainkg.queries.pictures.DistrictMap` of :mod:`chainkg.queries.pictures`, or anything with the
same attributes — and return self-contained SVG text: no script, no external font, image or style, so
the same string serves the report page, ``chainkg viz --view panorama|map``, a notebook cell and a file.

* :func:`panorama_svg` — upstream → midstream → downstream columns, groups as bands, one box per
  category coloured by how many districts target it; gaps hatched and marked 补链. Every box carries
  ``data-category`` and ``data-districts`` (0 for a gap); a hover title lists the districts.
* :func:`district_map_svg` — each place at its seat (a schematic, not boundaries: no redistributable
  boundary file exists here, see ``data/regions/chongqing.toml``), shaded by directions targeted, the
  notice's districts carrying ``data-district``, zones as ◆, host parks as small ▲, a scale bar.
* :func:`svg_to_png` — rasterise with resvg (the ``resvg-py`` wheel, no system library; CJK text needs
  a CJK font on the system, e.g. Debian's ``fonts-noto-cjk``).
* :func:`picture_page` — one SVG as a small offline HTML page.
"""

from __future__ import annotations

import html
import math
import os
from pathlib import Path
from typing import Any

from chainkg.errors import InputError
from chainkg.fsutil import atomic_path

__all__ = ["panorama_svg", "district_map_svg", "svg_to_png", "write_picture", "picture_page", "FONT"]

FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif"

POSITION_TEXT = {"upstream": ("上游", "Upstream"), "midstream": ("中游", "Midstream"), "downstream": ("下游", "Downstream")}

# Sequential fills for 1…max districts (light → dark; YlGnBu-like), and the gap / focus styles.
_STEPS = ("#d9f0d3", "#a6dba0", "#5aae61", "#1b7837", "#00441b")
_MAP_STEPS = ("#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000")
_GAP = "#b2182b"
_FOCUS = "#f28e2b"
_OTHER = "#e8e8e8"

_TEXT = {
    "zh": {
        "panorama": "产业链全景图", "districts": "布局区县", "gap": "补链", "none": "无区县布局",
        "legend": "颜色 = 布局该环节的区县数", "gap_legend": "斜线 = 无区县布局（补链）",
        "focus": "焦点区县：{name}（橙色 = 其布局环节；箭头 = 它需从外部获得的上游投入，红色为全市缺口）",
        "feeds": "供给", "n": "{n} 个区县", "n1": "1 个区县", "map": "区县分布图", "map_value": "颜色 = 布局的创建方向数",
        "map_direction": "颜色 = 是否布局「{name}」", "yes": "布局", "no": "未布局", "zone": "开发区（◆，跨区）",
        "parks": "承载园区", "directions": "创建方向", "overlaps": "跨越", "unplaced": "无坐标（未定位）",
        "context": "未列入通知的区县", "park": "▲ 承载园区（位置示意）", "north": "北",
    },
    "en": {
        "panorama": "Chain panorama (产业链全景图)", "districts": "Districts", "gap": "补链 gap", "none": "no district",
        "legend": "Colour = number of districts targeting the category", "gap_legend": "Hatched = no district (补链, a gap)",
        "focus": "Focus: {name} (orange = its categories; arrows = inputs it needs from outside, red where no district makes them)",
        "feeds": "Feeds", "n": "{n} districts", "n1": "1 district", "map": "District map (区县分布图)",
        "map_value": "Colour = number of creation directions targeted",
        "map_direction": "Colour = targets “{name}” or not", "yes": "targets", "no": "does not", "zone": "Zone (◆, across districts)",
        "parks": "Host parks", "directions": "Directions", "overlaps": "Across", "unplaced": "No coordinates",
        "context": "Not in the notice", "park": "▲ host park (indicative position)", "north": "N",
    },
}

_E = html.escape


def _t(lang: str, key: str, **fmt: Any) -> str:
    return _TEXT["en" if lang == "en" else "zh"][key].format(**fmt)


def _step(value: int, top: int, steps: tuple[str, ...]) -> str:
    """The fill for ``value`` in 1…``top`` (``top`` ≥ 1) on a sequential scale of ``steps``."""
    if top <= 1:
        return steps[-2]
    k = round((value - 1) / (top - 1) * (len(steps) - 1))
    return steps[max(0, min(len(steps) - 1, k))]


def _ink(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill`` (#rrggbb)."""
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#1a1a1a"


def _width(text: str, size: float) -> float:
    """Approximate rendered width: CJK and full-width characters 1 em, others about 0.56 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.56 for ch in text)


def _wrap(text: str, size: float, width: float, lines: int, last: float | None = None) -> list[str]:
    """Break ``text`` into at most ``lines`` lines that fit ``width`` px (the last line ``last`` px, to
    leave room for a tag beside it); the last one ends in … if cut.

    >>> _wrap("电机控制器及车载电源（小三电）", 12, 132, 2)
    ['电机控制器及车载电源（', '小三电）']
    >>> _wrap("Autonomous-driving algorithms & software", 9.5, 138, 2, last=80)
    ['Autonomous-driving', 'algorithms &…']
    """
    out: list[str] = []
    rest = text
    while rest and len(out) < lines:
        room = last if last is not None and len(out) == lines - 1 else width
        cut = len(rest)
        while cut > 1 and _width(rest[:cut], size) > room:
            cut -= 1
        if cut < len(rest) and ord(rest[cut - 1]) < 0x2E80 and " " in rest[:cut]:  # break English at a space
            cut = rest[:cut].rindex(" ") + 1
        out.append(rest[:cut].strip())
        rest = rest[cut:].lstrip()
    if rest and out:
        tail = out[-1]
        while tail and _width(tail + "…", size) > (last if last is not None else width):
            tail = tail[:-1]
        out[-1] = tail + "…"
    return out


def _svg_open(width: float, height: float, label: str, cls: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{_E(label)}" '
        f'font-family="{_E(FONT)}" style="max-width:100%;height:auto">'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
    )


# ------------------------------------------------------------------------------------------------
# The chain panorama

BOX_W, BOX_H, BOX_GAP = 150, 50, 8
BAND_PAD, BAND_HEAD, BAND_GAP = 7, 20, 10
COL_GAP, MAX_WIDTH = 34, 1180


def _column_layout(groups: list[tuple[str, list[Any]]], k: int) -> float:
    """Height of a column holding ``groups`` with ``k`` boxes per row."""
    h = 0.0
    for _, boxes in groups:
        rows = math.ceil(len(boxes) / k)
        h += BAND_HEAD + rows * BOX_H + (rows - 1) * BOX_GAP + BAND_PAD + BAND_GAP
    return h


def _columns(boxes: list[Any]) -> list[tuple[str, list[tuple[str, list[Any]]]]]:
    """Boxes by position (upstream, midstream, downstream, then any other), each by group in order."""
    order = [p for p in POSITION_TEXT if any(b.position == p for b in boxes)]
    order += sorted({b.position for b in boxes} - set(order))
    cols = []
    for pos in order:
        groups: dict[str, list[Any]] = {}
        for b in boxes:
            if b.position == pos:
                groups.setdefault(b.group, []).append(b)
        cols.append((pos, list(groups.items())))
    return cols


def _per_row(cols: list[tuple[str, list[tuple[str, list[Any]]]]]) -> list[int]:
    """Boxes per row in each column: the most even column heights that fit :data:`MAX_WIDTH`."""
    import itertools

    best: tuple[float, int, list[int]] | None = None
    for ks in itertools.product(range(1, 5), repeat=len(cols)):
        width = sum(k * BOX_W + (k - 1) * BOX_GAP + 2 * BAND_PAD for k in ks) + COL_GAP * (len(cols) - 1)
        if width > MAX_WIDTH and best is not None:
            continue
        height = max([_column_layout(g, k) for (_, g), k in zip(cols, ks)] + [0.0])
        cand = (height, sum(ks), list(ks))
        if best is None or cand < best:
            best = cand
    return best[2] if best else []


def panorama_svg(panorama: Any, *, lang: str = "zh") -> str:
    """The chain panorama as one SVG string (see the module docstring).

    ``panorama`` has ``boxes`` (each with ``category``, ``name``, ``name_en``, ``position``, ``group``,
    ``districts``, ``focus``, ``feeds``), ``groups`` (key → (zh, en) names) and ``focus`` (a name or "").

    >>> from types import SimpleNamespace as NS
    >>> box = lambda k, pos, ds, feeds=(): NS(category=k, name=k, name_en="", position=pos, group="g",
    ...                                        districts=ds, focus=False, feeds=feeds)
    >>> p = NS(boxes=[box("ore", "upstream", (), ("cell",)), box("cell", "midstream", ("甲区", "乙区"))],
    ...        groups={"g": ("电池", "Battery")}, focus="")
    >>> svg = panorama_svg(p)
    >>> 'data-category="ore" data-districts="0"' in svg, 'data-category="cell" data-districts="2"' in svg
    (True, True)
    >>> "补链" in svg and "甲区、乙区" in svg and "<script" not in svg
    True
    """
    boxes = list(panorama.boxes)
    cols = _columns(boxes)
    ks = _per_row(cols)
    top_count = max([len(b.districts) for b in boxes] + [1])
    focus = bool(getattr(panorama, "focus", ""))
    col_w = [k * BOX_W + (k - 1) * BOX_GAP + 2 * BAND_PAD for k in ks]
    width = max(sum(col_w) + COL_GAP * (len(cols) - 1) + 40, 720)
    head = 104 if focus else 86
    height = head + max([_column_layout(g, k) for (_, g), k in zip(cols, ks)] + [0]) + 10
    where: dict[str, tuple[float, float]] = {}
    body: list[str] = []
    x = 20.0
    for ci, ((pos, groups), k, w) in enumerate(zip(cols, ks, col_w)):
        zh, en = POSITION_TEXT.get(pos, (pos or "—", pos or "—"))
        title = f"{zh} {en}" if lang == "en" else zh
        body.append(f'<text x="{x + w / 2:.1f}" y="{head - 12}" text-anchor="middle" font-size="15" '
                    f'font-weight="700" fill="#333">{_E(title)}</text>')
        if ci:
            ax = x - COL_GAP / 2
            body.append(f'<text x="{ax:.1f}" y="{head - 12}" text-anchor="middle" font-size="18" fill="#999">→</text>')
        y = float(head)
        for group, members in groups:
            rows = math.ceil(len(members) / k)
            band_h = BAND_HEAD + rows * BOX_H + (rows - 1) * BOX_GAP + BAND_PAD
            gzh, gen = panorama.groups.get(group, (group, group))
            label = _wrap(f"{gzh} · {gen}" if lang == "en" and gen != gzh else gzh, 11, w - 12, 1)[0]
            body.append(f'<g class="band" data-group="{_E(group)}"><rect x="{x:.1f}" y="{y:.1f}" width="{w}" '
                        f'height="{band_h}" rx="6" fill="#f5f6f7" stroke="#d5d8dc"/>'
                        f'<text x="{x + 8:.1f}" y="{y + 14:.1f}" font-size="11" fill="#555">{_E(label)}</text></g>')
            for n, b in enumerate(members):
                bx = x + BAND_PAD + (n % k) * (BOX_W + BOX_GAP)
                by = y + BAND_HEAD + (n // k) * (BOX_H + BOX_GAP)
                where[b.category] = (bx, by)
                body.append(_box(b, bx, by, top_count, focus, lang))
            y += band_h + BAND_GAP
        x += w + COL_GAP
    arrows = _focus_arrows(boxes, where) if focus else []
    legend = _panorama_legend(top_count, focus, getattr(panorama, "focus", ""), lang, width)
    defs = (
        '<defs><pattern id="ckg-hatch" patternUnits="userSpaceOnUse" width="7" height="7" '
        'patternTransform="rotate(45)"><rect width="7" height="7" fill="#fff5f5"/>'
        f'<line x1="0" y1="0" x2="0" y2="7" stroke="{_GAP}" stroke-opacity="0.35" stroke-width="2.2"/></pattern>'
        '<marker id="ckg-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#666"/></marker>'
        '<marker id="ckg-arrow-gap" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
        f'<path d="M0,0 L8,4 L0,8 z" fill="{_GAP}"/></marker></defs>'
    )
    title = _t(lang, "panorama")
    return (_svg_open(width, height, title, "ckg-panorama") + defs
            + f'<text x="20" y="24" font-size="18" font-weight="700" fill="#222">{_E(title)}</text>'
            + legend + "".join(body) + "".join(arrows) + "</svg>")


def _box(b: Any, x: float, y: float, top: int, focus: bool, lang: str) -> str:
    n = len(b.districts)
    if n == 0:
        fill, stroke, dash = "url(#ckg-hatch)", _GAP, ' stroke-dasharray="4 2"'
        ink = "#7a0f1d"
    elif focus and not b.focus:
        fill, stroke, dash, ink = _OTHER, "#bbb", "", "#555"
    elif focus:
        fill, stroke, dash, ink = _FOCUS, "#a65400", "", "#1a1a1a"
    else:
        fill = _step(n, top, _STEPS)
        stroke, dash, ink = "#6b8f71", "", _ink(fill)
    tip = [b.name + (f" ({b.name_en})" if b.name_en else "")]
    tip.append(f"{_t(lang, 'districts')} ({n}): " + ("、".join(b.districts) if n else _t(lang, "none")))
    if b.feeds:
        tip.append(f"{_t(lang, 'feeds')}: " + ", ".join(b.feeds))
    parts = [f'<g class="box{" gap" if n == 0 else ""}" data-category="{_E(b.category)}" data-districts="{n}"'
             + (' data-focus="1"' if focus and b.focus else "") + f'><title>{_E(chr(10).join(tip))}</title>',
             f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="{fill}" '
             f'stroke="{stroke}" stroke-width="{2 if focus and b.focus else 1.2}"{dash}/>']
    inner = BOX_W - 12
    tag = _t(lang, "gap") if n == 0 else _t(lang, "n" if n != 1 else "n1", n=n)
    beside = inner - _width(tag, 10) - 10  # the last line shares its row with the tag
    if lang == "en" and b.name_en:
        lines = [(s, 12, "600") for s in _wrap(b.name, 12, inner, 1)]
        lines += [(s, 9.5, "400") for s in _wrap(b.name_en, 9.5, inner, 2, last=beside)]
    else:
        lines = [(s, 12, "600") for s in _wrap(b.name, 12, inner, 2, last=beside)]
    ty = y + 15
    for text, size, weight in lines:
        parts.append(f'<text x="{x + 6:.1f}" y="{ty:.1f}" font-size="{size}" font-weight="{weight}" '
                     f'fill="{ink}">{_E(text)}</text>')
        ty += size + 3
    tag_x, tag_y = x + BOX_W - 5, y + BOX_H - 5
    if n == 0:
        parts.append(f'<rect x="{tag_x - _width(tag, 10) - 6:.1f}" y="{tag_y - 11:.1f}" width="{_width(tag, 10) + 8:.1f}" '
                     f'height="14" rx="3" fill="{_GAP}"/>')
        parts.append(f'<text x="{tag_x - 2:.1f}" y="{tag_y:.1f}" text-anchor="end" font-size="10" font-weight="700" '
                     f'fill="#ffffff">{_E(tag)}</text>')
    else:
        parts.append(f'<text x="{tag_x:.1f}" y="{tag_y:.1f}" text-anchor="end" font-size="10" fill="{ink}">{_E(tag)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _focus_arrows(boxes: list[Any], where: dict[str, tuple[float, float]]) -> list[str]:
    """SUPPLIES arrows into the focus district's categories from the inputs it does not target itself."""
    mine = {b.category for b in boxes if b.focus}
    out = []
    for b in boxes:
        if b.category in mine or b.category not in where:
            continue
        for target in b.feeds:
            if target not in mine or target not in where:
                continue
            (x1, y1), (x2, y2) = where[b.category], where[target]
            sx, sy = (x1 + BOX_W, y1 + BOX_H / 2) if x2 > x1 else (x1, y1 + BOX_H / 2)
            ex, ey = (x2, y2 + BOX_H / 2) if x2 > x1 else (x2 + BOX_W, y2 + BOX_H / 2)
            if abs(x2 - x1) < 1:  # same column: loop out to the right
                sx, ex = x1 + BOX_W, x2 + BOX_W
            cx = (sx + ex) / 2 + (40 if abs(x2 - x1) < 1 else 0)
            colour, marker = (_GAP, "ckg-arrow-gap") if b.gap else ("#666", "ckg-arrow")
            out.append(f'<path class="supply" d="M{sx:.1f},{sy:.1f} C{cx:.1f},{sy:.1f} {cx:.1f},{ey:.1f} {ex:.1f},{ey:.1f}" '
                       f'fill="none" stroke="{colour}" stroke-opacity="0.55" stroke-width="1.2" marker-end="url(#{marker})">'
                       f'<title>{_E(b.name)} → {_E(target)}</title></path>')
    return out


def _panorama_legend(top: int, focus: bool, focus_name: str, lang: str, width: float) -> str:
    x = 20.0
    y = 36.0
    parts = []
    if not focus:
        parts.append(f'<text x="{x}" y="{y + 10}" font-size="11" fill="#444">{_E(_t(lang, "legend"))}</text>')
        x += _width(_t(lang, "legend"), 11) + 10
        values = sorted({max(1, round(1 + (top - 1) * k / (len(_STEPS) - 1))) for k in range(len(_STEPS))})
        for v in values:
            fill = _step(v, top, _STEPS)
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="26" height="14" fill="{fill}" stroke="#6b8f71"/>'
                         f'<text x="{x + 13:.1f}" y="{y + 11}" text-anchor="middle" font-size="10" fill="{_ink(fill)}">{v}</text>')
            x += 28
        x += 14
    parts.append(f'<rect x="{x:.1f}" y="{y}" width="26" height="14" fill="url(#ckg-hatch)" stroke="{_GAP}" stroke-dasharray="4 2"/>'
                 f'<text x="{x + 32:.1f}" y="{y + 11}" font-size="11" fill="#444">{_E(_t(lang, "gap_legend"))}</text>')
    if focus:
        parts.append(f'<text x="20" y="{y + 30}" font-size="12" fill="#a65400">{_E(_t(lang, "focus", name=focus_name))}</text>')
    return "".join(parts)


# ------------------------------------------------------------------------------------------------
# The district map

MAP_W = 860
RADIUS = 15.0
KM_PER_DEG_LAT = 110.57


def _project(places: list[Any]) -> tuple[dict[int, tuple[float, float]], float]:
    """Seats → px (equirectangular around the mean latitude, north up); returns positions and px per km."""
    pts = {i: (p.lon, p.lat) for i, p in enumerate(places) if p.lat is not None and p.lon is not None}
    if not pts:
        return {}, 1.0
    lat0 = sum(la for _, la in pts.values()) / len(pts)
    kx = 111.32 * math.cos(math.radians(lat0))
    km = {i: (lo * kx, -la * KM_PER_DEG_LAT) for i, (lo, la) in pts.items()}
    xs, ys = [v[0] for v in km.values()], [v[1] for v in km.values()]
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.1, 1.0)
    scale = (MAP_W - 2 * 60) / span
    return {i: ((x - min(xs)) * scale + 60, (y - min(ys)) * scale + 104) for i, (x, y) in km.items()}, scale


def _spread(pos: dict[int, tuple[float, float]], radius: dict[int, float]) -> dict[int, tuple[float, float]]:
    """Move overlapping circles apart (a few hundred deterministic relaxation steps, pulled to the seat)."""
    cur = {i: list(p) for i, p in pos.items()}
    keys = sorted(cur)
    for _ in range(300):
        moved = False
        for a_i, a in enumerate(keys):
            for b in keys[a_i + 1:]:
                dx, dy = cur[b][0] - cur[a][0], cur[b][1] - cur[a][1]
                d = math.hypot(dx, dy)
                need = radius[a] + radius[b] + 3
                if d < need:
                    if d < 1e-6:
                        dx, dy, d = 1.0, 0.0, 1.0
                    push = (need - d) / 2
                    cur[a][0] -= dx / d * push
                    cur[a][1] -= dy / d * push
                    cur[b][0] += dx / d * push
                    cur[b][1] += dy / d * push
                    moved = True
        for i in keys:  # a gentle pull back to the seat
            cur[i][0] += (pos[i][0] - cur[i][0]) * 0.02
            cur[i][1] += (pos[i][1] - cur[i][1]) * 0.02
        if not moved:
            break
    return {i: (round(p[0], 1), round(p[1], 1)) for i, p in cur.items()}


def district_map_svg(district_map: Any, *, lang: str = "zh") -> str:
    """The district map as one SVG string (see the module docstring).

    ``district_map`` has ``places`` (each with ``name``, ``label``, ``name_en``, ``kind``, ``lat``, ``lon``,
    ``district``, ``value``, ``parks``, ``directions``, ``overlaps``), ``direction``, ``notes_zh``,
    ``notes_en`` and ``max_value``.

    >>> from types import SimpleNamespace as NS
    >>> place = lambda n, lat, lon, d, v=0, kind="district": NS(name=n, label=n[:2], name_en="", kind=kind,
    ...     lat=lat, lon=lon, district=d, value=v, parks=("某园",) if d else (), directions=(), overlaps=())
    >>> m = NS(places=[place("甲区", 29.5, 106.5, True, 2), place("乙县", 30.0, 107.5, False),
    ...                place("丙区", None, None, True, 1)], direction="", notes_zh=("示意图",), notes_en=("schematic",),
    ...        max_value=2)
    >>> svg = district_map_svg(m)
    >>> svg.count("data-district="), 'data-district="甲区"' in svg, "示意图" in svg, "km" in svg
    (2, True, True, True)
    """
    places = list(district_map.places)
    pos, scale = _project(places)
    radius = {i: RADIUS + (4.0 if places[i].parks or places[i].kind == "zone" else 0.0) for i in pos}  # room for the park marks
    drawn = _spread(pos, radius)
    ys = [p[1] for p in drawn.values()] or [80.0]
    unplaced = [i for i, p in enumerate(places) if i not in pos]
    height = max(ys) + 50 + (60 if unplaced else 0)
    notes = list(district_map.notes_en if lang == "en" else district_map.notes_zh)
    note_lines = [line for n in notes for line in _wrap(n, 11, MAP_W - 40, 3)]
    height += 70 + 16 * len(note_lines)
    top = max(1, int(getattr(district_map, "max_value", 1) or 1))
    chosen = getattr(district_map, "direction", "")
    title = _t(lang, "map") + (f" · {chosen}" if chosen else "")
    out = [_svg_open(MAP_W, height, title, "ckg-map"),
           f'<text x="20" y="26" font-size="18" font-weight="700" fill="#222">{_E(title)}</text>']
    out.append(_map_legend(top, chosen, lang))
    links, marks, labels = [], [], []
    for i in sorted(pos, key=lambda i: (places[i].district, places[i].kind == "zone")):  # context first
        p = places[i]
        (sx, sy), (x, y) = pos[i], drawn[i]
        if math.hypot(x - sx, y - sy) > 3:
            links.append(f'<line x1="{sx}" y1="{sy}" x2="{x}" y2="{y}" stroke="#888" stroke-width="0.8"/>'
                         f'<circle cx="{sx}" cy="{sy}" r="1.8" fill="#555"/>')
        marks.append(_place(p, x, y, radius[i], top, bool(chosen), lang))
    if unplaced:
        y0 = max(ys) + 60
        labels.append(f'<text x="20" y="{y0 - 18}" font-size="11" fill="#555">{_E(_t(lang, "unplaced"))}</text>')
        for n, i in enumerate(unplaced):
            marks.append(_place(places[i], 40 + n * (2 * RADIUS + 8), y0 + 4, RADIUS, top, bool(chosen), lang))
    out += links + marks + labels
    out.append(_scale_bar(scale, max(ys) + 44 if pos else 90, lang) if pos else "")
    y = height - 16 * len(note_lines) - 8
    for line in note_lines:
        out.append(f'<text x="20" y="{y:.0f}" font-size="11" fill="#555">{_E(line)}</text>')
        y += 16
    out.append("</svg>")
    return "".join(out)


def _place(p: Any, x: float, y: float, r: float, top: int, chosen: bool, lang: str) -> str:
    if not p.district:
        fill, ink, stroke = "#f2f2f2", "#9a9a9a", "#d0d0d0"
    elif chosen:
        fill = _MAP_STEPS[-2] if p.value else _MAP_STEPS[0]
        ink, stroke = _ink(fill), "#7f2704"
    else:
        fill = _step(p.value, top, _MAP_STEPS) if p.value else "#ffffff"
        ink, stroke = _ink(fill), "#7f2704"
    tip = [p.name + (f" ({p.name_en})" if p.name_en else "")]
    if p.district:
        tip.append(f"{_t(lang, 'directions')} ({len(p.directions)}): " + "、".join(p.directions))
        tip.append(f"{_t(lang, 'parks')}: " + ("、".join(p.parks) or "—"))
    if p.overlaps:
        tip.append(f"{_t(lang, 'overlaps')}: " + "、".join(p.overlaps))
    attr = f' data-district="{_E(p.name)}" data-value="{p.value}"' if p.district else f' data-place="{_E(p.name)}"'
    parts = [f'<g class="place {p.kind}"{attr}><title>{_E(chr(10).join(tip))}</title>']
    if p.kind == "zone":
        s = r * 1.08
        parts.append(f'<path d="M{x},{y - s} L{x + s},{y} L{x},{y + s} L{x - s},{y} z" fill="{fill}" '
                     f'stroke="{stroke}" stroke-width="1.6" stroke-dasharray="3 2"/>')
    else:
        parts.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="{stroke}" '
                     f'stroke-width="{1.4 if p.district else 0.8}"/>')
    size = 10 if len(p.label) <= 3 else 8.5
    parts.append(f'<text x="{x}" y="{y + size * 0.36:.1f}" text-anchor="middle" font-size="{size}" '
                 f'font-weight="{600 if p.district else 400}" fill="{ink}">{_E(p.label)}</text>')
    for k, park in enumerate(p.parks):
        a = -math.pi / 2 + (k - (len(p.parks) - 1) / 2) * 0.55  # fanned over the top of the mark
        px, py = x + (r + 5) * math.cos(a), y + (r + 5) * math.sin(a)
        parts.append(f'<path class="park" data-park="{_E(park)}" d="M{px:.1f},{py - 3.6:.1f} L{px + 3.4:.1f},{py + 2.4:.1f} '
                     f'L{px - 3.4:.1f},{py + 2.4:.1f} z" fill="#4e79a7" stroke="#fff" stroke-width="0.6">'
                     f'<title>{_E(park)}</title></path>')
    parts.append("</g>")
    return "".join(parts)


def _map_legend(top: int, chosen: str, lang: str) -> str:
    x, y = 20.0, 44.0
    parts = []
    text = _t(lang, "map_direction", name=chosen) if chosen else _t(lang, "map_value")
    parts.append(f'<text x="{x}" y="{y + 11}" font-size="11" fill="#444">{_E(text)}</text>')
    x += _width(text, 11) + 10
    if chosen:
        items = [(_MAP_STEPS[-2], _t(lang, "yes")), (_MAP_STEPS[0], _t(lang, "no"))]
    else:
        values = sorted({max(1, round(1 + (top - 1) * k / (len(_MAP_STEPS) - 1))) for k in range(len(_MAP_STEPS))})
        items = [(_step(v, top, _MAP_STEPS), str(v)) for v in values]
    for fill, label in items:
        w = max(26, _width(label, 10) + 10)
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.0f}" height="15" fill="{fill}" stroke="#7f2704"/>'
                     f'<text x="{x + w / 2:.1f}" y="{y + 11.5}" text-anchor="middle" font-size="10" fill="{_ink(fill)}">{_E(label)}</text>')
        x += w + 3
    x, y = 20.0, y + 22  # the symbols on a second line
    parts.append(f'<circle cx="{x + 7:.1f}" cy="{y + 7.5}" r="7" fill="#f2f2f2" stroke="#d0d0d0"/>'
                 f'<text x="{x + 19:.1f}" y="{y + 11.5}" font-size="11" fill="#444">{_E(_t(lang, "context"))}</text>')
    x += 26 + _width(_t(lang, "context"), 11) + 14
    parts.append(f'<path d="M{x + 7:.1f},{y} L{x + 14:.1f},{y + 7.5} L{x + 7:.1f},{y + 15} L{x:.1f},{y + 7.5} z" '
                 f'fill="#fff" stroke="#7f2704" stroke-dasharray="3 2"/>'
                 f'<text x="{x + 19:.1f}" y="{y + 11.5}" font-size="11" fill="#444">{_E(_t(lang, "zone"))}</text>')
    x += 24 + _width(_t(lang, "zone"), 11) + 12
    parts.append(f'<text x="{x:.1f}" y="{y + 11.5}" font-size="11" fill="#4e79a7">{_E(_t(lang, "park"))}</text>')
    return "".join(parts)


def _scale_bar(px_per_km: float, y: float, lang: str) -> str:
    """A scale bar of a round length near 100 px, and a north arrow (valid for the seat positions)."""
    km = min((k for k in (10, 20, 25, 50, 100, 200, 500, 1000) if k * px_per_km >= 70), default=1000)
    w = km * px_per_km
    x = MAP_W - 40 - w
    return (f'<g class="scale"><path d="M{x:.1f},{y - 5} V{y} H{x + w:.1f} V{y - 5}" fill="none" stroke="#333" stroke-width="1.5"/>'
            f'<text x="{x + w / 2:.1f}" y="{y - 8}" text-anchor="middle" font-size="11" fill="#333">{km} km</text>'
            f'<text x="{MAP_W - 30}" y="92" text-anchor="middle" font-size="11" fill="#333">↑ {_E(_t(lang, "north"))}</text></g>')


# ------------------------------------------------------------------------------------------------
# Files


def svg_to_png(svg: str, *, zoom: float = 2.0) -> bytes:
    """Rasterise ``svg`` to PNG bytes with resvg (system fonts; a white background).

    >>> png = svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>')
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    import resvg_py  # a wheel with resvg compiled in: no cairo, no browser

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom, background="#ffffff",
                                       sans_serif_family="Noto Sans CJK SC"))


def write_picture(svg: str, path: str | os.PathLike[str]) -> Path:
    """Write ``svg`` to ``path`` atomically: ``.svg`` as text, ``.png`` rasterised (:func:`svg_to_png`).

    >>> import tempfile, pathlib
    >>> out = write_picture('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', pathlib.Path(tempfile.mkdtemp()) / "a.svg")
    >>> out.read_text(encoding="utf-8").startswith("<svg")
    True
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png", ".html"):
        raise InputError(str(path), "expected a .svg, .png or .html file name")
    data = svg_to_png(svg) if suffix == ".png" else svg.encode("utf-8")
    try:
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
            os.chmod(tmp, 0o644)
    except OSError as err:
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from err
    return path


def picture_page(svg: str, *, title: str, lang: str = "zh") -> str:
    """``svg`` as a small self-contained HTML page (what ``chainkg viz --view panorama|map`` writes).

    >>> page = picture_page("<svg></svg>", title="全景图")
    >>> page.startswith("<!DOCTYPE html>") and "<title>全景图</title>" in page
    True
    """
    return (f"<!DOCTYPE html>\n<html lang='{'en' if lang == 'en' else 'zh-CN'}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_E(title)}</title>"
            f"<style>body{{margin:1rem;font-family:{FONT};color:#222}}</style></head>"
            f"<body>{svg}</body></html>\n")
