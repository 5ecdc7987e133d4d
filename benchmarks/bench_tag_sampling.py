"""What fitting on a sample costs in quality: ``vnqual tag`` above ``MAX_FIT_ROWS`` statements.

Above ``MAX_FIT_ROWS`` statements the tagger fits its models on a stratified sample (every
hand-coded row and example kept, weak keyword labels sampled per stratum with
Horvitz-Thompson weights) and scores every statement. This measures what that sample costs,
codebook only (no hand-coding): the corpus is every UIT-VSFC ``train`` and ``dev`` statement
of ``../shared/data/uit-vsfc/dev.csv`` (about 13,000), tagged with
``benchmarks/codebook_uit_vsfc.yaml``; the top code (rank 1 of ``codes.csv``) of each ``dev``
statement is scored against its human topic (macro-F1), for several caps in one run. A cap
above the corpus size is the unsampled fit.

Calibration: every (dev statement, code) score (``min_score`` 0, so all are written) against
whether the code is the statement's topic: Brier score and expected calibration error (ECE,
10 equal-width bins, weighted by the bin's share of pairs).

Usage::

    python benchmarks/bench_tag_sampling.py --caps 100000 10000 5000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import DATA, REPO  # noqa: E402

CODEBOOK = REPO / "benchmarks" / "codebook_uit_vsfc.yaml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--caps", type=int, nargs="+", default=[100_000, 10_000, 5_000])
    args = ap.parse_args()
    import vnqual
    from vnqual.codebook import Codebook, _tagger
    from vnqual.jobs.tag import tag_corpus

    data = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "vsfc.csv"
        pd.DataFrame({"id": data["id"], "text": data["text"]}).to_csv(rows, index=False)
        corpus = vnqual.read_corpus(rows)
    dev_ids = set(data.loc[data.split == "dev", "id"])
    truth = dict(zip(data["id"], data["topic"]))
    codebook = Codebook.load(CODEBOOK)
    print(f"{len(corpus)} statements, {len(dev_ids)} scored (dev)")
    print("| MAX_FIT_ROWS | rows fitted on | dev macro-F1 (top code) | Brier | ECE | seconds |")
    print("|---|---|---|---|---|---|")
    for cap in args.caps:
        _tagger.MAX_FIT_ROWS = cap
        t0 = time.perf_counter()
        result = tag_corpus(corpus, codebook, random_state=0, min_score=0.0, cache=False)
        seconds = time.perf_counter() - t0
        codes = result.codes
        top = codes[codes["rank"] == 1]  # the input's `id` column is carried into codes.csv
        top = top[top["id"].isin(dev_ids)]
        pred = dict(zip(top["id"], top["code"]))
        ids = sorted(dev_ids)
        f1 = f1_score([truth[i] for i in ids], [pred.get(i, "") for i in ids], average="macro")
        dev = codes[codes["id"].isin(dev_ids)]
        p = dev["score"].astype(float).to_numpy()
        y = (dev["code"].to_numpy() == dev["id"].map(truth).to_numpy()).astype(float)
        brier = float(np.mean((p - y) ** 2))
        bins = np.minimum((p * 10).astype(int), 9)
        ece = sum(
            abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).mean()
            for b in range(10)
            if (bins == b).any()
        )
        fitted = min(cap, len(corpus)) if cap >= len(corpus) else f"sample (cap {cap:,})"
        print(f"| {cap:,} | {fitted} | {f1:.3f} | {brier:.4f} | {ece:.4f} | {seconds:.0f} |", flush=True)


if __name__ == "__main__":
    main()
