"""Word transcripts (.docx): body paragraphs and table rows in document order.

Headers, footers, footnotes, comments and text boxes are not read. The canonical text is the
paragraphs joined with ``"\\n"``; a table row is one line, its cells separated by a tab (as
Word copies a table as text) and the paragraphs inside a cell by a space. So a statement's
``line`` is its paragraph (or table row) number.

A paragraph that starts in bold carries a ``"bold"`` :class:`~vnqual.text.segment.LineHint`: a bold
label without a colon (``Bộ trưởng Nguyễn Thái Bình`` in bold, then the answer) is read as a label,
and a paragraph in bold throughout is a question set apart (or, short and unpunctuated, a subheading).

Tables are read by what they hold (see :mod:`vnqual.io._speaker_table`). A speaker table
(``Người nói | Nội dung``) gives one statement per row: the text cell, with the speaker (and
time) of its row. Any other table (an attendance list) gives one statement per row with no
speaker, so it never joins the turn of the speaker before it; ``--exclude-role unattributed``
leaves it out of the analysis.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from vnqual._archive import MAX_UNCOMPRESSED, archive_problem
from vnqual.errors import InputError
from vnqual.io._speaker_table import row_hint, speaker_columns
from vnqual.io._txt import ParsedDoc, Warn, file_error, statements_from_text
from vnqual.text._labels import Patterns
from vnqual.text.normalize import canonical
from vnqual.text.segment import LineHint


def check_zip(
    data: bytes, name: str, *, kind: str, required: str, max_uncompressed: int = MAX_UNCOMPRESSED
) -> zipfile.ZipFile:
    """Open an Office package after checking it is a zip that is safe to expand.

    The sizes declared in the zip directory are checked before anything is decompressed (Python's
    zipfile never inflates a member past its declared size).
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise file_error(
            InputError,
            name,
            f"not a valid {kind} (corrupted, password-protected or another format renamed)",
            f"open it and save it again as {kind}",
        ) from None
    problem = archive_problem(package.infolist(), max_total=max_uncompressed)
    if problem:
        raise file_error(InputError, name, problem, "check the file, or save its text as .txt")
    if required not in package.namelist():
        raise file_error(
            InputError, name, f"not a {kind} (no {required} inside)", f"open it and save it again as {kind}"
        )
    for info in package.infolist():
        if info.filename.lower().endswith((".xml", ".rels")) and _has_dtd(package, info):
            raise file_error(
                InputError,
                name,
                f"{info.filename} declares a DTD or entities (<!DOCTYPE>), which Office never writes; "
                f"refused (it could pull in other files)",
                f"open it in Word or Excel and save it again as {kind}",
            )
    return package


_PROLOG_LIMIT = 1 << 20
_ROOT = re.compile(rb"<[A-Za-z_]")


def _has_dtd(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True if the prolog of an XML member (before its root element) has a ``<!DOCTYPE``.

    Reads only the prolog, at most 1 MB.
    """
    head = b""
    try:
        with package.open(info) as fh:
            while len(head) < _PROLOG_LIMIT:
                chunk = fh.read(65536)
                if not chunk:
                    break
                head += chunk
                root = _ROOT.search(head)
                if root:
                    return b"<!DOCTYPE" in head[: root.start()].upper()
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return False  # python-docx reports the damaged member itself
    return b"<!DOCTYPE" in head.upper()


class _Text(str):
    """A paragraph's text that remembers how much of its start is bold (``bold`` characters)."""

    bold: int = 0


def _paragraph(paragraph: Any) -> _Text:
    text = _Text(paragraph.text)
    prefix = ""
    for run in paragraph.runs:
        if not run.bold and run.text.strip():
            break
        prefix += run.text
    if prefix.strip() and text.startswith(prefix):
        text.bold = len(prefix.rstrip())
    return text


def _blocks(element: Any) -> Iterator[str | list[list[str]]]:
    """Body paragraphs (str; :class:`_Text` for body paragraphs) and tables (rows of cell texts)
    in document order."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        tag = child.tag
        if tag == qn("w:p"):
            yield _paragraph(Paragraph(child, None))  # type: ignore[arg-type]  # no parent part needed
        elif tag == qn("w:tbl"):
            yield [
                [_cell_text(cell) for cell in row.iterchildren(qn("w:tc"))]
                for row in child.iterchildren(qn("w:tr"))
            ]
        elif tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif tag == qn("w:customXml"):
            yield from _blocks(child)


def _cell_text(cell: Any) -> str:
    """A cell on one line: its paragraphs (and nested tables' rows) joined by spaces."""
    parts = []
    for block in _blocks(cell):
        texts = [" ".join(row) for row in block] if isinstance(block, list) else [block]
        parts += [re.sub(r"[\t\n]", " ", canonical(t)).strip() for t in texts]
    return " ".join(p for p in parts if p)


def docx_layout(
    data: bytes, name: str, *, max_uncompressed: int = MAX_UNCOMPRESSED
) -> tuple[str, dict[int, LineHint]]:
    """Canonical text of a .docx file and what its table rows are.

    The text is the body paragraphs and table rows joined with newlines (a row's cells by
    tabs). The hints map the offset of every table row to a :class:`LineHint`: rows of a
    speaker table (:func:`vnqual.io._speaker_table.speaker_columns`) carry their speaker and
    the span of the text cell; rows of other tables are statements without a speaker.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    check_zip(data, name, kind=".docx", required="word/document.xml", max_uncompressed=max_uncompressed)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document.element.body))
    # Only python-docx runs in this block: what a malformed package makes it raise is the
    # user's file, not a vnqual bug.
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
        EOFError,
        TypeError,
        AttributeError,
        IndexError,
    ) as err:
        problem = re.sub(r"\s+", " ", str(err)).strip(" '\"")[:120] or type(err).__name__
        raise file_error(
            InputError,
            name,
            f"cannot read this .docx ({problem})",
            "open it in Word and save it again as .docx",
        ) from None
    lines: list[str] = []
    hints: dict[int, LineHint] = {}
    pos = 0
    for block in blocks:
        if isinstance(block, str):
            lines.append(canonical(block))
            bold = getattr(block, "bold", 0)
            if bold and "\n" not in lines[-1]:  # a bold label or a bold question (press interviews)
                hints[pos] = LineHint(
                    "bold", body_start=pos + len(canonical(block[:bold])), body_end=pos + len(lines[-1])
                )
            pos += len(lines[-1]) + 1
            continue
        columns = speaker_columns(block)
        for i, row in enumerate(block):
            lines.append("\t".join(row))
            hints[pos] = row_hint(row, pos, columns, columns is not None and i < columns.header)
            pos += len(lines[-1]) + 1
    return "\n".join(lines), hints


def read_docx(
    data: bytes,
    name: str,
    *,
    unit: str = "paragraph",
    pattern: Patterns = (),
    max_uncompressed: int = MAX_UNCOMPRESSED,
    warn: Warn,
) -> ParsedDoc:
    """Read a .docx transcript (speaker labels as in text files; one paragraph = one line)."""
    text, hints = docx_layout(data, name, max_uncompressed=max_uncompressed)
    if not text.strip():
        raise file_error(
            InputError, name, "no text in the document body", "add the transcript text or remove the file"
        )
    rows, columns = statements_from_text(text, name, unit=unit, pattern=pattern, hints=hints, warn=warn)
    return ParsedDoc(text, rows, "docx", {}, columns)
