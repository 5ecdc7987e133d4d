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
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, Union

from vnqual.errors import InputError
from vnqual.text._labels import compile_speaker_pattern
from vnqual.text._turns import LineHint, Para, paragraphs, strip_span
from vnqual.types import UNITS

__all__ = ["LineHint", "Turn", "Unit", "sentence_spans", "speaker_turns", "split_units", "strip_span"]
SpeakerPatterns = Union[str, "re.Pattern[str]", Sequence[Union[str, "re.Pattern[str]"]], None]


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
    title: str = ""


class Turn(NamedTuple):
    """One speaker turn; ``source[start:end]`` runs from its first to its last paragraph."""

    speaker: str
    role: str
    start: int
    end: int
    turn: int
    line: int
    time: str = ""
    title: str = ""


# ------------------------------------------------------------------------------ spans
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


def _line_index(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def split_units(
    text: str,
    *,
    unit: str = "paragraph",
    pattern: SpeakerPatterns = None,
    start: int = 0,
    end: int | None = None,
    hints: Mapping[int, LineHint] | None = None,
    warn: Callable[[str], None] | None = None,
    source: str = "",
) -> list[Unit]:
    """Cut a canonical transcript into statements.

    Parameters
    ----------
    text : str
        Canonical text (NFC, LF line endings).
    unit : {"paragraph", "turn", "sentence"}
        ``paragraph``: one statement per non-blank line (label removed); ``turn``: a speaker's
        consecutive paragraphs together; ``sentence``: sentences of each paragraph.
    pattern : str, compiled regex or a sequence of them, optional
        User speaker-label regexes, tried before the built-in label shapes (never instead).
    start, end : int
        Only this part of ``text`` is read (e.g. after YAML front matter).
    hints : mapping of int to LineHint, optional
        Structure known to the reader, by the offset where a line starts (table rows of a
        .docx, tab-separated speaker tables in a text file); such lines are not searched for
        labels.
    warn : callable, optional
        Called once (with a message naming ``source``) when paragraphs that read as questions
        stay in the turn of the speaker before them (the document does not read as an interview).
    source : str
        File name used in that message.

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
    questions: list[tuple[int, str]] = []
    paras = paragraphs(text, compile_speaker_pattern(pattern), start, end, hints, questions)
    lines = _line_index(text)
    if questions and warn is not None:
        at, shown = questions[0]
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        warn(
            f"{source or 'text'}: {len(questions)} paragraph(s) that read as questions stay in the turn "
            f"of the speaker before them (first: line {bisect_right(lines, at)} {shown!r}); "
            "label who asked (e.g. 'PV:') if it was someone else"
        )
    spans: list[tuple[Para, int, int]] = []
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
        Unit(p.speaker, p.role, text[s:e], s, e, p.turn, bisect_right(lines, s), p.time, p.title)
        for p, s, e in spans
    ]


def speaker_turns(
    text: str, *, pattern: SpeakerPatterns = None, start: int = 0, end: int | None = None
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
    paras = paragraphs(text, compile_speaker_pattern(pattern), start, len(text) if end is None else end)
    lines = _line_index(text)
    turns: list[Turn] = []
    for p in paras:
        if turns and turns[-1].turn == p.turn:
            turns[-1] = turns[-1]._replace(end=p.end)
        else:
            turns.append(
                Turn(p.speaker, p.role, p.start, p.end, p.turn, bisect_right(lines, p.start), p.time, p.title)
            )
    return turns
