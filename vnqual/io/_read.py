"""read_corpus: read a transcript file or folder, a table, or an ingested corpus into a Corpus.

Files are dispatched by extension (:data:`SUPPORTED`). In a folder (read recursively) a file that
cannot be read is skipped with a :class:`~vnqual.errors.VnqualWarning` ``"<file>: <problem>;
skipped"`` and the others are still read; a single file that cannot be read is an error.
``README*``, ``metadata.csv``, ``speakers.csv``, names starting with ``.`` or ``~$`` (Office lock
files) and folders written by ``vnqual ingest`` are never read as transcripts.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from vnqual.corpus import Corpus
from vnqual.errors import InputError, StrictWarningError, VnqualError, VnqualWarning
from vnqual.io._docx import MAX_UNCOMPRESSED, read_docx
from vnqual.io._encoding import encoding_label
from vnqual.io._metadata import METADATA_FILE, metadata_for
from vnqual.io._speakers_file import SPEAKERS_FILE, apply_speakers
from vnqual.io._subtitles import read_subtitles
from vnqual.io._table import read_table
from vnqual.io._txt import ParsedDoc, file_error, read_txt
from vnqual.text._labels import compile_speaker_pattern
from vnqual.types import (
    CORE_COLUMNS,
    DOC_ID,
    OPTIONAL_COLUMNS,
    SOURCE_FILE,
    SPEAKER,
    SPEAKER_TITLE,
    STATEMENT_ID,
    UNITS,
    PathLike,
)

#: File extension -> reader.
SUPPORTED: dict[str, str] = {
    ".txt": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".srt": "subtitles",
    ".vtt": "subtitles",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".parquet": "parquet",
}
_EXTENSIONS = ", ".join(SUPPORTED)
DEFAULT_MAX_BYTES = 50_000_000
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


@dataclass
class FileSummary:
    """How one file was read."""

    source_file: str
    doc_id: str
    format: str
    encoding: str
    n_statements: int
    n_speakers: int
    n_warnings: int = 0


@dataclass
class ReadReport:
    """What :func:`read_corpus_report` read, skipped and ignored."""

    path: Path
    files: list[FileSummary] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file or "", message)
    loaded: bool = False  # an ingested corpus folder was loaded as saved


class _Reporter:
    """Raise or emit warnings (``strict`` turns them into :class:`StrictWarningError`)."""

    def __init__(self, report: ReadReport, strict: bool) -> None:
        self.report, self.strict, self.current = report, strict, ""

    def warn(self, message: str) -> None:
        if self.strict:
            raise StrictWarningError(f"{message} (failing because of `strict`)")
        self.report.warnings.append((self.current, message))
        warnings.warn(message, VnqualWarning, stacklevel=3)

    def skip(self, name: str, err: VnqualError) -> None:
        problem = getattr(err, "problem", None)
        hint = getattr(err, "hint", "")
        if problem is None:
            message = str(err)
            message = message[len(name) + 2 :] if message.startswith(f"{name}: ") else message
            problem, _, hint = message.partition("; ")
        self.report.skipped.append((name, problem))
        self.warn(f"{name}: {problem}; skipped" + (f" ({hint})" if hint else ""))


def make_doc_id(relative: str) -> str:
    """A filesystem-safe document id from a relative path; Vietnamese letters are kept.

    Examples
    --------
    >>> make_doc_id("QuangNam/2020-06-23 tọa đàm.docx")
    'QuangNam_2020-06-23_tọa_đàm'
    """
    path = PurePosixPath(unicodedata.normalize("NFC", relative))
    stem = path.with_suffix("").as_posix() if path.suffix else path.as_posix()
    doc_id = re.sub(r"[^\w.-]+", "_", stem.replace("/", "_"))
    doc_id = re.sub(r"_{2,}", "_", doc_id).strip("._-")[:100] or "doc"
    if doc_id.split(".")[0].lower() in _WINDOWS_RESERVED:
        doc_id += "_"
    return doc_id


def _unique_ids(relatives: list[str]) -> list[str]:
    used: set[str] = set()
    ids = []
    for rel in relatives:
        base = make_doc_id(rel)
        doc_id, n = base, 1
        while doc_id.lower() in used:  # case-insensitive: sources/<doc_id>.txt on macOS/Windows
            n += 1
            doc_id = f"{base}-{n}"
        used.add(doc_id.lower())
        ids.append(doc_id)
    return ids


def _skipped_name(name: str) -> bool:
    low = name.lower()
    return name.startswith((".", "~$")) or low.startswith("readme") or low in (METADATA_FILE, SPEAKERS_FILE)


def _outside(file: Path, root: Path) -> bool:
    """True if ``file`` is a symbolic link (or lies under one) leading outside ``root``."""
    try:
        file.resolve().relative_to(root.resolve())
        return False
    except (ValueError, OSError, RuntimeError):
        return True


def _walk(root: Path, report: ReadReport, rep: _Reporter | None = None) -> list[tuple[Path, str]]:
    """Supported files under ``root`` (recursively), sorted by relative path.

    Symbolic links to folders are not followed; one to a folder outside ``root`` is named in
    a warning (links to files are checked when the file is read).
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        folder = Path(dirpath)
        keep = []
        for name in sorted(dirnames):
            if name.startswith((".", "~$", "__")):
                continue
            if (folder / name).is_symlink():
                if rep is not None and _outside(folder / name, root):
                    where = folder / name
                    report.skipped.append((str(where), "symbolic link to a folder outside the input folder"))
                    rep.warn(f"{where}: symbolic link to a folder outside the input folder; skipped")
                continue
            if Corpus.is_corpus_dir(folder / name):
                report.ignored["ingested corpus folder"] += 1
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in filenames:
            if _skipped_name(name):
                continue
            ext = os.path.splitext(name)[1].lower()
            if ext not in SUPPORTED:
                report.ignored[ext or "no extension"] += 1
                continue
            file = folder / name
            rel = unicodedata.normalize("NFC", file.relative_to(root).as_posix())
            found.append((file, rel))
    return sorted(found, key=lambda item: item[1])


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def _read_bytes(file: Path, name: str, max_bytes: int, root: Path | None = None) -> bytes:
    """The bytes of ``file`` within ``max_bytes``: a regular file, inside ``root`` if given."""
    if root is not None and _outside(file, root):
        raise file_error(
            InputError,
            name,
            "symbolic link to a file outside the input folder",
            "copy the file into the folder if it should be read",
        )
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise file_error(
                InputError,
                name,
                "not a regular file (a pipe, device or socket)",
                "give a transcript file or a folder of them",
            )
        size = info.st_size
        if size > max_bytes:
            raise file_error(
                InputError,
                name,
                f"{_size(size)} is over the {_size(max_bytes)} size limit",
                "split the file or raise `max_size`",
            )
        if size == 0:
            raise file_error(InputError, name, "empty file", "add the transcript text or remove the file")
        return file.read_bytes()
    except OSError as err:
        raise file_error(
            InputError,
            name,
            f"cannot be read ({err.strerror})",
            "check that it exists and that you may read it",
        ) from None


