"""Build step for the matcher's optional compiled twin (metadata lives in pyproject.toml).

The batch matcher spends its time in two pure-Python modules, ``queries/matching.py`` and
``queries/match.py``. Compiled by Cython as they are, they run ~20% fewer instructions a profile.
Each is copied to ``build/cython/queries/_c_<name>.py`` with the SHA-256 of its source appended,
and compiled to the extension module ``queries._c_<name>``: the pure modules stay what is imported
and read, and ``queries.match`` uses the twin for batches only while the hash matches the source
beside it (an edited module is never shadowed by a stale binary). Without Cython or a C compiler,
or with ``CHAINKG_PURE=1``, nothing is compiled and the pure modules do all the work.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).resolve().parent
TWINS = {"matching": "queries/matching.py", "match": "queries/match.py"}


def twin_extensions() -> list[Extension]:
    if os.environ.get("CHAINKG_PURE") == "1":
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    out = HERE / "build" / "cython" / "queries"
    out.mkdir(parents=True, exist_ok=True)
    extensions = []
    for name, source in TWINS.items():
        raw = (HERE / source).read_bytes()
        text = raw.decode("utf-8").replace("from queries.matching import", "from queries._c_matching import")
        # the twin hands out the pure module's result classes (see queries/compiled.py)
        if name == "match":
            text += "\nfrom queries.match import CategoryEvidence, MatchResult, ParkMatch  # noqa: E402,F811\n"
        text += f"\nSOURCE_SHA256 = {hashlib.sha256(raw).hexdigest()!r}\n"
        path = out / f"_c_{name}.py"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        extensions.append(Extension(f"queries._c_{name}", [str(path.relative_to(HERE))], optional=True))
    compiled = cythonize(extensions, language_level=3, quiet=True, build_dir=str(out.parent / "c"))
    for ext in compiled:  # cythonize's copies drop the flag: a failed C build must not fail the install
        ext.optional = True
    return compiled


setup(ext_modules=twin_extensions())
