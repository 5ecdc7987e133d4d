"""Choose the number of topics: scan k by coherence, stability, and how little themes copy documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from vnqual.errors import ModelError

#: Default scan range (bounded by corpus size, see :func:`default_k_range`).
K_MIN, K_MAX = 3, 12
#: Statements per topic below which a k is not scanned.
MIN_STATEMENTS_PER_TOPIC = 10
#: Weight of ``doc_nmi`` (themes vs documents) in the score. Coherence and stability are min-max
#: scaled over the scan, which stretches small differences to the full 0-1 range, while
#: ``doc_nmi`` is absolute; counting it double lets "these themes are the documents" outweigh them.
DOC_NMI_WEIGHT = 2.0
#: The scoring rule in words (report, README).
SCORE_TEXT = (
    "3 seeds per k (seed, +1, +2); score = (NPMI coherence + top-term stability, each min-max "
    f"scaled over the scan) / 2 - {DOC_NMI_WEIGHT:g} x doc_nmi (NMI between themes and documents); "
    "the highest score is chosen"
)
#: How the scan range is described in --help, the README and the printed output.
K_RANGE_TEXT = f"k = {K_MIN}..{K_MAX} (at most one theme per {MIN_STATEMENTS_PER_TOPIC} statements)"


def default_k_range(n_statements: int, n_seeded: int = 0) -> list[int]:
    """``3..12``, capped so every topic can hold ~10 statements, and >= the seeded themes."""
    hi = min(K_MAX, n_statements // MIN_STATEMENTS_PER_TOPIC)
    lo = max(K_MIN, n_seeded, 2)
    if hi < lo:
        lo = hi = max(2, n_seeded, hi)
    return list(range(lo, hi + 1))


def jaccard_stability(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]) -> float:
    """Mean Jaccard similarity of top-term sets after matching topics one-to-one (Hungarian)."""
    from scipy.optimize import linear_sum_assignment

    if not a or not b:
        return 0.0
    sim = np.array([[len(set(x) & set(y)) / max(len(set(x) | set(y)), 1) for y in b] for x in a])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].sum() / max(len(a), len(b)))


def scan_k(
    X: Sequence[Sequence[str]],
    k_values: Sequence[int] | None = None,
    *,
    n_seeds: int = 3,
    random_state: int | None = 0,
    progress: bool = False,
    statement_ids: Sequence[str] | None = None,
    texts: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    jobs: int | None = None,
    **model_params: Any,
) -> tuple[pd.DataFrame, Any]:
    """Fit a :class:`TopicModel` for each k and pick the best by coherence, stability and
    how much the themes cut across documents.

    For each k, ``n_seeds`` models (``random_state``, +1, +2) are fitted. ``npmi`` is the mean
    NPMI coherence of the first model's topics; ``stability`` the mean matched Jaccard
    similarity of top terms between seeds (1 = same topics whatever the seed); ``doc_nmi`` the
    normalised mutual information between the statements' themes and their documents
    (``doc_ids``; 1 = every theme is one document, 0 = themes cut across documents). ``npmi``
    and ``stability`` are min-max scaled over the scanned ks, ``doc_nmi`` is taken as it is
    (it is on a 0-1 scale already, and a small difference between ks should not decide), and
    ``score = (npmi + stability) / 2 - doc_nmi``; the highest score wins (ties: the smaller k).
    Without ``doc_ids`` (or with one document) ``doc_nmi`` is 0 for every k. The k x seed fits
    run on ``jobs`` worker processes (default: the free cores, one process for small scans);
    the result does not depend on it.

    Returns
    -------
    scan : pandas.DataFrame
        Columns ``k, n_topics, npmi, stability, doc_nmi, score, chosen``.
    model : TopicModel
        The fitted model (first seed) of the chosen k.
    """
    from vnqual._progress import progress as progress_bar
    from vnqual.topics._parallel import fit_scan
    from vnqual.topics._vocab import check_token_lists

    docs = check_token_lists(X)
    n_content = sum(1 for d in docs if d)
    seeded = len(model_params.get("seed_words") or {})
    ks = list(k_values) if k_values is not None else default_k_range(n_content, seeded)
    if not ks:
        raise ModelError("no k to scan; give at least one value")
    base = 0 if random_state is None else int(random_state)
    rows, models = [], {}
    # every k x seed fit is independent: on several cores when the scan is large (same results)
    fits = fit_scan(
        ks,
        [base + s for s in range(max(1, n_seeds))],
        docs,
        statement_ids=statement_ids,
        texts=texts,
        params=model_params,
        jobs=jobs,
    )
    for k, first, terms in progress_bar(fits, total=len(ks), desc="scanning k", enabled=progress):
        npmi = float(np.mean(first.topic_info()["coherence"]))
        pairs = [(i, j) for i in range(len(terms)) for j in range(i + 1, len(terms))]
        stab = float(np.mean([jaccard_stability(terms[i], terms[j]) for i, j in pairs])) if pairs else 1.0
        doc_nmi = document_nmi(first.document_topics()["topic"].to_numpy(), doc_ids)
        rows.append(
            {"k": k, "n_topics": first.n_topics_, "npmi": npmi, "stability": stab, "doc_nmi": doc_nmi}
        )
        models[k] = first
    scan = pd.DataFrame(rows)
    scan["score"] = (
        0.5 * _minmax(scan["npmi"]) + 0.5 * _minmax(scan["stability"]) - DOC_NMI_WEIGHT * scan["doc_nmi"]
    )
    best = int(scan["score"].round(9).idxmax())  # first max = smallest k among ties
    scan["chosen"] = scan.index == best
    cols = ["npmi", "stability", "doc_nmi", "score"]
    scan[cols] = scan[cols].round(4)
    return scan, models[int(scan.loc[best, "k"])]


def scan_note(scan: pd.DataFrame) -> str:
    """One line on the chosen k: ``k=6 chosen by scanning k=3..12 (...); themes vs documents NMI 0.05``."""
    best = scan[scan["chosen"]].iloc[0]
    return (
        f"k={int(best['n_topics'])} chosen by scanning k={int(scan['k'].min())}..{int(scan['k'].max())} "
        f"on coherence, stability and overlap with documents: themes vs documents NMI "
        f"{best['doc_nmi']:.2f}, 0 = themes cut across documents, 1 = they copy them"
    )


def document_nmi(topics: Sequence[int] | np.ndarray, doc_ids: Sequence[str] | None) -> float:
    """NMI between the statements' themes and their documents (statements with a theme only).

    1: each theme is exactly one document's statements; 0: themes are independent of documents.
    """
    from sklearn.metrics import normalized_mutual_info_score

    if doc_ids is None:
        return 0.0
    themes = np.asarray(topics, dtype=np.int64)
    docs = np.asarray([str(d) for d in doc_ids])
    if len(docs) != len(themes):
        raise ModelError(f"{len(docs)} doc_ids for {len(themes)} statements")
    keep = themes >= 0
    if int(keep.sum()) < 2 or len(set(docs[keep])) < 2:
        return 0.0
    return float(normalized_mutual_info_score(docs[keep], themes[keep]))


def _minmax(values: pd.Series) -> pd.Series:
    lo, hi = values.min(), values.max()
    if not np.isfinite(lo) or hi - lo < 1e-12:
        return pd.Series(0.5, index=values.index)
    return (values - lo) / (hi - lo)
