"""Plain-text transcripts (.txt, .md) and the record shape every reader returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vnqual.errors import InputError, TranscriptFormatError, VnqualError
from vnqual.io._encoding import decode_bytes
from vnqual.io._metadata import front_matter
from vnqual.text._labels import Patterns
from vnqual.text.normalize import canonical
from vnqual.text.segment import LineHint, Unit, split_units
from vnqual.types import END_CHAR, LINE, ROLE, SPEAKER, SPEAKER_TITLE, START_CHAR, START_TIME, TEXT, TURN

#: Callback that reports a recoverable problem (it may raise under ``strict``).
Warn = Callable[[str], None]


@dataclass
class ParsedDoc:
    """What a reader returns for one file.

    ``rows`` are statement records with the keys speaker, role, text, start_char, end_char,
    turn, line and any extra per-statement columns (``row_columns``: subtitle times, the other
    columns of a table); ``text`` is the canonical source they point into.
    """

    text: str
    rows: list[dict[str, Any]]
    encoding: str
    metadata: dict[str, str] = field(default_factory=dict)
    row_columns: list[str] = field(default_factory=list)


def file_error(cls: type[VnqualError], name: str, problem: str, hint: str) -> VnqualError:
    """``cls("<name>: <problem>; <hint>")`` that remembers ``problem`` and ``hint`` separately,
    so a folder read can turn it into the warning ``<name>: <problem>; skipped``."""
    err = cls(f"{name}: {problem}; {hint}")
    err.problem = problem  # type: ignore[attr-defined]
    err.hint = hint  # type: ignore[attr-defined]
    return err


def units_to_rows(units: Iterable[Unit]) -> tuple[list[dict[str, Any]], list[str]]:
    """Statement records of :func:`~vnqual.text.segment.split_units` output.

    A timestamp written before a label (``[00:12:34] Lan:``) becomes the ``start_time`` column.
    """
    units = list(units)
    timed = any(u.time for u in units)
    rows = []
    for u in units:
        row: dict[str, Any] = {
            SPEAKER: u.speaker,
            ROLE: u.role,
            TEXT: u.text,
            START_CHAR: u.start,
            END_CHAR: u.end,
            TURN: u.turn,
            LINE: u.line,
            SPEAKER_TITLE: u.title,
        }
        if timed:
            row[START_TIME] = u.time.strip("[]()")
        rows.append(row)
    return rows, [START_TIME] if timed else []


def decode_text(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """Decode and canonicalise file bytes; an empty or blank file is an error."""
    if not data.strip():
        raise file_error(InputError, name, "empty file", "add the transcript text or remove the file")
    text, label = decode_bytes(data, encoding=encoding, source=name)
    text = canonical(text)
    if not text.strip():
        raise file_error(InputError, name, "empty file", "add the transcript text or remove the file")
    return text, label


def statements_from_text(
    text: str,
    name: str,
    *,
    unit: str,
    pattern: Patterns,
    start: int = 0,
    hints: Mapping[int, LineHint] | None = None,
    warn: Warn | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Speaker-labelled statements of a canonical transcript; none at all is an error."""
    units = split_units(text, unit=unit, pattern=pattern, start=start, hints=hints, warn=warn, source=name)
    rows, columns = units_to_rows(units)
    if not rows:
        raise file_error(
            TranscriptFormatError,
            name,
            "no statements found (only headings, front matter or punctuation)",
            "add the transcript text or remove the file",
        )
    return rows, columns


def read_txt(
    data: bytes,
    name: str,
    *,
    encoding: str | None = None,
    unit: str = "paragraph",
    pattern: Patterns = (),
    warn: Warn,
) -> ParsedDoc:
    """Read a .txt/.md transcript.

    The encoding is detected (or forced with ``encoding``); YAML front matter between ``---``
    lines at the top becomes document metadata and is not read as statements, but stays in the
    canonical text so offsets are those of the file. A speaker table pasted from Word (cells
    separated by tabs) is read as in a .docx (see :mod:`vnqual.io._speaker_table`).
    """
    from vnqual.io._speaker_table import tab_table_hints

    text, label = decode_text(data, name, encoding)
    metadata, body = front_matter(text, source=name, warn=warn)
    rows, columns = statements_from_text(
        text, name, unit=unit, pattern=pattern, start=body, hints=tab_table_hints(text, body), warn=warn
    )
    return ParsedDoc(text, rows, label, metadata, columns)
