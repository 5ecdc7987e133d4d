"""Measured quality of codebook tagging, scored from the ``codes.csv`` that ``vnqual tag`` writes.

Usage (from the repository root; results are recorded in benchmarks/codebook.md)::

    /work/main/.venv/bin/python benchmarks/bench_codebook.py
    /work/main/.venv/bin/python benchmarks/bench_codebook.py --seeds 3 --data vsfc

Every tagger figure comes from the CLI's own output: the statements are read with the CLI's
reader (:func:`vnqual.cli._common.load_input`, as ``vnqual tag FILE.csv``), tagged by
:func:`vnqual.jobs.tag.run_tag` (the job ``vnqual tag`` runs) with ``--min-score 0`` so every
(statement, code) row is written, hand-coded rows passed as a ``--train`` CSV of
``statement_id, code``, and the written ``codes.csv`` read back with :func:`read_codes`. The
corpus holds train and dev statements together (a user tags all their statements); only train
statements are hand-coded; dev statements are scored.

- single-label, UIT-VSFC (/work/shared/data/uit-vsfc/dev.csv): the ``rank == 1`` code of each
  dev statement against the human ``topic``, macro-F1.
- multi-label, UIT-ViSFD (/work/shared/data/uit-visfd/traindev.csv): the set of codes with
  ``applies`` of each dev statement against the human ``aspects``, micro- and macro-F1.

Settings: (a) the codebook alone, (b) n hand-coded statements per code (random, fixed seeds),
(c) all train statements hand-coded. Baselines in the same run, on the raw text: keyword
matching (``vnqual tag --keywords-only``, also from its codes.csv), TF-IDF + LogisticRegression
(sklearn defaults) and a TF-IDF word + character n-gram LinearSVC, trained on the same
hand-coded rows (one-vs-rest for the multi-label data).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnqual.cli._common import load_input  # noqa: E402
from vnqual.codebook import Codebook, read_codes  # noqa: E402
from vnqual.errors import VnqualWarning  # noqa: E402
from vnqual.jobs.tag import run_tag  # noqa: E402

VSFC = Path("/work/shared/data/uit-vsfc/dev.csv")
VISFD = Path("/work/shared/data/uit-visfd/traindev.csv")
CODEBOOKS = {
    "vsfc": ROOT / "benchmarks" / "codebook_uit_vsfc.yaml",
    "visfd": ROOT / "benchmarks" / "codebook_uit_visfd.yaml",
}


def load(name: str) -> tuple[pd.DataFrame, list[list[str]]]:
    """Rows (id, split, text) and the human codes of each row."""
    if name == "vsfc":
        data = pd.read_csv(VSFC, dtype=str, keep_default_na=False)
        return data, [[t] for t in data.topic]
    data = pd.read_csv(VISFD, dtype=str, keep_default_na=False)
    return data, [[a for a in s.split(";") if a] for s in data.aspects]


# ------------------------------------------------------------------------- the CLI's codes.csv
def tag_with_cli(
    work: Path, codebook: Path, train_rows: dict[str, list[str]] | None, *, keywords_only: bool = False
) -> tuple[pd.DataFrame, float]:
    """Run the ``vnqual tag`` job on ``work/input.csv``; codes.csv read back, and seconds."""
    import click

    corpus = _CORPUS.get(work)
    if corpus is None:
        with click.Context(click.Command("tag"), obj={"quiet": True}):
            corpus = load_input(work / "input.csv")
        _CORPUS[work] = corpus
    train = None
    if train_rows:
        sid = dict(zip(corpus.frame["id"], corpus.frame["statement_id"]))
        train = work / "train.csv"
        pd.DataFrame(
            {"statement_id": [sid[i] for i in train_rows], "code": [";".join(c) for c in train_rows.values()]}
        ).to_csv(train, index=False)
    out = work / "tag"
    t = time.perf_counter()
    run_tag(
        corpus, codebook, out=out, train=train, min_score=0.0, use_model=not keywords_only, random_state=0
    )
    seconds = time.perf_counter() - t
    return read_codes(out), seconds


_CORPUS: dict[Path, object] = {}


def top_code(codes: pd.DataFrame, ids: list[str]) -> list[str]:
    first = codes[codes["rank"] == 1].drop_duplicates("id").set_index("id")["code"]
    return [first.get(i, "") for i in ids]


def applied(codes: pd.DataFrame, ids: list[str]) -> list[list[str]]:
    rows = codes[codes["applies"]].groupby("id")["code"].apply(list)
    return [rows.get(i, []) for i in ids]


# --------------------------------------------------------------------------------- baselines
def baseline(kind: str, texts: list[str], labels: list[list[str]], test: list[str], multi: bool):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import MultiLabelBinarizer
    from sklearn.svm import LinearSVC

    if kind == "tfidf+lr":
        vec, model = TfidfVectorizer(), LogisticRegression()
    else:
        vec = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        )
        model = LinearSVC(C=0.5)
    if not multi:
        pipe = make_pipeline(vec, model).fit(texts, [lab[0] for lab in labels])
        return list(pipe.predict(test))
    mlb = MultiLabelBinarizer()
    Y = mlb.fit_transform(labels)
    pipe = make_pipeline(vec, OneVsRestClassifier(model)).fit(texts, Y)
    return [list(mlb.classes_[row.astype(bool)]) for row in pipe.predict(test)]


# ---------------------------------------------------------------------------------- scoring
def score(truth: list[list[str]], pred, names: list[str], multi: bool) -> dict[str, float]:
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    if not multi:
        return {"macro_f1": float(f1_score([t[0] for t in truth], pred, average="macro"))}
    mlb = MultiLabelBinarizer(classes=names).fit([names])
    T, P = mlb.transform(truth), mlb.transform(pred)
    return {
        "macro_f1": float(f1_score(T, P, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(T, P, average="micro", zero_division=0)),
    }


def pick(labels: list[list[str]], train_idx: np.ndarray, names: list[str], n: int, seed: int) -> np.ndarray:
    """``n`` train rows per code (rows carrying the code; a row counts once)."""
    rng = np.random.RandomState(seed)
    chosen: list[int] = []
    for code in names:
        pool = [i for i in train_idx if code in labels[i] and i not in set(chosen)]
        chosen += list(rng.choice(pool, min(n, len(pool)), replace=False))
    return np.array(sorted(set(chosen)))


def bench(name: str, sizes: list[int], seeds: int, work: Path, parts: str = "abc") -> list[dict]:
    multi = name == "visfd"
    data, labels = load(name)
    codebook = CODEBOOKS[name]
    names = Codebook.load(codebook).names
    data[["id", "text"]].to_csv(work / "input.csv", index=False)
    train_idx = np.flatnonzero(data.split == "train")
    dev_idx = np.flatnonzero(data.split == "dev")
    dev_ids = data.id.iloc[dev_idx].tolist()
    truth = [labels[i] for i in dev_idx]
    dev_text = data.text.iloc[dev_idx].tolist()
    rows: list[dict] = []

    def record(setting: str, method: str, pred, seconds: float) -> None:
        result = score(truth, pred, names, multi)
        rows.append(
            {
                "data": name,
                "setting": setting,
                "method": method,
                "micro_f1": np.nan,
                **result,
                "seconds": seconds,
            }
        )
        figures = " ".join(f"{k} {v:.4f}" for k, v in result.items())
        print(f"{name} {setting:>20} {method:>12} {figures} ({seconds:.0f} s)", file=sys.stderr, flush=True)

    def tagger(setting: str, train_rows: dict[str, list[str]] | None, keywords_only: bool = False) -> None:
        codes, seconds = tag_with_cli(work, codebook, train_rows, keywords_only=keywords_only)
        pred = applied(codes, dev_ids) if multi else top_code(codes, dev_ids)
        record(setting, "keywords" if keywords_only else "tagger", pred, seconds)

    if "a" in parts:
        tagger("(a) codebook only", None, keywords_only=True)
        tagger("(a) codebook only", None)
    settings = [(f"(b) {n} per code", n, seed) for n in sizes for seed in range(seeds) if "b" in parts]
    settings += [("(c) all train rows", 0, 0)] if "c" in parts else []
    for setting, n, seed in settings:
        chosen = pick(labels, train_idx, names, n, seed) if n else train_idx
        train_rows = {data.id.iloc[i]: labels[i] for i in chosen}
        tagger(setting, train_rows)
        texts = data.text.iloc[chosen].tolist()
        for kind in ("tfidf+lr", "tfidf-w+c svm"):
            t = time.perf_counter()
            pred = baseline(kind, texts, [labels[i] for i in chosen], dev_text, multi)
            record(setting, kind, pred, time.perf_counter() - t)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="vsfc,visfd", help="vsfc, visfd or both (comma-separated)")
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--sizes-vsfc", default="10,50,200")
    parser.add_argument("--sizes-visfd", default="50")
    parser.add_argument("--parts", default="abc", help="settings to run: a, b and/or c")
    args = parser.parse_args()
    warnings.simplefilter("ignore", VnqualWarning)
    rows: list[dict] = []
    for name in [d for d in args.data.split(",") if d]:
        sizes = [int(s) for s in getattr(args, f"sizes_{name}").split(",") if s]
        with tempfile.TemporaryDirectory() as tmp:
            rows += bench(name, sizes, args.seeds, Path(tmp), args.parts)
    table = (
        pd.DataFrame(rows)
        .groupby(["data", "setting", "method"], sort=False)
        .agg(
            macro_f1=("macro_f1", "mean"),
            sd=("macro_f1", "std"),
            micro_f1=("micro_f1", "mean"),
            runs=("macro_f1", "size"),
            seconds=("seconds", "mean"),
        )
        .reset_index()
    )
    print("| data | setting | method | macro-F1 | sd | micro-F1 | runs | seconds |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for r in table.itertuples(index=False):
        sd = "" if r.runs < 2 else f"{r.sd:.3f}"
        micro = "" if r.data == "vsfc" else f"{r.micro_f1:.3f}"
        cells = [r.data, r.setting, r.method, f"{r.macro_f1:.3f}", sd, micro, r.runs, f"{r.seconds:.0f}"]
        print("| " + " | ".join(map(str, cells)) + " |")


if __name__ == "__main__":
    main()
