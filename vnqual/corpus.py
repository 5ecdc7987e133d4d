"""The :class:`Corpus`: statements (one row each) plus the canonical source texts they came from."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from vnqual._fs import atomic_dir
from vnqual._version import __version__
from vnqual.errors import InputError, VnqualWarning
from vnqual.types import (
    CORE_COLUMNS,
    DOC_ID,
    END_CHAR,
    LINE,
    OPTIONAL_COLUMNS,
    ROLE,
    ROLE_GROUPS,
    ROLE_UNATTRIBUTED,
    ROLE_UNKNOWN,
    SPEAKER,
    SPEAKER_TITLE,
    START_CHAR,
    STATEMENT_ID,
    TEXT,
    TURN,
    PathLike,
)

_INT_COLUMNS = (START_CHAR, END_CHAR, TURN, LINE)
STATEMENTS_FILE = "statements.csv"
DOCUMENTS_FILE = "documents.csv"
SOURCES_DIR = "sources"
MANIFEST_FILE = "corpus.json"


class Statement(NamedTuple):
    """One statement, as yielded when iterating over a :class:`Corpus`."""

    doc_id: str
    statement_id: str
    speaker: str
    role: str
    text: str
    start_char: int
    end_char: int
    source_file: str
    turn: int
    line: int
    speaker_title: str = ""


class Corpus:
    """Statements of a set of transcripts, each traceable to its source characters.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per statement with at least the columns of :data:`vnqual.types.CORE_COLUMNS`.
    sources : mapping of str to str
        Canonical text of each document, by ``doc_id``. For every row,
        ``sources[doc_id][start_char:end_char] == text``.
    documents : pandas.DataFrame, optional
        One row per document (``doc_id``, ``source_file``, ``encoding``, ``sha256``, ...).

    Examples
    --------
    >>> import pandas as pd
    >>> src = "Chủ trì: Xin mời các đồng chí phát biểu.\\nÔng An: Kinh phí bồi dưỡng còn thiếu."
    >>> frame = pd.DataFrame({"doc_id": ["qn", "qn"], "statement_id": ["qn-0001", "qn-0002"],
    ...     "speaker": ["Chủ trì", "Ông An"], "role": ["facilitator", "participant"],
    ...     "text": [src[9:40], src[49:]], "start_char": [9, 49], "end_char": [40, len(src)],
    ...     "source_file": ["qn.txt", "qn.txt"], "turn": [1, 2], "line": [1, 2]})
    >>> corpus = Corpus(frame, {"qn": src})
    >>> corpus.filter(role="participant").texts()
    ['Kinh phí bồi dưỡng còn thiếu.']
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        sources: Mapping[str, str],
        documents: pd.DataFrame | None = None,
    ) -> None:
        if SPEAKER_TITLE not in frame.columns:  # corpora saved before 0.2 have no speaker_title
            frame = frame.assign(**{SPEAKER_TITLE: ""})
        missing = [c for c in CORE_COLUMNS if c not in frame.columns]
        if missing:
            raise InputError(f"statements table lacks column(s) {', '.join(missing)}")
        extra = [c for c in frame.columns if c not in CORE_COLUMNS]
        self.frame = frame[list(CORE_COLUMNS) + extra].reset_index(drop=True)
        self.sources = dict(sources)
        if documents is None:
            documents = (
                self.frame.groupby(DOC_ID, sort=False)
                .agg(source_file=("source_file", "first"), n_statements=(TEXT, "size"))
                .reset_index()
            )
        self.documents = documents.reset_index(drop=True)

    # ------------------------------------------------------------------ views
    def __len__(self) -> int:
        return len(self.frame)

    def __iter__(self) -> Iterator[Statement]:
        for row in self.frame[list(CORE_COLUMNS)].itertuples(index=False, name=None):
            yield Statement(*row)

    def __repr__(self) -> str:
        return f"Corpus({len(self.documents)} documents, {len(self.frame)} statements)"

    def texts(self) -> list[str]:
        """Verbatim statement texts, in corpus order."""
        return self.frame[TEXT].tolist()

    def metadata_columns(self) -> list[str]:
        """Columns that are not core columns (document metadata, table columns such as ``id``)."""
        skip = set(CORE_COLUMNS) | set(OPTIONAL_COLUMNS)
        return [c for c in self.frame.columns if c not in skip]

    def to_frame(self) -> pd.DataFrame:
        """A copy of the statements table."""
        return self.frame.copy()

    def filter(self, **column_values: Any) -> Corpus:
        """Keep statements whose columns equal the given values (a list/set/tuple means any of them).

        Examples
        --------
        >>> corpus.filter(site="Lai Châu", role="participant")  # doctest: +SKIP
        """
        mask = pd.Series(True, index=self.frame.index)
        for column, value in column_values.items():
            if column not in self.frame.columns:
                raise InputError(
                    f"no column {column!r}; available: {', '.join(map(str, self.frame.columns))}"
                )
            values = value if isinstance(value, (list, set, tuple, frozenset)) else [value]
            mask &= self.frame[column].isin(list(values))
        return self._subset(mask)

    def exclude_roles(self, roles: Iterable[str]) -> Corpus:
        """Drop statements whose ``role`` is one of ``roles`` (e.g. ``["facilitator"]``).

        ``"facilitator"`` also drops ``"interviewer"`` statements (both lead the conversation;
        :data:`vnqual.types.ROLE_GROUPS`); ``"interviewer"`` drops only the interviewers.

        ``"unattributed"`` drops the statements :meth:`unattributed` marks: text outside the
        speaker turns of a labelled transcript (title, date line, attendance table). A role no
        statement has (a typo such as ``"facilitatr"``) gives a :class:`VnqualWarning`.

        Examples
        --------
        >>> corpus.exclude_roles(["facilitator", "unattributed"])  # doctest: +SKIP
        """
        roles = [roles] if isinstance(roles, str) else list(roles)
        present = set(self.frame[ROLE].fillna("").astype(str)) | {ROLE_UNATTRIBUTED}
        present |= {group for group, members in ROLE_GROUPS.items() if present & set(members)}
        for role in dict.fromkeys(r for r in roles if r not in present):
            here = ", ".join(sorted(r for r in present if r)) or "none"
            warnings.warn(
                f"`exclude_role` {role}: no statement has this role (roles here: "
                f"{here}); nothing dropped for it",
                VnqualWarning,
                stacklevel=2,
            )
        drop = self.frame[ROLE].isin([m for r in roles for m in ROLE_GROUPS.get(r, (r,))])
        if ROLE_UNATTRIBUTED in roles:
            drop |= self.unattributed()
        return self._subset(~drop)

    def unattributed(self) -> pd.Series:
        """Statements outside speaker turns: no speaker, in a document where other statements
        have one (titles, date lines, notes before the first speaker label, and the rows of
        .docx tables that are not speaker tables, such as an attendance list). Documents
        without any speaker label are not affected.

        Returns
        -------
        pandas.Series of bool
            Aligned with :attr:`frame`.
        """
        no_speaker = self.frame[SPEAKER].fillna("").astype(str).str.strip() == ""
        no_speaker &= self.frame[ROLE].fillna("").astype(str) == ROLE_UNKNOWN
        labelled = self.frame.loc[~no_speaker, DOC_ID].unique()
        return no_speaker & self.frame[DOC_ID].isin(labelled)

    def _subset(self, mask: pd.Series) -> Corpus:
        frame = self.frame[mask]
        keep = set(frame[DOC_ID])
        docs = self.documents[self.documents[DOC_ID].isin(keep)]
        return Corpus(frame, {k: v for k, v in self.sources.items() if k in keep}, docs)

    def tokens(self, **options: Any) -> pd.Series:
        """Analysis tokens of each statement (see :func:`vnqual.text.tokenize` for ``options``).

        Returns
        -------
        pandas.Series
            Lists of canonical tokens (``cán_bộ``), indexed by ``statement_id``.
        """
        from vnqual.text import tokenize

        toks = tokenize(self.texts(), **options)
        return pd.Series(toks, index=pd.Index(self.frame[STATEMENT_ID], name=STATEMENT_ID), name="tokens")

    def check_offsets(self) -> None:
        """Raise :class:`~vnqual.errors.InputError` if a statement is not its source slice."""
        for st in self:
            src = self.sources.get(st.doc_id)
            if src is None or src[st.start_char : st.end_char] != st.text:
                raise InputError(
                    f"{st.source_file}: statement {st.statement_id} does not match its source "
                    f"characters {st.start_char}-{st.end_char}; re-run `vnqual ingest`"
                )

    # -------------------------------------------------------------- save/load
    def save(self, path: PathLike) -> Path:
        """Write ``statements.csv``, ``documents.csv``, ``sources/<doc_id>.txt`` atomically.

        An existing non-empty ``path`` is replaced only if it is an earlier saved corpus;
        any other folder raises :class:`~vnqual.errors.InputError` and is left untouched.

        ``statements.csv`` is UTF-8 with a BOM (Excel shows Vietnamese correctly) and keeps every
        text verbatim, so it is not guarded against spreadsheet formulas: use ``vnqual export`` to
        hand excerpts to a spreadsheet user.
        """
        path = Path(path)
        with atomic_dir(path, replaceable=Corpus.is_corpus_dir, what="a vnqual corpus") as tmp:
            (tmp / SOURCES_DIR).mkdir()
            for doc_id, text in self.sources.items():
                # newline="" keeps LF line endings on every OS, so offsets stay exact.
                with open(tmp / SOURCES_DIR / f"{doc_id}.txt", "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
            self.frame.to_csv(tmp / STATEMENTS_FILE, index=False, encoding="utf-8-sig")
            self.documents.to_csv(tmp / DOCUMENTS_FILE, index=False, encoding="utf-8-sig")
            manifest = {
                "vnqual_version": __version__,
                "n_documents": len(self.documents),
                "n_statements": len(self.frame),
            }
            (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        return path

    @staticmethod
    def is_corpus_dir(path: PathLike) -> bool:
        """True if ``path`` is a folder written by :meth:`save` / ``vnqual ingest``."""
        path = Path(path)
        return (path / STATEMENTS_FILE).is_file() and (path / SOURCES_DIR).is_dir()

    @classmethod
    def load(cls, path: PathLike) -> Corpus:
        """Read a folder written by :meth:`save` (or ``vnqual ingest --out``)."""
        path = Path(path)
        if not cls.is_corpus_dir(path):
            raise InputError(
                f"{path}: not an ingested corpus (no {STATEMENTS_FILE} and "
                f"{SOURCES_DIR}/); run `vnqual ingest {path} --out DIR` first"
            )
        frame = _read_table(path / STATEMENTS_FILE)
        docs_file = path / DOCUMENTS_FILE
        documents = _read_table(docs_file) if docs_file.is_file() else None
        sources = {}
        for doc_id in frame[DOC_ID].unique():
            src = path / SOURCES_DIR / f"{doc_id}.txt"
            if not src.is_file():
                raise InputError(f"{src}: missing source text for document {doc_id!r}")
            with open(src, encoding="utf-8", newline="") as fh:
                sources[doc_id] = fh.read()
        corpus = cls(frame, sources, documents)
        corpus.check_offsets()
        return corpus


def _read_table(file: Path) -> pd.DataFrame:
    frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for col in _INT_COLUMNS + ("n_statements",):
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(0).astype(int)
    return frame
