"""Reading a source file safely: existence, size, binary data, encoding (UTF-8 with or without
BOM; GBK/GB18030 detected and loaded, with a note in the load report)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from chainkg.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
"""Largest source file accepted (a notice is a few KB, a big table a few MB)."""

MAX_LINE = 10_000
"""Longest line accepted in a text source, in characters."""


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing what cannot be a source: missing, a directory, empty, or over
    ``max_bytes`` (default :data:`MAX_BYTES`; a company table for batch matching may pass more)."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file")
    if p.is_dir():
        raise InputError(str(p), "is a directory; expected a notice (.txt) or a table (.csv/.xlsx)")
    size = p.stat().st_size
    if size == 0:
        raise InputError(str(p), "empty file")
    if size > max_bytes:
        raise InputError(str(p), f"file is {size:,} bytes; the limit is {max_bytes:,}")
    try:
        return p.read_bytes()
    except OSError as err:
        raise InputError(str(p), f"cannot read: {err.strerror}") from err


def sha256(data: bytes) -> str:
    """Hex SHA-256 of the source bytes (kept on the Document, to tell versions apart)."""
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding). Refuses binary data and over-long lines.

    >>> decode_text("序号".encode("gbk"), "n.txt")
    ('序号', 'gb18030')
    """
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    if b"\x00" in head or controls > max(8, len(head) // 100):
        raise InputError(path, "binary data; expected UTF-8 text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string; kept for clarity
        raise InputError(path, "not UTF-8 or GBK text")
    if encoding == "gb18030" and not any("\u4e00" <= ch <= "\u9fff" for ch in text[:4000]):
        raise InputError(path, "not UTF-8 text (and not Chinese GBK text either)")
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            raise InputError(path, f"line is {len(line):,} characters long; at most {MAX_LINE:,} expected",
                             line=number)
    return text.replace("\r\n", "\n").replace("\r", "\n"), ("utf-8" if encoding == "utf-8-sig" else encoding)
