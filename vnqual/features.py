"""Statement-term count matrices: the one place where token lists become features.

``keywords`` and ``topics`` both count terms with :func:`term_matrix`, a thin layer over
scikit-learn's :class:`~sklearn.feature_extraction.text.CountVectorizer` fed with tokens that are
already segmented (``analyzer`` is the identity, so nothing is lower-cased, split or
accent-stripped again).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from vnqual import _cache_store
from vnqual.errors import EmptyVocabularyError

__all__ = ["term_matrix"]


def _tokens(doc: Sequence[str]) -> Sequence[str]:
    # The analyzer: statements arrive as canonical tokens ("cán_bộ"), counted as they are.
    return doc


def term_matrix(
    token_lists: Sequence[Sequence[str]],
    *,
    min_df: int = 1,
    max_df: float = 1.0,
    max_terms: int | None = None,
    vocabulary: Iterable[str] | None = None,
    dtype: Any = np.int64,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Count each term in each statement: a sparse statements x terms matrix and its terms.

    Parameters
    ----------
    token_lists : sequence of sequence of str
        One list of canonical tokens per statement (``["cán_bộ", "xã"]``).
    min_df : int
        Keep terms that occur in at least this many statements.
    max_df : float
        Keep terms that occur in at most this share of the statements, in ``(0, 1]``
        (``1.0``: no upper limit). Always a share, also when given as the int ``1``.
    max_terms : int, optional
        Keep only the terms found in the most statements (ties: alphabetical order).
    vocabulary : iterable of str, optional
        Fixed terms, in this column order; other tokens are ignored and ``min_df``, ``max_df``
        and ``max_terms`` do not apply.
    dtype : numpy dtype
        Type of the counts (``np.int64``; topic models use ``np.float64``).

    Returns
    -------
    matrix : scipy.sparse.csr_matrix
        Shape ``(len(token_lists), n_terms)``, sorted indices, no stored zeros.
    terms : numpy.ndarray of str (object dtype)
        The column terms: sorted alphabetically (Python string order), or ``vocabulary``.

    Raises
    ------
    TypeError
        If ``token_lists`` is a str or holds str items instead of token lists.
    ValueError
        If ``min_df``, ``max_df`` or ``max_terms`` is out of range.
    vnqual.errors.EmptyVocabularyError
        No tokens at all, or no term passes ``min_df``/``max_df`` (not with ``vocabulary``).

    Examples
    --------
    >>> X, terms = term_matrix([["cán_bộ", "xã", "xã"], ["xã", "kinh_phí"]])
    >>> list(terms), X.toarray().tolist()
    (['cán_bộ', 'kinh_phí', 'xã'], [[1, 0, 2], [0, 1, 1]])
    >>> term_matrix([["cán_bộ", "xã"], ["xã", "kinh_phí"]], min_df=2)[1].tolist()
    ['xã']
    """
    docs = _check(token_lists)
    store = _cache_store.active()
    if store is None or vocabulary is not None:
        return _term_matrix(docs, min_df, max_df, max_terms, vocabulary, dtype)
    # A run with the result cache on (``vnqual topics``): the same tokens and filters reuse the matrix.
    key = _cache_store.digest(
        MATRIX_KIND,
        _cache_store.token_lists_digest(docs),
        [repr(min_df), repr(max_df), repr(max_terms), np.dtype(dtype).str],
    )
    hit = _read_matrix(store, key, len(docs), dtype)
    if hit is not None:
        return hit
    matrix, terms = _term_matrix(docs, min_df, max_df, max_terms, vocabulary, dtype)
    blob, lengths = _cache_store.pack_strings([str(t) for t in terms])
    arrays = {
        "data": matrix.data,
        "indices": matrix.indices,
        "indptr": matrix.indptr,
        "shape": np.asarray(matrix.shape, dtype=np.int64),
        "terms_utf8": blob,
        "terms_len": lengths,
    }
    store.put(MATRIX_KIND, key, {"kind": MATRIX_KIND}, arrays)
    return matrix, terms


#: Kind of the statement-term matrix entries in the result cache (:mod:`vnqual._cache_store`).
MATRIX_KIND = "term_matrix"


