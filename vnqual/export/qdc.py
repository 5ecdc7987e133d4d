"""REFI-QDA codebook files (``.qdc``): the code tree alone, for sharing among coders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vnqual._fs import atomic_write
from vnqual._version import __version__
from vnqual.codings import codes_frame
from vnqual.errors import InputError
from vnqual.refi import read_qdc  # noqa: F401  (vnqual.export.qdc.read_qdc)
from vnqual.refi._xml import (
    CODEBOOK_NS,
    code_tree,
    element,
    tostring,
    write_code,
)
from vnqual.types import PathLike

#: Largest .qdc file read (codebooks are small; this stops accidental huge inputs).


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


def codes_to_frame(codes: pd.DataFrame) -> pd.DataFrame:
    """Codes table with list columns joined by ``; `` (for CSV output)."""
    out = codes.copy()
    for col in ("keywords", "examples"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
    return out
