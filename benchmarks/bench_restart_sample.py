"""Restarts on a sample (``RESTART_SAMPLE_ROWS``) vs restarts on every statement: topic quality.

UIT-VSFC ``dev.csv`` (13k labelled sentences, 4 human themes), k=4, seeds 0-4, tokens as
``vnqual topics`` makes them (``pos="content"``). The sample threshold is lowered to 6,000 and
3,000 so that the sampled path runs on this data; NMI against the human themes and the fit's
log-likelihood are reported (mean over seeds).

Usage::

    python benchmarks/bench_restart_sample.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score

import vnqual.topics._dmm as dmm
from vnqual.text import tokenize
from vnqual.topics import TopicModel

DATA = Path("/work/shared/data/uit-vsfc/dev.csv")


def main() -> None:
    frame = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    tokens = tokenize(frame["text"].tolist(), pos="content")
    for rows in (10**9, 6000, 3000):
        dmm.RESTART_SAMPLE_ROWS = rows
        scores, lls = [], []
        for seed in range(5):
            model = TopicModel(4, random_state=seed).fit(tokens)
            found = model.document_topics()["topic"].to_numpy()
            scores.append(normalized_mutual_info_score(frame["topic"], found))
            lls.append(model.backend_.log_likelihood_)
        label = "every statement" if rows > len(frame) else f"sample of {rows}"
        print(f"restarts on {label}: NMI {np.mean(scores):.3f} ± {np.std(scores):.3f}, ll {np.mean(lls):.1f}")


if __name__ == "__main__":
    main()
