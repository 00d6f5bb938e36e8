"""Build data/matching/pinyin.npz: the toneless first reading of every CJK Unified Ideograph.

Run (needs `pip install pypinyin==0.55.0`, a build-time tool only; chainkg reads the .npz with numpy):
    python tools/pinyin/build_table.py

The typo pass (chainkg.loaders.lexicon) uses it to find homophone slips of the pinyin input method
(热管里 for 热管理, 电空 for 电控). Source: pypinyin's character dictionary (MIT), itself from the
Unicode Han Database (Unihan, kHanyuPinyin / kMandarin; Unicode License v3). Tones are dropped (the
input method ignores them), ü is written v.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
from pypinyin.pinyin_dict import pinyin_dict

FIRST, LAST = 0x4E00, 0x9FFF
OUT = Path(__file__).resolve().parents[2] / "data" / "matching" / "pinyin.npz"


def toneless(reading: str) -> str:
    base = "".join(ch for ch in unicodedata.normalize("NFD", reading) if not unicodedata.combining(ch))
    return base.replace("ü", "v").replace("u\u0308", "v").lower()


def main() -> None:
    syllables: dict[str, int] = {"": 0}  # 0: no reading known
    table = np.zeros(LAST - FIRST + 1, dtype=np.uint16)
    for cp in range(FIRST, LAST + 1):
        readings = pinyin_dict.get(cp)
        if not readings:
            continue
        first = toneless(readings.split(",")[0])
        table[cp - FIRST] = syllables.setdefault(first, len(syllables))
    names = np.array(sorted(syllables, key=syllables.get))
    fd, tmp = tempfile.mkstemp(dir=OUT.parent, suffix=".npz")
    os.close(fd)
    np.savez_compressed(tmp, first=np.array([FIRST]), reading=table, syllables=names)
    os.replace(tmp, OUT)
    print(f"{OUT}: {int((table > 0).sum())} characters, {len(names) - 1} syllables, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
