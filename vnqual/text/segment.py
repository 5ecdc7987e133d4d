"""Speaker turns, paragraphs and sentences of a canonical transcript, as character spans.

Every function works on the canonical text (see :func:`vnqual.text.normalize.canonical`) and
returns spans into it, so ``text[unit.start:unit.end] == unit.text`` always holds. A paragraph is
one non-blank line (one Word paragraph). Speaker labels are recognised only at the start of a
line and only in known shapes (see :func:`vnqual.text._labels.parse_label`), so a colon inside a sentence
("như sau: ...") never starts a new speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from typing import NamedTuple

from vnqual.errors import InputError
from vnqual.text._labels import compile_speaker_pattern, parse_label, wrapped_label
from vnqual.types import ROLE_UNKNOWN, UNITS

_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")


class Unit(NamedTuple):
    """One statement: its verbatim ``text`` is ``source[start:end]``."""

    speaker: str
    role: str
    text: str
    start: int
    end: int
    turn: int
    line: int
    time: str = ""


class LineHint(NamedTuple):
    """What a reader knows about one line from the file's structure (a table row).

    ``kind`` is ``"row"`` (a table row that is not speech: its own statement, no speaker),
    ``"header"`` (the header row of a speaker table: skipped) or ``"speaker"`` (a row of a
    speaker table: ``speaker``/``role``/``time`` from its cells, the statement is
    ``text[body_start:body_end]``, absolute offsets). Rows of a speaker table that follow one
    another with the same speaker form one turn; an empty speaker cell continues the previous
    row's speaker.
    """

    kind: str
    speaker: str = ""
    role: str = ""
    time: str = ""
    body_start: int = 0
    body_end: int = 0


class Turn(NamedTuple):
    """One speaker turn; ``source[start:end]`` runs from its first to its last paragraph."""

    speaker: str
    role: str
    start: int
    end: int
    turn: int
    line: int
    time: str = ""


# ------------------------------------------------------------------------------ spans
def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it has no leading or trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_SENTENCE_END = re.compile(r"[.?!…]+[\"'”’»)\]]*(?=\s)")
_OPENERS = "\"'“‘«([-–"
#: Words whose final period does not end a sentence (lower case, without the final dot).
ABBREVIATIONS = frozenset(
    {
        "ts",
        "ths",
        "th.s",
        "pgs",
        "gs",
        "pgs.ts",
        "gs.ts",
        "ncs",
        "bs",
        "ks",
        "ls",
        "tp",
        "tt",
        "q",
        "p",
        "đ/c",
        "mr",
        "ms",
        "mrs",
        "dr",
        "st",
        "nxb",
        "sđd",
        "tr",
    }
)
_LIST_NUMBER = re.compile(r"\s*(?:\d{1,3}|[IVXLC]{1,5}|[a-zA-Z])")
# A numbered item starting right after a sentence: "1. " / "2) " then a capital.
_INLINE_LIST_NUMBER = re.compile(r"(?:\d{1,2}|[IVX]{1,4})[.)][ \t]+")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (stripped, non-empty).

    A sentence ends at ``.``, ``?``, ``!`` or ``…`` followed by a space and an upper-case
    letter (or a numbered item such as ``1. Nội dung``), except after abbreviations (``TS.``,
    ``ThS.``, ``Tp.``), initials (``Nguyễn V. An``) and list numbers at the start (``1. Nội dung``).

    Examples
    --------
    >>> s = "TS. Hà nói ngày 22/6. Lớp học tốt! Còn gì?"
    >>> [s[a:b] for a, b in sentence_spans(s)]
    ['TS. Hà nói ngày 22/6.', 'Lớp học tốt!', 'Còn gì?']
    >>> s = "Có 3 vấn đề. 1. Chương trình. 2. Giảng viên."
    >>> [s[a:b] for a, b in sentence_spans(s)]
    ['Có 3 vấn đề.', '1. Chương trình.', '2. Giảng viên.']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _SENTENCE_END.finditer(text, start, end):
        nxt = m.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        k = nxt
        while k < end and text[k] in _OPENERS:
            k += 1
        if k >= end:
            continue
        if not text[k].isupper():  # "Có 3 vấn đề. 1. Chương trình. 2. Giảng viên."
            item = _INLINE_LIST_NUMBER.match(text, k, end)
            if item is None or item.end() >= end or not text[item.end()].isupper():
                continue
        if m.group().rstrip("\"'”’»)]") == ".":
            word = text[cur : m.start()].rsplit(None, 1)[-1] if text[cur : m.start()].strip() else ""
            if (
                word.lower() in ABBREVIATIONS
                or (len(word) == 1 and word.isupper())
                or _LIST_NUMBER.fullmatch(text[cur : m.start()])
            ):
                continue
        s, e = strip_span(text, cur, m.end())
        if s < e:
            spans.append((s, e))
        cur = nxt
    s, e = strip_span(text, cur, end)
    if s < e:
        spans.append((s, e))
    return spans


class _Para(NamedTuple):
    start: int
    end: int
    speaker: str
    role: str
    turn: int
    time: str
    after_break: bool  # a heading or rule line came between this and the previous paragraph


def _is_skipped_line(line: str) -> bool:
    """Markdown headings and lines without any letter or digit (``---``, ``* * *``)."""
    return bool(_HEADING.match(line)) or not any(ch.isalnum() for ch in line)


def _paragraphs(
    text: str,
    pattern: re.Pattern[str] | None,
    start: int,
    end: int,
    hints: Mapping[int, LineHint] | None = None,
) -> list[_Para]:
    paras: list[_Para] = []
    speaker = role = time = ""
    labelled = False  # the current speaker came from a label (continuations join it)
    new_turn = False
    turn = 0
    broke = False
    in_table = False  # the previous line was a row of a speaker table
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        line = text[pos:line_end]
        hint = hints.get(pos) if hints else None
        if hint is None and in_table:
            # After a speaker table, unlabelled paragraphs are nobody's turn.
            speaker = role = time = ""
            labelled, in_table, broke = False, False, True
        if hint is not None and line.strip():
            if hint.kind == "speaker":
                same = in_table and not broke and (not hint.speaker or hint.speaker == speaker)
                if hint.speaker:
                    speaker, role = hint.speaker, hint.role
                time = hint.time
                if not same:
                    turn += 1
                in_table, labelled, new_turn = True, True, False
                s, e = strip_span(text, max(hint.body_start, pos), min(hint.body_end, line_end))
                if s < e:  # never merged with the row above: other cells lie between them
                    paras.append(_Para(s, e, speaker, role, turn, time, True))
                    broke = False
            elif hint.kind == "header":
                broke = True
            else:  # a table row that is not speech: its own statement, nobody's turn
                s, e = strip_span(text, pos, line_end)
                if s < e:
                    turn += 1
                    paras.append(_Para(s, e, "", ROLE_UNKNOWN, turn, "", True))
                new_turn = broke = True  # what follows the table does not join this row
                in_table = False
        elif line.strip():
            if _is_skipped_line(line):
                broke = True
            else:
                label = parse_label(line, pattern=pattern)
                body = pos
                if label is None and pattern is None:
                    wrapped = wrapped_label(text, line, line_end, end)
                    if wrapped is not None:  # the label's "(...)" note runs onto this line
                        label, line_end = wrapped
                        label = label._replace(end=label.end - pos)
                if label is not None:
                    speaker, role, time = label.speaker, label.role, label.time
                    labelled, new_turn = True, True
                    body = pos + label.end
                s, e = strip_span(text, body, line_end)
                if s < e:
                    if new_turn or not labelled:
                        turn += 1
                        new_turn = False
                    paras.append(_Para(s, e, speaker, role, turn, time, broke))
                    broke = False
        pos = line_end + 1
    return paras


def _line_index(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def split_units(
    text: str,
    *,
    unit: str = "paragraph",
    pattern: str | re.Pattern[str] | None = None,
    start: int = 0,
    end: int | None = None,
    hints: Mapping[int, LineHint] | None = None,
) -> list[Unit]:
    """Cut a canonical transcript into statements.

    Parameters
    ----------
    text : str
        Canonical text (NFC, LF line endings).
    unit : {"paragraph", "turn", "sentence"}
        ``paragraph``: one statement per non-blank line (label removed); ``turn``: a speaker's
        consecutive paragraphs together; ``sentence``: sentences of each paragraph.
    pattern : str or compiled regex, optional
        User speaker-label regex (replaces the built-in label shapes).
    start, end : int
        Only this part of ``text`` is read (e.g. after YAML front matter).
    hints : mapping of int to LineHint, optional
        Structure known to the reader, by the offset where a line starts (table rows of a
        .docx, tab-separated speaker tables in a text file); such lines are not searched for
        labels.

    Returns
    -------
    list of Unit
        Stripped, non-empty statements with ``text[u.start:u.end] == u.text``. Paragraphs
        without any label each form their own turn with speaker ``""``; markdown headings
        (``# ...``) and lines without letters or digits (``---``) are skipped.

    Examples
    --------
    >>> src = "Chủ trì: Mời anh Minh.\\nAnh Minh: Xã tôi thiếu nước.\\nMùa khô rất dài."
    >>> [(u.speaker, u.turn, u.text) for u in split_units(src, unit="turn")]
    [('Chủ trì', 1, 'Mời anh Minh.'), ('Anh Minh', 2, 'Xã tôi thiếu nước.\\nMùa khô rất dài.')]
    """
    if unit not in UNITS:
        raise InputError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    end = len(text) if end is None else end
    paras = _paragraphs(text, compile_speaker_pattern(pattern), start, end, hints)
    lines = _line_index(text)
    spans: list[tuple[_Para, int, int]] = []
    if unit == "paragraph":
        spans = [(p, p.start, p.end) for p in paras]
    elif unit == "sentence":
        spans = [(p, s, e) for p in paras for s, e in sentence_spans(text, p.start, p.end)]
    else:
        for p in paras:
            if spans and spans[-1][0].turn == p.turn and not p.after_break:
                first = spans[-1][0]
                spans[-1] = (first, first.start, p.end)
            else:
                spans.append((p, p.start, p.end))
    return [
        Unit(p.speaker, p.role, text[s:e], s, e, p.turn, bisect_right(lines, s), p.time) for p, s, e in spans
    ]


def speaker_turns(
    text: str, *, pattern: str | re.Pattern[str] | None = None, start: int = 0, end: int | None = None
) -> list[Turn]:
    """Speaker turns of a canonical transcript (continuation paragraphs join the turn).

    Examples
    --------
    >>> src = "Người điều phối: Bắt đầu nhé.\\nTLN_QN_01: Tôi đồng ý.\\nNhưng kinh phí ít."
    >>> [(t.speaker, t.role, src[t.start:t.end]) for t in speaker_turns(src)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Người điều phối', 'facilitator', 'Bắt đầu nhé.'),
     ('TLN_QN_01', 'participant', 'Tôi đồng ý.\\nNhưng kinh phí ít.')]
    """
    paras = _paragraphs(text, compile_speaker_pattern(pattern), start, len(text) if end is None else end)
    lines = _line_index(text)
    turns: list[Turn] = []
    for p in paras:
        if turns and turns[-1].turn == p.turn:
            turns[-1] = turns[-1]._replace(end=p.end)
        else:
            turns.append(
                Turn(p.speaker, p.role, p.start, p.end, p.turn, bisect_right(lines, p.start), p.time)
            )
    return turns
