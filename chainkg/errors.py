"""The one exception hierarchy of chainkg; only the CLI turns these into messages and exit codes."""

from __future__ import annotations


class ChainKGError(Exception):
    """Base of every error chainkg raises on purpose. ``str(err)`` is one line for the user."""


class InputError(ChainKGError):
    """A source file (or text) that cannot be loaded: names the file, line/row/column and the problem.

    >>> str(InputError("a.csv", "missing column 创建方向", row=3))
    'a.csv: row 3: missing column 创建方向'
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path, self.line, self.row, self.column, self.message = path, line, row, column, message
        where = [str(path)]
        if line is not None:
            where.append(f"line {line}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(": ".join([*where, message]))


class UnknownName(ChainKGError):
    """A name (district, park, direction, category) that matches nothing; carries suggestions.

    >>> str(UnknownName("district", "九龙", ["九龙坡区"]))
    "unknown district '九龙'; did you mean: 九龙坡区?"
    """

    def __init__(self, kind: str, name: str, suggestions: list[str] | tuple[str, ...] = ()) -> None:
        self.kind, self.name, self.suggestions = kind, name, list(suggestions)
        msg = f"unknown {kind} {name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class SchemaError(ChainKGError):
    """Reference data (taxonomy, mappings, vocabularies) that is inconsistent."""


class ConnectionFailed(ChainKGError):
    """A graph server that cannot be reached or refuses the credentials (never shows the password)."""
