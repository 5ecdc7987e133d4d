"""Shared plumbing: accept a Corpus or token lists + a frame, groups, ranking sparse rows."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard, cast

import numpy as np
import pandas as pd

from vnqual.errors import InputError, VnqualWarning
from vnqual.types import DOC_ID, STATEMENT_ID

if TYPE_CHECKING:
    from scipy import sparse

    from vnqual.corpus import Corpus

#: Output column naming the group of a ``by=`` analysis.
GROUP = "group"


def is_corpus(data: Any) -> TypeGuard[Corpus]:
    from vnqual.corpus import Corpus

    return isinstance(data, Corpus)


def _check_not_str(data: Any) -> None:
    if isinstance(data, (str, bytes)):
        raise TypeError("expected a Corpus or a list of token lists, got a single str")


def minimal_frame(n: int) -> pd.DataFrame:
    """A statements frame for bare token lists: one document ``doc``, ids ``doc-0001``..."""
    return pd.DataFrame({DOC_ID: ["doc"] * n, STATEMENT_ID: [f"doc-{i + 1:04d}" for i in range(n)]})


def resolve_tokens(
    data: Corpus | Sequence[Sequence[str]],
    frame: pd.DataFrame | None,
    token_options: Mapping[str, Any] | None,
) -> tuple[pd.DataFrame, list[list[str]]]:
    """Return the statements frame and the analysis tokens of each statement.

    ``data`` is a :class:`~vnqual.corpus.Corpus` (tokenised with ``token_options``) or a sequence
    of token lists (``frame`` then gives the matching statement rows, in the same order).
    """
    _check_not_str(data)
    if is_corpus(data):
        if frame is not None:
            raise TypeError("frame= is only used with token lists, not with a Corpus")
        corpus_tokens = data.tokens(**dict(token_options or {}))
        return data.frame, [list(t) for t in corpus_tokens]
    if token_options:
        raise TypeError("token_options= is only used with a Corpus, not with token lists")
    tokens = list(cast("Sequence[Sequence[str]]", data))  # not a Corpus (TypeGuard narrows one way)
    if tokens and isinstance(tokens[0], str):
        raise TypeError("expected a list of token lists (one per statement), got a list of str")
    if frame is None:
        frame = minimal_frame(len(tokens))
    elif len(frame) != len(tokens):
        raise InputError(
            f"{len(tokens)} token lists but {len(frame)} statement rows; "
            "pass the frame the tokens were made from"
        )
    return frame.reset_index(drop=True), [list(t) for t in tokens]


def check_column(frame: pd.DataFrame, column: str) -> None:
    if column not in frame.columns:
        raise InputError(f"no column {column!r}; available: {', '.join(map(str, frame.columns))}")


def group_labels(frame: pd.DataFrame, by: str) -> tuple[np.ndarray, list[str]]:
    """Integer group of each statement (-1 = no value, skipped with a warning) and group names.

    Groups are sorted by name so the output order does not depend on statement order.
    """
    check_column(frame, by)
    values = frame[by]
    empty = values.isna() | (values.astype(str).str.strip() == "")
    if empty.any():
        warnings.warn(
            f"{int(empty.sum())} statement(s) with an empty {by!r} skipped", VnqualWarning, stacklevel=3
        )
    names = sorted(values[~empty].astype(str).unique().tolist())
    index = {name: i for i, name in enumerate(names)}
    codes = np.array([-1 if e else index[str(v)] for v, e in zip(values, empty)], dtype=np.int64)
    return codes, names


def indicator(codes: np.ndarray, n_groups: int) -> sparse.csr_matrix:
    """Groups x statements 0/1 matrix; statements with code -1 belong to no group."""
    from scipy import sparse

    keep = np.flatnonzero(codes >= 0)
    return sparse.csr_matrix(
        (np.ones(keep.size, dtype=np.int64), (codes[keep], keep)), shape=(n_groups, codes.size)
    )


def top_per_row(
    matrix: sparse.csr_matrix, top: int | None, secondary: sparse.csr_matrix | None = None
) -> tuple[np.ndarray, ...]:
    """Rows, columns, values and 1-based ranks of the ``top`` largest entries of each row.

    Ties are broken by ``secondary`` (same sparsity, larger first) and then by column index, i.e.
    alphabetically for matrices built by :func:`vnqual.features.term_matrix`.
    """
    matrix = matrix.tocsr()
    matrix.sort_indices()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    # np.lexsort: the last key is the primary one -> row, value, secondary, column.
    keys = [matrix.indices]
    if secondary is not None:
        secondary = secondary.tocsr()
        secondary.sort_indices()
        keys.append(-secondary.data)
    order = np.lexsort((*keys, -matrix.data, rows))
    rows, cols, vals = rows[order], matrix.indices[order], matrix.data[order]
    ranks = np.arange(rows.size) - matrix.indptr[rows] + 1
    if top is not None:
        keep = ranks <= top
        rows, cols, vals, ranks = rows[keep], cols[keep], vals[keep], ranks[keep]
    return rows, cols, vals, ranks


def term_columns(terms: np.ndarray) -> dict[str, list[str]]:
    """``term`` (display form, spaces) and ``token`` (canonical form, underscores)."""
    from vnqual.text.tokenize import display

    tokens = [str(t) for t in terms]
    return {"term": [display(t) for t in tokens], "token": tokens}
