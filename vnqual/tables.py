"""Spreadsheet safety: formula-injection guard and an Excel-friendly CSV writer.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel and LibreOffice (OWASP "CSV injection"). Transcripts do contain such lines
(``- Ý kiến thứ hai ...``, ``=> kết luận``), so every CSV/XLSX vnqual writes for people prefixes
them with an apostrophe, which spreadsheets show as plain text. JSONL and Parquet keep the
verbatim text: they are read by programs, not spreadsheets.

This is the one home of safe table writing: every user-facing CSV (``vnqual topics --out``,
``tag``, ``tokens``, ``agree``, ``crosstab``, exports) goes through :func:`write_csv` (or
:func:`guard_frame` for text written another way).
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

import pandas as pd

from vnqual._fs import atomic_write
from vnqual.types import PathLike

#: First characters that make a spreadsheet cell a formula.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 (hence XLSX and REFI-QDA) cannot hold, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def guard_cell(value: Any) -> Any:
    """Prefix a formula-looking string with ``'``; other values are returned unchanged.

    Examples
    --------
    >>> guard_cell("=> kinh phí còn thiếu")
    "'=> kinh phí còn thiếu"
    >>> guard_cell("Kinh phí còn thiếu"), guard_cell(-3)
    ('Kinh phí còn thiếu', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unguard_cell(value: Any) -> Any:
    """Undo :func:`guard_cell` (``"'=x"`` -> ``"=x"``); used when reading guarded CSV files.

    Examples
    --------
    >>> unguard_cell("'- ý kiến"), unguard_cell("'bình thường")
    ('- ý kiến', "'bình thường")
    """
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1:].startswith(FORMULA_TRIGGERS)
    ):
        return value[1:]
    return value


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) passed through :func:`guard_cell`."""
    out = frame.copy()
    for i, col in enumerate(out.columns):
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            values = out[col].tolist()
            hits = [j for j, v in enumerate(values) if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS)]
            if hits:  # most columns have none: skip the per-cell rewrite
                for j in hits:
                    values[j] = "'" + values[j]
                out.isetitem(i, pd.Series(values, index=out.index, dtype=out[col].dtype))
    out.columns = [guard_cell(str(c)) for c in out.columns]
    return out


def unguard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`unguard_cell` applied to every text cell."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(unguard_cell)
    return out


def xml_safe(text: str) -> str:
    """Replace characters that XML 1.0 cannot store (e.g. Word's vertical tab) with spaces."""
    return _XML_ILLEGAL.sub(" ", text)


def write_csv(
    frame: pd.DataFrame, path: PathLike | IO[str] | None, *, guard: bool = True, index: bool = False
) -> None:
    """Write ``frame`` as CSV that Excel opens correctly, atomically.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table to write.
    path : path-like, text file object or None
        Output file; UTF-8 with a BOM so Excel detects the encoding of Vietnamese text.
        A file object (or None for stdout) gets UTF-8 text without a BOM.
    guard : bool
        Neutralise cells that spreadsheets would run as formulas (see :func:`guard_cell`).
    index : bool
        Write the index as the first column (for matrices such as crosstabs).

    Examples
    --------
    >>> import pandas as pd
    >>> write_csv(pd.DataFrame({"excerpt": ["=SUM(A1)"]}), "ma_hoa.csv")  # doctest: +SKIP
    """
    out = guard_frame(frame) if guard else frame
    if index and guard:
        out.index = out.index.map(guard_cell)
        out.index.names = [guard_cell(n) if isinstance(n, str) else n for n in out.index.names]
    if path is None:
        out.to_csv(sys.stdout, index=index, lineterminator="\n")
        return
    if hasattr(path, "write"):
        out.to_csv(path, index=index, lineterminator="\n")
        return
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        out.to_csv(fh, index=index, lineterminator="\n")
