"""Copy what chainkg reads at run time out of a table built by build_static.py into
data/semantic/static_use.npz (the teacher-side arrays are only needed to build or evaluate).

  python slim.py static_usem3_256_int8.npz
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

KEEP = ["tokens", "vectors_q", "vectors_scale", "weights", "t2s_src", "t2s_dst", "meta", "cat_ids",
        "static_cat_vectors", "static_mu", "static_sd"]
OUT = Path(__file__).resolve().parents[2] / "data" / "semantic" / "static_use.npz"

if __name__ == "__main__":
    z = np.load(sys.argv[1], allow_pickle=False)
    np.savez_compressed(OUT, **{k: z[k] for k in KEEP})
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")
