"""Coded excerpts as tables: CSV and XLSX for people, JSONL and Parquet for programs."""

from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from vnqual._fs import atomic_write
from vnqual.codings import (
    CODE,
    CODER,
    CODING_COLUMNS,
    EVIDENCE,
    EXCERPT,
    METHOD,
    SCORE,
    codes_from_codings,
)
from vnqual.errors import InputError, VnqualWarning
from vnqual.refi._xml import ZIP_DATE, refi_datetime
from vnqual.tables import guard_cell, write_csv, xml_safe
from vnqual.types import (
    DOC_ID,
    END_CHAR,
    ROLE,
    SOURCE_FILE,
    SPEAKER,
    START_CHAR,
    STATEMENT_ID,
    PathLike,
)

#: Excel's limits.
SHEET_NAME_MAX = 31
CELL_MAX = 32_767
ROWS_MAX = 1_048_576
SUMMARY_SHEET = "Summary"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
#: Columns of each per-code XLSX sheet (``quote`` is the excerpt), metadata columns follow.
SHEET_COLUMNS: tuple[str, ...] = (
    "quote",
    SPEAKER,
    ROLE,
    DOC_ID,
    STATEMENT_ID,
    SOURCE_FILE,
    START_CHAR,
    END_CHAR,
    METHOD,
    SCORE,
    EVIDENCE,
    CODER,
)
#: Workbook properties member (``dcterms:created``/``modified``) inside the .xlsx zip.
_CORE_MEMBER = "docProps/core.xml"
_SPOOL_MAX = 64 << 20  # openpyxl's zip stays in memory up to this size, then spills to disk


def excerpt_table(codings: pd.DataFrame) -> pd.DataFrame:
    """Codings with the standard columns first (:data:`CODING_COLUMNS`), then the others."""
    first = [c for c in CODING_COLUMNS if c in codings.columns]
    return codings[first + [c for c in codings.columns if c not in first]].reset_index(drop=True)


def to_csv(codings: pd.DataFrame, path: PathLike) -> Path:
    """Write coded excerpts as CSV: UTF-8 with BOM, formula cells neutralised.

    Examples
    --------
    >>> to_csv(coded.codings, "ma_hoa.csv")  # doctest: +SKIP
    """
    write_csv(excerpt_table(codings), path)
    return Path(path)


def to_jsonl(codings: pd.DataFrame, path: PathLike) -> Path:
    """Write one JSON object per coding (UTF-8, verbatim text, no formula guard)."""
    table = excerpt_table(codings)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        for record in table.to_dict("records"):
            fh.write(json.dumps({k: _json_value(v) for k, v in record.items()}, ensure_ascii=False) + "\n")
    return Path(path)


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def to_parquet(codings: pd.DataFrame, path: PathLike) -> Path:
    """Write coded excerpts as Parquet (pyarrow; verbatim text, no formula guard)."""
    table = excerpt_table(codings).copy()
    for col in table.columns:
        if _is_text(table[col]) and not table[col].map(lambda v: isinstance(v, (list, tuple))).any():
            table[col] = table[col].map(lambda v: None if _missing(v) else str(v))
    with atomic_write(path, "wb") as fh:
        table.to_parquet(fh, index=False, engine="pyarrow")
    return Path(path)


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# -------------------------------------------------------------------------------- XLSX
def sheet_names(names: Iterable[str], *, reserved: Iterable[str] = (SUMMARY_SHEET,)) -> list[str]:
    """Excel-valid, unique sheet names for ``names`` (in order).

    Forbidden characters ``[]:*?/\\`` become ``_``, names are cut to 31 characters, and
    duplicates (Excel compares case-insensitively) get ``~2``, ``~3`` ... suffixes.

    Examples
    --------
    >>> sheet_names(["Kinh phí/ngân sách", "kinh phí/ngân sách", "History"])
    ['Kinh phí_ngân sách', 'kinh phí_ngân sách~2', 'History_']
    """
    taken = {r.casefold() for r in reserved}
    out = []
    for name in names:
        base = _SHEET_FORBIDDEN.sub("_", str(name)).strip().strip("'").strip() or "code"
        if base.casefold() == "history":  # reserved by Excel
            base += "_"
        candidate, n = base[:SHEET_NAME_MAX], 2
        while candidate.casefold() in taken:
            suffix = f"~{n}"
            candidate, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def to_xlsx(
    codings: pd.DataFrame,
    path: PathLike,
    *,
    codes: pd.DataFrame | None = None,
    created: datetime | None = None,
) -> Path:
    """Write an Excel workbook: a summary sheet and one sheet of quotes per code.

    Parameters
    ----------
    codings : pandas.DataFrame
        Coded excerpts (``code``, ``excerpt``, ``speaker``, ``doc_id``, offsets ...).
    path : path-like
        Output ``.xlsx`` file, written atomically.
    codes : pandas.DataFrame, optional
        Codebook giving the order and descriptions of codes (default: order of first use).
    created : datetime, optional
        Workbook ``created``/``modified`` properties (UTC, whole seconds); ``$SOURCE_DATE_EPOCH``
        overrides it when set. Default: the fixed 1980-01-01 of .qdpx exports, so the same
        codings give the same bytes wherever they are exported (zip members get it too).

    Notes
    -----
    Text cells starting with ``= + - @`` (or tab/CR) get a leading apostrophe, characters XML
    cannot hold (e.g. Word's vertical tab) become spaces, and cells longer than Excel's 32,767
    characters are cut with a warning.
    """
    table = excerpt_table(codings)
    if len(table) + 1 > ROWS_MAX:
        raise InputError(
            f"{len(table)} codings exceed Excel's {ROWS_MAX} rows per sheet; use `fmt` csv or parquet"
        )
    codes = codes if codes is not None else codes_from_codings(table)
    order = [c for c in codes[CODE] if c in set(table[CODE])]
    order += [c for c in pd.unique(table[CODE]) if c not in set(order)]
    names = dict(zip(order, sheet_names(order)))
    summary = _summary(table, codes, order, names)
    meta = [c for c in table.columns if c not in CODING_COLUMNS and c not in ("code_path",)]
    cut = [0]
    when = datetime.strptime(refi_datetime(created), "%Y-%m-%dT%H:%M:%SZ")  # naive UTC, as openpyxl
    with tempfile.SpooledTemporaryFile(_SPOOL_MAX) as raw:
        # pandas-stubs accept BinaryIO only, which SpooledTemporaryFile does not subclass
        with pd.ExcelWriter(raw, engine="openpyxl") as writer:  # type: ignore[call-overload]
            _sheet(writer, SUMMARY_SHEET, summary, cut, widths={"code": 30, "description": 60})
            for code in order:
                rows = table[table[CODE] == code].rename(columns={EXCERPT: "quote"})
                cols = [c for c in SHEET_COLUMNS if c in rows.columns] + meta
                _sheet(writer, names[code], rows[cols], cut, widths={"quote": 80})
        raw.seek(0)
        with atomic_write(path, "wb") as fh:
            _reproducible_zip(raw, fh, when)
    if cut[0]:
        warnings.warn(
            f"{cut[0]} cell(s) longer than Excel's {CELL_MAX} characters were cut in "
            f"{path}; the CSV/JSONL exports keep them whole",
            VnqualWarning,
            stacklevel=2,
        )
    return Path(path)


