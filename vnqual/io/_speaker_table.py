"""Which tables of a transcript hold the speech: ``Người nói | Nội dung`` tables.

Some transcribers (and speech-to-text services exporting to Word) put a transcript in a table,
one row per utterance: a speaker column, a text column, sometimes a time or number column. Other
tables in a transcript are not speech (the attendance list ``Họ và tên | Chức vụ | Đơn vị``, a
table of figures). Tables come from .docx files, or from text files as runs of tab-separated
lines (a Word table pasted as text). A table is read as a speaker table when

* one of its first three rows is a header naming a speaker column (``Người nói``,
  ``Người phát biểu``, ``Speaker``...) and, to its right, a text column (``Nội dung``,
  ``Ý kiến``, ``Phát biểu``, ``Transcript``...); a title row may sit above the header; or
* without a header, one column holds speaker labels only (the shapes of
  :func:`vnqual.text._labels.parse_label`: ``Chủ trì``, ``Ông Nguyễn Văn An``, ``SPEAKER_01``,
  optionally with a ``(chức vụ)`` note or a colon), at least one speaker has two or more rows
  (people take turns; an attendance list names each person once), and a column to its right
  holds longer text (on average at least 4 words and more than the label column).

An empty speaker cell continues the previous row's speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from vnqual.text._labels import resolve_label, role_of
from vnqual.text.segment import LineHint

#: Header cells (lower case, without a final colon) that name the speaker column.
SPEAKER_HEADERS = frozenset(
    {
        "người nói",
        "người phát biểu",
        "người trình bày",
        "speaker",
        "speakers",
        "người",
        "họ tên",
        "họ và tên",
        "đại biểu",
        "nhân vật",
        "vai",
        "người tham gia",
    }
)
#: Header cells that name the text column.
TEXT_HEADERS = frozenset(
    {
        "nội dung",
        "nội dung phát biểu",
        "nội dung trao đổi",
        "nội dung ý kiến",
        "ý kiến",
        "ý kiến phát biểu",
        "phát biểu",
        "lời thoại",
        "lời nói",
        "câu trả lời",
        "trả lời",
        "nội dung trả lời",
        "text",
        "transcript",
        "transcription",
        "content",
        "utterance",
        "nội dung ghi âm",
        "gỡ băng",
    }
)
#: Header cells that name a time column.
TIME_HEADERS = frozenset(
    {
        "thời gian",
        "thời điểm",
        "mốc thời gian",
        "time",
        "timestamp",
        "start",
        "bắt đầu",
    }
)
_TIME = re.compile(
    r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?"
    r"(?:\s*(?:-->|-|–)\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?)?"
)
_FIRST_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?")
_CELL_LABEL = re.compile(
    r"\**\s*(?P<name>[^:()\[\]*]{1,80}?)\s*(?:\((?P<note>[^()]{0,160})\))?"
    r"\s*\**\s*:?\s*\**"
)
_MIN_TEXT_WORDS = 4.0


class SpeakerColumns(NamedTuple):
    """Column numbers of a speaker table; ``header`` is the number of rows before the first
    utterance (a header row and any title row above it), 0 when there is no header."""

    speaker: int
    text: int
    time: int | None
    header: int


class Speaker(NamedTuple):
    """A speaker cell read as a label."""

    name: str
    role: str
    title: str = ""


def _header_key(cell: str) -> str:
    return " ".join(cell.lower().split()).strip(" :*.")


def _from_header(first: Sequence[str]) -> SpeakerColumns | None:
    keys = [_header_key(c) for c in first]
    speaker = next((i for i, k in enumerate(keys) if k in SPEAKER_HEADERS), None)
    if speaker is None:
        return None
    text = next((i for i, k in enumerate(keys) if i > speaker and k in TEXT_HEADERS), None)
    if text is None:
        return None
    time = next((i for i, k in enumerate(keys) if k in TIME_HEADERS and i != text), None)
    return SpeakerColumns(speaker, text, time, 1)


def _with_time(found: SpeakerColumns, body: Sequence[Sequence[str]]) -> SpeakerColumns:
    if found.time is not None:
        return found
    return found._replace(time=_time_column(body, found.speaker, found.text))


def speaker_cell(cell: str, *, strict: bool) -> Speaker | None:
    """The speaker named by a table cell (``Ông An (Chủ tịch xã):`` -> ``Ông An``).

    With ``strict``, only the label shapes of :func:`vnqual.text._labels.parse_label` count;
    otherwise (a column under a ``Người nói`` header) any non-empty cell names a speaker.
    """
    cell = " ".join(cell.split())
    if not cell:
        return None
    m = _CELL_LABEL.fullmatch(cell)
    if m is None:
        return None if strict else Speaker(cell, role_of(cell))
    name, note = " ".join(m.group("name").split()), m.group("note") or ""
    found = resolve_label(name, note)
    if found is not None:  # "Bộ trưởng Nguyễn Thái Bình" -> the name, title "Bộ trưởng"
        return Speaker(found.speaker, found.role, found.title)
    return None if strict else Speaker(name, role_of(name, note))


def _words(cell: str) -> int:
    return len(cell.split())


def _without_header(rows: Sequence[Sequence[str]]) -> SpeakerColumns | None:
    width = max(len(r) for r in rows)
    for col in range(width - 1):
        cells = [r[col].strip() if col < len(r) else "" for r in rows]
        filled = [c for c in cells if c]
        if len(filled) < 2 or any(_TIME.fullmatch(c) for c in filled):
            continue
        names = [speaker_cell(c, strict=True) for c in filled]
        if any(n is None for n in names):
            continue
        distinct = {n.name for n in names if n is not None}
        if len(distinct) == len(filled):  # everyone once: a list of people, not turns
            continue
        label_words = sum(_words(c) for c in filled) / len(filled)
        for text in range(col + 1, width):
            texts = [r[text] for r in rows if text < len(r) and r[text].strip()]
            if not texts:
                continue
            mean = sum(_words(t) for t in texts) / len(texts)
            if mean >= _MIN_TEXT_WORDS and mean > label_words:
                return SpeakerColumns(col, text, _time_column(rows, col, text), 0)
    return None


def _time_column(rows: Sequence[Sequence[str]], speaker: int, text: int) -> int | None:
    for col in range(max(len(r) for r in rows)):
        if col in (speaker, text):
            continue
        cells = [r[col].strip() for r in rows if col < len(r) and r[col].strip()]
        if cells and all(_TIME.fullmatch(c) for c in cells):
            return col
    return None


def speaker_columns(rows: Sequence[Sequence[str]]) -> SpeakerColumns | None:
    """Speaker, text and time columns of a table that holds speech, or None.

    Examples
    --------
    >>> speaker_columns([["Người nói", "Nội dung"], ["Chủ trì", "Mời anh An."]])
    SpeakerColumns(speaker=0, text=1, time=None, header=1)
    >>> speaker_columns([["Họ và tên", "Chức vụ"], ["Nguyễn Văn An", "Phó Giám đốc"]]) is None
    True
    """
    filled = [i for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if len(filled) < 2 or max(len(rows[i]) for i in filled) < 2:
        return None
    for i in filled[:3]:  # a title row may sit above the header
        found = _from_header(rows[i])
        if found is not None:
            body = [rows[j] for j in filled if j > i]
            return _with_time(found._replace(header=i + 1), body) if body else None
    return _without_header([rows[i] for i in filled])


def row_hint(cells: Sequence[str], line_start: int, columns: SpeakerColumns | None, header: bool) -> LineHint:
    """What the row of a table whose cells are joined by tabs at ``line_start`` is (see
    :class:`vnqual.text.segment.LineHint`): a row of a speaker table carries its speaker,
    time and the span of its text cell; a row of another table is a statement without a
    speaker."""
    if columns is None:
        return LineHint("row")
    if header:
        return LineHint("header")
    starts = [line_start]
    for cell in cells[:-1]:
        starts.append(starts[-1] + len(cell) + 1)
    if columns.text >= len(cells):
        return LineHint("speaker", body_start=line_start, body_end=line_start)
    speaker = (
        speaker_cell(cells[columns.speaker], strict=not columns.header)
        if columns.speaker < len(cells)
        else None
    )
    time = ""
    if columns.time is not None and columns.time < len(cells):
        found = _FIRST_TIME.search(cells[columns.time])  # the start of "00:01:05 - 00:01:20"
        time = found.group() if found else ""
    start = starts[columns.text]
    return LineHint(
        "speaker",
        speaker.name if speaker else "",
        speaker.role if speaker else "",
        time,
        start,
        start + len(cells[columns.text]),
        speaker.title if speaker else "",
    )


def tab_table_hints(text: str, start: int = 0) -> dict[int, LineHint]:
    """Hints for speaker tables pasted into a text file (cells separated by tabs).

    A run of two or more consecutive lines that contain a tab is read as a table; if it is a
    speaker table (:func:`speaker_columns`), its rows get hints as in a .docx. Other runs get
    none, so they read as ordinary lines.
    """
    hints: dict[int, LineHint] = {}
    run: list[tuple[int, str]] = []

    def flush() -> None:
        rows = [line.split("\t") for _, line in run]
        columns = speaker_columns(rows) if len(run) >= 2 else None
        if columns is not None:
            for i, ((pos, _), cells) in enumerate(zip(run, rows)):
                hints[pos] = row_hint(cells, pos, columns, i < columns.header)
        run.clear()

    pos = start
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        if "\t" in line and line.strip():
            run.append((pos, line))
        elif run:
            flush()
        if nl < 0:
            break
        pos = nl + 1
    if run:
        flush()
    return hints
