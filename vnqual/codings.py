"""The coded-excerpt schema: one row per coded span of a source text.

Every table of codings vnqual reads or writes (``vnqual tag`` output, exports, agreement,
crosstabs, the report) uses these column names and ``method`` values. Codings tables written
for spreadsheets are formula-guarded (:func:`guard_codings`); :func:`read_codings_csv` removes
the guard again (:func:`unguard_codings`).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual.corpus import Corpus
from vnqual.errors import InputError, VnqualWarning
from vnqual.tables import guard_frame, unguard_frame
from vnqual.types import (
    DOC_ID,
    END_CHAR,
    ROLE,
    SOURCE_FILE,
    SPEAKER,
    START_CHAR,
    STATEMENT_ID,
    TEXT,
    PathLike,
)

CODE = "code"
CODE_PATH = "code_path"
SCORE = "score"
RANK = "rank"
APPLIES = "applies"
METHOD = "method"
EVIDENCE = "evidence"
EXCERPT = "excerpt"
CODER = "coder"

#: Columns a codings table must have.
REQUIRED_COLUMNS: tuple[str, ...] = (DOC_ID, CODE, START_CHAR, END_CHAR)
#: Leading columns of every codings table vnqual writes (metadata columns follow).
CODING_COLUMNS: tuple[str, ...] = (
    STATEMENT_ID,
    CODE,
    SCORE,
    METHOD,
    EVIDENCE,
    START_CHAR,
    END_CHAR,
    EXCERPT,
    RANK,
    APPLIES,
    DOC_ID,
    SPEAKER,
    ROLE,
    SOURCE_FILE,
    CODER,
)
#: Columns of a codes (codebook) table.
CODES_COLUMNS: tuple[str, ...] = (CODE, "path", "parent", "description", "keywords", "examples")

#: Coder name of automatic codings.
AUTO_CODER = "vnqual"

#: Values of the ``method`` column: the keyword rule scored the code (no model), the model scored
#: it, the model scored it and a keyword of the code matched (evidence), a person coded it.
METHOD_KEYWORD, METHOD_MODEL, METHOD_HUMAN = "keyword", "model", "human"
METHOD_KEYWORD_MODEL = "keyword+model"
METHODS: tuple[str, ...] = (METHOD_KEYWORD, METHOD_MODEL, METHOD_KEYWORD_MODEL, METHOD_HUMAN)
#: The methods of automatic (machine-suggested) codings.
MACHINE_METHODS: tuple[str, ...] = (METHOD_KEYWORD, METHOD_MODEL, METHOD_KEYWORD_MODEL)

_TRUE = {"true", "1", "yes", "1.0"}


def parse_applies(values: pd.Series) -> pd.Series:
    """The ``applies`` column as booleans (``True``/``False`` as written, also ``1``/``0``)."""
    if values.dtype == bool:
        return values
    return values.map(lambda v: v is True or str(v).strip().lower() in _TRUE).astype(bool)


def applying(codings: pd.DataFrame) -> pd.DataFrame:
    """The codings that apply: rows with ``applies`` true.

    A table without the column (written before 0.2.0, by a person, or by another program)
    keeps every row: each of its rows is a coding.
    """
    if APPLIES not in codings.columns:
        return codings
    return codings[parse_applies(codings[APPLIES]).to_numpy()].reset_index(drop=True)


def normalise_ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Parse ``score``, ``rank`` and ``applies`` of a codings table read as text (if present)."""
    if SCORE in frame.columns:
        frame[SCORE] = pd.to_numeric(frame[SCORE], errors="coerce")
    if RANK in frame.columns:
        frame[RANK] = pd.to_numeric(frame[RANK], errors="coerce").astype("Int64")
    if APPLIES in frame.columns:
        frame[APPLIES] = parse_applies(frame[APPLIES])
    return frame


