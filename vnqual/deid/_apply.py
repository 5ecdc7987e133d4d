"""Rewrite a text with its replacements and keep the map between original and new offsets."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from vnqual.types import DOC_ID, END_CHAR, START_CHAR

#: Columns of the offset map (one row per replaced span).
OFFSET_MAP_COLUMNS: tuple[str, ...] = (DOC_ID, "orig_start", "orig_end", "new_start", "new_end")

Direction = Literal["to_new", "to_original"]


def rewrite(
    text: str, replacements: Sequence[tuple[int, int, str]]
) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``text`` with each non-overlapping ``(start, end, new)`` applied; every other character kept.

    Returns
    -------
    (str, list of (orig_start, orig_end, new_start, new_end))
    """
    parts: list[str] = []
    rows: list[tuple[int, int, int, int]] = []
    pos = shift = 0
    for start, end, new in sorted(replacements):
        if start < pos:
            raise ValueError(f"overlapping replacement at {start}")
        parts.append(text[pos:start])
        parts.append(new)
        rows.append((start, end, start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), rows


def map_positions(
    positions: Sequence[int] | np.ndarray,
    rows: Sequence[tuple[int, int, int, int]],
    *,
    side: Literal["start", "end"],
    direction: Direction = "to_new",
) -> list[int]:
    """Carry character positions across a rewrite.

    A position outside replaced spans moves with the text; a ``start`` inside a replaced span goes
    to the start of its replacement and an ``end`` inside one to its end, so a coding that cut a
    name in half covers the whole pseudonym (or the whole original name).
    """
    if direction == "to_new":
        spans = [(a, b, c, d) for a, b, c, d in rows]
    else:
        spans = [(c, d, a, b) for a, b, c, d in rows]
    spans.sort()
    starts = [s[0] for s in spans]
    out: list[int] = []
    for p in positions:
        p = int(p)
        i = bisect_right(starts, p) - 1
        # spans[i] starts at or before p
        if i < 0:
            out.append(p)
            continue
        a, b, c, d = spans[i]
        if side == "start" and p == a:
            out.append(c)
        elif p >= b:
            out.append(p - b + d)
        elif side == "start":
            out.append(c)
        else:  # a < p < b, an end inside a replaced span
            out.append(d)
    return out


def carry_codings(
    codings: pd.DataFrame,
    offset_map: pd.DataFrame,
    *,
    direction: Direction = "to_new",
    sources: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Codings (``doc_id``, ``start_char``, ``end_char``) moved to the other side of a de-identification.

    Parameters
    ----------
    codings : pandas.DataFrame
        Any table with ``doc_id``, ``start_char``, ``end_char`` (codes.csv, a .qdpx's codings).
    offset_map : pandas.DataFrame
        ``offset-map.csv`` of ``vnqual deidentify`` (:data:`OFFSET_MAP_COLUMNS`).
    direction : {"to_new", "to_original"}
        From original to de-identified offsets, or back.
    sources : dict, optional
        Texts of the target side by ``doc_id``; when given, ``excerpt`` (if present) is re-cut.

    Returns
    -------
    pandas.DataFrame
        A copy with moved offsets.
    """
    out = codings.copy()
    by_doc = {
        str(d): list(g[list(OFFSET_MAP_COLUMNS[1:])].itertuples(index=False, name=None))
        for d, g in offset_map.groupby(DOC_ID, sort=False)
    }
    starts = out[START_CHAR].astype(int).to_numpy().copy()
    ends = out[END_CHAR].astype(int).to_numpy().copy()
    docs = out[DOC_ID].astype(str).to_numpy()
    for doc in set(docs):
        rows = by_doc.get(doc)
        if not rows:
            continue
        idx = np.flatnonzero(docs == doc)
        starts[idx] = map_positions(starts[idx], rows, side="start", direction=direction)
        ends[idx] = map_positions(ends[idx], rows, side="end", direction=direction)
    out[START_CHAR] = starts
    out[END_CHAR] = ends
    if sources is not None and "excerpt" in out.columns:
        out["excerpt"] = [sources.get(d, "")[s:e] for d, s, e in zip(docs, starts, ends)]
    return out
