"""The ``vnqual ingest`` job: read transcripts once and save the corpus folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vnqual._archive import MAX_UNCOMPRESSED
from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.io._read import ReadReport, read_corpus_report
from vnqual.io._speakers_file import write_speakers
from vnqual.jobs.folders import SPEAKERS_FILE
from vnqual.types import DOC_ID

#: Bytes in one ``max_size`` megabyte.
MB = 1_000_000


def check_out(path: Path, out: Path) -> None:
    """Refuse an ``out`` that would replace the input or a folder that is not a corpus."""
    src, dst = path.resolve(), out.resolve()
    if dst == src or dst in src.parents:
        raise InputError(f"`out` {out}: would replace the input {path}; choose a folder outside it")
    if dst.is_dir() and any(dst.iterdir()) and not Corpus.is_corpus_dir(dst):
        raise InputError(
            f"`out` {out}: exists and is not a vnqual corpus folder; choose a new or empty folder"
        )


def run_ingest(
    path: Path,
    out: Path,
    *,
    text_col: str = "text",
    encoding: str | None = None,
    unit: str = "paragraph",
    speaker_pattern: str | Sequence[str] | None = None,
    strict: bool = False,
    exclude_role: Sequence[str] = (),
    max_size: float = 50,
    speakers: Path | None = None,
) -> tuple[Corpus, ReadReport]:
    """Read ``path`` and save its statements, documents and sources to the corpus folder ``out``.

    Parameters
    ----------
    path : pathlib.Path
        Transcript, table or folder (read recursively).
    out : pathlib.Path
        Corpus folder to write; replaced as a whole, and only if it is a corpus folder or empty.
    text_col, encoding, unit, speaker_pattern, strict, speakers
        As in :func:`vnqual.read_corpus`.
    exclude_role : sequence of str
        Roles whose statements are left out (documents' statement counts follow).
    max_size : float
        Refuse input files larger than this many MB.

    Also writes ``out/speakers.csv`` (:data:`vnqual.jobs.folders.SPEAKERS_FILE`): one row per speaker
    label of the whole input (excluded roles included), for the researcher to edit and pass back
    as ``speakers``.

    Returns
    -------
    (Corpus, ReadReport)
        The saved corpus and what was read, skipped and ignored.
    """
    check_out(path, out)
    corpus, report = read_corpus_report(
        path,
        text_col=text_col,
        encoding=encoding,
        unit=unit.lower(),
        speaker_pattern=speaker_pattern,
        strict=strict,
        max_bytes=int(max_size * MB),
        max_docx_uncompressed=max(MAX_UNCOMPRESSED, int(max_size * MB)),
        speakers=speakers,
    )
    everyone = corpus
    if exclude_role:
        corpus = corpus.exclude_roles(exclude_role)
        counts = corpus.frame[DOC_ID].value_counts()
        corpus.documents["n_statements"] = [int(counts.get(d, 0)) for d in corpus.documents[DOC_ID]]
    corpus.save(out)
    write_speakers(everyone, out / SPEAKERS_FILE)
    return corpus, report
