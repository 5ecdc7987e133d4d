"""Word frequencies: counts, shares, statement and document frequencies (per group)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vnqual.features import term_matrix
from vnqual.keywords._input import (
    GROUP,
    group_labels,
    indicator,
    resolve_tokens,
    term_columns,
    top_per_row,
)
from vnqual.types import DOC_ID

if TYPE_CHECKING:
    from vnqual.corpus import Corpus

FREQ_COLUMNS = ("rank", "term", "token", "count", "share", "n_statements", "n_documents")


def frequencies(
    data: Corpus | Sequence[Sequence[str]],
    *,
    frame: pd.DataFrame | None = None,
    by: str | None = None,
    top: int | None = None,
    min_count: int = 1,
    token_options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Word frequencies of the analysis tokens, overall or per group.

    Parameters
    ----------
    data : Corpus or sequence of list of str
        A corpus (tokenised with ``token_options``) or analysis tokens, one list per statement.
    frame : pandas.DataFrame, optional
        Statement rows matching token lists (needs ``doc_id`` and the ``by`` column); unused with
        a Corpus.
    by : str, optional
        Column whose values form the groups (``site``, ``role``...).
    top : int, optional
        Keep the ``top`` most frequent terms (of each group).
    min_count : int
        Drop terms seen fewer times (in the group).
    token_options : mapping, optional
        Keyword arguments of :func:`vnqual.text.tokenize` (``stopwords``, ``pos``, ...).

    Returns
    -------
    pandas.DataFrame
        ``[group,] rank, term, token, count, share, n_statements, n_documents``: ``term`` is the
        display form (``cán bộ``), ``token`` the canonical one (``cán_bộ``), ``share`` the count
        divided by all tokens (of the group), ``n_statements``/``n_documents`` how many statements
        and documents (``doc_id``) contain the term. Sorted by count, then term.

    Examples
    --------
    >>> toks = [["cán_bộ", "xã", "thiếu", "kinh_phí"], ["kinh_phí", "bồi_dưỡng"]]
    >>> frequencies(toks)[["term", "count", "n_statements"]].head(2)
            term  count  n_statements
    0   kinh phí      2             2
    1  bồi dưỡng      1             1
    """
    frame, tokens = resolve_tokens(data, frame, token_options)
    counts, terms = term_matrix(tokens)
    present = counts.copy()
    present.data[:] = 1
    if by is None:
        codes, names = np.zeros(len(tokens), dtype=np.int64), [""]
    else:
        codes, names = group_labels(frame, by)
    groups = indicator(codes, len(names))
    group_counts = (groups @ counts).tocsr()
    n_statements = (groups @ present).tocsr()
    n_documents = _document_frequency(frame, codes, len(names), present)
    totals = np.asarray(group_counts.sum(axis=1)).ravel()
    if min_count > 1:
        group_counts.data[group_counts.data < min_count] = 0
        group_counts.eliminate_zeros()
        n_statements = n_statements.multiply(group_counts > 0).tocsr()
    rows, cols, vals, ranks = top_per_row(group_counts, top, secondary=n_statements)
    out = pd.DataFrame(
        {
            "rank": ranks,
            **term_columns(terms[cols]),
            "count": vals,
            "share": vals / np.maximum(totals[rows], 1),
            "n_statements": np.asarray(n_statements[rows, cols]).ravel(),
            "n_documents": np.asarray(n_documents[rows, cols]).ravel(),
        }
    )
    if by is not None:
        out.insert(0, GROUP, np.asarray(names, dtype=object)[rows])
    return out


def _document_frequency(frame: pd.DataFrame, codes: np.ndarray, n_groups: int, present: Any) -> Any:
    """Groups x terms: number of documents (of the group) containing each term."""
    if DOC_ID not in frame.columns:
        doc_codes = np.zeros(len(frame), dtype=np.int64)
    else:
        doc_codes = pd.factorize(frame[DOC_ID].astype(str))[0].astype(np.int64)
    # One row per (group, document) pair, then count the pairs of each group.
    pair = np.where(codes >= 0, codes * (doc_codes.max() + 1) + doc_codes, -1)
    pair_codes, pair_values = pd.factorize(pair)
    pair_codes = np.where(pair >= 0, pair_codes, -1)
    per_pair = indicator(pair_codes, len(pair_values)) @ present
    per_pair.data[:] = 1
    pair_group = np.asarray(pair_values) // (doc_codes.max() + 1)
    pair_group = np.where(np.asarray(pair_values) >= 0, pair_group, -1)
    return (indicator(pair_group, n_groups) @ per_pair).tocsr()
