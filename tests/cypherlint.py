"""Run Neo4j's own Cypher linter (tools/cypherlint, npm @neo4j-cypher/language-support) from tests.

When node or the npm package is missing the lint tests skip — except under CI (env CI set), where
a missing linter is a failure: CI must install it (``npm install --prefix tools/cypherlint``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

LINT_DIR = Path(__file__).resolve().parent.parent / "tools" / "cypherlint"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"


def linter_missing() -> str | None:
    """Why the linter cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs npm)"
    if not PACKAGE.is_file():
        return f"the linter is not installed (npm install --prefix {LINT_DIR.relative_to(LINT_DIR.parent.parent)})"
    return None


def require_linter() -> None:
    """Skip (or fail under CI) when the linter is unavailable."""
    reason = linter_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI: Cypher linter unavailable: {reason}")
        pytest.skip(reason)


def lint(
    queries: dict[str, str], schema: dict[str, Any], parameters: dict[str, dict[str, Any]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Diagnostics per query name (empty list = clean), in one node run (loading the package
    takes seconds). ``parameters[name]``, when given, replaces the schema's parameters for that query."""
    require_linter()
    parameters = parameters or {}
    payload = {"schema": schema, "queries": [
        {"name": k, "text": v, **({"parameters": parameters[k]} if k in parameters else {})} for k, v in queries.items()
    ]}
    proc = subprocess.run(
        ["node", str(LINT_DIR / "lint.mjs")], input=json.dumps(payload, ensure_ascii=False),
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert proc.returncode == 0, f"lint.mjs failed: {proc.stderr[-2000:]}"
    return {item["name"]: item["diagnostics"] for item in json.loads(proc.stdout)}
