"""The report page in real headless Chromium (Debian's ``chromium``, driven by Playwright):
it renders with no network request besides its own file and no console error.

Without a browser these tests skip, except under CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chainkg.report import write_report
from graph.build import build_graph

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run under CI: {why}")
    pytest.skip(why)


def _chromium() -> str:
    for candidate in (os.environ.get("CHAINKG_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    _missing("Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    raise AssertionError("unreachable")


def test_report_renders_offline_in_chromium(tmp_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright (Python package) is not installed")
    index = write_report(build_graph(), tmp_path / "report")
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=_chromium(), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
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
        context.close()
    assert requests == [index.as_uri()]  # nothing fetched but the page itself
    assert errors == []
    assert state["title"] == "产业链规划分析报告"
    assert state["cells"] == 13 * 13 and state["svgWidth"] > 300
    assert state["tables"] >= 10
    assert state["firstDup"] == "轻量化部件"