def _read_matrix(
    store: _cache_store.ResultStore, key: str, n_docs: int, dtype: Any
) -> tuple[sp.csr_matrix, np.ndarray] | None:
    entry = store.get(MATRIX_KIND, key)
    if entry is None:
        return None
    _, a = entry
    try:
        shape = (int(a["shape"][0]), int(a["shape"][1]))
        matrix = sp.csr_matrix((a["data"].astype(dtype), a["indices"], a["indptr"]), shape=shape)
        terms = np.asarray(_cache_store.unpack_strings(a["terms_utf8"], a["terms_len"]), dtype=object)
    except (KeyError, ValueError, TypeError):
        store.delete(MATRIX_KIND, key)
        return None
    if shape[0] != n_docs or shape[1] != len(terms):
        store.delete(MATRIX_KIND, key)
        return None
    return matrix, terms


def _term_matrix(
    docs: list[Sequence[str]],
    min_df: int,
    max_df: float,
    max_terms: int | None,
    vocabulary: Iterable[str] | None,
    dtype: Any,
) -> tuple[sp.csr_matrix, np.ndarray]:
    from sklearn.feature_extraction.text import CountVectorizer

    n = len(docs)
    if vocabulary is not None:
        fixed = [str(t) for t in vocabulary]
        if not fixed:  # CountVectorizer refuses an empty vocabulary; nothing to count
            return sp.csr_matrix((n, 0), dtype=dtype), np.asarray(fixed, dtype=object)
        vec = CountVectorizer(analyzer=_tokens, vocabulary=fixed, dtype=dtype)
        return vec.transform(docs).tocsr(), np.asarray(fixed, dtype=object)
    min_df, max_df = _check_limits(min_df, max_df, max_terms)
    if not any(len(doc) for doc in docs):
        raise EmptyVocabularyError(
            f"no terms left after tokenising {n} statement(s); check the text column "
            "or relax the stop-word/POS filters"
        )
    if max_df * n < min_df:  # CountVectorizer raises a ValueError for this; it is "no terms" too
        raise _filtered_out(docs, min_df, max_df)
    # ``max_df`` as a float is a share (an int would be a count): ``<= max_df * n`` as before.
    vec = CountVectorizer(analyzer=_tokens, min_df=min_df, max_df=float(max_df), dtype=dtype)
    try:
        matrix = vec.fit_transform(docs).tocsr()
    except ValueError as err:  # "After pruning, no terms remain."
        raise _filtered_out(docs, min_df, max_df) from err
    terms = vec.get_feature_names_out().astype(object)
    if max_terms is not None and len(terms) > max_terms:
        matrix, terms = _most_common(matrix, terms, max_terms)
    matrix.sort_indices()
    return matrix, terms


def _filtered_out(docs: list[Sequence[str]], min_df: int, max_df: float) -> EmptyVocabularyError:
    distinct = len(set(itertools.chain.from_iterable(docs)))
    return EmptyVocabularyError(
        f"no terms left after filtering (min_df={min_df}, max_df={max_df}, {len(docs)} statements, "
        f"{distinct} distinct terms); lower min_df, raise max_df or add statements"
    )


def _most_common(matrix: sp.csr_matrix, terms: np.ndarray, limit: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """The ``limit`` columns found in the most rows (ties: lower column first), kept in order.

    Not ``CountVectorizer(max_features=...)``: that ranks by total count, not by statements.
    """
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = np.sort(np.lexsort((np.arange(df.size), -df))[:limit])
    return matrix[:, keep].tocsr(), terms[keep]


def _check(token_lists: object) -> list[Sequence[str]]:
    if isinstance(token_lists, (str, bytes)):
        raise TypeError("expected a list of token lists (one per statement), got a single str")
    docs = list(token_lists)  # type: ignore[call-overload]
    if any(isinstance(d, (str, bytes)) for d in docs):
        raise TypeError("expected a list of token lists (one per statement), got a list of str")
    return docs


def _check_limits(min_df: int, max_df: float, max_terms: int | None) -> tuple[int, float]:
    if not _is_count(min_df):
        raise ValueError(f"min_df must be an integer >= 1, got {min_df!r}")
    if not 0.0 < float(max_df) <= 1.0:
        raise ValueError(f"max_df must be a share in (0, 1], got {max_df!r}")
    if max_terms is not None and not _is_count(max_terms):
        raise ValueError(f"max_terms must be an integer >= 1, got {max_terms!r}")
    return int(min_df), float(max_df)


def _is_count(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and bool(value >= 1)
