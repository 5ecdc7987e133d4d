"""The jobs of ``vnqual export``, ``vnqual agree`` and ``vnqual crosstab``: coded excerpts out of vnqual."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from vnqual.errors import InputError

#: Formats of ``vnqual export`` (= :data:`vnqual.export.FORMATS`, not imported: CLI startup).
FORMATS: tuple[str, ...] = ("csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc")


def export_format(fmt: str | None, out: Path) -> str:
    """``fmt`` if given, else the format named by the extension of ``out``."""
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"{out}: cannot tell the format from the extension; add `fmt` {'|'.join(FORMATS)}")
    return fmt


def run_export(
    path: Path, out: Path, fmt: str | None = None, *, name: str | None = None, cases: bool = True
) -> str:
    """Export the codings of a tag folder (or codes.csv) to ``out``; return the format used.

    Parameters
    ----------
    path : pathlib.Path
        ``vnqual tag --out`` folder or a codes.csv-like table.
    out : pathlib.Path
        Output file.
    fmt : str, optional
        One of :data:`FORMATS` (default: from the extension of ``out``).
    name : str, optional
        Project name inside a .qdpx.
    cases : bool
        .qdpx: write speakers as Cases.

    Returns
    -------
    str
        The format written.
    """
    from vnqual.export import export

    fmt = export_format(fmt, out)
    export(path, out, fmt, name=name, cases=cases)  # type: ignore[arg-type]
    return fmt


def run_agree(
    a: Path,
    b: Path,
    *,
    corpus: Path | None = None,
    coder_a: str | None = None,
    coder_b: str | None = None,
    levels: Sequence[str] = (),
    max_bytes: int | None = None,
) -> pd.DataFrame:
    """Agreement table between codings ``a`` and ``b`` (rounded as ``vnqual agree`` prints it).

    Parameters
    ----------
    a, b : pathlib.Path
        Tag folders, codes.csv-like tables or .qdpx projects.
    corpus : pathlib.Path, optional
        Corpus folder the offsets refer to.
    coder_a, coder_b : str, optional
        Only the codings of these coders.
    levels : sequence of str
        ``statement`` and/or ``character`` (default: both).
    max_bytes : int, optional
        Bound on the uncompressed size of a ``.qdpx`` (default 200 MB).

    Returns
    -------
    pandas.DataFrame
    """
    from vnqual.agreement import compare

    table = compare(
        a,
        b,
        corpus=corpus,
        coder_a=coder_a,
        coder_b=coder_b,
        levels=tuple(levels) or ("statement", "character"),
        max_bytes=max_bytes,
    )
    return table.round({"agreement_pct": 2, "kappa": 4, "f1": 4})


def run_crosstab(
    path: Path, *, by: Sequence[str] = (), cooccurrence: bool = False, percent: bool = False
) -> pd.DataFrame:
    """Coded statements per code and ``by`` column(s), or the code co-occurrence matrix.

    Parameters
    ----------
    path : pathlib.Path
        Tag folder or codes.csv.
    by : sequence of str
        Metadata columns to cross codes with.
    cooccurrence : bool
        Code x code matrix instead.
    percent : bool
        Share of each group's statements (%) instead of counts.

    Returns
    -------
    pandas.DataFrame
        The table, its row labels in the index.
    """
    from vnqual.coded import load_coded
    from vnqual.crosstab import cooccurrence as cooc
    from vnqual.crosstab import crosstab

    if not by and not cooccurrence:
        raise InputError("give `by` COLUMN (e.g. `by` site) or `cooccurrence`")
    coded = load_coded(path)
    statements = coded.corpus.frame if coded.corpus is not None else None
    codes = list(coded.codes["code"])
    if cooccurrence:
        return cooc(coded.codings, statements, codes=codes)
    return crosstab(coded.codings, statements, by=by, percent=percent, codes=codes)
