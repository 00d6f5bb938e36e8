"""Would anything learned from the corpus's dev half help the matcher? Five-fold cross-validation on the dev half.

Run: python tools/eval/learned.py          (numpy only; about a minute)

The matcher's word lists and rules were tuned by hand on the dev half. A reviewer's first question is whether the
1,700 labelled dev rows would serve better as training data. This script answers it three ways. Each is scored by
five-fold cross-validation on the dev half: rows about one company stay in one fold, and a fold is never scored
by anything that saw it. The held-out half is never read.

1. **Category prototypes.** Each category's vector in the semantic tier is blended with the mean vector of its
   dev rows from the other folds (the texts' static vectors). The calibration is refitted on the background texts,
   and each fold is matched in full.
2. **A learned ranker.** A multinomial logistic regression over 44 categories and "none". Its features are the
   text's static vector, the lexicon's category scores (log1p of 5×score) and the semantic z-scores. The top-3
   districts follow its ranked categories; "none" first means no parks. Printed beside it: the matcher's own
   outcome on the same rows, crossed with the ranker's.
3. **A chain-or-not veto.** A logistic regression on the static vector, P(in the chain). Below a line, a profile
   would get no parks. Printed: out-of-chain rows it would stop from getting a direct park, against chain rows
   answered right in the top 3 that it would silence.

data/eval/README.md ("Learned from the dev half") has the figures and what was decided.
"""

from __future__ import annotations

import collections
import hashlib
import sys
from pathlib import Path

import numpy as np

from chainkg.graph.build import build_graph
from chainkg.loaders.lexicon import shipped_lexicon
from chainkg.loaders.semantic import shipped_model
from chainkg.queries.evaluate import LabelledProfile, evaluate_matcher, read_corpus
from chainkg.queries.match import MatchResult, explain_routes, match_profile

FOLDS = 5
BACKGROUND = Path(__file__).resolve().parents[1] / "semantic" / "data" / "background.txt"


def fold_of(case: LabelledProfile, company: dict[str, str]) -> int:
    """The fold of a row: by its company's name, so that rows about one company share a fold."""
    name = company[case.id].split("（")[0].split("(")[0].strip().lower()
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % FOLDS


def text_vectors(texts: list[str]) -> np.ndarray:
    """Unit static vectors of the texts (the semantic tier's sum of token rows)."""
    m = shipped_model()
    out = np.zeros((len(texts), m.rows.shape[1]))
    for i, ids in enumerate(m.tokens_many(texts)):
        if ids:
            s = m.rows[ids].sum(axis=0)
            out[i] = s / (np.linalg.norm(s) or 1.0)
    return out


def districts_of(result: MatchResult) -> list[str]:
    """The districts of a match, in the order of their first park (as ``evaluate_matcher`` ranks them)."""
    return list(dict.fromkeys(x.district for x in result.results))


def outcome(case: LabelledProfile, districts: list[str]) -> str:
    """What a ranked list of districts means for a row: ok, none (no parks), miss; for out-of-chain rows ok or given."""
    if case.kind == "none":
        return "ok" if not districts else "given"
    rank = next((i for i, d in enumerate(districts, 1) if d in case.districts), None)
    return "ok" if rank is not None and rank <= 3 else "none" if not districts else "miss"


def prototypes(G, dev: list[LabelledProfile], X: np.ndarray, folds: np.ndarray) -> None:
    m = shipped_model()
    keys = {k: i for i, k in enumerate(m.keys)}
    saved = m.cats, m.mu, m.sd
    bg = text_vectors([t.strip() for t in BACKGROUND.read_text(encoding="utf-8").splitlines() if t.strip()])
    print("1. category prototypes (semantic tier's category vectors + alpha × the mean of the dev rows labelled with it)")
    try:
        for alpha in (0.0, 0.5, 1.0, 2.0):
            n = h1 = h3 = ooc = 0
            for f in range(FOLDS):
                P = np.zeros(saved[0].shape)
                for i in np.flatnonzero(folds != f):
                    cats = [keys[c] for c in dev[i].categories if c in keys] if dev[i].kind != "none" else []
                    for c in cats:
                        P[c] += X[i] / len(cats)
                norms = np.linalg.norm(P, axis=1, keepdims=True)
                Q = saved[0] + alpha * np.where(norms > 0, P / np.maximum(norms, 1e-12), 0.0)
                Q /= np.linalg.norm(Q, axis=1, keepdims=True)
                cos = bg @ Q.T
                m.cats, m.mu, m.sd = (Q.astype(np.float32), cos.mean(axis=0).astype(np.float32),
                                      cos.std(axis=0).astype(np.float32))
                if alpha == 0.0:  # as shipped
                    m.cats, m.mu, m.sd = saved
                r = evaluate_matcher(G, [dev[i] for i in np.flatnonzero(folds == f)])
                n += r.cases
                h1 += round(r.top1 * r.cases)
                h3 += round(r.top3 * r.cases)
                ooc += r.out_of_chain_direct
            print(f"   alpha {alpha:3}: top-1 {h1 / n:.3f}, top-3 {h3 / n:.3f}, out-of-chain direct {ooc}")
    finally:
        m.cats, m.mu, m.sd = saved


