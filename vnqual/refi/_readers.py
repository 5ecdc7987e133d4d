"""Read REFI-QDA files: ``.qdc`` codebooks and ``.qdpx`` projects (NVivo, ATLAS.ti, MAXQDA, QualCoder).

Readers only: they turn the exchange files into vnqual's coded-excerpt schema
(:mod:`vnqual.codings`), so codebooks, training and agreement can read what QDA programs wrote
without depending on the exports (:mod:`vnqual.export` writes these formats).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from vnqual.codings import attach_corpus
from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.refi._project import read_project
from vnqual.refi._xml import children, local, parse_xml, read_codes
from vnqual.types import DOC_ID, END_CHAR, SPEAKER, START_CHAR, STATEMENT_ID, TEXT, PathLike

if TYPE_CHECKING:
    from xml.etree import ElementTree as ET

MAX_QDC_BYTES = 64 << 20
CrlfMode = Literal["auto", "count", "ignore"]
PositionsMode = Literal["auto", "code-points", "utf-16"]


def read_qdc(path: PathLike) -> pd.DataFrame:
    """Read a REFI-QDA ``.qdc`` codebook (from vnqual or a QDA program).

    Returns
    -------
    pandas.DataFrame
        ``code, path, parent, description, keywords, examples, guid, is_codable, color``;
        ``path`` joins ancestor names with ``/``.

    Raises
    ------
    InputError
        The file is missing, too large, not XML, or not a REFI-QDA codebook.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size > MAX_QDC_BYTES:
        raise InputError(f"{path}: larger than {MAX_QDC_BYTES} bytes; not a codebook")
    root = parse_xml(path.read_bytes(), str(path))
    # A .qdc has <CodeBook> at the root; accept a project (.qde) too and use its codebook.
    book: ET.Element | None = root
    if local(root.tag) == "Project":
        book = next(iter(children(root, "CodeBook")), None)
    if book is None or local(book.tag) != "CodeBook":
        raise InputError(f"{path}: not a REFI-QDA codebook (no <CodeBook> root element)")
    found = children(book, "Codes")
    if not found:
        raise InputError(f"{path}: REFI-QDA codebook without <Codes>")
    return read_codes(found[0])


def read_qdpx(
    path: PathLike,
    *,
    corpus: Corpus | None = None,
    crlf: CrlfMode = "auto",
    max_bytes: int | None = None,
    positions: PositionsMode = "auto",
) -> tuple[pd.DataFrame, dict[str, str], pd.DataFrame]:
    """Read the text codings of a REFI-QDA project (from vnqual or a QDA program).

    Parameters
    ----------
    path : path-like
        ``.qdpx`` file (a zip with one ``*.qde`` project XML and its sources).
    corpus : Corpus, optional
        Map the codings onto these statements: offsets are re-aligned when the project's copy
        of a text differs, and ``statement_id``/``speaker``/``role`` are filled in.
    crlf : {"auto", "count", "ignore"}
        How offsets treat Windows line ends (CR LF) in a source: ``"count"`` = both characters
        count (NVivo, QualCoder), ``"ignore"`` = one character (ATLAS.ti); ``"auto"`` picks the
        one under which the selections' names match the text, else by the project's origin.
    max_bytes : int, optional
        Limit on the total uncompressed size (default 200 MB).
    positions : {"auto", "code-points", "utf-16"}
        What selection positions count. The standard says characters (code points); NVivo
        counts UTF-16 code units, so each emoji before a selection shifts it by one.
        ``"auto"`` decides per project from how the selections' ends fall on word boundaries
        under each reading, else from the program that wrote the file, and says which in a
        :class:`~vnqual.errors.VnqualNote` when a source has characters outside the BMP.
        Selections out of range or empty are skipped with a warning (count and first one).

    Returns
    -------
    codings : pandas.DataFrame
        ``statement_id, code, code_path, score, method, evidence, start_char, end_char, excerpt,
        doc_id, speaker, role, source_file, coder`` + source variables. Offsets are code points
        in the canonical (LF) text; ``excerpt`` is cut from it.
    sources : dict of str to str
        Canonical text by ``doc_id`` (the source name without a ``.txt``/``.docx``... suffix).
    codes : pandas.DataFrame
        The codebook (``code, path, parent, description, keywords, examples, guid,
        is_codable, color``).

    Raises
    ------
    InputError
        Not a zip, no ``.qde`` inside, invalid XML, unsafe member names or sizes.
    """
    project = read_project(path, crlf=crlf, max_bytes=max_bytes, positions=positions)
    codings = project.codings
    if corpus is not None:
        codings = attach_corpus(codings, corpus, file=path, sources=project.sources)
    return codings, dict(project.sources), project.codes


def read_qdpx_cases(path: PathLike, *, crlf: CrlfMode = "auto", max_bytes: int | None = None) -> pd.DataFrame:
    """Case selections of a project: ``doc_id, statement_id, speaker, start_char, end_char,
    text`` (for a vnqual export: one row per statement)."""
    units = read_project(path, crlf=crlf, max_bytes=max_bytes).units
    if units is None:
        return pd.DataFrame(columns=[DOC_ID, STATEMENT_ID, SPEAKER, START_CHAR, END_CHAR, TEXT])
    return units
