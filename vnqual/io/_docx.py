"""Word transcripts (.docx): body paragraphs and table rows in document order.

Headers, footers, footnotes, comments and text boxes are not read. The canonical text is the
paragraphs joined with ``"\\n"``; a table row is one line, its cells separated by a tab (as
Word copies a table as text) and the paragraphs inside a cell by a space. So a statement's
``line`` is its paragraph (or table row) number, and an attendance table gives one statement
per person, not one per cell.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from vnqual.errors import InputError
from vnqual.io._txt import ParsedDoc, Warn, file_error, statements_from_text
from vnqual.text.normalize import canonical

#: Default limit on the total uncompressed size of a .docx/.xlsx package.
MAX_UNCOMPRESSED = 200_000_000
#: Packages that expand more than this many times (and to more than 10 MB) look like zip bombs.
MAX_RATIO = 100
_RATIO_FLOOR = 10_000_000


def check_zip(data: bytes, name: str, *, kind: str, required: str,
              max_uncompressed: int = MAX_UNCOMPRESSED) -> zipfile.ZipFile:
    """Open an Office package after checking it is a zip that is safe to expand.

    The sizes declared in the zip directory are checked before anything is decompressed (Python's
    zipfile never inflates a member past its declared size).
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise file_error(InputError, name, f"not a valid {kind} (corrupted, password-protected "
                         "or another format renamed)", f"open it and save it again as {kind}"
                         ) from None
    infos = package.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > max_uncompressed:
        raise file_error(InputError, name, f"expands to {total / 1e6:.0f} MB, over the "
                         f"{max_uncompressed / 1e6:.0f} MB limit (possible zip bomb)",
                         "check the file, or save its text as .txt")
    if total > _RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise file_error(InputError, name, f"compression ratio {total / max(packed, 1):.0f}:1 "
                         "is too high (possible zip bomb)", "check the file, or save its text as .txt")
    if required not in package.namelist():
        raise file_error(InputError, name, f"not a {kind} (no {required} inside)",
                         f"open it and save it again as {kind}")
    return package


def _block_texts(element: Any) -> Iterator[str]:
    """Paragraph texts under a body/cell element in document order (a table row = one text)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        tag = child.tag
        if tag == qn("w:p"):
            yield Paragraph(child, None).text
        elif tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                cells = [" ".join(t.strip() for t in _block_texts(cell) if t.strip())
                         for cell in row.iterchildren(qn("w:tc"))]
                yield "\t".join(cells)
        elif tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_texts(content)
        elif tag == qn("w:customXml"):
            yield from _block_texts(child)


def docx_text(data: bytes, name: str, *, max_uncompressed: int = MAX_UNCOMPRESSED) -> str:
    """Canonical text of a .docx file (paragraphs and table rows joined with newlines)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    check_zip(data, name, kind=".docx", required="word/document.xml",
              max_uncompressed=max_uncompressed)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_block_texts(document.element.body))
    # Only python-docx runs in this block: what a malformed package makes it raise is the
    # user's file, not a vnqual bug.
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError,
            EOFError, TypeError, AttributeError, IndexError) as err:
        problem = re.sub(r"\s+", " ", str(err)).strip(" '\"")[:120] or type(err).__name__
        raise file_error(InputError, name, f"cannot read this .docx ({problem})",
                         "open it in Word and save it again as .docx") from None
    return canonical("\n".join(paragraphs))


def read_docx(data: bytes, name: str, *, unit: str = "paragraph", pattern: re.Pattern[str] | None = None,
              max_uncompressed: int = MAX_UNCOMPRESSED, warn: Warn) -> ParsedDoc:
    """Read a .docx transcript (speaker labels as in text files; one paragraph = one line)."""
    text = docx_text(data, name, max_uncompressed=max_uncompressed)
    if not text.strip():
        raise file_error(InputError, name, "no text in the document body",
                         "add the transcript text or remove the file")
    rows, columns = statements_from_text(text, name, unit=unit, pattern=pattern)
    return ParsedDoc(text, rows, "docx", {}, columns)
