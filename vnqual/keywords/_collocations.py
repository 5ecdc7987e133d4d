"""Collocations: adjacent word pairs and triples with PMI, NPMI and Dunning's log-likelihood."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from vnqual.errors import EmptyVocabularyError, InputError
from vnqual.keywords._input import is_corpus

if TYPE_CHECKING:
    from vnqual.corpus import Corpus

Measure = Literal["llr", "pmi", "npmi"]
MEASURES: tuple[str, ...] = ("llr", "pmi", "npmi")
COLLOCATION_COLUMNS = ("rank", "term", "words", "n", "count", "pmi", "npmi", "llr")
_GAP = re.compile(r"\s*")


def runs_from_spans(
    texts: Sequence[str], tokens: Sequence[Sequence[str]], spans: Sequence[Sequence[tuple[int, int]]]
) -> list[list[str | None]]:
    """Analysis tokens with ``None`` wherever something other than spaces separates two of them.

    What :func:`vnqual.text.tokenize` dropped between two kept words (punctuation, a number, a
    stop word) breaks the sequence, so no pair is formed across it.
    """
    runs: list[list[str | None]] = []
    for text, toks, offs in zip(texts, tokens, spans):
        run: list[str | None] = []
        prev_end = None
        for tok, (start, end) in zip(toks, offs):
            if prev_end is not None and not _GAP.fullmatch(text, prev_end, start):
                run.append(None)
            run.append(tok)
            prev_end = end
        runs.append(run)
    return runs


def g_squared(k11: np.ndarray, first: np.ndarray, second: np.ndarray, total: float) -> np.ndarray:
    """Dunning's (1993) log-likelihood ratio G² of 2x2 tables, signed: < 0 if k11 < expected.

    ``k11`` joint count, ``first``/``second`` the marginal counts of the two parts, ``total``
    the number of positions. ``G² = 2 * sum(k * ln(k / E))`` over the four cells.
    """
    from scipy.special import xlogy

    k11 = k11.astype(np.float64)
    k12 = first - k11
    k21 = second - k11
    k22 = total - first - second + k11
    cells = xlogy(k11, k11) + xlogy(k12, k12) + xlogy(k21, k21) + xlogy(k22, k22)
    margins = (
        xlogy(first, first)
        + xlogy(total - first, total - first)
        + xlogy(second, second)
        + xlogy(total - second, total - second)
    )
    g2 = 2.0 * (cells - margins + xlogy(total, total))
    g2 = np.maximum(g2, 0.0)  # rounding
    return np.where(k11 * total < first * second, -g2, g2)


def _unique_rows(keys: np.ndarray, n_values: int) -> tuple[np.ndarray, ...]:
    """Unique rows of an int matrix (values < ``n_values``): rows, first index, inverse, counts."""
    if float(n_values) ** keys.shape[1] < 2.0**62:  # one int64 per row: much faster than axis=0
        flat = keys[:, 0].astype(np.int64)
        for k in range(1, keys.shape[1]):
            flat = flat * n_values + keys[:, k]
        _, first, inverse, counts = np.unique(
            flat, return_index=True, return_inverse=True, return_counts=True
        )
        return keys[first], first, inverse.ravel(), counts
    uniq, first, inverse, counts = np.unique(
        keys, axis=0, return_index=True, return_inverse=True, return_counts=True
    )
    return uniq, first, inverse.ravel(), counts


def _ngram_table(codes: np.ndarray, n: int, vocab: np.ndarray, min_count: int) -> pd.DataFrame:
    m = codes.size - n + 1
    if m <= 0:
        return pd.DataFrame()
    grams = np.stack([codes[k : k + m] for k in range(n)], axis=1)
    grams = grams[(grams >= 0).all(axis=1)]
    if grams.shape[0] == 0:
        return pd.DataFrame()
    total = float(grams.shape[0])
    uniq, first_pos, inverse, counts = _unique_rows(grams, vocab.size)
    keep = counts >= min_count
    if not keep.any():
        return pd.DataFrame()
    # Marginals over the same n-gram positions, for each split (head | tail) of the n-gram.
    llr: np.ndarray | None = None
    for cut in range(1, n):
        head = _unique_rows(grams[:, :cut], vocab.size)
        tail = _unique_rows(grams[:, cut:], vocab.size)
        c_head = head[3][head[2]][first_pos]
        c_tail = tail[3][tail[2]][first_pos]
        split = g_squared(counts, c_head.astype(np.float64), c_tail.astype(np.float64), total)
        # A triple is only as strong as its weakest split (Dunning's test is for 2x2 tables).
        llr = split if llr is None else np.minimum(llr, split)
    # Word probabilities are taken per slot over the same n-gram positions (not over all
    # tokens), so p(gram) <= p(word in slot k) and NPMI stays within [-1, 1].
    p_gram = counts / total
    p_words = np.ones(uniq.shape[0])
    for k in range(n):
        slot = np.bincount(grams[:, k], minlength=vocab.size)
        p_words *= slot[uniq[:, k]] / total
    pmi = np.log2(p_gram / p_words)
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_gram < 1.0, pmi / ((n - 1) * -np.log2(p_gram)), 1.0)
    assert llr is not None, "n >= 2 gives at least one split"
    uniq, counts, pmi, npmi, llr = uniq[keep], counts[keep], pmi[keep], npmi[keep], llr[keep]
    words = vocab[uniq]
    return pd.DataFrame(
        {
            "term": [" ".join(w.replace("_", " ") for w in row) for row in words],
            "words": [" ".join(row) for row in words],
            "n": n,
            "count": counts.astype(np.int64),
            "pmi": pmi,
            "npmi": npmi,
            "llr": llr,
        }
    )


def collocations(
    data: Corpus | Sequence[Sequence[str | None]],
    *,
    sizes: Sequence[int] = (2, 3),
    min_count: int = 3,
    measure: Measure = "llr",
    top: int | None = None,
    token_options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Frequent adjacent word pairs and triples, scored by association.

    Words are vnqual's segmented analysis tokens, so ``kinh_phí bồi_dưỡng`` is a pair of two
    words (four syllables). A pair never spans punctuation, a number or a removed stop word.

    Parameters
    ----------
    data : Corpus or sequence of list of str or None
        A corpus (tokenised with ``token_options``) or token lists, one per statement, where
        ``None`` marks a break (no n-gram crosses it).
    sizes : sequence of int
        N-gram lengths (2 = pairs, 3 = triples; up to 4).
    min_count : int
        Only n-grams seen at least this often.
    measure : {"llr", "pmi", "npmi"}
        Sort key. ``llr``: Dunning's log-likelihood ratio G² (signed; > 10.83 means p < 0.001),
        reliable for rare words; ``pmi``: pointwise mutual information (log2, word
        probabilities per position), favours rare pairs; ``npmi``: PMI scaled to [-1, 1]
        (Bouma 2009; divided by ``(n - 1) * -log2 p(n-gram)`` for triples). For triples,
        ``llr`` is the smaller of the G² of the two splits (``a | b c`` and ``a b | c``).
    top : int, optional
        Keep the first ``top`` rows.
    token_options : mapping, optional
        Keyword arguments of :func:`vnqual.text.tokenize`.

    Returns
    -------
    pandas.DataFrame
        ``rank, term, words, n, count, pmi, npmi, llr``: ``term`` in display form (``kinh phí
        bồi dưỡng``), ``words`` the canonical words separated by spaces (``kinh_phí
        bồi_dưỡng``).

    Examples
    --------
    >>> toks = [["kinh_phí", "bồi_dưỡng", None, "cán_bộ", "xã"]] * 3 + [["cán_bộ", "tỉnh"]]
    >>> collocations(toks, sizes=(2,), min_count=2)[["term", "count"]]
                     term  count
    0  kinh phí bồi dưỡng      3
    1           cán bộ xã      3
    """
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    bad = [n for n in sizes if not 2 <= int(n) <= 4]
    if bad or not sizes:
        raise InputError(f"n-gram sizes must be 2, 3 or 4, got {list(sizes)}")
    if min_count < 1:
        raise InputError(f"min_count must be >= 1, got {min_count}")
    runs = _runs(data, token_options)
    flat: list[str | None] = []
    for run in runs:
        flat.extend(run)
        flat.append(None)
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object))
    codes = codes.astype(np.int64)
    if not (codes >= 0).any():
        raise EmptyVocabularyError(
            f"no words in {len(runs)} statement(s); check the text column or relax the stop-word/POS filters"
        )
    vocab = np.asarray(uniques, dtype=object)
    tables = [_ngram_table(codes, int(n), vocab, min_count) for n in sorted(set(sizes))]
    tables = [t for t in tables if not t.empty]
    if not tables:
        out = pd.DataFrame({c: [] for c in COLLOCATION_COLUMNS})
        return out.astype({"rank": np.int64, "n": np.int64, "count": np.int64})
    out = pd.concat(tables, ignore_index=True)
    out = out.sort_values(
        [measure, "count", "term"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    if top is not None:
        out = out.head(top)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def _runs(data: Any, token_options: Mapping[str, Any] | None) -> list[list[str | None]]:
    if isinstance(data, (str, bytes)):
        raise TypeError("expected a Corpus or a list of token lists, got a single str")
    if not is_corpus(data):
        if token_options:
            raise TypeError("token_options= is only used with a Corpus, not with token lists")
        raw = list(data)
        if raw and isinstance(raw[0], str):
            raise TypeError("expected a list of token lists (one per statement), got a list of str")
        return [list(r) for r in raw]
    from vnqual.text.tokenize import tokenize_with_spans

    texts = data.texts()
    tokens, spans = tokenize_with_spans(texts, **dict(token_options or {}))
    return runs_from_spans(texts, tokens, spans)
