"""The graph page in real headless Chromium (Debian's ``chromium``, driven by Playwright).

Without a browser these tests skip, except under CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from vizgraph_sample import LINK, XSS, small_graph

from chainkg.graph.viz import write_pyvis_html

class Page:
    """One opened graph page, with everything it logged, requested or tried to pop up."""

    def __init__(self, context, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = page = context.new_page()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_function("window.chainkg && window.chainkg.ready === true", timeout=30_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node and return the tooltip's visible text."""
        pos = self.js("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)
        box = self.page.locator("#mynetwork canvas").bounding_box()
        self.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        tip = self.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        return tip.inner_text()


@pytest.fixture
def open_page(browser, tmp_path):
    pages: list[Page] = []

    def opener(path: Path) -> Page:
        pages.append(Page(browser, path))
        return pages[-1]

    yield opener
    for p in pages:
        p.page.close()


def non_white_pixels(page: Page) -> int:
    return page.js(
        """() => {
            const c = document.querySelector('#mynetwork canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) n++;
            return n;
        }"""
    )


def test_page_draws_offline_every_node_no_console_errors(open_page, tmp_path):
    path = write_pyvis_html(small_graph(with_coords=True), tmp_path / "graph.html")
    page = open_page(path)
    assert page.js("[nodes.length, edges.length]") == [13, 15]
    assert page.js("Object.keys(network.body.nodes).length") == 13  # drawn by vis, not just in the DataSet
    assert page.js("Object.keys(network.body.edges).length") == 15
    assert non_white_pixels(page) > 2_000  # something is actually painted
    assert page.errors == []
    assert page.requests == [path.as_uri()]  # nothing fetched beyond the file itself
    shot = tmp_path / "graph.png"
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_markup_in_names_shows_as_text_and_runs_nothing(open_page, tmp_path):
    page = open_page(write_pyvis_html(small_graph(), tmp_path / "graph.html"))
    text = page.hover_node(f"park:重庆市/铜梁区/{XSS}")
    assert text.startswith(XSS)  # shown literally …
    assert page.js("document.querySelectorAll('.vis-tooltip img, .vis-tooltip a, div.popup').length") == 0
    text = page.hover_node(f"park:重庆市/铜梁区/{LINK}")
    assert text.startswith(LINK)
    assert page.js("document.querySelectorAll('.vis-tooltip img, .vis-tooltip a, div.popup').length") == 0
    assert page.js("document.querySelectorAll('img').length") == 0
    assert page.dialogs == []  # … and alert() never ran
    assert page.errors == []


def test_find_box_highlights_matches(open_page, tmp_path):
    page = open_page(write_pyvis_html(small_graph(), tmp_path / "graph.html"))
    page.page.fill("#ckg-search", "璧山")
    page.page.press("#ckg-search", "Enter")
    expected = ["district:重庆市/璧山区", "park:重庆市/璧山区/璧山高新区"]
    assert page.js("chainkg.found") == expected
    assert sorted(page.js("network.getSelectedNodes()")) == expected
    assert page.page.inner_text("#ckg-status") == "找到 2 个"
    assert page.js("nodes.get('direction:电驱系统').opacity") == 0.2  # the rest is dimmed
    page.page.fill("#ckg-search", "ＢＩＳＨＡＮ")  # full-width English name, exact match
    page.page.click("#ckg-find")
    assert page.js("chainkg.found") == ["district:重庆市/璧山区"]
    page.page.click("#ckg-legend-toggle")
    assert not page.page.is_visible("#ckg-legend-body")
    assert page.page.inner_text("#ckg-legend-toggle") == "展开"
    page.page.click("#ckg-clear")
    assert page.js("[chainkg.found.length, network.getSelectedNodes().length]") == [0, 0]
    assert page.js("nodes.get('direction:电驱系统').opacity") == 1
    assert page.errors == []


def test_save_as_png_downloads_the_canvas(open_page, tmp_path):
    page = open_page(write_pyvis_html(small_graph(), tmp_path / "graph.html"))
    with page.page.expect_download() as info:
        page.page.click("#ckg-png")
    saved = tmp_path / "saved.png"
    info.value.save_as(saved)
    data = saved.read_bytes()
    assert info.value.suggested_filename == "chainkg-graph.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    canvas = page.js("(c => [c.width, c.height])(document.querySelector('#mynetwork canvas'))")
    assert [width, height] == canvas
    assert page.errors == []


def test_empty_graph_gives_a_working_page(open_page, tmp_path):
    import networkx as nx

    page = open_page(write_pyvis_html(nx.MultiDiGraph(), tmp_path / "empty.html"))
    assert page.js("[nodes.length, edges.length]") == [0, 0]
    assert page.page.inner_text("#ckg-subtitle") == "0 个节点 · 0 条关系"
    assert page.errors == []


def test_focus_page_starts_with_the_focus_selected(open_page, tmp_path):
    page = open_page(write_pyvis_html(small_graph(), tmp_path / "graph.html", focus="璧山", depth=1))
    assert page.js("nodes.length") == 5
    assert page.js("network.getSelectedNodes()") == ["district:重庆市/璧山区"]
    assert page.errors == []


def test_seeded_layout_settles_in_the_same_place(open_page, tmp_path):
    path = write_pyvis_html(small_graph(), tmp_path / "graph.html")
    first = open_page(path).js("network.getPositions()")
    second = open_page(path).js("network.getPositions()")
    assert first == second
    assert len(first) == 13


def test_shipped_notice_graph_renders_every_node(open_page, tmp_path):
    from chainkg.graph.build import build_graph

    G = build_graph()
    page = open_page(write_pyvis_html(G, tmp_path / "notice.html"))
    assert page.js("Object.keys(network.body.nodes).length") == G.number_of_nodes()
    assert page.js("Object.keys(network.body.edges).length") == G.number_of_edges()
    districts = page.js("nodes.get().filter(n => n.kind === 'District').length")
    assert districts == 13
    # Districts sit where their coordinates put them: 永川区 (west) left of 涪陵区 (east).
    pos = page.js("network.getPositions(['district:重庆市/永川区', 'district:重庆市/涪陵区'])")
    assert pos["district:重庆市/永川区"]["x"] < pos["district:重庆市/涪陵区"]["x"]
    assert page.errors == []
    # Kept for a person to look at (Chinese glyphs, not tofu): pytest's tmp dir of this test.
    page.page.screenshot(path=str(tmp_path / "notice.png"))
