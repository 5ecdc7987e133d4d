"""Tables (.csv, .xlsx, .jsonl): one statement per row.

The text column (``text_col``) is the statement; ``speaker``/``role`` columns are used when present
and every other column is kept as a per-statement column (all values as strings, so ``007``
stays ``007``). The canonical text of a table is the text cells of its non-empty rows joined with
a blank line (``"\\n\\n"``). ``line`` is the file line (.csv, .jsonl) or worksheet row (.xlsx)
where the row starts.

A double quote that opens a CSV cell and is never closed makes Python's ``csv`` module read the
following rows into that cell without complaint. Rows spanning several lines are therefore
checked (:func:`_runaway_quote`), and a warning names the line where the quote opened when the
quoted cell

- runs to the end of the file without a closing quote, or
- spans lines and its "closing" quote is followed by something other than a delimiter or a line
  end (``"Tài liệu...`` on line 3 "closed" by the quote opening ``"Ok"`` on line 5).

A quoted multi-line cell closed properly (what Excel writes for a cell with line breaks) is not
flagged; neither is a stray quote that happens to be closed by a quote at the very end of a
later cell, which cannot be told from a legitimate multi-line cell. The rows are kept as read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from vnqual.errors import InputError, TranscriptFormatError
from vnqual.io._docx import MAX_UNCOMPRESSED, check_zip
from vnqual.io._metadata import safe_columns, sniff_delimiter
from vnqual.io._txt import ParsedDoc, Warn, decode_text, file_error
from vnqual.text._labels import role_of
from vnqual.text.normalize import canonical
from vnqual.text.segment import sentence_spans, strip_span
from vnqual.types import (
    CORE_COLUMNS,
    END_CHAR,
    LINE,
    OPTIONAL_COLUMNS,
    ROLE,
    ROLE_FACILITATOR,
    ROLE_PARTICIPANT,
    SPEAKER,
    START_CHAR,
    TEXT,
    TURN,
)

_ROLE_VALUES = {"facilitator": ROLE_FACILITATOR, "participant": ROLE_PARTICIPANT}
_MAX_LISTED = 10

Rows = Iterator[tuple[int, dict[str, str]]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return canonical(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _unique(header: list[str]) -> list[str]:
    out: list[str] = []
    for i, name in enumerate(header):
        name = canonical(str(name)).strip() or f"column_{i + 1}"
        base, n = name, 1
        while name in out:
            n += 1
            name = f"{base}.{n}"
        out.append(name)
    return out


def _csv_rows(data: bytes, name: str, encoding: str | None, warn: Warn) -> tuple[list[str], Rows, str]:
    text, label = decode_text(data, name, encoding)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _unique(next(reader))
    except csv.Error as err:
        raise file_error(
            TranscriptFormatError, name, f"not a readable CSV table ({err})", "save it again as CSV (UTF-8)"
        ) from None

    def rows() -> Rows:
        last = reader.line_num
        long_rows = []
        runaway: list[tuple[int, int | None, int]] = []  # quote opened, closed, row's last line
        line_starts: list[int] = []
        try:
            for cells in reader:
                line, last = last + 1, reader.line_num
                if last > line:  # a row over several lines: a quote that is never closed?
                    if not line_starts:
                        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
                    stop = line_starts[last] if last < len(line_starts) else len(text)
                    found = _runaway_quote(text[line_starts[line - 1] : stop], delimiter)
                    if found:
                        opened, closed = found
                        runaway.append((line + opened, None if closed is None else line + closed, last))
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                    long_rows.append(line)
                yield line, dict(zip(header, cells + [""] * (len(header) - len(cells))))
        except csv.Error as err:
            # Name the line where the row started: a runaway quote opens there.
            raise file_error(
                TranscriptFormatError,
                f"{name} line {last + 1}",
                f"not readable as CSV ({err})",
                "fix the quoting on that line",
            ) from None
        if runaway:
            opened, closed, stop = runaway[0]
            what = (
                f"is never closed, so lines {opened}-{stop} (the end of the file)"
                if closed is None
                else f"is only closed on line {closed}, so lines {opened}-{closed}"
            )
            more = ""
            if len(runaway) > 1:
                shown = ", ".join(str(r[0]) for r in runaway[1 : _MAX_LISTED + 1])
                more = f" (and {len(runaway) - 1} more: line {shown})"
            warn(
                f"{name} line {opened}: a double quote opening a cell here {what} were read "
                f"as one cell{more}; close the quote or remove it"
            )
        if long_rows:
            warn(f"{name}: {_listed(long_rows)} have more cells than the header; extra cells ignored")

    return header, rows(), label


def _runaway_quote(chunk: str, delimiter: str) -> tuple[int, int | None] | None:
    """Lines (0-based in ``chunk``, the text of one CSV row) where a quoted cell opens and
    closes (``None``: never) for the first quoted cell that spans lines and is never closed or
    is closed by a quote followed by something other than a delimiter or a line end. Quoting as
    in :mod:`csv`: a quote opens a cell only at its start, and ``""`` inside it is a quote."""
    special = re.compile(f'["\n{re.escape(delimiter)}]')
    pos, line, cell_start = 0, 0, True
    while (m := special.search(chunk, pos)) is not None:
        i, char = m.start(), m.group()
        if char == '"' and cell_start and i == pos:
            close = i + 1
            while (close := chunk.find('"', close)) != -1 and chunk.startswith('""', close):
                close += 2
            if close == -1:
                return (line, None) if "\n" in chunk[i:].rstrip("\n") else None
            spans = chunk.count("\n", i, close)
            if spans and chunk[close + 1 : close + 2] not in ("", delimiter, "\n"):
                return line, line + spans
            line += spans
            pos, cell_start = close + 1, False
            continue
        cell_start = char != '"'
        line += char == "\n"
        pos = i + 1
    return None


def _jsonl_rows(data: bytes, name: str, encoding: str | None, warn: Warn) -> tuple[list[str], Rows, str]:
    text, label = decode_text(data, name, encoding)
    records: list[tuple[int, dict[str, str]]] = []
    header: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise file_error(
                TranscriptFormatError,
                f"{name} line {number}",
                f"not valid JSON ({err.msg})",
                "fix or remove that line",
            ) from None
        if not isinstance(record, dict):
            raise file_error(
                TranscriptFormatError,
                f"{name} line {number}",
                "not a JSON object",
                'write one {"text": ...} object per line',
            )
        row = {}
        for key, value in record.items():
            key = canonical(str(key)).strip()
            if key not in header:
                header.append(key)
            row[key] = _cell(value)
        records.append((number, row))
    return header, iter(records), label


def _xlsx_rows(data: bytes, name: str, text_col: str, max_uncompressed: int) -> tuple[list[str], Rows, str]:
    import openpyxl
    from lxml.etree import XMLSyntaxError
    from openpyxl.utils.exceptions import InvalidFileException

    check_zip(data, name, kind=".xlsx", required="[Content_Types].xml", max_uncompressed=max_uncompressed)
    try:
        with warnings.catch_warnings():  # openpyxl warns about unsupported extensions/styles
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheets = [list(ws.iter_rows(values_only=True)) for ws in book.worksheets]
        book.close()
    # Only openpyxl runs in this block: whatever a malformed workbook makes it raise is the
    # user's file, not a vnqual bug.
    except (
        InvalidFileException,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        OSError,
        XMLSyntaxError,
        ElementTree.ParseError,
        TypeError,
        AttributeError,
        IndexError,
    ) as err:
        raise file_error(
            InputError,
            name,
            f"cannot read this .xlsx ({type(err).__name__})",
            "open it in Excel and save it again as .xlsx",
        ) from None
    sheets = [rows for rows in sheets if rows]
    if not sheets:
        raise file_error(InputError, name, "empty workbook", "add the table or remove the file")
    # The first sheet that has the text column (else the first sheet, for the error message).
    chosen = next((rows for rows in sheets if text_col in _unique([_cell(v) for v in rows[0]])), sheets[0])
    header = _unique([_cell(v) for v in chosen[0]])

    def rows() -> Rows:
        for number, values in enumerate(chosen[1:], start=2):
            cells = [_cell(v) for v in values]
            if any(c.strip() for c in cells):
                yield number, dict(zip(header, cells + [""] * (len(header) - len(cells))))

    return header, rows(), "xlsx"


def _listed(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:_MAX_LISTED]))
    more = f" and {len(lines) - _MAX_LISTED} more" if len(lines) > _MAX_LISTED else ""
    return f"{len(lines)} row(s) (line {shown}{more})"


def _role(value: str, speaker: str) -> str:
    low = value.strip().lower()
    if not low:
        return role_of(speaker)
    return _ROLE_VALUES.get(low) or role_of(value)


def read_table(
    data: bytes,
    name: str,
    *,
    kind: str,
    text_col: str = "text",
    encoding: str | None = None,
    unit: str = "paragraph",
    max_uncompressed: int = MAX_UNCOMPRESSED,
    warn: Warn,
) -> ParsedDoc:
    """Read a .csv (``kind="csv"``), .xlsx, .jsonl or .parquet table, one statement per non-empty row.

    Rows whose text is empty are skipped with one warning listing their lines. With
    ``unit="sentence"`` each row is split into sentences.
    """
    if kind == "xlsx":
        header, rows, label = _xlsx_rows(data, name, text_col, max_uncompressed)
    elif kind == "jsonl":
        header, rows, label = _jsonl_rows(data, name, encoding, warn)
    elif kind == "parquet":
        from vnqual.io._parquet import parquet_rows

        header, rows, label = parquet_rows(data, name, _cell, _unique)
    else:
        header, rows, label = _csv_rows(data, name, encoding, warn)
    if text_col not in header:
        shown = ", ".join(header[:15]) + (", ..." if len(header) > 15 else "")
        raise file_error(
            TranscriptFormatError,
            name,
            f"no column {text_col!r} (columns: {shown})",
            "pass the text column with `text_col`",
        )
    used = {text_col, SPEAKER, ROLE}
    extra = [c for c in header if c not in used]
    names = safe_columns(extra, name, warn, reserved=set(CORE_COLUMNS) | set(OPTIONAL_COLUMNS))
    parts: list[str] = []
    records: list[dict[str, Any]] = []
    empty: list[int] = []
    pos, turn, previous = 0, 0, None
    for line, row in rows:
        cell = row.get(text_col, "")
        if not cell.strip():
            empty.append(line)
            continue
        if parts:
            pos += 2  # the "\n\n" joining rows
        speaker = " ".join(row.get(SPEAKER, "").split())
        if not speaker or speaker != previous:
            turn += 1
        previous = speaker
        start, end = strip_span(cell, 0, len(cell))
        spans = sentence_spans(cell, start, end) if unit == "sentence" else [(start, end)]
        for s, e in spans:
            rec = {
                SPEAKER: speaker,
                ROLE: _role(row.get(ROLE, ""), speaker),
                TEXT: cell[s:e],
                START_CHAR: pos + s,
                END_CHAR: pos + e,
                TURN: turn,
                LINE: line,
            }
            rec.update({names[c]: row.get(c, "") for c in extra})
            records.append(rec)
        parts.append(cell)
        pos += len(cell)
    if empty:
        warn(f"{name}: {_listed(empty)} with empty {text_col!r} skipped")
    if not records:
        raise file_error(
            TranscriptFormatError,
            name,
            f"no rows with text in column {text_col!r}",
            "fill the column or pass another one with `text_col`",
        )
    return ParsedDoc("\n\n".join(parts), records, label, {}, [names[c] for c in extra])