def _parse(data: bytes, name: str, kind: str, opts: dict[str, Any], rep: _Reporter) -> ParsedDoc:
    common = {"unit": opts["unit"], "warn": rep.warn}
    if kind == "txt":
        return read_txt(data, name, encoding=opts["encoding"], pattern=opts["pattern"], **common)
    if kind == "docx":
        return read_docx(
            data, name, pattern=opts["pattern"], max_uncompressed=opts["max_uncompressed"], **common
        )
    if kind == "subtitles":
        return read_subtitles(data, name, encoding=opts["encoding"], pattern=opts["pattern"], **common)
    return read_table(
        data,
        name,
        kind=kind,
        text_col=opts["text_col"],
        encoding=opts["encoding"],
        max_uncompressed=opts["max_uncompressed"],
        **common,
    )


def read_corpus(
    path: PathLike,
    *,
    text_col: str = "text",
    encoding: str | None = None,
    unit: str = "paragraph",
    speaker_pattern: str | Sequence[str] | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_docx_uncompressed: int = MAX_UNCOMPRESSED,
    speakers: PathLike | None = None,
) -> Corpus:
    """Read transcripts, a table or an ingested corpus folder into a :class:`Corpus`.

    Parameters
    ----------
    path : path-like
        A transcript file (.txt .md .docx .srt .vtt), a table (.csv .xlsx .jsonl .parquet), a folder of
        them (read recursively, with an optional ``metadata.csv``), or a folder written by
        ``vnqual ingest`` (loaded as saved; the other options are then ignored).
    text_col : str
        Text column of tables.
    encoding : str, optional
        Force the encoding of text files (``utf-8``, ``cp1258``, ``tcvn3``, ``vni``, ``viqr``...);
        detected per file when None.
    unit : {"paragraph", "turn", "sentence"}
        Statement unit (see :func:`vnqual.text.segment.split_units`).
    speaker_pattern : str or sequence of str, optional
        Regexes matched at the start of each line, before the built-in label shapes (they add
        shapes, never replace them); group ``speaker`` (or group 1) is the name.
    strict : bool
        Raise :class:`~vnqual.errors.StrictWarningError` at the first warning.
    max_bytes : int
        Larger files are refused (skipped in a folder).
    max_docx_uncompressed : int
        Limit on the expanded size of a .docx/.xlsx package (zip-bomb guard).
    speakers : path-like, optional
        A speaker file (``speakers.csv`` written by ``vnqual ingest``, edited): renames speakers,
        sets roles and adds its attribute columns to the statements (see
        :mod:`vnqual.io._speakers_file`). Also applied to an ingested corpus folder.

    Returns
    -------
    Corpus
        Statements with ``sources[doc_id][start_char:end_char] == text`` for every row.

    Raises
    ------
    InputError
        Missing path, unsupported or unreadable single file, folder without readable files.

    Examples
    --------
    >>> corpus = read_corpus("corpora/toa-dam-boi-duong")  # doctest: +SKIP
    >>> corpus.filter(site="Lai Châu", role="participant").texts()[:1]  # doctest: +SKIP
    """
    corpus, _ = read_corpus_report(
        path,
        text_col=text_col,
        encoding=encoding,
        unit=unit,
        speaker_pattern=speaker_pattern,
        strict=strict,
        max_bytes=max_bytes,
        max_docx_uncompressed=max_docx_uncompressed,
        speakers=speakers,
    )
    return corpus


