"""Measured quality of codebook tagging on UIT-VSFC (macro-F1 of the top code per statement).

Usage (from the repository root; results are recorded in benchmarks/codebook.md)::

    /work/.venv/bin/python benchmarks/bench_codebook.py
    /work/.venv/bin/python benchmarks/bench_codebook.py --seeds 3 --sizes 10,50,200

Data: /work/shared/data/uit-vsfc/dev.csv (read-only). Rows with ``split == "train"`` are the
statements to learn from, rows with ``split == "dev"`` are scored against the human ``topic``.
The codebook is benchmarks/codebook_uit_vsfc.yaml (8 keywords per theme, written from domain
knowledge before any error analysis). Every dev statement gets exactly one code
(:meth:`CodebookTagger.top_codes`).

Settings compared in one run:
  keywords     plain keyword matching (most matches wins; no match -> the code keywords matched
               most often in the train rows)
  tfidf+lr     TfidfVectorizer() + LogisticRegression(), sklearn defaults, on the raw text
               (syllables), trained on the same hand-coded rows
  tagger       CodebookTagger: keywords + examples as weak labels (+ hand-coded rows)
for (a) the codebook alone, (b) n hand-coded rows per theme (random, fixed seeds), (c) all rows.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnqual.codebook import Codebook, CodebookTagger  # noqa: E402
from vnqual.errors import VnqualWarning  # noqa: E402
from vnqual.text.tokenize import segment  # noqa: E402

DATA = Path("/work/shared/data/uit-vsfc/dev.csv")
CODEBOOK = ROOT / "benchmarks" / "codebook_uit_vsfc.yaml"


def macro_f1(y_true, y_pred) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, average="macro"))


def tfidf_lr(train_texts, train_y, test_texts) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer()
    model = LogisticRegression().fit(vec.fit_transform(train_texts), train_y)
    return model.predict(vec.transform(test_texts))


def calibration(P: np.ndarray, Y: np.ndarray, bins: int = 10) -> tuple[float, float]:
    """Brier score and expected calibration error of per-code probabilities."""
    p, t = P.ravel(), Y.ravel()
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges) - 1, 0, bins - 1)
    ece = sum(
        abs(p[idx == b].mean() - t[idx == b].mean()) * (idx == b).mean()
        for b in range(bins)
        if (idx == b).any()
    )
    return float(np.mean((p - t) ** 2)), float(ece)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--sizes", default="10,50,200")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    warnings.simplefilter("ignore", VnqualWarning)

    data = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    train, dev = data[data.split == "train"], data[data.split == "dev"]
    codebook = Codebook.load(CODEBOOK)
    t0 = time.perf_counter()
    docs = segment(data.text.tolist(), progress=False)
    print(f"segmented {len(docs)} statements in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    tr_docs = [docs[i] for i in np.flatnonzero(data.split == "train")]
    dv_docs = [docs[i] for i in np.flatnonzero(data.split == "dev")]
    y_dev = dev.topic.to_numpy()
    rows = []

    def run(setting: str, method: str, y=None, **params) -> float:
        t = time.perf_counter()
        tagger = CodebookTagger(codebook, use_model=method != "keywords", random_state=0, **params)
        tagger.fit(tr_docs, y)
        pred = tagger.top_codes(dv_docs)
        score = macro_f1(y_dev, pred)
        rows.append(
            {"setting": setting, "method": method, "macro_f1": score, "seconds": time.perf_counter() - t}
        )
        print(f"{setting:>18} {method:>9} {score:.4f}", file=sys.stderr, flush=True)
        return score

    run("(a) codebook only", "keywords")
    run("(a) codebook only", "tagger")
    rng_rows = np.arange(len(train))
    for n in sizes:
        for seed in range(args.seeds):
            rng = np.random.RandomState(seed)
            pick = np.concatenate(
                [
                    rng.choice(rng_rows[train.topic.to_numpy() == code], n, replace=False)
                    for code in codebook.names
                ]
            )
            y = [None] * len(train)
            for i in pick:
                y[i] = [train.topic.iloc[i]]
            setting = f"(b) {n} per theme"
            run(setting, "tagger", y)
            t = time.perf_counter()
            pred = tfidf_lr(train.text.iloc[pick], train.topic.iloc[pick], dev.text)
            rows.append(
                {
                    "setting": setting,
                    "method": "tfidf+lr",
                    "macro_f1": macro_f1(y_dev, pred),
                    "seconds": time.perf_counter() - t,
                }
            )
    run("(c) all train rows", "tagger", [[t] for t in train.topic])
    t = time.perf_counter()
    pred = tfidf_lr(train.text, train.topic, dev.text)
    rows.append(
        {
            "setting": "(c) all train rows",
            "method": "tfidf+lr",
            "macro_f1": macro_f1(y_dev, pred),
            "seconds": time.perf_counter() - t,
        }
    )

    # Calibration of the per-code scores of the fully trained tagger.
    tagger = CodebookTagger(codebook, random_state=0).fit(tr_docs, [[t] for t in train.topic])
    P = tagger.predict_proba(dv_docs)
    Y = (y_dev[:, None] == np.array(codebook.names)[None, :]).astype(float)
    brier, ece = calibration(P, Y)

    table = (
        pd.DataFrame(rows)
        .groupby(["setting", "method"], sort=False)
        .agg(
            macro_f1=("macro_f1", "mean"),
            sd=("macro_f1", "std"),
            runs=("macro_f1", "size"),
            seconds=("seconds", "mean"),
        )
        .reset_index()
    )
    print("| setting | method | macro-F1 | sd | runs | seconds |")
    print("|---|---|---:|---:|---:|---:|")
    for r in table.itertuples(index=False):
        sd = "" if r.runs < 2 else f"{r.sd:.3f}"
        print(f"| {r.setting} | {r.method} | {r.macro_f1:.3f} | {sd} | {r.runs} | {r.seconds:.1f} |")
    print(f"\n(c) per-code probabilities on dev: Brier {brier:.4f}, ECE {ece:.4f}")


if __name__ == "__main__":
    main()
