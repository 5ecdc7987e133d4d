"""Vocabulary and document-term counts built from analysis tokens (one row per statement)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from vnqual.errors import EmptyVocabularyError


def build_vocabulary(
    docs: Sequence[Sequence[str]], *, min_df: int, max_df: float, max_terms: int | None = None
) -> list[str]:
    """Terms kept for modelling, sorted alphabetically (deterministic column order).

    A term is kept if it occurs in at least ``min_df`` statements and in at most a ``max_df``
    share of them; ``max_terms`` keeps only the most frequent ones (ties broken by spelling).
    """
    n = len(docs)
    df = Counter(t for doc in docs for t in set(doc))
    limit = max_df * n if max_df < 1.0 else n
    keep = [(c, t) for t, c in df.items() if c >= min_df and c <= limit]
    if max_terms is not None and len(keep) > max_terms:
        keep = sorted(keep, key=lambda ct: (-ct[0], ct[1]))[:max_terms]
    if not keep:
        raise EmptyVocabularyError(
            f"no terms left after filtering (min_df={min_df}, max_df={max_df}, {n} statements, "
            f"{len(df)} distinct terms); lower min_df, raise max_df or add statements"
        )
    return sorted(t for _, t in keep)


def count_matrix(docs: Sequence[Sequence[str]], vocabulary: Sequence[str]) -> sp.csr_matrix:
    """Sparse ``(n_docs, n_terms)`` count matrix; tokens outside ``vocabulary`` are ignored."""
    index = {t: i for i, t in enumerate(vocabulary)}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    for doc in docs:
        counts = Counter(index[t] for t in doc if t in index)
        for j in sorted(counts):
            indices.append(j)
            data.append(counts[j])
        indptr.append(len(indices))
    return sp.csr_matrix(
        (
            np.asarray(data, dtype=np.float64),
            np.asarray(indices, dtype=np.int64),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(docs), len(vocabulary)),
    )


def unique_rows(docs: Sequence[Sequence[str]]) -> tuple[list[tuple[str, ...]], np.ndarray, np.ndarray]:
    """Deduplicate token lists (as multisets): ``(unique, inverse, counts)``.

    Identical statements ("Đồng ý.") get identical topic weights, so models are fitted once per
    distinct bag of words, weighted by how often it occurs.
    """
    seen: dict[tuple[str, ...], int] = {}
    inverse = np.empty(len(docs), dtype=np.int64)
    for i, doc in enumerate(docs):
        key = tuple(sorted(doc))
        inverse[i] = seen.setdefault(key, len(seen))
    unique = list(seen)
    counts = np.bincount(inverse, minlength=len(unique)).astype(np.float64)
    return unique, inverse, counts


def check_token_lists(docs: object) -> list[list[str]]:
    """Validate ``docs`` as a sequence of token lists (reject a bare str, like sklearn)."""
    if isinstance(docs, (str, bytes)):
        raise TypeError(
            "expected a list of token lists, got a single str; use "
            "fit_corpus(corpus) or vnqual.tokenize(texts)"
        )
    out = []
    for doc in docs:  # type: ignore[attr-defined]
        if isinstance(doc, str):
            raise TypeError(
                "expected token lists, got texts; segment them first: "
                "TopicModel(...).fit(vnqual.tokenize(texts)), or fit_corpus(corpus)"
            )
        out.append([str(t) for t in doc])
    return out