def _reproducible_zip(src: IO[bytes], dst: IO[bytes], when: datetime) -> None:
    """Copy the zip openpyxl wrote with its member order and compression, but fixed member
    timestamps and ``when`` as the workbook's created/modified time (openpyxl stamps both
    with the current time on save and offers no option to keep them)."""
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring, tostring

    with (
        zipfile.ZipFile(src) as zin,
        zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout,
    ):
        for info in zin.infolist():
            out = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            out.compress_type = info.compress_type
            out.external_attr = info.external_attr
            if info.filename == _CORE_MEMBER:
                # types-openpyxl describe from_tree's argument as an lxml element, not ElementTree's
                props = DocumentProperties.from_tree(fromstring(zin.read(info)))  # type: ignore[arg-type]
                assert props is not None, "openpyxl writes a non-empty docProps/core.xml"
                props.created = props.modified = when
                zout.writestr(out, tostring(props.to_tree()))
                continue
            out.file_size = info.file_size  # lets zipfile choose ZIP64 for huge sheets
            with zin.open(info) as member, zout.open(out, "w") as copy:
                shutil.copyfileobj(member, copy, 1 << 20)


def _summary(
    table: pd.DataFrame, codes: pd.DataFrame, order: list[str], names: dict[str, str]
) -> pd.DataFrame:
    info = codes.drop_duplicates(CODE).set_index(CODE)
    grouped = table.groupby(CODE, sort=False)
    rows = []
    for code in list(order) + [c for c in codes[CODE] if c not in set(order)]:
        has = code in names
        g = grouped.get_group(code) if has else table.iloc[:0]
        row = {
            "code": code,
            "path": info["path"].get(code, code) if "path" in info else code,
            "description": info["description"].get(code, "") if "description" in info else "",
            "n_codings": len(g),
            "n_statements": g[STATEMENT_ID].nunique() if STATEMENT_ID in g else len(g),
            "n_documents": g[DOC_ID].nunique(),
            "sheet": names.get(code, ""),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def _sheet(
    writer: pd.ExcelWriter, name: str, frame: pd.DataFrame, cut: list[int], widths: dict[str, int]
) -> None:
    frame = frame.copy()
    for col in frame.columns:
        if _is_text(frame[col]):
            frame[col] = frame[col].map(lambda v: _xlsx_cell(v, cut))
    frame.columns = [guard_cell(str(c)) for c in frame.columns]
    frame.to_excel(writer, sheet_name=name, index=False)
    ws = writer.sheets[name]
    ws.freeze_panes = "A2"
    from openpyxl.utils import get_column_letter

    for i, col in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(col, 16)


def _xlsx_cell(value: Any, cut: list[int]) -> Any:
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    if not isinstance(value, str):
        return value
    value = guard_cell(xml_safe(value))
    if len(value) > CELL_MAX:
        cut[0] += 1
        value = value[: CELL_MAX - 1] + "…"
    return value
