"""The batch matcher's compiled twin, when it was built and is current (see ``setup.py``).

``pip install`` compiles copies of :mod:`queries.matching` and :mod:`queries.match` with Cython
(``queries._c_matching``, ``queries._c_match``; ~20% fewer instructions a profile) when Cython and
a C compiler are there. :func:`twin` returns them only when each carries the SHA-256 of the source
file now beside it, so an edited module runs as written until the package is installed again.
``CHAINKG_PURE=1`` turns the twin off (to compare, or to debug in pure Python).

>>> twin() is None or twin()[0].__name__ == "queries._c_match"
True
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from types import ModuleType


def is_current(module: ModuleType, source: str | Path) -> bool:
    """Whether ``module`` was compiled from exactly the bytes of ``source``.

    >>> import queries.match
    >>> is_current(queries.match, queries.match.__file__)  # a pure module carries no hash
    False
    """
    try:
        return getattr(module, "SOURCE_SHA256", None) == hashlib.sha256(Path(source).read_bytes()).hexdigest()
    except OSError:
        return False


@lru_cache(maxsize=1)
def twin() -> tuple[ModuleType, ModuleType] | None:
    """(compiled match, compiled matching), or None: not built, out of date, or CHAINKG_PURE=1."""
    if os.environ.get("CHAINKG_PURE") == "1":
        return None
    try:
        from queries import _c_match, _c_matching  # type: ignore[attr-defined]
    except ImportError:
        return None
    from queries import match, matching

    if is_current(_c_match, match.__file__) and is_current(_c_matching, matching.__file__):
        return _c_match, _c_matching
    return None
