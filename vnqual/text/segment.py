"""Speaker turns, paragraphs and sentences of a canonical transcript, as character spans.

Every function works on the canonical text (see :func:`vnqual.text.normalize.canonical`) and
returns spans into it, so ``text[unit.start:unit.end] == unit.text`` always holds. A paragraph is
one non-blank line (one Word paragraph). Speaker labels are recognised only at the start of a
line and only in known shapes (see :func:`parse_label`), so a colon inside a sentence
("như sau: ...") never starts a new speaker.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from vnqual.errors import InputError
from vnqual.types import ROLE_FACILITATOR, ROLE_PARTICIPANT, ROLE_UNKNOWN, UNITS

# --------------------------------------------------------------------- label vocabulary
#: Labels that are a role, not a name (lower case). Value: the role.
ROLE_LABELS: dict[str, str] = {
    **dict.fromkeys(
        ("chủ trì", "người chủ trì", "chủ tọa", "chủ toạ", "người điều phối", "điều phối viên",
         "điều phối", "người điều hành", "điều hành", "người dẫn chương trình",
         "dẫn chương trình", "mc", "người phỏng vấn", "phỏng vấn viên", "npv", "pv", "hỏi",
         "h", "q", "nghiên cứu viên", "ncv", "moderator", "facilitator", "interviewer"),
        ROLE_FACILITATOR),
    **dict.fromkeys(
        ("người trả lời", "ntl", "trả lời", "đáp", "tl", "đ", "a", "người tham gia", "ntg",
         "đại biểu", "thành viên", "thư ký", "respondent", "participant", "interviewee"),
        ROLE_PARTICIPANT),
}
#: Honorifics and titles that may precede a name (lower case; multi-word allowed).
NAME_PREFIXES: tuple[str, ...] = (
    "ông", "bà", "anh", "chị", "em", "cô", "thầy", "chú", "bác", "cháu", "cụ", "dì",
    "đ/c", "đc", "đồng chí", "ts.", "ts", "ths.", "ths", "pgs.", "pgs", "pgs.ts.", "pgs.ts",
    "gs.", "gs", "gs.ts.", "gs.ts", "ncs.", "bs.", "ks.", "ls.", "mr.", "ms.", "mrs.", "dr.",
    "nhà báo", "đại biểu", "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư", "giám đốc",
    "phó giám đốc", "trưởng phòng", "phó trưởng phòng", "trưởng thôn", "trưởng bản",
    "hiệu trưởng",
)
_PREFIX_WORDS = sorted((p.split() for p in NAME_PREFIXES), key=len, reverse=True)
#: Capitalised single words that start headings or notes, not names ("Ngày: 23/6/2020").
_NOT_NAMES = frozenset({
    "ngày", "nguồn", "địa", "thời", "lưu", "nhưng", "vì", "do", "và", "hoặc", "tuy", "theo",
    "sau", "trước", "ví", "câu", "phần", "bước", "điều", "khoản", "mục", "tiêu", "kết", "tóm",
    "ghi", "lời", "đề", "ý", "chú", "kính", "thưa", "xin", "còn", "vậy", "thì", "là", "có",
    "không", "tôi", "chúng", "đây", "đó", "nay", "note", "source", "date", "time", "title",
    "topic", "location", "chương", "bài", "tên",
})
_FACILITATOR_NOTE = re.compile(
    r"chủ trì|chủ tọa|chủ toạ|điều phối|điều hành|dẫn chương trình|phỏng vấn viên|"
    r"người phỏng vấn|moderator|facilitator|interviewer|\bmc\b")
_FACILITATOR_CODES = frozenset({"pv", "npv", "h", "q", "mc", "ncv"})
_CODE = re.compile(r"[A-ZĐ][A-ZĐ0-9]*(?:[_-][A-ZĐ0-9]+)+|[A-ZĐ]{1,6} ?\d{1,3}")
_ROLE_NUMBERED = re.compile(r"(?P<role>.+?)\s*\d{1,3}")

# A label: optional bullet, timestamp and markdown bold, a short name, an optional
# "(chức vụ, đơn vị)" note, a colon (bold may close before or after it).
_LABEL = re.compile(
    r"[ \t]*(?:[-–•+][ \t]+)?"
    r"(?:\*{1,2}[ \t]*)?"
    r"(?:(?P<time>[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?)[ \t]+)?"
    r"(?:\*{1,2})?"
    r"(?P<name>[^:()\[\]*\n]{1,80}?)[ \t]*"
    r"(?:\((?P<note>[^()\n]{0,160})\)[ \t]*)?"
    r"(?:\*{1,2}[ \t]*)?:(?:[ \t]*\*{1,2})?(?!//)[ \t]*"
)
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_MAX_LABEL_WORDS = 8


class Label(NamedTuple):
    """A speaker label found at the start of a line.

    ``end`` is the offset in the line where the statement text may begin (after the colon).
    """

    speaker: str
    role: str
    end: int
    time: str = ""


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


# ------------------------------------------------------------------------------- labels
def compile_speaker_pattern(pattern: str | re.Pattern[str] | None) -> re.Pattern[str] | None:
    """Compile a user ``--speaker-pattern``, raising a one-line error if it is invalid."""
    if pattern is None or isinstance(pattern, re.Pattern):
        return pattern
    try:
        return re.compile(pattern)
    except re.error as err:
        raise InputError(f"--speaker-pattern {pattern!r} is not a valid regular expression "
                         f"({err}); check brackets and escapes") from None


def role_of(speaker: str, note: str = "") -> str:
    """Role of a speaker label: ``"facilitator"`` for chair/moderator/interviewer labels.

    Examples
    --------
    >>> role_of("Chủ trì"), role_of("Ông Lâm", "chủ trì, Sở Nội vụ"), role_of("NTL")
    ('facilitator', 'facilitator', 'participant')
    """
    if not speaker.strip():
        return ROLE_UNKNOWN
    low = " ".join(speaker.lower().split())
    if _FACILITATOR_NOTE.search(note.lower()):
        return ROLE_FACILITATOR
    for candidate in (low, _strip_number(low)):
        if candidate in ROLE_LABELS:
            return ROLE_LABELS[candidate]
    head = re.split(r"[\s_-]+", low, maxsplit=1)[0]
    if _CODE.fullmatch(speaker.strip()) and re.sub(r"\d+$", "", head) in _FACILITATOR_CODES:
        return ROLE_FACILITATOR
    return _role_with_name(speaker) or ROLE_PARTICIPANT


def _strip_number(low: str) -> str:
    m = _ROLE_NUMBERED.fullmatch(low)
    return m.group("role") if m else low


def _is_title_word(word: str) -> bool:
    return word[0].isupper() and all(ch.isalpha() or ch in "-.'’" for ch in word)


def _is_person(words: list[str]) -> bool:
    """Prefix words (Ông, Đ/c, TS.) followed by a title-cased name, or a title-cased name."""
    i = 0
    while i < len(words):
        for pw in _PREFIX_WORDS:
            if [w.lower() for w in words[i:i + len(pw)]] == pw:
                i += len(pw)
                break
        else:
            break
    rest = words[i:]
    if not rest:
        return False
    if i > 0 and len(rest) == 1 and rest[0].isdigit():  # "Đại biểu 3"
        return True
    if not all(_is_title_word(w) for w in rest):
        return False
    if i == 0:
        return len(rest) <= 5 and not (len(rest) == 1 and rest[0].lower() in _NOT_NAMES)
    return len(rest) <= 6


_ROLE_THEN_NAME = re.compile(
    "(?P<role>" + "|".join(re.escape(r) for r in sorted(ROLE_LABELS, key=len, reverse=True)
                           if len(r) > 2) + r")(?:\s*[-–,]\s*|\s+)(?P<rest>.+)", re.I)


def _role_with_name(name: str) -> str | None:
    """Role of ``Chủ trì - Ông Lâm`` / ``Người điều phối Lan`` (role label, then a name)."""
    m = _ROLE_THEN_NAME.match(name)
    if m and (_CODE.fullmatch(m.group("rest")) or _is_person(m.group("rest").split())):
        return ROLE_LABELS[m.group("role").lower()]
    return None


def _is_role_label(name: str) -> bool:
    low = name.lower()
    return (low in ROLE_LABELS or _strip_number(low) in ROLE_LABELS
            or _role_with_name(name) is not None)


def parse_label(line: str, *, pattern: re.Pattern[str] | None = None) -> Label | None:
    """Recognise a speaker label at the start of ``line`` (one line, no newline).

    Known shapes: role labels (``Chủ trì:``, ``Người điều phối:``, ``NPV:``, ``Hỏi:``,
    ``H:``, ``TL:``, ``PV:`` ...), honorific + name (``Ông Nguyễn Văn An:``, ``Đ/c Lan:``,
    ``TS. Hà:``), a title-cased name (``Nguyễn Thị Mai (Phó Chủ tịch UBND xã):``), participant
    codes (``TLN_QN_01:``, ``SPEAKER_01:``, ``P3:``), each optionally after a timestamp
    (``[00:12:34] Lan:``), a bullet or inside markdown bold (``**Chủ trì:**``). With
    ``pattern``, only that regex is used (group ``speaker`` or group 1 is the name).

    Examples
    --------
    >>> parse_label("Bà Trần Thị Hoa (chủ trì, Sở Nội vụ): Xin chào.")
    Label(speaker='Bà Trần Thị Hoa', role='facilitator', end=38, time='')
    >>> parse_label("Kết quả như sau: ba lớp bồi dưỡng.") is None
    True
    """
    if pattern is not None:
        return _parse_user_label(line, pattern)
    m = _LABEL.match(line)
    if m is None:
        return None
    name = " ".join(m.group("name").split())
    note = m.group("note") or ""
    role = _label_role(name, note)
    if role is None:  # "Bà Hoà, PCT Hội LHPN:" / "Đ/c Tâm - Bí thư Đảng ủy:"
        split = _NAME_THEN_POSITION.fullmatch(name)
        if split is None or not _is_position(split.group("position")):
            return None
        name = split.group("name")
        note = ", ".join(p for p in (split.group("position"), note) if p)
        role = _label_role(name, note)
        if role is None:
            return None
    end = m.end()
    again = _LABEL.match(line, end)  # the same label typed twice ("An: An: Tôi ...")
    if again and " ".join(again.group("name").split()) == " ".join(m.group("name").split()):
        end = again.end()
    return Label(name, role, end, m.group("time") or "")


# "Name, position" and "Name - position" (the position is the note of the label).
_NAME_THEN_POSITION = re.compile(r"(?P<name>[^,]+?)(?:\s*,\s*|\s+[-–]\s+)(?P<position>.+)")


def _is_position(text: str) -> bool:
    """A job title or unit after a name: starts with a capital (``Bí thư``, ``PCT``) or names
    a chairing role; at most 12 words, no sentence punctuation (``Anh Tuấn, em hỏi:`` is not
    a label)."""
    words = text.split()
    if not words or len(words) > 12 or any(ch in text for ch in ".?!;"):
        return False
    if words[0].lower() in _NOT_NAMES:  # "Hà Nội, Ngày 12 tháng 3:"
        return False
    return words[0][0].isupper() or bool(_FACILITATOR_NOTE.search(text.lower()))


@lru_cache(maxsize=4096)
def _label_role(name: str, note: str) -> str | None:
    """Role of a label candidate, or None if ``name`` is not a known label shape (cached:
    transcripts repeat the same few labels)."""
    words = name.split()
    if not words or len(words) > _MAX_LABEL_WORDS:
        return None
    if not (_is_role_label(name) or _CODE.fullmatch(name) or _is_person(words)):
        return None
    return role_of(name, note)


def _parse_user_label(line: str, pattern: re.Pattern[str]) -> Label | None:
    m = pattern.match(line)
    if m is None or m.end() == 0:
        return None
    if "speaker" in pattern.groupindex:
        speaker = m.group("speaker")
    elif pattern.groups:
        speaker = m.group(1)
    else:
        speaker = m.group(0)
    speaker = " ".join((speaker or "").split()).strip("*: ")
    if not speaker:
        return None
    end = m.end()
    rest = re.match(r"[ \t]*:?[ \t]*", line[end:])
    return Label(speaker, role_of(speaker), end + (rest.end() if rest else 0))


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
ABBREVIATIONS = frozenset({
    "ts", "ths", "th.s", "pgs", "gs", "pgs.ts", "gs.ts", "ncs", "bs", "ks", "ls", "tp", "tt",
    "q", "p", "đ/c", "mr", "ms", "mrs", "dr", "st", "nxb", "sđd", "tr",
})
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
            word = text[cur:m.start()].rsplit(None, 1)[-1] if text[cur:m.start()].strip() else ""
            if (word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
                    or _LIST_NUMBER.fullmatch(text[cur:m.start()])):
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


def _paragraphs(text: str, pattern: re.Pattern[str] | None, start: int,
                end: int, hints: Mapping[int, LineHint] | None = None) -> list[_Para]:
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
                    wrapped = _wrapped_label(text, line, line_end, end)
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


# "Ông Bình (Phó Chủ tịch" + newline + "UBND xã Gio Mỹ): ..." -- a label wrapped by the typist.
_OPEN_LABEL = re.compile(r"[ \t]*(?:[-–•+][ \t]+)?(?P<name>[^:()\[\]*\n]{1,80}?)[ \t]*"
                         r"\((?P<note>[^()\n]{0,160})$")
_CLOSE_LABEL = re.compile(r"[ \t]*(?P<note>[^():\n]{0,160})\)[ \t]*:[ \t]*")


def _wrapped_label(text: str, line: str, line_end: int, end: int) -> tuple[Label, int] | None:
    """A label whose ``(note)`` is split over this line and the next: (label with ``end`` as an
    offset in ``text``, end of the next line), or None."""
    m = _OPEN_LABEL.fullmatch(line)
    if m is None or line_end >= end:
        return None
    nxt = line_end + 1
    nxt_end = text.find("\n", nxt, end)
    nxt_end = end if nxt_end < 0 else nxt_end
    close = _CLOSE_LABEL.match(text, nxt, nxt_end)
    if close is None:
        return None
    name = " ".join(m.group("name").split())
    role = _label_role(name, f"{m.group('note')} {close.group('note')}")
    return None if role is None else (Label(name, role, close.end()), nxt_end)


def _line_index(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def split_units(text: str, *, unit: str = "paragraph", pattern: str | re.Pattern[str] | None = None,
                start: int = 0, end: int | None = None,
                hints: Mapping[int, LineHint] | None = None) -> list[Unit]:
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
    return [Unit(p.speaker, p.role, text[s:e], s, e, p.turn, bisect_right(lines, s), p.time)
            for p, s, e in spans]


def speaker_turns(text: str, *, pattern: str | re.Pattern[str] | None = None, start: int = 0,
                  end: int | None = None) -> list[Turn]:
    """Speaker turns of a canonical transcript (continuation paragraphs join the turn).

    Examples
    --------
    >>> src = "Người điều phối: Bắt đầu nhé.\\nTLN_QN_01: Tôi đồng ý.\\nNhưng kinh phí ít."
    >>> [(t.speaker, t.role, src[t.start:t.end]) for t in speaker_turns(src)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Người điều phối', 'facilitator', 'Bắt đầu nhé.'),
     ('TLN_QN_01', 'participant', 'Tôi đồng ý.\\nNhưng kinh phí ít.')]
    """
    paras = _paragraphs(text, compile_speaker_pattern(pattern), start,
                        len(text) if end is None else end)
    lines = _line_index(text)
    turns: list[Turn] = []
    for p in paras:
        if turns and turns[-1].turn == p.turn:
            turns[-1] = turns[-1]._replace(end=p.end)
        else:
            turns.append(Turn(p.speaker, p.role, p.start, p.end, p.turn,
                              bisect_right(lines, p.start), p.time))
    return turns