def read_corpus_report(
    path: PathLike,
    *,
    text_col: str = "text",
    encoding: str | None = None,
    unit: str = "paragraph",
    speaker_pattern: str | Sequence[str] | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_docx_uncompressed: int = MAX_UNCOMPRESSED,
    speakers: PathLike | None = None,
) -> tuple[Corpus, ReadReport]:
    """:func:`read_corpus`, also returning a :class:`ReadReport` (for ``vnqual ingest``)."""
    corpus, report = _read_report(
        Path(path), text_col, encoding, unit, speaker_pattern, strict, max_bytes, max_docx_uncompressed
    )
    if speakers is not None:
        rep = _Reporter(report, strict)
        rep.current = str(speakers)
        corpus = apply_speakers(corpus, speakers, warn=rep.warn)
    return corpus, report


def _read_report(
    path: Path,
    text_col: str,
    encoding: str | None,
    unit: str,
    speaker_pattern: str | Sequence[str] | None,
    strict: bool,
    max_bytes: int,
    max_docx_uncompressed: int,
) -> tuple[Corpus, ReadReport]:
    if unit not in UNITS:
        raise InputError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    opts = {
        "text_col": text_col,
        "encoding": encoding,
        "unit": unit,
        "pattern": compile_speaker_pattern(speaker_pattern),
        "max_uncompressed": max_docx_uncompressed,
    }
    if encoding is not None:
        encoding_label(encoding)  # an unknown name is one error, not a warning per file
    report = ReadReport(path)
    if Corpus.is_corpus_dir(path):
        return _load(path, report)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; check the path")
    if not path.is_file() and not path.is_dir():
        raise InputError(
            f"{path}: not a regular file (a pipe, device or socket); "
            "give a transcript file or a folder of them"
        )
    rep = _Reporter(report, strict)
    docs: list[tuple[str, ParsedDoc, str, str]] = []  # (relative name, doc, kind, sha256)
    if path.is_file():
        kind = SUPPORTED.get(path.suffix.lower())
        if kind is None:
            raise InputError(
                f"{path}: unsupported file type {path.suffix or '(none)'!r}; use one "
                f"of {_EXTENSIONS} (save .doc as .docx, .xls as .xlsx)"
            )
        rep.current = path.name
        data = _read_bytes(path, str(path), max_bytes)
        docs.append(
            (path.name, _parse(data, str(path), kind, opts, rep), kind, hashlib.sha256(data).hexdigest())
        )
        files = [(path, path.name)]
        metadata = metadata_for(path.parent, [path], warn=rep.warn, report_missing=False)
    else:
        files = _walk(path, report, rep)
        if not files:
            other = sum(report.ignored.values())
            note = f"; {other} other file(s) ignored" if other else ""
            raise InputError(
                f"{path}: no supported files ({_EXTENSIONS}){note}; add transcripts or pass a file"
            )
        seen: dict[str, str] = {}
        for file, rel in files:
            name = str(path / rel)
            rep.current = rel
            try:
                data = _read_bytes(file, name, max_bytes, root=path)
                sha = hashlib.sha256(data).hexdigest()
                if sha in seen:
                    report.skipped.append((name, f"same content as {seen[sha]}"))
                    rep.warn(f"{name}: same content as {seen[sha]}; skipped")
                    continue
                seen[sha] = name
                docs.append(
                    (
                        rel,
                        _parse(data, name, SUPPORTED[Path(rel).suffix.lower()], opts, rep),
                        SUPPORTED[Path(rel).suffix.lower()],
                        sha,
                    )
                )
            except StrictWarningError:
                raise
            except VnqualError as err:
                rep.skip(name, err)
        rep.current = ""
        if not docs:
            raise InputError(
                f"{path}: none of the {len(files)} supported file(s) could be read "
                "(see the warnings above); fix them and run again"
            )
        metadata = metadata_for(path, [f for f, _ in files], warn=rep.warn)
    by_rel = {rel: metadata.get(file, {}) for file, rel in files}
    return _assemble(docs, by_rel, rep), report


