"""Move character offsets from one version of a text to another (e.g. a QDA program's copy).

QDA programs sometimes store a slightly different text than the corpus (other line endings,
trimmed spaces, Unicode composed differently). Offsets are mapped through a line diff refined by
a character diff inside changed lines; spans that fall in changed text snap to its edges.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from vnqual.errors import VnqualWarning
from vnqual.types import DOC_ID, END_CHAR, START_CHAR, PathLike

#: Below this share of matching characters two texts are taken to be different documents.
MIN_MATCH_RATIO = 0.8
# Changed line blocks longer than this are not diffed character by character (quadratic).
_MAX_CHAR_DIFF = 20_000


def offset_maps(old: str, new: str) -> tuple[np.ndarray, np.ndarray, float]:
    """Where each offset of ``old`` lands in ``new``.

    Returns
    -------
    start_map, end_map : numpy.ndarray
        Arrays of length ``len(old) + 1``; an offset inside changed text maps to the start
        (``start_map``) or end (``end_map``) of the corresponding change in ``new``.
    ratio : float
        Share of ``old`` characters found unchanged in ``new``.
    """
    start_map = np.zeros(len(old) + 1, dtype=np.int64)
    end_map = np.zeros(len(old) + 1, dtype=np.int64)
    matched = 0
    a_lines, b_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    a_off = np.concatenate([[0], np.cumsum([len(x) for x in a_lines])]).astype(np.int64)
    b_off = np.concatenate([[0], np.cumsum([len(x) for x in b_lines])]).astype(np.int64)
    lines = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        a1, a2, b1, b2 = a_off[i1], a_off[i2], b_off[j1], b_off[j2]
        if tag == "equal":
            _fill_equal(start_map, end_map, a1, a2, b1)
            matched += a2 - a1
        elif tag == "replace" and max(a2 - a1, b2 - b1) <= _MAX_CHAR_DIFF:
            chars = difflib.SequenceMatcher(None, old[a1:a2], new[b1:b2], autojunk=False)
            for ctag, k1, k2, l1, l2 in chars.get_opcodes():
                if ctag == "equal":
                    _fill_equal(start_map, end_map, a1 + k1, a1 + k2, b1 + l1)
                    matched += k2 - k1
                else:
                    start_map[a1 + k1 : a1 + k2] = b1 + l1
                    end_map[a1 + k1 + 1 : a1 + k2 + 1] = b1 + l2
                    start_map[a1 + k1] = b1 + l1
        else:
            start_map[a1:a2] = b1
            end_map[a1 + 1 : a2 + 1] = b2
            start_map[a1] = b1
    start_map[len(old)] = len(new)
    end_map[len(old)] = len(new)
    end_map[0] = 0
    return start_map, end_map, matched / max(len(old), 1)


def _fill_equal(start_map: np.ndarray, end_map: np.ndarray, a1: int, a2: int, b1: int) -> None:
    span = np.arange(a2 - a1 + 1, dtype=np.int64) + b1
    start_map[a1 : a2 + 1] = span
    end_map[a1 : a2 + 1] = span


def realign(
    codings: pd.DataFrame,
    from_sources: Mapping[str, str],
    to_sources: Mapping[str, str],
    *,
    file: PathLike = "codings",
) -> pd.DataFrame:
    """Map ``start_char``/``end_char`` of codings from ``from_sources`` texts to ``to_sources``.

    Documents whose texts are equal are untouched; documents that differ too much
    (< :data:`MIN_MATCH_RATIO`) lose their codings with a :class:`~vnqual.errors.VnqualWarning`.
    """
    codings = codings.copy()
    keep = np.ones(len(codings), dtype=bool)
    moved, dropped = [], []
    docs = codings[DOC_ID].to_numpy()
    start_col, end_col = list(codings.columns).index(START_CHAR), list(codings.columns).index(END_CHAR)
    for doc in pd.unique(docs):
        old, new = from_sources.get(doc), to_sources.get(doc)
        if old is None or new is None or old == new:
            continue
        start_map, end_map, ratio = offset_maps(old, new)
        rows = np.flatnonzero(docs == doc)
        if ratio < MIN_MATCH_RATIO:
            keep[rows] = False
            dropped.append(str(doc))
            continue
        starts = np.clip(codings[START_CHAR].to_numpy()[rows], 0, len(old))
        ends = np.clip(codings[END_CHAR].to_numpy()[rows], 0, len(old))
        new_s, new_e = start_map[starts], end_map[ends]
        codings.iloc[rows, start_col] = new_s
        codings.iloc[rows, end_col] = np.maximum(new_e, new_s)
        moved.append(str(doc))
    if moved:
        warnings.warn(
            f"{file}: text of {', '.join(moved[:5])} differs from the corpus; coding "
            f"offsets were re-aligned to the corpus text",
            VnqualWarning,
            stacklevel=2,
        )
    if dropped:
        warnings.warn(
            f"{file}: text of {', '.join(dropped[:5])} does not match the corpus "
            f"document of the same name; its codings were skipped",
            VnqualWarning,
            stacklevel=2,
        )
    return codings[keep].reset_index(drop=True)
