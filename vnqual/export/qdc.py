"""REFI-QDA codebook files (``.qdc``): the code tree alone, for sharing among coders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from vnqual._fs import atomic_write
from vnqual._version import __version__
from vnqual.errors import InputError
from vnqual.export._coded import codes_frame
from vnqual.export._refi import (
    CODEBOOK_NS,
    children,
    code_tree,
    element,
    local,
    parse_xml,
    read_codes,
    tostring,
    write_code,
)
from vnqual.types import PathLike

if TYPE_CHECKING:
    from xml.etree import ElementTree as ET

#: Largest .qdc file read (codebooks are small; this stops accidental huge inputs).
MAX_QDC_BYTES = 64 << 20


def to_qdc(codes: pd.DataFrame, path: PathLike) -> Path:
    """Write a codebook as a REFI-QDA ``.qdc`` file (namespace ``urn:QDA-XML:codebook:1.0``).

    Parameters
    ----------
    codes : pandas.DataFrame
        ``code`` (name), optional ``path``, ``parent``, ``description``, ``keywords``,
        ``examples``. Keywords and examples are appended to each code's Description as
        ``Keywords: ...`` / ``Examples: ...`` lines (read back by :func:`read_qdc`).
    path : path-like
        Output file, written atomically.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({"code": ["Nguồn lực", "Kinh phí"], "parent": ["", "Nguồn lực"]})
    >>> to_qdc(codes, "bo_ma.qdc")  # doctest: +SKIP
    """
    codes = codes_frame(codes)
    root = element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"vnqual {__version__}"})
    codes_el = element("Codes", parent=root)
    for node in code_tree(codes):
        write_code(node, codes_el)
    if not len(codes_el):
        raise InputError("the codebook has no codes; nothing to write to the .qdc file")
    data = tostring(root)
    path = Path(path)
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return path


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


def codes_to_frame(codes: pd.DataFrame) -> pd.DataFrame:
    """Codes table with list columns joined by ``; `` (for CSV output)."""
    out = codes.copy()
    for col in ("keywords", "examples"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
    return out
