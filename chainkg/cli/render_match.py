"""Terminal rendering of match and targets results (rich imported only when printing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chainkg.cli.render import bilingual, console, print_table

if TYPE_CHECKING:
    import pandas as pd

    from chainkg.queries.match import MatchResult


def print_match(r: MatchResult, lang: str) -> None:
    """Categories with their evidence, then the ranked parks, then the note."""
    con = console()
    en = lang == "en"
    if r.categories:
        con.print("Categories 产业链环节:" if en else "产业链环节：")
        for c in r.categories:
            con.print(f"  • {bilingual(c.name, c.name_en, lang)}  {c.score:.2f}  [dim]← {'、'.join(c.evidence)}[/dim]")
    if r.results:
        rows = [[str(x.rank), bilingual(x.district, x.district_en, lang), bilingual(x.park, x.park_en, lang),
                 f"{x.score:.3f}", x.kind, x.reason_en if en else x.reason] for x in r.results]
        heads = ["#", "District 区县", "Park 园区", "Score", "Kind", "Reason"] if en else ["#", "区县", "园区", "得分", "类型", "理由"]
        print_table(heads, rows)
    note = r.note_en if en else r.note
    if note:
        con.print(f"[yellow]{note}[/yellow]")


def print_targets(district: str, targets: pd.DataFrame, ranked: pd.DataFrame | None, lang: str) -> None:
    """The categories worth attracting, then (optionally) the ranked company list."""
    en = lang == "en"
    rows = [[bilingual(t.category, t.category_en, lang), t.position, t.kind, t.via, f"{t.weight:.2f}", t.source]
            for t in targets.itertuples()]
    heads = ["Category 环节", "Position", "Kind", "Via", "Weight", "Source"] if en else ["环节", "位置", "类型", "来源方向/链路", "权重", "依据"]
    print_table(heads, rows, title=f"{district}: {len(rows)} categories worth attracting" if en else f"{district}：{len(rows)} 个招商环节")
    if ranked is not None:
        rows = [[str(r.rank), str(r.id), f"{r.score:.3f}", r.kind, r.park, _short(r.query),
                 r.reason_en if en else r.reason] for r in ranked.itertuples()]
        heads = ["#", "Id", "Score", "Kind", "Park", "Profile", "Reason"] if en else ["#", "编号", "得分", "类型", "园区", "企业简介", "理由"]
        print_table(heads, rows, title="Companies ranked for the district" if en else "企业名单排序")


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def json_records(df: Any) -> list[dict]:
    """DataFrame → list of plain dicts (numpy scalars to Python)."""
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()} for rec in df.to_dict(orient="records")]
