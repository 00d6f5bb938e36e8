"""Fixtures shared across the test tree: real headless Chromium (Debian's, via Playwright) and,
through ``tests.fixtures_db``, a real FalkorDB server.

Without a browser the browser tests skip, except under CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import importlib.abc
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The repository's folders graph/, loaders/, queries/ and data/ are the subpackages chainkg.graph,
# chainkg.loaders, … (pyproject.toml maps them). pytest puts the repository on sys.path (for the
# shared helpers tests.*), which would also make them importable as top-level packages: a second,
# separate copy of every module. Refuse that, so the suite imports the code one way only.
TOP_LEVEL_FOLDERS = frozenset({"graph", "loaders", "queries", "data"})


class _OneNamespace(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):  # noqa: ANN001, ANN201
        if path is None and name in TOP_LEVEL_FOLDERS:
            raise ModuleNotFoundError(f"import chainkg.{name}, not {name} (the repository folder {name}/ is "
                                      f"installed as chainkg.{name})", name=name)
        return None


sys.meta_path.insert(0, _OneNamespace())

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
