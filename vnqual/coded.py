"""Coded excerpts loaded from anywhere: a ``vnqual tag`` folder, a codes.csv-like table or a .qdpx.

:func:`load_coded` gives a :class:`Coded`: the codings (schema of :mod:`vnqual.codings`) with the
codebook, the corpus and the source texts when known. Used by exports, agreement and crosstabs.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

from vnqual.codings import attach_corpus, codes_from_codebook_json, codes_from_codings, read_codings_csv
from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.jobs.folders import CODEBOOK_FILE, CODES_FILE, CORPUS_DIR
from vnqual.refi._project import read_project
from vnqual.types import PathLike


class Coded(NamedTuple):
    """Codings with what is known about them.

    ``codings``: one row per coded span (see :data:`CODING_COLUMNS`); ``codes``: the codebook
    (:data:`CODES_COLUMNS`); ``corpus``: the statements, when known; ``sources``: canonical text
    by ``doc_id`` (may be empty); ``units``: statement spans (``doc_id``, ``statement_id``,
    ``start_char``, ``end_char``) or None; ``file``: where it was read from.
    """

    codings: pd.DataFrame
    codes: pd.DataFrame
    corpus: Corpus | None
    sources: dict[str, str]
    units: pd.DataFrame | None
    file: str


def load_coded(
    path: PathLike,
    *,
    corpus: Corpus | PathLike | None = None,
    statements_from: Corpus | None = None,
    max_bytes: int | None = None,
) -> Coded:
    """Read codings from a ``vnqual tag`` folder, a codes.csv-like file or a ``.qdpx`` project.

    Parameters
    ----------
    path : path-like
        ``DIR`` with ``codes.csv`` (+ ``corpus/``, ``codebook.json``), a ``.csv`` table, or a
        REFI-QDA ``.qdpx`` file.
    corpus : Corpus or path-like, optional
        Statements to attach when ``path`` does not bring its own ``corpus/`` folder.
    statements_from : Corpus, optional
        Corpus whose statements a ``statement_id, code`` table refers to when neither ``path``
        nor ``corpus`` brings one (e.g. the other side of an agreement comparison).
    max_bytes : int, optional
        Bound on the uncompressed size of a ``.qdpx`` (default 200 MB).

    Returns
    -------
    Coded
        Excerpts are re-cut from the canonical sources whenever these are known.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if corpus is not None and not isinstance(corpus, Corpus):
        corpus = load_corpus_dir(corpus)
    if path.suffix.lower() == ".qdpx":
        project = read_project(path, max_bytes=max_bytes)
        codings, units = project.codings, project.units
        if corpus is not None:
            codings = attach_corpus(codings, corpus, file=path, sources=project.sources)
            units = corpus.frame
        return Coded(codings, project.codes, corpus, dict(project.sources), units, str(path))
    if path.is_dir():
        file = path / CODES_FILE
        if not file.is_file():
            raise InputError(
                f"{path}: no {CODES_FILE} inside; give the --out folder of `vnqual tag` or a codes.csv file"
            )
    else:
        file = path
    if corpus is None and (file.parent / CORPUS_DIR).is_dir():
        corpus = Corpus.load(file.parent / CORPUS_DIR)
    ref = corpus if corpus is not None else statements_from
    codings = read_codings_csv(file, statements=None if ref is None else ref.frame)
    codebook = file.parent / CODEBOOK_FILE
    codes = codes_from_codebook_json(codebook) if codebook.is_file() else codes_from_codings(codings)
    sources: dict[str, str] = {}
    units = None
    if corpus is not None:
        codings = attach_corpus(codings, corpus, file=file)
        sources, units = dict(corpus.sources), corpus.frame
    return Coded(codings, codes, corpus, sources, units, str(file))


def load_corpus_dir(path: PathLike) -> Corpus:
    """A :class:`Corpus` from a corpus folder or from a ``vnqual tag`` folder holding one."""
    path = Path(path)
    if Corpus.is_corpus_dir(path):
        return Corpus.load(path)
    if Corpus.is_corpus_dir(path / CORPUS_DIR):
        return Corpus.load(path / CORPUS_DIR)
    raise InputError(
        f"{path}: not a corpus folder (statements.csv + sources/) nor a "
        f"`vnqual tag` output with {CORPUS_DIR}/ inside"
    )