def _merged_metadata(rel: str, doc: ParsedDoc, table: dict[str, str], rep: _Reporter) -> dict[str, str]:
    merged = dict(doc.metadata)
    for key, value in table.items():
        if merged.get(key) and value and merged[key] != value:
            rep.warn(
                f"{rel}: {key} is {merged[key]!r} in the front matter but {value!r} in "
                f"{METADATA_FILE}; using {METADATA_FILE}"
            )
        if value or key not in merged:
            merged[key] = value
    return merged


def _doc_frame(doc_id: str, rel: str, doc: ParsedDoc, meta: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(doc.rows)
    frame.insert(0, DOC_ID, doc_id)
    frame.insert(1, STATEMENT_ID, [f"{doc_id}-{n:04d}" for n in range(1, len(frame) + 1)])
    frame[SOURCE_FILE] = rel
    for key, value in meta.items():
        if key not in frame.columns:  # a table's own column wins over file metadata
            frame[key] = value
    return frame


def _assemble(
    docs: list[tuple[str, ParsedDoc, str, str]], metadata: dict[str, dict[str, str]], rep: _Reporter
) -> Corpus:
    ids = _unique_ids([rel for rel, *_ in docs])
    frames: list[pd.DataFrame] = []
    doc_rows: list[dict[str, Any]] = []
    row_columns: list[str] = []
    meta_columns: list[str] = []
    sources = {}
    for doc_id, (rel, doc, kind, sha) in zip(ids, docs):
        rep.current = rel
        meta = _merged_metadata(rel, doc, metadata.get(rel, {}), rep)
        row_columns += [c for c in doc.row_columns if c not in row_columns]
        meta_columns += [c for c in meta if c not in meta_columns]
        frames.append(_doc_frame(doc_id, rel, doc, meta))
        sources[doc_id] = doc.text
        n_speakers = len({r[SPEAKER] for r in doc.rows if r[SPEAKER]})
        doc_rows.append(
            {
                DOC_ID: doc_id,
                SOURCE_FILE: rel,
                "format": kind,
                "encoding": doc.encoding,
                "sha256": sha,
                "n_statements": len(doc.rows),
                **meta,
            }
        )
        n_warn = sum(1 for f, _ in rep.report.warnings if f == rel)
        rep.report.files.append(
            FileSummary(rel, doc_id, kind, doc.encoding, len(doc.rows), n_speakers, n_warn)
        )
        doc.rows = []  # the frame holds them now; free the dicts early
    rep.current = ""
    _warn_unlabelled(rep)
    optional = [c for c in OPTIONAL_COLUMNS if c in row_columns]
    columns = list(CORE_COLUMNS) + optional
    columns += [c for c in row_columns + meta_columns if c not in columns]
    frame = pd.concat(frames, ignore_index=True).reindex(columns=columns)
    extra = [c for c in columns if c not in CORE_COLUMNS]
    frame[extra] = frame[extra].fillna("")
    frame[SPEAKER_TITLE] = frame[SPEAKER_TITLE].astype(object).fillna("")
    documents = pd.DataFrame(doc_rows).fillna("")
    return Corpus(frame, sources, documents)


def _warn_unlabelled(rep: _Reporter) -> None:
    """Name the transcripts in which no speaker was found while other files have speakers."""
    files = rep.report.files
    labelled = [f for f in files if f.n_speakers]
    if not labelled:
        return
    for f in files:
        if f.n_speakers == 0 and f.format in ("txt", "docx", "subtitles"):
            rep.current = f.source_file
            rep.warn(
                f"{f.source_file}: no speaker label found while {len(labelled)} other file(s) have "
                "speakers; its statements have no speaker (add `speaker_pattern` REGEX for its label "
                "shape, or check that the labels end with ':')"
            )
            f.n_warnings += 1
    rep.current = ""


def _load(path: Path, report: ReadReport) -> tuple[Corpus, ReadReport]:
    corpus = Corpus.load(path)
    report.loaded = True
    for row in corpus.documents.to_dict("records"):
        speakers = corpus.frame.loc[corpus.frame[DOC_ID] == row[DOC_ID], SPEAKER]
        report.files.append(
            FileSummary(
                str(row.get(SOURCE_FILE, "")),
                str(row[DOC_ID]),
                str(row.get("format", "")),
                str(row.get("encoding", "")),
                len(speakers),
                int(speakers[speakers != ""].nunique()),
            )
        )
    return corpus, report