def softmax_fit(X: np.ndarray, y: np.ndarray, classes: int, lam: float = 1e-5, steps: int = 1500,
                rate: float = 1.0) -> np.ndarray:
    W = np.zeros((X.shape[1], classes))
    Y = np.eye(classes)[y]
    for _ in range(steps):
        Z = X @ W
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        W -= rate * (X.T @ (P - Y) / len(X) + lam * W)
    return W


def ranker(G, dev: list[LabelledProfile], matched: list[MatchResult], X: np.ndarray, folds: np.ndarray) -> None:
    lex, m = shipped_lexicon(), shipped_model()
    keys = list(lex.keys)
    none = len(keys)
    routes = {k: [x["district"] for x in explain_routes(G, k)] for k in keys}
    at = {k: i for i, k in enumerate(keys)}
    sem_at = [at[k] for k in m.keys]
    F = []
    for case, x in zip(dev, X):
        lexical = np.zeros(len(keys))
        for c, s in lex.scan(case.text).scores.items():
            lexical[c] = s
        z = np.zeros(len(keys))
        if x.any():
            z[sem_at] = (x @ m.cats.T - m.mu) / m.sd
        F.append(np.concatenate([x, np.log1p(5 * lexical), z / 5, [float(lexical.any()), 1.0]]))
    F = np.asarray(F)
    y = np.array([none if c.kind == "none" else at[c.categories[0]] for c in dev])
    P = np.zeros((len(dev), none + 1))
    for f in range(FOLDS):
        W = softmax_fit(F[folds != f], y[folds != f], none + 1)
        Z = F[folds == f] @ W
        P[folds == f] = np.exp(Z - Z.max(axis=1, keepdims=True))
    learned = []
    for case, p in zip(dev, P):
        districts: list[str] = []
        for j in np.argsort(-p):
            if j == none or len(districts) >= 3:
                break
            districts += [d for d in routes[keys[j]] if d not in districts]
        learned.append(outcome(case, districts))
    matcher = [outcome(case, districts_of(r)) for case, r in zip(dev, matched)]
    n = len(dev)
    for name, res in (("learned ranker", learned), ("matcher as shipped", matcher)):
        print(f"   {name:20} top-3 {sum(r == 'ok' for r in res) / n:.3f}, out-of-chain given parks "
              f"{sum(r == 'given' for r in res)}")
    print("   (matcher, ranker) outcomes:", dict(collections.Counter(zip(matcher, learned)).most_common()))


def logistic_cv(F: np.ndarray, y: np.ndarray, folds: np.ndarray, l2: float = 0.3) -> np.ndarray:
    """Out-of-fold scores (log-odds of ``y``) of an L2 logistic regression on the rows of ``F``, by Newton steps; the
    bias is not penalised."""
    Fb = np.hstack([F, np.ones((len(F), 1))])
    s = np.zeros(len(F))
    for f in np.unique(folds):
        tr = folds != f
        w = np.zeros(Fb.shape[1])
        for _ in range(25):
            p = 1 / (1 + np.exp(-Fb[tr] @ w))
            g = Fb[tr].T @ (p - y[tr]) + l2 * np.r_[w[:-1], 0]
            H = (Fb[tr] * (p * (1 - p))[:, None]).T @ Fb[tr] + l2 * np.eye(len(w))
            w -= np.linalg.solve(H, g)
        s[~tr] = Fb[~tr] @ w
    return s


def auc(s: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve of scores ``s`` for the boolean labels ``y`` (by ranks)."""
    ranks = np.empty(len(s))
    ranks[np.argsort(s)] = np.arange(1, len(s) + 1)
    return float((ranks[y].sum() - y.sum() * (y.sum() + 1) / 2) / (y.sum() * (~y).sum()))


def veto(dev: list[LabelledProfile], matched: list[MatchResult], X: np.ndarray, folds: np.ndarray) -> None:
    y = np.array([c.kind != "none" for c in dev])
    s = logistic_cv(X, y, folds)
    print(f"3. chain-or-not veto: AUC {auc(s, y):.3f} (chain against out-of-chain rows)")
    direct = np.array([c.kind == "none" and any(x.kind == "direct" for x in r.results) for c, r in zip(dev, matched)])
    ok = np.array([c.kind != "none" and outcome(c, districts_of(r)) == "ok" for c, r in zip(dev, matched)])
    for line in (-1.5, -1.0, -0.5, 0.0):
        below = s < line
        print(f"   below {line:5}: out-of-chain direct stopped {int((below & direct).sum())} of {int(direct.sum())}, "
              f"chain rows right in the top 3 silenced {int((below & ok).sum())}")


def main() -> int:
    import csv

    from chainkg.queries.evaluate import corpus_path

    G = build_graph()
    dev = read_corpus(G, "dev")
    with corpus_path().open(encoding="utf-8") as fp:
        company = {r["id"]: r["company"] for r in csv.DictReader(fp)}
    folds = np.array([fold_of(c, company) for c in dev])
    X = text_vectors([c.text for c in dev])
    print(f"dev half: {len(dev)} rows in {FOLDS} folds by company")
    prototypes(G, dev, X, folds)
    print("2. learned ranker (multinomial logistic regression; features: static vector, lexicon scores, semantic z)")
    matched = [match_profile(G, c.text, top=40) for c in dev]  # the matcher as shipped, once
    ranker(G, dev, matched, X, folds)
    veto(dev, matched, X, folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
