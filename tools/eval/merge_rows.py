"""Add newly written rows to the realistic corpus (data/eval/companies.csv) and assign their split once.

Run: python tools/eval/merge_rows.py NEW.csv [NEW2.csv …] --batch 2

The rows keep the writers' text and labels. This script
- checks every row (known category ids, a register and lang of the README's lists, a source URL, a
  text) and stops with the file and line of the first bad one;
- normalises the category separator to `|` and re-derives `kind` from the categories with the
  taxonomy (none stays none), printing every row whose written kind it changed;
- assigns `split` to the new rows only, never touching an existing row's split: within each stratum
  (kind, register) the new rows are ordered by SHA-256 of their id and alternate dev / held-out,
  starting with the half that stratum has fewer rows of; rows about the same company take the split
  of the first row about it (an existing row's split wins);
- writes the corpus through a temporary file and a rename.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from chainkg.graph.build import build_graph
from chainkg.loaders.taxonomy import load_taxonomy
from chainkg.queries.evaluate import corpus_path
from chainkg.queries.match import explain_routes

REGISTERS = {"news", "scope", "terse", "report", "english", "traditional", "typo"}
LANGS = {"zh", "zh-Hant", "en"}


def company_key(name: str) -> str:
    return name.split("（")[0].split("(")[0].strip().lower()


def main(argv: list[str]) -> int:
    batch = argv[argv.index("--batch") + 1] if "--batch" in argv else ""
    files = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--batch")]
    path = corpus_path()
    with path.open(encoding="utf-8", newline="") as fp:
        reader = csv.DictReader(fp)
        header = list(reader.fieldnames or [])
        old = list(reader)
    if "batch" not in header:
        header.insert(header.index("split") + 1, "batch")
        for r in old:
            r["batch"] = "1"
    ids = set(load_taxonomy().categories)
    G = build_graph()
    direct = {c for c in ids if any(x["mode"] == "direct" for x in explain_routes(G, c))}
    seen_ids = {r["id"] for r in old}
    new: list[dict] = []
    for f in files:
        with open(f, encoding="utf-8-sig", newline="") as fp:
            for line, r in enumerate(csv.DictReader(fp), 2):
                where = f"{f}: line {line}"
                cats = [c.strip() for c in r["categories"].replace(";", "|").split("|") if c.strip()]
                bad = [c for c in cats if c not in ids]
                if bad or r["register"] not in REGISTERS or r["lang"] not in LANGS or not r["text"].strip() \
                        or not r["source_url"].startswith("http") or r["id"] in seen_ids \
                        or r["kind"] not in ("none", "direct", "chain-adjacent") or (r["kind"] != "none" and not cats):
                    raise SystemExit(f"{where}: bad row {r['id']!r} (categories {bad}, register {r['register']!r}, "
                                     f"lang {r['lang']!r}, kind {r['kind']!r}, duplicate id {r['id'] in seen_ids})")
                seen_ids.add(r["id"])
                kind = "none" if r["kind"] == "none" else "direct" if set(cats) & direct else "chain-adjacent"
                if kind != r["kind"]:
                    print(f"{where}: {r['id']}: kind {r['kind']} → {kind} (categories {cats})")
                new.append({**r, "categories": "|".join(cats if kind != "none" else []), "kind": kind,
                            "batch": batch, "split": ""})
    by_company = {company_key(r["company"]): r["split"] for r in old}
    counts = Counter((r["kind"], r["register"], r["split"]) for r in old)
    strata: dict[tuple, list[dict]] = defaultdict(list)
    for r in new:
        strata[(r["kind"], r["register"])].append(r)
    for (kind, register), rows in sorted(strata.items()):
        rows.sort(key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
        first = "dev" if counts[(kind, register, "dev")] <= counts[(kind, register, "heldout")] else "heldout"
        other = {"dev": "heldout", "heldout": "dev"}
        turn = first
        for r in rows:
            fixed = by_company.get(company_key(r["company"]))
            if fixed:
                r["split"] = fixed
                continue
            r["split"] = turn
            by_company[company_key(r["company"])] = turn
            turn = other[turn]
    rows = old + new
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
            w = csv.DictWriter(fp, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows({k: r.get(k, "") for k in header} for r in rows)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    print(f"{path}: {len(old)} + {len(new)} rows; new: "
          + ", ".join(f"{k} {v}" for k, v in sorted(Counter((r['split'], r['kind']) for r in new).items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
