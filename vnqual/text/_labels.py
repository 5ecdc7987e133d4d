"""Speaker labels at the start of a transcript line: their shapes, the speaker and the role.

Labels are recognised only in known shapes (role words, title + name, participant codes, a name
with its position), so a colon inside a sentence ("như sau: ...") never starts a new speaker.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from vnqual.errors import InputError
from vnqual.types import ROLE_FACILITATOR, ROLE_PARTICIPANT, ROLE_UNKNOWN

# --------------------------------------------------------------------- label vocabulary
#: Labels that are a role, not a name (lower case). Value: the role.
ROLE_LABELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "chủ trì",
            "người chủ trì",
            "chủ tọa",
            "chủ toạ",
            "người điều phối",
            "điều phối viên",
            "điều phối",
            "người điều hành",
            "điều hành",
            "người dẫn chương trình",
            "dẫn chương trình",
            "mc",
            "người phỏng vấn",
            "phỏng vấn viên",
            "npv",
            "pv",
            "hỏi",
            "h",
            "q",
            "nghiên cứu viên",
            "ncv",
            "moderator",
            "facilitator",
            "interviewer",
        ),
        ROLE_FACILITATOR,
    ),
    **dict.fromkeys(
        (
            "người trả lời",
            "ntl",
            "trả lời",
            "đáp",
            "tl",
            "đ",
            "a",
            "người tham gia",
            "ntg",
            "đại biểu",
            "thành viên",
            "thư ký",
            "respondent",
            "participant",
            "interviewee",
        ),
        ROLE_PARTICIPANT,
    ),
}
#: Honorifics and titles that may precede a name (lower case; multi-word allowed).
NAME_PREFIXES: tuple[str, ...] = (
    "ông",
    "bà",
    "anh",
    "chị",
    "em",
    "cô",
    "thầy",
    "chú",
    "bác",
    "cháu",
    "cụ",
    "dì",
    "đ/c",
    "đc",
    "đồng chí",
    "ts.",
    "ts",
    "ths.",
    "ths",
    "pgs.",
    "pgs",
    "pgs.ts.",
    "pgs.ts",
    "gs.",
    "gs",
    "gs.ts.",
    "gs.ts",
    "ncs.",
    "bs.",
    "ks.",
    "ls.",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "nhà báo",
    "đại biểu",
    "chủ tịch",
    "phó chủ tịch",
    "bí thư",
    "phó bí thư",
    "giám đốc",
    "phó giám đốc",
    "trưởng phòng",
    "phó trưởng phòng",
    "trưởng thôn",
    "trưởng bản",
    "hiệu trưởng",
)
_PREFIX_WORDS = sorted((p.split() for p in NAME_PREFIXES), key=len, reverse=True)
#: Capitalised single words that start headings or notes, not names ("Ngày: 23/6/2020").
_NOT_NAMES = frozenset(
    {
        "ngày",
        "nguồn",
        "địa",
        "thời",
        "lưu",
        "nhưng",
        "vì",
        "do",
        "và",
        "hoặc",
        "tuy",
        "theo",
        "sau",
        "trước",
        "ví",
        "câu",
        "phần",
        "bước",
        "điều",
        "khoản",
        "mục",
        "tiêu",
        "kết",
        "tóm",
        "ghi",
        "lời",
        "đề",
        "ý",
        "chú",
        "kính",
        "thưa",
        "xin",
        "còn",
        "vậy",
        "thì",
        "là",
        "có",
        "không",
        "tôi",
        "chúng",
        "đây",
        "đó",
        "nay",
        "note",
        "source",
        "date",
        "time",
        "title",
        "topic",
        "location",
        "chương",
        "bài",
        "tên",
    }
)
_FACILITATOR_NOTE = re.compile(
    r"chủ trì|chủ tọa|chủ toạ|điều phối|điều hành|dẫn chương trình|phỏng vấn viên|"
    r"người phỏng vấn|moderator|facilitator|interviewer|\bmc\b"
)
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
_MAX_LABEL_WORDS = 8


class Label(NamedTuple):
    """A speaker label found at the start of a line.

    ``end`` is the offset in the line where the statement text may begin (after the colon).
    """

    speaker: str
    role: str
    end: int
    time: str = ""


# ------------------------------------------------------------------------------- labels
def compile_speaker_pattern(pattern: str | re.Pattern[str] | None) -> re.Pattern[str] | None:
    """Compile a user ``speaker_pattern``, raising a one-line error (naming it) if it is invalid."""
    if pattern is None or isinstance(pattern, re.Pattern):
        return pattern
    try:
        return re.compile(pattern)
    except re.error as err:
        raise InputError(
            f"`speaker_pattern` {pattern!r} is not a valid regular expression "
            f"({err}); check brackets and escapes"
        ) from None


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
            if [w.lower() for w in words[i : i + len(pw)]] == pw:
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
    "(?P<role>"
    + "|".join(re.escape(r) for r in sorted(ROLE_LABELS, key=len, reverse=True) if len(r) > 2)
    + r")(?:\s*[-–,]\s*|\s+)(?P<rest>.+)",
    re.I,
)


def _role_with_name(name: str) -> str | None:
    """Role of ``Chủ trì - Ông Lâm`` / ``Người điều phối Lan`` (role label, then a name)."""
    m = _ROLE_THEN_NAME.match(name)
    if m and (_CODE.fullmatch(m.group("rest")) or _is_person(m.group("rest").split())):
        return ROLE_LABELS[m.group("role").lower()]
    return None


def _is_role_label(name: str) -> bool:
    low = name.lower()
    return low in ROLE_LABELS or _strip_number(low) in ROLE_LABELS or _role_with_name(name) is not None


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
    role = label_role(name, note)
    if role is None:  # "Bà Hoà, PCT Hội LHPN:" / "Đ/c Tâm - Bí thư Đảng ủy:"
        split = _NAME_THEN_POSITION.fullmatch(name)
        if split is None or not _is_position(split.group("position")):
            return None
        name = split.group("name")
        note = ", ".join(p for p in (split.group("position"), note) if p)
        role = label_role(name, note)
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
def label_role(name: str, note: str) -> str | None:
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


# "Ông Bình (Phó Chủ tịch" + newline + "UBND xã Gio Mỹ): ..." -- a label wrapped by the typist.
_OPEN_LABEL = re.compile(
    r"[ \t]*(?:[-–•+][ \t]+)?(?P<name>[^:()\[\]*\n]{1,80}?)[ \t]*"
    r"\((?P<note>[^()\n]{0,160})$"
)
_CLOSE_LABEL = re.compile(r"[ \t]*(?P<note>[^():\n]{0,160})\)[ \t]*:[ \t]*")


def wrapped_label(text: str, line: str, line_end: int, end: int) -> tuple[Label, int] | None:
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
    role = label_role(name, f"{m.group('note')} {close.group('note')}")
    return None if role is None else (Label(name, role, close.end()), nxt_end)
