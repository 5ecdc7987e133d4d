"""Code co-occurrence and code x metadata crosstabs, counted in statements.

A statement counts once per code however many codings of that code it holds, so the numbers
read as "statements in which the code appears". Only codings that apply count: rows of a
``vnqual tag`` codes.csv with ``applies`` false are scores, not codings (a table without the
column: every row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from vnqual.codings import CODE, applying, fill_statement_columns
from vnqual.errors import InputError
from vnqual.types import STATEMENT_ID

ALL = "All"
BLANK = "(blank)"


def _pairs(codings: pd.DataFrame, statements: pd.DataFrame | None) -> pd.DataFrame:
    """Distinct (statement_id, code) pairs of the codings that apply, statements found from
    spans when missing."""
    if CODE not in codings.columns:
        raise InputError("codings lack the code column")
    codings = applying(codings)
    if statements is not None:
        codings = fill_statement_columns(codings, statements)
    if STATEMENT_ID not in codings.columns:
        raise InputError("codings have no statement_id; give the statements (corpus) too")
    pairs = codings[codings[STATEMENT_ID].fillna("").astype(str) != ""]
    return pairs.drop_duplicates([STATEMENT_ID, CODE]).reset_index(drop=True)


def _order(pairs: pd.DataFrame, codes: Iterable[str] | None) -> list[str]:
    order = list(dict.fromkeys(codes)) if codes is not None else []
    return order + [c for c in pd.unique(pairs[CODE].astype(str)) if c not in set(order)]


def cooccurrence(
    codings: pd.DataFrame, statements: pd.DataFrame | None = None, *, codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Code x code matrix: statements coded with both codes (diagonal: with the code at all).

    Parameters
    ----------
    codings : pandas.DataFrame
        ``code`` and ``statement_id`` (or ``doc_id``/``start_char``/``end_char`` with
        ``statements`` to find them).
    statements : pandas.DataFrame, optional
        The corpus statements (``Corpus.frame``).
    codes : iterable of str, optional
        Row/column order, e.g. the codebook order (codes never used get zeros).

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, integer; index and columns are code names.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"statement_id": ["qn-1", "qn-1", "qn-2"],
    ...                   "code": ["Kinh phí", "Nhân lực", "Kinh phí"]})
    >>> int(cooccurrence(c).loc["Kinh phí", "Nhân lực"])
    1
    """
    pairs = _pairs(codings, statements)
    order = _order(pairs, codes)
    pairs = pairs[pairs[CODE].astype(str).isin(order)]
    ids = {s: i for i, s in enumerate(pd.unique(pairs[STATEMENT_ID]))}
    col = {c: j for j, c in enumerate(order)}
    onehot = np.zeros((len(ids), len(order)), dtype=np.int64)
    onehot[[ids[s] for s in pairs[STATEMENT_ID]], [col[c] for c in pairs[CODE].astype(str)]] = 1
    matrix = pd.DataFrame(onehot.T @ onehot, index=order, columns=order)
    matrix.index.name = CODE
    return matrix


def crosstab(
    codings: pd.DataFrame,
    statements: pd.DataFrame | None = None,
    *,
    by: str | Sequence[str] = "site",
    percent: bool = False,
    margins: bool = True,
    codes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Code x metadata table: statements with each code, per value of ``by`` (site, role ...).

    Parameters
    ----------
    codings : pandas.DataFrame
        ``code`` and ``statement_id`` (+ the ``by`` columns, or ``statements`` to look them up).
    statements : pandas.DataFrame, optional
        The corpus statements; needed for ``percent`` (group sizes).
    by : str or sequence of str
        Metadata column(s); several columns give combined groups labelled ``a | b``.
    percent : bool
        Give the share (%) of the group's statements instead of counts.
    margins : bool
        Add an ``All`` column (every group together).
    codes : iterable of str, optional
        Row order (e.g. the codebook); codes never used get zeros.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; one column per group value (blank values are ``(blank)``).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"statement_id": ["qn-1", "lc-1"], "code": ["Kinh phí"] * 2,
    ...                   "site": ["Quảng Nam", "Lai Châu"]})
    >>> crosstab(c, by="site").loc["Kinh phí"].tolist()
    [1, 1, 2]
    """
    by = [by] if isinstance(by, str) else list(by)
    if not by:
        raise InputError("give at least one `by` column (e.g. site or role)")
    pairs = _pairs(codings, statements)
    lookup = (
        statements.drop_duplicates(STATEMENT_ID).set_index(STATEMENT_ID) if statements is not None else None
    )
    for col in by:
        if lookup is not None and col in lookup.columns:
            pairs[col] = pairs[STATEMENT_ID].map(lookup[col])
        elif col not in pairs.columns:
            available = sorted(set(pairs.columns) | set(lookup.columns if lookup is not None else []))
            raise InputError(
                f"no column {col!r} to cross codes with; available: {', '.join(map(str, available))}"
            )
    order = _order(pairs, codes)
    group = _group_labels(pairs, by)
    table = pd.crosstab(pairs[CODE].astype(str), group).reindex(index=order, fill_value=0)
    groups = set(table.columns)
    if statements is not None and all(c in statements.columns for c in by):
        groups |= set(_group_labels(statements, by))  # groups nobody coded show zeros
    table = table.reindex(columns=sorted(groups), fill_value=0)
    if margins:
        table[ALL] = (
            pairs.groupby(pairs[CODE].astype(str))[STATEMENT_ID].nunique().reindex(order, fill_value=0)
        )
    if percent:
        if statements is None:
            raise InputError("percentages need the statements (the corpus/ folder)")
        sizes = _group_labels(statements, by).value_counts()
        sizes[ALL] = len(statements)
        table = (100 * table / sizes.reindex(table.columns).to_numpy()).round(1)
    table.index.name = CODE
    table.columns.name = " | ".join(by)
    return table


def _group_labels(frame: pd.DataFrame, by: list[str]) -> pd.Series:
    parts = [frame[c].fillna("").astype(str).replace("", BLANK) for c in by]
    label = parts[0]
    for part in parts[1:]:
        label = label + " | " + part
    return label.rename(" | ".join(by))
