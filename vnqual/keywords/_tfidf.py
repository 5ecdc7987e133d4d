"""TF-IDF terms per statement, document or group (sklearn, on vnqual's own tokens)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from vnqual.errors import EmptyVocabularyError, InputError
from vnqual.keywords._input import (
    GROUP,
    check_column,
    group_labels,
    resolve_tokens,
    term_columns,
    top_per_row,
)
from vnqual.types import DOC_ID, STATEMENT_ID

if TYPE_CHECKING:
    from vnqual.corpus import Corpus

Level = Literal["statement", "document", "group"]
LEVELS: tuple[str, ...] = ("statement", "document", "group")


def _identity(tokens: list[str]) -> list[str]:
    # The analyzer of TfidfVectorizer: tokens are already segmented Vietnamese words, so sklearn
    # must not split, lower-case or strip accents (it would see syllables, not words).
    return tokens


def tfidf_terms(
    data: Corpus | Sequence[Sequence[str]],
    *,
    frame: pd.DataFrame | None = None,
    level: Level | None = None,
    by: str | None = None,
    top: int | None = 10,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = False,
    token_options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Terms with the highest TF-IDF weight in each statement, document or group.

    Parameters
    ----------
    data : Corpus or sequence of list of str
        A corpus (tokenised with ``token_options``) or analysis tokens, one list per statement.
    frame : pandas.DataFrame, optional
        Statement rows matching token lists; unused with a Corpus.
    level : {"statement", "document", "group"}, optional
        The unit scored against the others. Default: ``"group"`` with ``by``, else ``"document"``.
    by : str, optional
        Column forming the groups of ``level="group"``.
    top : int or None
        Terms kept per unit (None: all).
    min_df, max_df : int or float
        Passed to :class:`sklearn.feature_extraction.text.TfidfVectorizer` (counted in units).
    sublinear_tf : bool
        Use ``1 + log(tf)`` (long documents weigh less).
    token_options : mapping, optional
        Keyword arguments of :func:`vnqual.text.tokenize`.

    Returns
    -------
    pandas.DataFrame
        ``statement_id|doc_id|group, rank, term, token, tfidf, count``: ``tfidf`` is the
        L2-normalised weight in the unit, ``count`` the raw count there.

    Examples
    --------
    >>> toks = [["cán_bộ", "xã", "kinh_phí"], ["cán_bộ", "tỉnh", "chuyển_đổi_số"]]
    >>> tfidf_terms(toks, level="statement", top=1)[["statement_id", "term"]]
      statement_id           term
    0     doc-0001       kinh phí
    1     doc-0002  chuyển đổi số
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    frame, tokens = resolve_tokens(data, frame, token_options)
    level = level or ("group" if by is not None else "document")
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    if level == "group" and by is None:
        raise InputError("level='group' needs by= (the column forming the groups)")
    unit_column, unit_names, unit_tokens = _units(frame, tokens, level, by)
    vectorizer = TfidfVectorizer(
        analyzer=_identity,
        lowercase=False,
        token_pattern=None,
        min_df=min_df,
        max_df=max_df,
        sublinear_tf=sublinear_tf,
        dtype=np.float64,
    )
    try:
        weights = vectorizer.fit_transform(unit_tokens).tocsr()
    except ValueError as err:  # sklearn: empty vocabulary / max_df < min_df
        raise EmptyVocabularyError(
            f"no terms left for TF-IDF over {len(unit_tokens)} {level} unit(s) "
            f"(min_df={min_df}, max_df={max_df}): {err}; lower min_df or raise max_df"
        ) from None
    terms = vectorizer.get_feature_names_out().astype(object)
    rows, cols, vals, ranks = top_per_row(weights, top)
    counts = _raw_counts(unit_tokens, rows, terms[cols])
    out = pd.DataFrame(
        {
            unit_column: np.asarray(unit_names, dtype=object)[rows],
            "rank": ranks,
            **term_columns(terms[cols]),
            "tfidf": vals,
            "count": counts,
        }
    )
    return out


def _units(
    frame: pd.DataFrame, tokens: list[list[str]], level: str, by: str | None
) -> tuple[str, list[str], list[list[str]]]:
    if level == "statement":
        names = (
            frame[STATEMENT_ID].astype(str).tolist()
            if STATEMENT_ID in frame.columns
            else [str(i + 1) for i in range(len(tokens))]
        )
        return STATEMENT_ID, names, tokens
    if level == "document":
        check_column(frame, DOC_ID)
        codes, uniques = pd.factorize(frame[DOC_ID].astype(str))
        names = uniques.tolist()
        column = DOC_ID
    else:
        assert by is not None, "tfidf_terms checks that level='group' comes with by="
        codes, names = group_labels(frame, by)
        column = GROUP
    members: list[list[int]] = [[] for _ in range(len(names))]
    for i, code in enumerate(codes):
        if code >= 0:
            members[code].append(i)
    units = [list(itertools.chain.from_iterable(tokens[i] for i in m)) for m in members]
    return column, [str(n) for n in names], units


def _raw_counts(units: list[list[str]], rows: np.ndarray, terms: np.ndarray) -> np.ndarray:
    from collections import Counter

    cache: dict[int, Counter[str]] = {}
    out = np.empty(rows.size, dtype=np.int64)
    for k, (row, term) in enumerate(zip(rows.tolist(), terms.tolist())):
        counter = cache.get(row)
        if counter is None:
            counter = cache[row] = Counter(units[row])
        out[k] = counter[term]
    return out
