"""How long the interactive graph page takes: to generate (Python) and to settle (Chromium).

Prints, for the shipped notice graph and for larger synthetic graphs (the notice's districts and
parks copied N times, sharing the directions and the taxonomy): nodes, edges, page size, median
generation time of ``to_pyvis_html`` and, when Debian's chromium is installed, the median time from
opening the file to the layout having settled and been drawn (``window.chainkg.ready``).

    python benchmarks/bench_viz.py [--copies 1 5 20] [--runs 5] [--no-browser]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path


import networkx as nx  # noqa: E402

from chainkg.graph.build import build_graph
from chainkg.graph.viz import to_pyvis_html, write_pyvis_html

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def scaled(G: nx.MultiDiGraph, copies: int) -> nx.MultiDiGraph:
    """``copies`` copies of the districts, parks and their links; shared directions and taxonomy."""
    if copies <= 1:
        return G
    out = G.copy()
    local = [n for n, a in G.nodes(data=True) if a["label"] in ("District", "Park")]
    for i in range(2, copies + 1):
        ren = {n: f"{n}#{i}" for n in local}
        for n in local:
            attrs = dict(G.nodes[n])
            attrs["name"] = f"{attrs['name']}{i}"
            attrs.pop("lat", None)  # copies float freely; the originals keep the map
            out.add_node(ren[n], **attrs)
        for u, v, k, a in G.edges(keys=True, data=True):
            if u in ren or v in ren:
                out.add_edge(ren.get(u, u), ren.get(v, v), key=k, **a)
    return out


def time_generate(G: nx.MultiDiGraph, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        page = to_pyvis_html(G)
        times.append(time.perf_counter() - t)
        size = len(page.encode("utf-8"))
    return statistics.median(times), size


def time_browser(paths: list[Path], runs: int) -> list[float | None]:
    exe = shutil.which("chromium")
    if exe is None:
        return [None] * len(paths)
    from playwright.sync_api import sync_playwright

    out: list[float | None] = []
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path=exe, headless=True,
                                                    args=FLAGS, viewport={"width": 1400, "height": 900})
        for path in paths:
            times = []
            for _ in range(runs):
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("window.chainkg && window.chainkg.ready === true", timeout=300_000)
                times.append(time.perf_counter() - t)
                page.close()
            out.append(statistics.median(times))
        ctx.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 5, 20])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    base = build_graph()
    tmp = Path(tempfile.mkdtemp())
    rows, paths = [], []
    for copies in args.copies:
        G = scaled(base, copies)
        gen, size = time_generate(G, args.runs)
        path = write_pyvis_html(G, tmp / f"graph-{copies}.html")
        rows.append((copies, G.number_of_nodes(), G.number_of_edges(), size, gen))
        paths.append(path)
    browser = [None] * len(paths) if args.no_browser else time_browser(paths, max(1, args.runs // 2))
    print(f"{'copies':>6} {'nodes':>6} {'edges':>6} {'page KB':>8} {'generate s':>11} {'settle s':>9}")
    for (copies, n, m, size, gen), settle in zip(rows, browser):
        shown = f"{settle:9.2f}" if settle is not None else f"{'n/a':>9}"
        print(f"{copies:>6} {n:>6} {m:>6} {size / 1024:8.0f} {gen:11.3f} {shown}")
    print(f"(median of {args.runs} generations; browser: median of {max(1, args.runs // 2)} loads, Chromium headless)")


if __name__ == "__main__":
    main()
