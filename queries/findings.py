"""Key findings (要点): the report's opening sentences, computed from its tables.

Each :class:`Finding` is one sentence and the id of the report table that backs it, so the page can
link the sentence to its evidence. Chinese by default; ``lang="en"`` writes English (names keep the
Chinese with the English beside it, as the tables do).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chainkg.queries.diff import GraphDiff
    from chainkg.queries.report import PlanReport

__all__ = ["Finding", "key_findings"]

MAX_NAMES = 4  # names quoted in one sentence before "…"


@dataclass(frozen=True)
class Finding:
    """One sentence of the key findings and the report table (``anchor``, a table key) behind it."""

    text: str
    anchor: str


def _names(items: Any, lang: str, limit: int = MAX_NAMES) -> str:
    items = [str(x) for x in items]
    sep = ", " if lang == "en" else "、"
    more = ("…" if lang != "en" else ", …") if len(items) > limit else ""
    return sep.join(items[:limit]) + more


def _q(name: str, lang: str) -> str:
    return f"“{name}”" if lang == "en" else f"「{name}」"


def key_findings(report: PlanReport, *, lang: str = "zh", changes: GraphDiff | None = None) -> list[Finding]:
    """4–8 sentences on what the report shows, most telling first (fewer when a table is empty).

    In order: the most duplicated directions and where; the top gaps and what depends on them; the
    single-district directions; the most similar pair; the strongest supply pairs with distances;
    outright broken links; and, given ``changes`` (:func:`chainkg.queries.diff.diff`), what changed.

    >>> from chainkg.graph.build import build_graph
    >>> from chainkg.queries.report import plan_report
    >>> found = key_findings(plan_report(build_graph()))
    >>> [f.anchor for f in found][:3]
    ['overlaps', 'uncovered', 'single_district_directions']
    >>> found[0].text
    '「轻量化部件」由 7 个区县重复布局（万盛经开区、九龙坡区、北碚区、南川区…），「动力电池系统」6 个，「智能座舱」4 个；共 9 个方向在两个以上区县布局。'
    """
    en = lang == "en"
    t = report.tables
    out: list[Finding] = []
    dup = t["duplicated_directions"]
    if len(dup):
        first, rest = dup.iloc[0], dup.iloc[1:3]
        others = (", " if en else "，").join(
            (f"{_q(r.direction, lang)} {r['count']}" if en else f"{_q(r.direction, lang)}{r['count']} 个")
            for _, r in rest.iterrows()
        )
        if en:
            text = (f"{_q(first.direction, lang)} is targeted by {first['count']} districts ({_names(first.districts, lang)})"
                    + (f", then {others}" if others else "") + f"; {len(dup)} directions are listed by two or more districts.")
        else:
            text = (f"{_q(first.direction, lang)}由 {first['count']} 个区县重复布局（{_names(first.districts, lang)}）"
                    + (f"，{others}" if others else "") + f"；共 {len(dup)} 个方向在两个以上区县布局。")
        out.append(Finding(text, "overlaps"))
    gaps = t["uncovered"]
    if len(gaps):
        top = gaps.head(2)
        if en:
            parts = [f"{_q(r['name'], lang)} ({r.importance} targeted categories depend on it, in {r.districts_served} districts)"
                     for _, r in top.iterrows()]
            text = f"{len(gaps)} chain categories have no district (补链); the most needed: " + " and ".join(parts) + "."
        else:
            parts = [f"{_q(r['name'], lang)}（{r.importance} 个已布局环节依赖它，涉及 {r.districts_served} 个区县）"
                     for _, r in top.iterrows()]
            text = f"{len(gaps)} 个产业链环节无区县布局（补链），最受依赖的是" + "、".join(parts) + "。"
        out.append(Finding(text, "uncovered"))
    single = t["single_district_directions"]
    if len(single):
        by_district = single.drop_duplicates("district")  # one example per district reads wider than three of one
        ex = [f"{r.direction} ({r.district})" if en else f"{r.direction}（{r.district}）" for _, r in by_district.head(3).iterrows()]
        text = (f"{len(single)} directions rest on a single district, with no back-up site, e.g. {_names(ex, lang, 3)}."
                if en else f"{len(single)} 个创建方向仅由一个区县布局，没有备份，如 {_names(ex, lang, 3)}。")
        out.append(Finding(text, "single_district_directions"))
    pairs = t["similar_pairs"]
    if len(pairs):
        p = pairs.iloc[0]
        text = (f"The most alike districts are {p.a} and {p.b} (Jaccard {p.jaccard:.2f}, sharing {_names(p.shared, lang)})."
                if en else f"最相似的区县是 {p.a} 与 {p.b}（Jaccard {p.jaccard:.2f}，共同布局 {_names(p.shared, lang)}）。")
        out.append(Finding(text, "similar_pairs"))
    collab = t["collab"]
    supply = collab[collab.kind == "supply"].head(2) if len(collab) else collab
    if len(supply):
        def km(v: float) -> str:
            return "?" if v != v else f"{v:.0f}"

        if en:
            parts = [f"{r.a} → {r.b} ({r.score:.0%} of its outside needs, {km(r.distance_km)} km apart)" for _, r in supply.iterrows()]
            text = "Strongest supply pairs (协同配套): " + "; ".join(parts) + "."
        else:
            parts = [f"{r.a} → {r.b}（可满足其外部需求的 {r.score:.0%}，相距 {km(r.distance_km)} 公里）" for _, r in supply.iterrows()]
            text = "最强的配套关系：" + "；".join(parts) + "。"
        out.append(Finding(text, "collab"))
    broken = t["broken_links"]
    outright = broken[broken.all_missing] if len(broken) else broken
    if len(outright):
        cats = list(dict.fromkeys(outright["name"]))
        text = (f"{len(cats)} targeted categories have none of their inputs targeted anywhere (broken links), e.g. {_names(cats, lang, 3)}."
                if en else f"{len(cats)} 个已布局环节的上游投入全部无区县布局（断链），如 {_names(cats, lang, 3)}。")
        out.append(Finding(text, "broken_links"))
    if changes is not None:
        out.append(Finding(_changes_sentence(changes, lang), "diff"))
    return out[:8]


def _changes_sentence(d: GraphDiff, lang: str) -> str:
    def n(df: Any, change: str) -> int:
        return int((df["change"] == change).sum()) if len(df) else 0

    old = "、".join(d.old_sources) or "?"
    if d.empty:
        return f"Nothing changed since {old}." if lang == "en" else f"与 {old} 相比没有变化。"
    if lang == "en":
        return (f"Since {old}: districts +{n(d.districts, 'added')} / −{n(d.districts, 'dropped')}; directions "
                f"+{n(d.directions, 'added')} / −{n(d.directions, 'dropped')}, {n(d.directions, 'reworded')} reworded; "
                f"parks +{n(d.parks, 'added')} / −{n(d.parks, 'dropped')}.")
    return (f"与 {old} 相比：区县新增 {n(d.districts, 'added')} 个、删除 {n(d.districts, 'dropped')} 个；创建方向新增 "
            f"{n(d.directions, 'added')} 项、删除 {n(d.directions, 'dropped')} 项、改写 {n(d.directions, 'reworded')} 项；"
            f"承载园区新增 {n(d.parks, 'added')} 个、删除 {n(d.parks, 'dropped')} 个。")
