"""Exports of coded excerpts: CSV/XLSX (spreadsheet-safe), JSONL/Parquet, REFI-QDA .qdpx/.qdc.

Examples
--------
>>> from vnqual import export
>>> coded = export.load_coded("ket_qua/ma_hoa")  # doctest: +SKIP
>>> export.to_xlsx(coded.codings, "ma_hoa.xlsx", codes=coded.codes)  # doctest: +SKIP
>>> codings, sources, codes = export.read_qdpx("toa_dam_nvivo.qdpx")  # doctest: +SKIP
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from vnqual.coded import Coded, load_coded, load_corpus_dir
from vnqual.codings import CODES_COLUMNS, CODING_COLUMNS, attach_corpus, read_codings_csv
from vnqual.errors import InputError
from vnqual.export._tables import (
    excerpt_table,
    sheet_names,
    to_csv,
    to_jsonl,
    to_parquet,
    to_xlsx,
)
from vnqual.export.qdc import to_qdc
from vnqual.export.qdpx import to_qdpx
from vnqual.refi import read_qdc, read_qdpx, read_qdpx_cases
from vnqual.tables import guard_cell, guard_frame, unguard_cell, write_csv
from vnqual.types import PathLike

Format = Literal["csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc"]
FORMATS: tuple[str, ...] = ("csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc")


def export(
    path: PathLike,
    out: PathLike,
    fmt: Format,
    *,
    name: str | None = None,
    cases: bool = True,
    deidentify: bool = False,
    key: PathLike | None = None,
    reviewed_only: bool = False,
) -> Path:
    """Export the codings of a ``vnqual tag`` output folder (or a codes.csv) to ``out``.

    Parameters
    ----------
    path : path-like
        ``DIR`` written by ``vnqual tag --out DIR`` (``codes.csv``, ``corpus/``,
        ``codebook.json``) or a codes.csv-like table.
    out : path-like
        Output file.
    fmt : {"csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc"}
        Output format.
    name : str, optional
        Project name inside a .qdpx (default: ``out`` without extension).
    cases : bool
        .qdpx only: write speakers as Cases (see :func:`to_qdpx`).
    deidentify : bool
        Replace names, places and numbers by pseudonyms in excerpts, speakers, metadata and
        source texts (:func:`vnqual.deid.deidentify_coded`).
    key : path-like, optional
        With ``deidentify``: the pseudonym key to use and extend (kept outside ``out``).
    reviewed_only : bool
        Only the codings a reviewer accepted in ``vnqual review`` (see
        :func:`vnqual.review.reviewed_codings`): the reviewer is the coder, the memo a note.

    Returns
    -------
    pathlib.Path
        ``out``.
    """
    fmt = str(fmt).lower()  # type: ignore[assignment]
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    coded = load_coded(path)
    if reviewed_only:
        from vnqual.review._loop import reviewed_codings

        if coded.corpus is None:
            raise InputError(f"{path}: `reviewed_only` needs the `vnqual tag` folder that was reviewed")
        coded = coded._replace(codings=attach_corpus(reviewed_codings(path), coded.corpus))
    if deidentify and fmt != "qdc":
        from vnqual.deid import deidentify_coded

        coded = deidentify_coded(coded, key=key, outputs=[out])[0]
    if fmt == "qdpx" and coded.corpus is None:
        raise InputError(
            f"{path}: no corpus/ folder next to the codings; a .qdpx needs the "
            f"source texts: export from the `vnqual tag --out` folder"
        )
    return export_coded(coded, out, fmt, name=name, cases=cases)


def export_coded(
    coded: Coded,
    out: PathLike,
    fmt: Format,
    *,
    name: str | None = None,
    cases: bool = True,
    created: datetime | None = None,
) -> Path:
    """Export already loaded codings (e.g. the themes of a topics folder) to ``out``.

    Parameters
    ----------
    coded : Coded
        Codings, codes and (for .qdpx) the corpus.
    out : path-like
        Output file.
    fmt : {"csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc"}
        Output format.
    name : str, optional
        Project name inside a .qdpx.
    cases : bool
        .qdpx only: write speakers as Cases.
    created : datetime, optional
        Date written into .qdpx/.xlsx (default: the fixed 1980-01-01, so the same codings give
        the same bytes; ``$SOURCE_DATE_EPOCH`` wins).

    Returns
    -------
    pathlib.Path
        ``out``.
    """
    fmt = str(fmt).lower()  # type: ignore[assignment]
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "qdc":
        return to_qdc(coded.codes, out)
    if fmt == "qdpx":
        if coded.corpus is None:
            raise InputError(f"{coded.file}: a .qdpx needs the source texts (`coded.corpus` is None)")
        return to_qdpx(
            coded.codings,
            coded.corpus,
            out,
            codes=coded.codes,
            name=name,
            cases=cases,
            created=created,
        )
    if fmt == "xlsx":
        return to_xlsx(coded.codings, out, codes=coded.codes, created=created)
    writer = {"csv": to_csv, "jsonl": to_jsonl, "parquet": to_parquet}[fmt]
    return writer(coded.codings, out)


__all__ = [
    "CODES_COLUMNS",
    "CODING_COLUMNS",
    "FORMATS",
    "Coded",
    "attach_corpus",
    "excerpt_table",
    "export",
    "export_coded",
    "guard_cell",
    "guard_frame",
    "load_coded",
    "load_corpus_dir",
    "read_codings_csv",
    "read_qdc",
    "read_qdpx",
    "read_qdpx_cases",
    "sheet_names",
    "to_csv",
    "to_jsonl",
    "to_parquet",
    "to_qdc",
    "to_qdpx",
    "to_xlsx",
    "unguard_cell",
    "write_csv",
]
