"""The report page in real headless Chromium (Debian's ``chromium``, driven by Playwright):
it renders with no network request besides its own file and no console error.

The browser comes from the shared ``browser`` fixture (tests/conftest.py).
"""

from __future__ import annotations

from chainkg.cli.report import write_report
from chainkg.graph.build import build_graph


def test_report_renders_offline_in_chromium(browser, tmp_path):
    index = write_report(build_graph(), tmp_path / "report")
    requests: list[str] = []
    errors: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    state = page.evaluate("""() => ({
        title: document.title,
        cells: document.querySelector('#heatmap + p + .heat svg').querySelectorAll('rect').length,
        svgWidth: document.querySelector('.heat svg').getBoundingClientRect().width,
        tables: document.querySelectorAll('table').length,
        firstDup: document.querySelector('#overlaps + table tbody tr td').textContent,
    })""")
    page.close()
    assert requests == [index.as_uri()]  # nothing fetched but the page itself
    assert errors == []
    assert state["title"] == "产业链规划分析报告"
    assert state["cells"] == 13 * 13 and state["svgWidth"] > 300
    assert state["tables"] >= 10
    assert state["firstDup"] == "轻量化部件"
