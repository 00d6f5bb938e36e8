"""The report page in real headless Chromium (Debian's ``chromium``, driven by Playwright):
it renders with no network request besides its own file and no console error, and its pictures agree
with what ``chainkg gaps`` and ``chainkg districts`` print.

The browser comes from the shared ``browser`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from chainkg.cli import app


def _cli_json(*args: str):
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_report_renders_offline_in_chromium(browser, tmp_path):
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    index = tmp_path / "report" / "index.html"
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
        findings: [...document.querySelectorAll('ol.findings li a')].map(a => a.getAttribute('href')),
        targetsExist: [...document.querySelectorAll('ol.findings li a')].every(a => document.querySelector(a.getAttribute('href'))),
        boxes: [...document.querySelectorAll('svg.ckg-panorama [data-category]')].map(
            g => [g.dataset.category, +g.dataset.districts, g.getBoundingClientRect().width]),
        districts: [...document.querySelectorAll('svg.ckg-map [data-district]')].map(g => g.dataset.district),
        mapWidth: document.querySelector('svg.ckg-map').getBoundingClientRect().width,
        firstH2: document.querySelector('h2').id,
        order: [...document.querySelectorAll('h2')].map(h => h.id).slice(0, 4),
        pairRows: document.querySelectorAll('#similar_pairs + table tbody tr').length,
    })""")
    shot = tmp_path / "top.png"
    page.screenshot(path=str(shot))  # the top of the page, as a planner first sees it
    page.close()
    assert requests == [index.as_uri()]  # nothing fetched but the page itself
    assert errors == []
    assert state["title"] == "产业链规划分析报告"
    assert state["order"] == ["findings", "panorama", "map", "headline"]
    assert 4 <= len(state["findings"]) <= 8 and state["targetsExist"]
    gaps = _cli_json("gaps")["uncovered"]
    assert sum(1 for _, n, _ in state["boxes"] if n == 0) == len(gaps)
    assert sorted(c for c, n, _ in state["boxes"] if n == 0) == sorted(g["category"] for g in gaps)
    assert all(w > 60 for _, _, w in state["boxes"])  # drawn at a readable size
    assert sorted(state["districts"]) == sorted(d["district"] for d in _cli_json("districts"))
    assert state["mapWidth"] > 500
    assert state["cells"] == 13 * 13 and state["svgWidth"] > 300
    assert state["tables"] >= 10
    assert state["firstDup"] == "轻量化部件"
    assert state["pairRows"] == 15  # the top pairs on the page; all of them in the workbook
    png = (tmp_path / "report" / "panorama.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    assert (tmp_path / "report" / "map.png").stat().st_size > 20_000
    assert shot.stat().st_size > 20_000
