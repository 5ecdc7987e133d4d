"""The ``vnqual tag --out DIR`` folder: codes.csv, hits.csv, codebook.json, run.json, corpus/.

Layout (read by ``vnqual export``)::

    DIR/codes.csv      one row per coded excerpt (statement x code), UTF-8 with BOM
    DIR/hits.csv       every keyword match with its exact span, UTF-8 with BOM
    DIR/codebook.json  the normalised codebook (Codebook.to_dict)
    DIR/run.json       options and counts of the run
    DIR/corpus/        the tagged statements and sources (Corpus.save)

Spreadsheet guard: a text cell that starts with ``= + - @``, a tab or a carriage return gets a
leading apostrophe, so Excel/LibreOffice never run it as a formula (the same guard as
:mod:`vnqual.export`). :func:`read_codes` removes it again; offsets always refer to
``corpus/sources``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual._fs import atomic_dir
from vnqual._version import __version__
from vnqual.codebook._codebook import Codebook
from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.types import PathLike

CODES_FILE = "codes.csv"
HITS_FILE = "hits.csv"
CODEBOOK_FILE = "codebook.json"
RUN_FILE = "run.json"
CORPUS_DIR = "corpus"


def write_csv(frame: pd.DataFrame, file: Path) -> None:
    """UTF-8 with BOM (Excel shows Vietnamese), formula-guarded, LF line ends, atomic."""
    from vnqual.export._safe import write_csv as _write

    _write(frame, file)


def read_codes(path: PathLike) -> pd.DataFrame:
    """Read ``codes.csv`` (or a ``vnqual tag`` folder) back, removing the spreadsheet guard.

    Examples
    --------
    >>> codes = read_codes("ket_qua/ma_hoa")  # doctest: +SKIP
    """
    path = Path(path)
    file = path / CODES_FILE if path.is_dir() else path
    if not file.is_file():
        raise InputError(f"{path}: no {CODES_FILE}; run `vnqual tag ... --out {path}` first")
    from vnqual.export._safe import unguard_frame

    frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = unguard_frame(frame)
    for col in ("start_char", "end_char"):
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col]).astype(int)
    if "score" in frame.columns:
        frame["score"] = pd.to_numeric(frame["score"])
    return frame


def is_tag_dir(path: Path) -> bool:
    """True if ``path`` holds the output of an earlier ``vnqual tag`` run."""
    return (path / CODES_FILE).is_file() and (path / CODEBOOK_FILE).is_file()


def write_tag_dir(
    out: PathLike,
    *,
    corpus: Corpus,
    codebook: Codebook,
    codes: pd.DataFrame,
    hits: pd.DataFrame,
    run: dict[str, Any],
) -> Path:
    """Write the folder described in the module docstring, atomically.

    An existing ``out`` is replaced only if it is an earlier ``vnqual tag`` output or empty,
    so a mistyped ``--out`` cannot wipe an unrelated folder.
    """
    with atomic_dir(out, replaceable=is_tag_dir, what="a `vnqual tag` output") as tmp:
        write_csv(codes, tmp / CODES_FILE)
        write_csv(hits, tmp / HITS_FILE)
        codebook.save_json(tmp / CODEBOOK_FILE)
        corpus.save(tmp / CORPUS_DIR)
        info = {"vnqual_version": __version__, **run}
        (tmp / RUN_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Path(out)
