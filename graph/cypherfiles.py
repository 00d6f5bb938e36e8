"""Reading Cypher for ``chainkg db query`` and the ``cypher/`` cookbook: text, header, parameters.

A cookbook file starts with a ``//`` header::

    // Purpose: …
    // Parameters: $name — a category or direction (id or Chinese name)
    // Returns: district, park, direction
    // Runs on: Neo4j, FalkorDB

:func:`parse_cypher_file` reads it back so tests can check the declared parameters against the
``$names`` the query uses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainkg.errors import InputError

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
"""The shipped ``cypher/`` folder."""

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


@dataclass(frozen=True)
class CypherFile:
    """A cookbook file: its text and what its header declares."""

    path: Path
    text: str
    purpose: str
    parameters: tuple[str, ...]  # declared, without the $
    returns: tuple[str, ...]  # column names
    runs_on: tuple[str, ...]  # neo4j, falkordb
    neo4j_only_reason: str  # why FalkorDB cannot run it ("" when it can)


def used_parameters(text: str) -> set[str]:
    """The ``$names`` a query uses, outside comments and string literals.

    >>> sorted(used_parameters("MATCH (d) WHERE d.name = $name // not $this\\nRETURN '$nor this', $limit"))
    ['limit', 'name']
    """
    return set(_PARAM.findall(_STRING.sub("''", _COMMENT.sub("", text))))


def parse_cypher_file(path: Path) -> CypherFile:
    """Read a cookbook file and its header; a missing header field raises :class:`InputError`."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    current = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        m = re.match(r"([A-Za-z0-9 -]+):\s*(.*)", body)
        if m and m.group(1).lower() in ("purpose", "parameters", "returns", "runs on", "neo4j only"):
            current = m.group(1).lower()
            fields[current] = m.group(2)
        elif current and body:
            fields[current] += " " + body
        elif not body:
            current = None
        else:
            raise InputError(str(path), f"unexpected header line {body!r}", line=lineno)
    for needed in ("purpose", "parameters", "returns", "runs on"):
        if needed not in fields:
            raise InputError(str(path), f"header has no '// {needed.capitalize()}:' line")
    params = tuple(_PARAM.findall(fields["parameters"]))
    returns = tuple(c.strip().split(" ", 1)[0] for c in fields["returns"].split(",") if c.strip())
    runs_on = tuple(s.strip().lower() for s in fields["runs on"].split(",") if s.strip())
    return CypherFile(path, text, fields["purpose"], params, returns, runs_on, fields.get("neo4j only", ""))


def cookbook(directory: Path = CYPHER_DIR) -> list[CypherFile]:
    """Every question file of the cookbook (not ``schema.cypher`` / ``load_csv.cypher``), by name."""
    skip = {"schema.cypher", "load_csv.cypher"}
    return [parse_cypher_file(p) for p in sorted(directory.glob("*.cypher")) if p.name not in skip]


def read_query(arg: str) -> str:
    """The query text of ``chainkg db query ARG``: a ``.cypher`` file's content, else ``arg`` itself.

    >>> read_query("RETURN 1")
    'RETURN 1'
    """
    path = Path(arg)
    if arg.endswith(".cypher") or (len(arg) < 4096 and "\n" not in arg and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(arg, f"cannot read the query file: {err.strerror}") from None
    return arg


def parse_params(items: list[str]) -> dict[str, Any]:
    """``--param`` values: ``k=v`` gives the string v; ``k:=v`` parses v as JSON (numbers, lists…).

    >>> parse_params(["name=璧山区", "limit:=5", "ids:=[\\"a\\", \\"b\\"]"])
    {'name': '璧山区', 'limit': 5, 'ids': ['a', 'b']}
    """
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise InputError("--param", f"expected k=v or k:=JSON, got {item!r}")
        if key.endswith(":"):
            key = key[:-1]
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError as err:
                raise InputError("--param", f"{key}: not JSON ({err.msg}): {value!r}") from None
        else:
            out[key] = value
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise InputError("--param", f"parameter name must be letters, digits, _: {key!r}")
    return out
