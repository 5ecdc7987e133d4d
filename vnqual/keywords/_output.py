"""Writing result frames: terminal table, CSV (BOM, formula-guarded) or JSON, to stdout or a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Literal

import numpy as np
import pandas as pd

from vnqual._fs import atomic_write
from vnqual.tables import guard_frame

Format = Literal["table", "csv", "json"]
FORMATS: tuple[str, ...] = ("table", "csv", "json")


def resolve_format(fmt: str | None, out: Path | None) -> str:
    """``--format`` if given, else from the ``--out`` suffix (.json, else csv), else table."""
    if fmt:
        return fmt.lower()
    if out is None:
        return "table"
    return "json" if out.suffix.lower() == ".json" else "csv"


def format_table(frame: pd.DataFrame, *, right_align: tuple[str, ...] = (), max_width: int = 60) -> str:
    """Readable fixed-width table: floats with 3 decimals, long cells cut with an ellipsis."""
    if frame.empty:
        return "(no rows)"
    view = frame.copy()
    for column in view.columns:
        series = view[column]
        if pd.api.types.is_float_dtype(series):
            view[column] = series.map(lambda v: "" if pd.isna(v) else f"{v:.3f}")
        else:
            view[column] = series.astype(str).map(
                lambda v, col=column: _cut(v.replace("\n", " "), max_width, col in right_align)
            )
    widths = {c: max(len(str(c)), int(view[c].str.len().max())) for c in view.columns}
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}

    def cell(value: str, column: str) -> str:
        if column in numeric or column in right_align:
            return value.rjust(widths[column])
        return value.ljust(widths[column])

    lines = ["  ".join(cell(str(c), c) for c in view.columns).rstrip()]
    for row in view.itertuples(index=False, name=None):
        lines.append("  ".join(cell(v, c) for v, c in zip(row, view.columns)).rstrip())
    return "\n".join(lines)


def _cut(value: str, width: int, keep_end: bool) -> str:
    if len(value) <= width:
        return value
    return "…" + value[-(width - 1) :] if keep_end else value[: width - 1] + "…"


def write_frame(
    frame: pd.DataFrame, *, fmt: str = "table", out: Path | None = None, right_align: tuple[str, ...] = ()
) -> None:
    """Write ``frame`` to ``out`` (atomically) or stdout.

    CSV files are UTF-8 with a BOM (Excel shows Vietnamese correctly) and formula-guarded; CSV on
    stdout has no BOM. JSON is a list of records with Vietnamese characters unescaped.
    """
    if fmt == "csv":
        text = guard_frame(frame).to_csv(index=False, lineterminator="\n")
        _emit(text, out, encoding="utf-8-sig")
    elif fmt == "json":
        records = frame.replace({np.nan: None}).to_json(orient="records", force_ascii=False, indent=1)
        _emit(records + "\n", out, encoding="utf-8")
    else:
        _emit(format_table(frame, right_align=right_align) + "\n", out, encoding="utf-8")


def _emit(text: str, out: Path | None, *, encoding: str) -> None:
    if out is None:
        stream: IO[str] = sys.stdout
        stream.write(text)
        stream.flush()
        return
    with atomic_write(out, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
