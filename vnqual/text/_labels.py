"""Speaker labels at the start of a transcript line: their shapes, the speaker and the role.

Labels are recognised only in known shapes (role words, title + name, participant codes, a name
with its position), so a colon inside a sentence ("như sau: ...") never starts a new speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from vnqual.errors import InputError
from vnqual.text._titles import (
    FACILITATOR_WORDS,
    INTERVIEWER_WORDS,
    OFFICE_TITLES,
    OUTLETS,
    RANKS,
    is_caps_name,
    is_not_label,
    role_of_title,
    split_title,
)
from vnqual.types import ROLE_FACILITATOR, ROLE_INTERVIEWER, ROLE_PARTICIPANT, ROLE_UNKNOWN


# --------------------------------------------------------------------- label vocabulary
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split("|") if w.strip())


#: Labels that are a role, not a name (lower case). Value: the role.
ROLE_LABELS: dict[str, str] = {
    **dict.fromkeys(sorted(FACILITATOR_WORDS), ROLE_FACILITATOR),
    **dict.fromkeys(sorted(INTERVIEWER_WORDS), ROLE_INTERVIEWER),
    **dict.fromkeys(
        _words(
            "người trả lời|ntl|trả lời|đáp|tl|đ|a|người tham gia|ntg|đại biểu|thành viên|thư ký|"
            "respondent|participant|interviewee|cử tri"
        ),
        ROLE_PARTICIPANT,
    ),
}
#: Honorifics and titles that may precede a name (lower case; multi-word allowed).
NAME_PREFIXES: tuple[str, ...] = _words(
    "ông|bà|anh|chị|em|cô|thầy|chú|bác|cháu|cụ|dì|đ/c|đc|đồng chí|ts.|ts|ths.|ths|pgs.|pgs|pgs.ts.|"
    "pgs.ts|gs.|gs|gs.ts.|gs.ts|ncs.|bs.|ks.|ls.|mr.|ms.|mrs.|dr.|nhà báo|đại biểu|chủ tịch|"
    "phó chủ tịch|bí thư|phó bí thư|giám đốc|phó giám đốc|trưởng phòng|phó trưởng phòng|trưởng thôn|"
    "trưởng bản|hiệu trưởng|bạn đọc|độc giả|cử tri"
)
_PREFIX_WORDS = sorted((p.split() for p in NAME_PREFIXES), key=len, reverse=True)
#: Capitalised single words that start headings or notes, not names ("Ngày: 23/6/2020").
_NOT_NAMES = frozenset(
    _words(
        "ngày|nguồn|địa|thời|lưu|nhưng|vì|do|và|hoặc|tuy|theo|sau|trước|ví|câu|phần|bước|điều|khoản|"
        "mục|tiêu|kết|tóm|ghi|lời|đề|ý|chú|kính|thưa|xin|còn|vậy|thì|là|có|không|tôi|chúng|đây|đó|"
        "nay|note|source|date|time|title|topic|location|chương|bài|tên|ảnh|tin|video|clip"
    )
)
_FACILITATOR_NOTE = re.compile(
    r"chủ trì|chủ tọa|chủ toạ|điều phối|điều hành|dẫn chương trình|phỏng vấn viên|"
    r"người phỏng vấn|moderator|facilitator|interviewer|\bmc\b"
)
_FACILITATOR_CODES = frozenset({"mc"})
_INTERVIEWER_CODES = frozenset({"pv", "npv", "h", "q", "ncv"})
_INITIALS = re.compile(r"[A-ZĐ]{2,5}")
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
    title: str = ""


# ------------------------------------------------------------------------------- labels
def compile_speaker_pattern(
    pattern: str | re.Pattern[str] | Iterable[str | re.Pattern[str]] | None,
) -> tuple[re.Pattern[str], ...]:
    """Compile user ``speaker_pattern`` regexes (one or several), raising a one-line error
    naming the one that is invalid. They are tried before the built-in shapes, never instead."""
    if pattern is None:
        return ()
    items = [pattern] if isinstance(pattern, (str, re.Pattern)) else list(pattern)
    compiled = []
    for item in items:
        if isinstance(item, re.Pattern):
            compiled.append(item)
            continue
        try:
            compiled.append(re.compile(item))
        except re.error as err:
            raise InputError(
                f"`speaker_pattern` {item!r} is not a valid regular expression "
                f"({err}); check brackets and escapes"
            ) from None
    return tuple(compiled)


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
    if (
        note
        and role_of_title(note) == ROLE_INTERVIEWER
        or any(w in OUTLETS for w in re.split(r"[\s,–-]+", note.lower()))
    ):
        return ROLE_INTERVIEWER  # "Khánh An – VOA:", "Lan Anh (phóng viên):"
    for candidate in (low, _strip_number(low)):
        if candidate in ROLE_LABELS:
            return ROLE_LABELS[candidate]
    head = re.split(r"[\s_-]+", low, maxsplit=1)[0]
    if _CODE.fullmatch(speaker.strip()):
        code = re.sub(r"\d+$", "", head)
        if code in _FACILITATOR_CODES:
            return ROLE_FACILITATOR
        if code in _INTERVIEWER_CODES:
            return ROLE_INTERVIEWER
    if low in OUTLETS:
        return ROLE_INTERVIEWER
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
    if not all(_is_title_word(w) for w in rest) or not is_caps_name(rest):
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


Patterns = tuple[re.Pattern[str], ...]


def parse_label(
    line: str, *, pattern: re.Pattern[str] | Patterns | None = None, builtin: bool = True
) -> Label | None:
    """Recognise a speaker label at the start of ``line`` (one line, no newline).

    Known shapes: role labels (``Chủ trì:``, ``Người điều phối:``, ``NPV:``, ``Hỏi:``, ``Câu hỏi:``,
    ``PV:``, ``Phóng viên:``, ``MC:`` ...), titles, ranks and degrees before a name
    (``Bộ trưởng Nguyễn Thái Bình:``, ``Trung tướng, PGS, TS PHẠM QUỐC TRUNG, Hiệu trưởng ...:``,
    ``PGS.TS Lê Quân:``; the title goes to ``title``), honorific + name (``Ông Nguyễn Văn An:``,
    ``Đ/c Lan:``), a name in capitals starting with a family name, a title-cased name
    (``Nguyễn Thị Mai (Phó Chủ tịch UBND xã):``), participant codes (``TLN_QN_01:``), initials
    and outlets (``HP:``, ``BBC:``), each optionally after a timestamp (``[00:12:34] Lan:``), a
    bullet or dash, or inside markdown bold (``**Chủ trì:**``). ``LTS:``, ``Lời tòa soạn:``,
    headings and prose (``Bộ trưởng cho biết:``) are not labels. User ``pattern`` (one regex or
    several; group ``speaker`` or group 1 is the name) are tried first, then the built-in shapes.

    Examples
    --------
    >>> parse_label("Bà Trần Thị Hoa (chủ trì, Sở Nội vụ): Xin chào.")
    Label(speaker='Bà Trần Thị Hoa', role='facilitator', end=38, time='', title='chủ trì, Sở Nội vụ')
    >>> parse_label("Bộ trưởng Nguyễn Thái Bình: Xin trả lời.")
    Label(speaker='Nguyễn Thái Bình', role='participant', end=28, time='', title='Bộ trưởng')
    >>> parse_label("Kết quả như sau: ba lớp bồi dưỡng.") is None
    True
    """
    patterns: Patterns = (pattern,) if isinstance(pattern, re.Pattern) else tuple(pattern or ())
    for user in patterns:
        found = _parse_user_label(line, user)
        if found is not None:
            return found
    if not builtin:
        return None
    m = _LABEL.match(line)
    if m is None:
        return None
    resolved = resolve_label(" ".join(m.group("name").split()), m.group("note") or "")
    if resolved is None:
        return None
    end = m.end()
    again = _LABEL.match(line, end)  # the same label typed twice ("An: An: Tôi ...")
    if again and " ".join(again.group("name").split()) == " ".join(m.group("name").split()):
        end = again.end()
    return Label(resolved.speaker, resolved.role, end, m.group("time") or "", resolved.title)


class Resolved(NamedTuple):
    """What a label names: the speaker as written, the title before it, the role."""

    speaker: str
    title: str
    role: str


# "Name, position" and "Name - position" split points (the position is the note of the label).
_SPLIT = re.compile(r"\s*,\s*|\s+[-–]\s+")


@lru_cache(maxsize=4096)
def resolve_label(name: str, note: str = "") -> Resolved | None:
    """Speaker, title and role of a label candidate (the text before the colon, ``note`` the
    text in brackets), or None if it is not a known label shape (cached: transcripts repeat the
    same few labels)."""
    found = _resolve(name, note)
    if found is not None:
        return found._replace(title=found.title or note.strip())
    candidates = []
    for m in _SPLIT.finditer(name):  # "Bà Hoà, PCT Hội LHPN" / "Trung tướng, PGS, TS X, Hiệu trưởng"
        head, position = name[: m.start()], name[m.end() :]
        if not _is_position(position):
            continue
        found = _resolve(head, ", ".join(p for p in (position, note) if p))
        if found is not None:
            candidates.append(found._replace(title=found.title or position))
            if found.speaker != found.title:
                return candidates[-1]
    return candidates[0] if candidates else None


def _resolve(name: str, note: str) -> Resolved | None:
    words = name.split()
    if not words or len(words) > 16 or is_not_label(name):
        return None
    low = name.lower()
    if low in ROLE_LABELS or _strip_number(low) in ROLE_LABELS or _CODE.fullmatch(name):
        return Resolved(name, "", role_of(name, note))
    titled = split_title(name)
    if titled is not None and (titled.name == titled.title or _is_person(titled.name.split())):
        role = role_of_title(titled.title) or role_of(titled.name, note)
        if titled.name == titled.title:
            return Resolved(name, name, role)
        return Resolved(titled.name, titled.title, role)
    if len(words) > _MAX_LABEL_WORDS:
        return None
    with_name = _ROLE_THEN_NAME.match(name)
    if with_name is not None and _role_with_name(name) is not None:  # "Chủ tọa - Ông Vũ Văn Thuận"
        head = name[: with_name.start("rest")].strip(" -–,")
        return Resolved(with_name.group("rest").strip(), head, role_of(name, note))
    if _is_person(words):
        return Resolved(name, "", role_of(name, note))
    if _INITIALS.fullmatch(name):  # "HP:", "BBC:"
        return Resolved(name, "", role_of(name, note))
    return _asker(name)


# "Bạn đọc Nguyễn Văn A hỏi:", "Câu hỏi của bạn Trần Thị B:" -- a reader or viewer asking.
_ASKER = re.compile(
    r"(?:(?:câu )?hỏi của\s+)?(?P<who>(?:bạn đọc|độc giả|khán giả|thính giả|bạn|cử tri)\s+)?"
    r"(?P<name>.+?)(?:\s+hỏi)?",
    re.I,
)


def _asker(label: str) -> Resolved | None:
    m = _ASKER.fullmatch(label)
    if m is None or m.group("name") == label:  # neither "... hỏi" nor "hỏi của ..."
        return None
    if not m.group("who") and not label.lower().startswith(("hỏi của", "câu hỏi của")):
        return None  # "Chị Lan hỏi:" in minutes is reported speech, not a reader's question
    name = m.group("name")
    if not _is_person(name.split()):
        return None
    return Resolved(name, (m.group("who") or "").strip(), ROLE_INTERVIEWER)


def _is_position(text: str) -> bool:
    """A job title or unit after a name: starts with a capital (``Bí thư``, ``PCT``), with a
    title of office in lower case as minutes write it (``công chức Văn phòng - Thống kê xã``,
    ``phó chủ tịch UBND xã``) or names a chairing role; at most 12 words, no sentence
    punctuation (``Anh Tuấn, em hỏi:`` is not a label)."""
    words = text.split()
    if not words or len(words) > 12 or any(ch in text for ch in ".?!;"):
        return False
    if words[0].lower() in _NOT_NAMES:  # "Hà Nội, Ngày 12 tháng 3:"
        return False
    low = [w.lower() for w in words]
    titled = any(" ".join(low[:n]) in OFFICE_TITLES or " ".join(low[:n]) in RANKS for n in (1, 2, 3))
    return words[0][0].isupper() or titled or bool(_FACILITATOR_NOTE.search(text.lower()))


def label_role(name: str, note: str) -> str | None:
    """Role of a label candidate, or None if ``name`` is not a known label shape."""
    found = resolve_label(" ".join(name.split()), note)
    return None if found is None else found.role


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
    found = resolve_label(name, f"{m.group('note')} {close.group('note')}")
    if found is None:
        return None
    return Label(found.speaker, found.role, close.end(), "", found.title), nxt_end
