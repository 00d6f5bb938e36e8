"""Terminal rendering shared by the commands (rich tables; rich is imported only when printing)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from chainkg.loaders.model import Dataset
    from chainkg.queries.profiles import DistrictProfile


def bilingual(zh: str, en: str, lang: str) -> str:
    """``zh`` alone, or ``zh (en)`` when English is asked for and known.

    >>> bilingual("璧山区", "Bishan District", "en")
    '璧山区 (Bishan District)'
    """
    return f"{zh} ({en})" if lang == "en" and en else zh


def console(err: bool = False) -> Any:
    """A rich console for stdout (or stderr). On a terminal it fits the window; piped or redirected
    it never wraps or cuts a line (so ``chainkg check | grep`` sees whole paths), unless ``COLUMNS``
    sets a width."""
    import os
    import sys

    from rich.console import Console

    stream = sys.stderr if err else sys.stdout
    if os.environ.get("COLUMNS") or (hasattr(stream, "isatty") and stream.isatty()):
        return Console(stderr=err, highlight=False, soft_wrap=False)
    return Console(stderr=err, highlight=False, soft_wrap=True, width=1_000_000)


def print_table(headers: list[str], rows: list[list[str]], *, title: str = "", err: bool = False) -> None:
    """Print a table (rows of strings)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title or None, show_lines=False, title_justify="left")
    for h in headers:
        table.add_column(h, overflow="fold")
    for r in rows:
        # Text, not str: data such as "[bold]" in a park name must print literally, not as markup
        table.add_row(*[c if isinstance(c, Text) else Text(str(c)) for c in r])
    console(err).print(table)


def print_profile(p: DistrictProfile, lang: str) -> None:
    """Print a district profile (data escaped: names are never read as rich markup)."""
    from rich.markup import escape

    def bi(zh: str, en: str) -> str:
        return escape(bilingual(zh, en, lang))

    con = console()
    con.print(f"[bold]{bi(p.name, p.name_en)}[/bold]  {bi(p.type, p.type_en)}  {escape(p.region)}")
    con.print(("承载园区 Parks: " if lang == "en" else "承载园区：")
              + "、".join(bi(x["full_name"], x["name_en"]) for x in p.parks))
    con.print("创建方向 Directions:" if lang == "en" else "创建方向：")
    for d in p.directions:
        detail = f"（{d['detail']}）" if d["detail"] else ""
        raw = f"  [dim]原文 {escape('、'.join(d['raw']))}[/dim]" if d["raw"] and d["raw"] != [d["name"] + detail] else ""
        con.print(f"  • {bi(d['name'] + detail, d['name_en'])}{raw}")
    if p.categories:
        con.print("产业链环节 Categories:" if lang == "en" else "产业链环节：")
        for c in p.categories:
            con.print(f"  • {bi(c['name'], c['name_en'])} [dim]← {escape('、'.join(c['via']))}[/dim]")
    for s in p.sources:
        con.print(f"[dim]来源 Source: {escape(str(s['id']))} {escape(s['title'])} {s['date']} 第{s['row']}行[/dim]")


def print_check(dataset: Dataset, *, err: bool = False) -> None:
    """Print what was loaded and the load report."""
    from rich.markup import escape

    con = console(err)
    for src in dataset.sources:
        d = src.document
        con.print(f"[bold]{escape(d.id)}[/bold] ({d.kind}, {escape(d.path)}): {len(src.rows)} rows"
                  + (f", {d.date}" if d.date else ""))
    kinds = Counter(e.kind for e in dataset.events)
    if dataset.events:
        con.print("load report: " + ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items())))
        for e in dataset.events:
            con.print(f"  {e}", markup=False)
    else:
        con.print("load report: nothing merged, guessed or repaired")


def print_counts(G: nx.MultiDiGraph, title: str) -> None:
    """Print node counts per label and edge counts per type."""
    labels = Counter(d["label"] for _, d in G.nodes(data=True))
    types = Counter(k for _, _, k in G.edges(keys=True))
    con = console()
    con.print(title)
    con.print("nodes: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    con.print("relationships: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())))
