"""Shared helpers of the semantic-table builder: the repository's taxonomy."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the repository root (CHAINKG_MAIN overrides it, e.g. to build from another checkout)
MAIN = Path(os.environ.get("CHAINKG_MAIN", HERE.parent.parent))


def load_categories() -> list[dict]:
    with open(MAIN / "data/taxonomy/categories.toml", "rb") as f:
        return tomllib.load(f)["category"]


def category_text(c: dict, mode: str = "full") -> str:
    """The text a category is embedded from: name + name_en (+ aliases and English aliases for
    "full"; keywords are left out: they are weak or ambiguous)."""
    parts = [c["name"], c["name_en"]]
    if mode == "full":
        parts += list(c.get("aliases", [])) + list(c.get("aliases_en", []))
    return "；".join(dict.fromkeys(parts))
