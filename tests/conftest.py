"""Fixtures shared across the test tree: real headless Chromium (Debian's, via Playwright) and,
through ``tests.fixtures_db``, a real FalkorDB server.

Without a browser the browser tests skip, except under CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# the graph-server fixtures (a real FalkorDB started per test session) live in tests/fixtures_db.py
pytest_plugins = ["tests.fixtures_db"]

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}


def missing_browser(why: str) -> None:
    """Skip (or, under CI, fail) a test that needs the browser."""
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run under CI: {why}")
    pytest.skip(why)


def chromium_path() -> str:
    """Debian's Chromium (or ``CHAINKG_CHROMIUM``); Playwright's own browser download is never used."""
    for candidate in (os.environ.get("CHAINKG_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    missing_browser("Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def browser(tmp_path_factory) -> Iterator:
    """A Playwright browser context on real headless Chromium with a fresh ``--user-data-dir``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("playwright (Python package) is not installed")
    executable = chromium_path()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True,  # Playwright passes --headless
            args=CHROMIUM_FLAGS, viewport=VIEWPORT, accept_downloads=True,
        )
        yield context
        context.close()