def guard_codings(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a codings table with spreadsheet formulas neutralised (:func:`vnqual.tables.guard_cell`)."""
    return guard_frame(frame)


def unguard_codings(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`guard_codings` on a codings table read from a CSV file."""
    return unguard_frame(frame)


def read_codings_csv(file: PathLike, *, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read a codes.csv-like table (``doc_id, code, start_char, end_char`` at least).

    Cells guarded against spreadsheet formulas (leading ``'``) are restored. A table with a
    ``method`` column but no ``coder`` column (``vnqual tag`` output) gets ``coder="vnqual"``.
    A hand-coding table of ``statement_id, code`` (several codes separated by ``;``, the
    ``vnqual tag --train`` format) is accepted when ``statements`` (a corpus frame) gives the
    statements' documents and offsets; each statement is coded whole.

    Raises
    ------
    InputError
        The file cannot be parsed or lacks a required column.
    """
    file = Path(file)
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        msg = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError(
            f"{file}: not a readable UTF-8 CSV table ({msg}); give a codes.csv written by `vnqual tag`"
        ) from None
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing and STATEMENT_ID in frame.columns and CODE in frame.columns:
        return _statement_codings(unguard_codings(frame), statements, file)
    if missing:
        raise InputError(
            f"{file}: codings table lacks column(s) {', '.join(missing)}; "
            f"expected at least {', '.join(REQUIRED_COLUMNS)}"
        )
    frame = unguard_codings(frame)
    for col in (START_CHAR, END_CHAR):
        values = pd.to_numeric(frame[col], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # header is line 1
            raise InputError(
                f"{file} line {row}: {col} {frame[col].iloc[row - 2]!r} is not a "
                f"character offset; fix or remove that row"
            )
        frame[col] = values.astype(int)
    frame = normalise_ranked(frame)
    if CODER not in frame.columns and METHOD in frame.columns:  # `vnqual tag` output
        frame[CODER] = AUTO_CODER
    return frame


def codes_from_codebook_json(file: PathLike) -> pd.DataFrame:
    """Codes table from the ``codebook.json`` written by ``vnqual tag``."""
    file = Path(file)
    try:
        data = json.loads(file.read_text(encoding="utf-8-sig"))
        items = data["codes"] if isinstance(data, dict) else data
        rows = [_code_row(item) for item in items]
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as err:
        raise InputError(
            f"{file}: not a vnqual codebook.json ({type(err).__name__}: {err}); "
            f'expected {{"codes": [{{"name": ...}}, ...]}}'
        ) from None
    return codes_frame(rows)


def code_labels(names: list[str], paths: list[str]) -> list[str]:
    """How codes are known in codings tables: the name, or the path where names repeat.

    Names are compared NFC and case-insensitively (as codebooks compare them).

    Examples
    --------
    >>> code_labels(["Khó khăn", "Kinh phí", "Giải pháp", "Kinh phí"],
    ...             ["Khó khăn", "Khó khăn/Kinh phí", "Giải pháp", "Giải pháp/Kinh phí"])
    ['Khó khăn', 'Khó khăn/Kinh phí', 'Giải pháp', 'Giải pháp/Kinh phí']
    """
    import unicodedata
    from collections import Counter

    keys = [unicodedata.normalize("NFC", str(n)).strip().casefold() for n in names]
    counts = Counter(keys)
    return [str(n) if counts[k] == 1 else str(p) for n, k, p in zip(names, keys, paths)]


def _code_row(item: Mapping[str, Any]) -> dict[str, Any]:
    name = item.get(CODE) or item.get("name")
    if not name:
        raise KeyError("name")
    return {
        CODE: str(name),
        "path": str(item.get("path") or name),
        "parent": str(item.get("parent") or ""),
        "description": str(item.get("description") or ""),
        "keywords": _as_list(item.get("keywords")),
        "examples": _as_list(item.get("examples")),
        "guid": str(item.get("guid") or ""),
        "name": str(item.get("name") or name),
    }


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


def codes_frame(rows: list[dict[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """Normalise a codes table to :data:`CODES_COLUMNS` (plus any extra columns given)."""
    frame = pd.DataFrame(rows).copy() if not isinstance(rows, pd.DataFrame) else rows.copy()
    if CODE not in frame.columns and "name" in frame.columns:
        frame = frame.rename(columns={"name": CODE})
    if CODE not in frame.columns:
        frame[CODE] = pd.Series(dtype=str)
    for col in CODES_COLUMNS[1:]:
        if col not in frame.columns:
            frame[col] = [[] for _ in range(len(frame))] if col in ("keywords", "examples") else ""
    frame["path"] = [p if p else c for p, c in zip(frame["path"], frame[CODE])]
    for col in ("keywords", "examples"):
        frame[col] = frame[col].map(_as_list)
    extra = [c for c in frame.columns if c not in CODES_COLUMNS]
    return frame[list(CODES_COLUMNS) + extra].reset_index(drop=True)


def codes_from_codings(codings: pd.DataFrame) -> pd.DataFrame:
    """A flat codes table listing the codes used in ``codings`` (first-seen order)."""
    names = codings[CODE].astype(str).unique().tolist() if len(codings) else []
    return codes_frame([{CODE: n, "path": n} for n in names])


class StatementsNeeded(InputError):
    """A ``statement_id, code`` table was read without the corpus of its statements."""


def _statement_codings(frame: pd.DataFrame, statements: pd.DataFrame | None, file: Path) -> pd.DataFrame:
    """Codings of whole statements from a ``statement_id, code`` table (codes split on ``;``)."""
    if statements is None:
        raise StatementsNeeded(
            f"{file}: a statement_id, code table needs the corpus of those "
            "statements; give `corpus` DIR or compare it with a `vnqual tag` folder"
        )
    where = statements.set_index(STATEMENT_ID)[[DOC_ID, START_CHAR, END_CHAR]]
    coders = frame[CODER] if CODER in frame.columns else [None] * len(frame)
    rows, unknown = [], []
    for line, (sid, cell, coder) in enumerate(zip(frame[STATEMENT_ID], frame[CODE], coders), start=2):
        sid = str(sid).strip()
        if sid not in where.index:
            unknown.append((line, sid))
            continue
        doc, start, end = where.loc[sid]
        for code in (c.strip() for c in str(cell).split(";")):
            if code:
                rows.append(
                    {
                        DOC_ID: doc,
                        CODE: code,
                        START_CHAR: int(start),
                        END_CHAR: int(end),
                        STATEMENT_ID: sid,
                        CODER: coder,
                    }
                )
    if unknown:
        warnings.warn(
            f"{file}: skipped {len(unknown)} row(s) whose statement_id is not in the "
            f"corpus (first: line {unknown[0][0]}, {unknown[0][1]!r})",
            VnqualWarning,
            stacklevel=3,
        )
    out = pd.DataFrame(rows, columns=[DOC_ID, CODE, START_CHAR, END_CHAR, STATEMENT_ID, CODER])
    return out if CODER in frame.columns else out.drop(columns=CODER)


def attach_corpus(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    file: PathLike = "codings",
    sources: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Check codings against ``corpus``, re-cut excerpts and fill statement columns.

    Codings of documents the corpus lacks, or whose span runs past the source, are dropped with
    a :class:`~vnqual.errors.VnqualWarning`. When ``sources`` (the texts the offsets refer to)
    differ from the corpus texts, offsets are re-aligned (see :mod:`vnqual._realign`).
    """
    from vnqual._realign import realign

    codings = codings.copy()
    if sources is not None:
        codings = realign(codings, sources, corpus.sources, file=file)
    known = codings[DOC_ID].isin(list(corpus.sources))
    if not known.all():
        docs = sorted(set(codings.loc[~known, DOC_ID]))
        warnings.warn(
            f"{file}: skipped {int((~known).sum())} coding(s) of document(s) not in "
            f"the corpus: {', '.join(docs[:5])}",
            VnqualWarning,
            stacklevel=2,
        )
        codings = codings[known]
    lengths = codings[DOC_ID].map({d: len(t) for d, t in corpus.sources.items()})
    bad = (codings[END_CHAR].to_numpy() > lengths.to_numpy()) | (
        codings[START_CHAR].to_numpy() > codings[END_CHAR].to_numpy()
    )
    if bad.any():
        warnings.warn(
            f"{file}: skipped {int(bad.sum())} coding(s) whose span does not fit the "
            f"source text (first: {codings.loc[bad, DOC_ID].iloc[0]} "
            f"{codings.loc[bad, START_CHAR].iloc[0]}-"
            f"{codings.loc[bad, END_CHAR].iloc[0]})",
            VnqualWarning,
            stacklevel=2,
        )
        codings = codings[~bad]
    codings = codings.reset_index(drop=True)
    codings[EXCERPT] = [
        corpus.sources[d][s:e] for d, s, e in zip(codings[DOC_ID], codings[START_CHAR], codings[END_CHAR])
    ]
    return fill_statement_columns(codings, corpus.frame)


def fill_statement_columns(codings: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """Give each coding the ``statement_id`` it overlaps most and that statement's columns."""
    codings = codings.copy()
    if STATEMENT_ID not in codings.columns:
        codings[STATEMENT_ID] = ""
    empty = codings[STATEMENT_ID].fillna("").astype(str) == ""
    if empty.any():
        codings.loc[empty, STATEMENT_ID] = best_statement(codings[empty], statements)
    by_id = statements.drop_duplicates(STATEMENT_ID).set_index(STATEMENT_ID)
    skip = {DOC_ID, TEXT, START_CHAR, END_CHAR, "turn", "line"}
    for col in [c for c in statements.columns if c not in skip and c != STATEMENT_ID]:
        looked_up = codings[STATEMENT_ID].map(by_id[col])
        if col in codings.columns:
            have = codings[col].fillna("").astype(str) != ""
            codings[col] = codings[col].where(have, looked_up)
        else:
            codings[col] = looked_up
    return codings


def best_statement(codings: pd.DataFrame, statements: pd.DataFrame) -> list[str]:
    """The statement each coding overlaps most ("" when none)."""
    pairs = overlap_pairs(codings, statements)
    out = [""] * len(codings)
    if len(pairs):
        pairs = pairs.sort_values(["coding", "overlap", "unit"], ascending=[True, False, True])
        first = pairs.drop_duplicates("coding")
        ids = statements[STATEMENT_ID].to_numpy()
        for c, u in zip(first["coding"], first["unit"]):
            out[c] = ids[u]
    return out


def overlap_pairs(codings: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """All (coding position, unit position, overlap length) where a coding touches a unit.

    A zero-length coding touches the unit that contains its position.
    """
    rows: list[tuple[int, int, int]] = []
    c_doc = codings[DOC_ID].to_numpy()
    c_start = codings[START_CHAR].to_numpy(dtype=np.int64)
    c_end = np.maximum(codings[END_CHAR].to_numpy(dtype=np.int64), c_start + 1)
    u_pos = np.arange(len(units))
    u_doc = units[DOC_ID].to_numpy()
    u_start_all = units[START_CHAR].to_numpy(dtype=np.int64)
    u_end_all = units[END_CHAR].to_numpy(dtype=np.int64)
    for doc in pd.unique(c_doc):
        ui = u_pos[u_doc == doc]
        if not len(ui):
            continue
        us, ue = u_start_all[ui], u_end_all[ui]
        for ci in np.flatnonzero(c_doc == doc):
            hit = (ue > c_start[ci]) & (us < c_end[ci])
            for k in np.flatnonzero(hit):
                ov = min(ue[k], c_end[ci]) - max(us[k], c_start[ci])
                rows.append((int(ci), int(ui[k]), int(ov)))
    return pd.DataFrame(rows, columns=["coding", "unit", "overlap"])
