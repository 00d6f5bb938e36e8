"""Text normalisation shared by the loaders, name look-ups and the matcher.

One function, :func:`normalize`, so that a name typed in traditional characters, full-width
forms or mixed case finds the same thing as the simplified original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_SPACE = re.compile(r"\s+")
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Character table traditional → simplified, from zhconv's dictionary file (single characters
    only: ``str.translate`` then runs at C speed, which the batch matcher needs). The JSON is read
    directly because importing zhconv pulls in pkg_resources (~130 ms of CLI start-up)."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("zhconv")
    assert spec is not None and spec.submodule_search_locations, "zhconv is a dependency"
    folder = Path(next(iter(spec.submodule_search_locations)))
    table = json.loads((folder / "zhcdict.json").read_text(encoding="utf-8"))["zh2Hans"]
    return {ord(k): v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


def to_simplified(text: str) -> str:
    """Traditional → simplified, character by character.

    >>> to_simplified("動力電池系統")
    '动力电池系统'
    """
    return text.translate(_t2s_table())


@lru_cache(maxsize=1)
def _fast_table() -> list[int | str]:
    """The t2s table plus full-width ASCII → ASCII and the ideographic space, as a list indexed by
    code point: ``str.translate`` with a list is ~3× faster than with a dict (the batch matcher
    normalises tens of thousands of profiles a second)."""
    t2s = _t2s_table()
    table: list[int | str] = list(range(max(max(t2s), 0x3000) + 1))  # identity (None would delete)
    for k, v in t2s.items():
        table[k] = v
    for c in range(0xFF01, 0xFF5F):  # exactly what NFKC does to these
        table[c] = chr(c - 0xFEE0)
    table[0x3000] = " "
    return table


def normalize(text: str) -> str:
    """Normal form for comparing names and matching text: NFKC (full-width → half-width),
    traditional → simplified, lower case, runs of whitespace → one space, trimmed.

    >>> normalize("  車載ＯＳ及開發工具鏈 ")
    '车载os及开发工具链'
    >>> normalize("Motor\\u3000Controller")
    'motor controller'
    """
    # Fast path, same result: map full-width ASCII and traditional characters first; only text
    # that still is not NFKC-stable (rare compatibility characters) pays for full NFKC.
    return _finish(text.translate(_fast_table()))


def _finish(fast: str) -> str:
    """The rest of :func:`normalize` once the fast table has mapped ``fast``: full NFKC for the rare
    text that still needs it, lower case, whitespace."""
    if not unicodedata.is_normalized("NFKC", fast):
        fast = unicodedata.normalize("NFKC", fast).translate(_t2s_table())
    return " ".join(fast.lower().split())  # str.split() splits on exactly what \s+ matches, and trims


def normalize_many(texts: list[str]) -> list[str]:
    """:func:`normalize` of each text, the same strings, with the character mapping done for all
    of them at once by numpy (for batches: ``str.translate`` costs ~45 ns a character, as it looks
    every character up through a Python object; one numpy pass over a whole chunk costs a few ns a
    character).

    >>> normalize_many(["主营：電池（PACK）", "  Motor\u3000Controller "])
    ['主营:电池(pack)', 'motor controller']
    """
    import numpy as np

    table = _fast_array()
    joined = "".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mapped = np.where(codes < len(table), table[np.minimum(codes, len(table) - 1)], codes)
    if not np.array_equal(mapped, codes):
        joined = mapped.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    out = []
    start = 0
    for text in texts:
        stop = start + len(text)
        out.append(_finish(joined[start:stop]))
        start = stop
    return out


@lru_cache(maxsize=1)
def _fast_array() -> Any:
    """:func:`_fast_table` as a numpy array of code points."""
    import numpy as np

    return np.array([v if isinstance(v, int) else ord(v) for v in _fast_table()], dtype=np.uint32)


def compact(text: str) -> str:
    """:func:`normalize` with all whitespace removed (for Chinese names, where spaces are noise).

    >>> compact("九 龙 坡")
    '九龙坡'
    """
    return normalize(text).replace(" ", "")


def split_outside_parens(text: str, seps: str) -> list[str]:
    """Split ``text`` on any character of ``seps`` that is not inside （）/() parentheses.

    >>> split_outside_parens("环境感知系统（雷达、摄像头等）、智能座舱", "、")
    ['环境感知系统（雷达、摄像头等）', '智能座舱']
    """
    parts: list[str] = []
    depth = 0
    buf: list[str] = []
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]


def split_detail(text: str) -> tuple[str, str]:
    """Split a trailing parenthesised detail from a name.

    >>> split_detail("电驱系统（电机、电控）")
    ('电驱系统', '电机、电控')
    >>> split_detail("智能座舱")
    ('智能座舱', '')
    """
    text = text.strip()
    m = _PAREN.search(text)
    if not m or text[m.end():].strip():
        return text, ""
    return text[: m.start()].strip(), m.group(1).strip()
