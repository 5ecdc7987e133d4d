"""Page shapes around speaker labels: questions set apart, reader lines, labels after a question,
and lines that are not speech (editor's notes, headings, bylines, captions, URLs, image names).
"""

from __future__ import annotations

import re

from vnqual.text._labels import Label, Patterns, parse_label, resolve_label
from vnqual.text._titles import EDITOR_NOTES, HONORIFICS, SURNAMES, split_title
from vnqual.types import ROLE_INTERVIEWER, ROLE_PARTICIPANT

_QUESTION_END = re.compile(r"\?[\"'”’»)\]]*\s*$")
_ADDRESS = re.compile(
    r"[ \t]*(?:[-–•][ \t]+)?\*{0,2}[ \t]*(?:xin )?thưa (?:ông|bà|anh|chị|bộ trưởng|thứ trưởng|"
    r"đồng chí|giáo sư|tiến sĩ|pgs|gs|ts|luật sư|bác sĩ|đại biểu|chủ tịch|giám đốc|thầy|cô)\b",
    re.I,
)
_URL = re.compile(r"\s*(?:https?://|www\.)\S+\s*$", re.I)
_IMAGE = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?)\b", re.I)
_PHOTO = re.compile(r"\s*[(\[]?\s*(?:ảnh|nguồn|video|clip|đồ họa|đồ hoạ|infographic)\s*[:.]", re.I)
_NOTE_LINE = re.compile(r"[ \t]*(?:\*\*)?(?P<head>[^:\n]{1,40}?)(?:\*\*)?[ \t]*:")
_EDITOR_STAR = re.compile(r"[ \t]*\*[ \t]+(?!\*)")
_READER = re.compile(r"[ \t]*(?P<name>[^-–:()\n]{2,40}?)[ \t]+[-–][ \t]+(?P<rest>[^:\n]{1,80})$")
_DATELINE = re.compile(
    r"(?:thứ \w+|chủ nhật)?[ ,-]*(?:ngày )?\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b.*\d{1,2}[:h]\d{2}", re.I
)
_IMAGE_NAME = re.compile(r"(?:image|img|photo|anh|ảnh|dsc|pic)[_-]?\d+", re.I)
_CAPTION_CREDIT = re.compile(
    r"(?:[-–(]\s*)?(?:ảnh|trong ảnh|ảnh minh họa|ảnh minh hoạ)\s*:\s*[^.:]{1,60}\)?$", re.I
)
_PHRASE_BREAK = re.compile(r"[,.;:()\[\]“”\"«»!?–]|\s-\s")
_WORD_RUN = re.compile(r"[^\W\d_][\w'’-]*")
_CLOSING = re.compile(
    r"(?:biên bản|cuộc họp|hội nghị|buổi (?:họp|tọa đàm|toạ đàm|làm việc|giao lưu))\s+"
    r"(?:kết thúc|được lập|bế mạc|được thông qua)",
    re.I,
)
_PRONOUNS = frozenset(["tôi", "chúng", "mình", "em", "tớ", "ta"])
_INLINE = re.compile(r"\?[\"'”’»)\]]*[ \t]+")


def is_question(paragraph: str) -> bool:
    """A paragraph set apart as a question: ends with ``?`` or opens with ``Thưa ông/bà ...``."""
    return bool(_QUESTION_END.search(paragraph) or _ADDRESS.match(paragraph))


def opens_question(paragraph: str) -> bool:
    """``Thưa Bộ trưởng, ...`` (the question may end in a later paragraph)."""
    return bool(_ADDRESS.match(paragraph))


def is_furniture(line: str) -> bool:
    """A line that is nobody's speech: editor's note (``LTS: ...``, ``* Để người đọc ...``),
    heading in capitals or with a colon (``NỘI DUNG BUỔI GIAO LƯU:``), byline (``PHÁT LÝ``),
    photo caption (``Đại tướng Phùng Quang Thanh.``, ``Ảnh: ...``), URL or image file name."""
    text = line.strip().strip("*").strip()
    if not text:
        return False
    if _URL.match(text) or _PHOTO.match(text) or _EDITOR_STAR.match(line):
        return True
    words = text.split()
    if len(words) <= 3 and (_IMAGE.search(text) or _IMAGE_NAME.fullmatch(text)):
        return True
    if len(words) <= 15 and text.startswith("(") and text.endswith(")"):
        return True  # "(Trần Văn Quý, phường Tân An)": who sent the question, an editor's aside
    if _CLOSING.match(text):
        return True  # "Biên bản kết thúc lúc 21 giờ cùng ngày."
    if len(words) <= 12 and text.endswith(".") and _person_caption(words):
        return True  # "Ông Vũ Đức Long trả lời bạn đọc."
    if len(words) <= 14 and _DATELINE.search(text) and not text.endswith((".", "?", "!")):
        return True  # "- Thứ Sáu, 08/11/2019, 15:51 - Chia sẻ"
    if len(words) <= 60 and _CAPTION_CREDIT.search(text):
        return True  # "... Trong ảnh: ... Ảnh: HỮU PHÚC", "Thủ tướng ... - Ảnh: VGP"
    note = _NOTE_LINE.match(line)
    if note is not None:
        head = " ".join(note.group("head").split()).lower()
        if head in EDITOR_NOTES:
            return True  # "LTS: ...", "Ảnh: ...", "Lời giới thiệu:"
    letters = [ch for ch in text if ch.isalpha()]
    caps = bool(letters) and all(ch.isupper() for ch in letters) and len(words) <= 12
    if caps and (not text.endswith((".", "?", "!", "…")) or len(words) <= 4):  # heading, byline
        return True
    if (len(words) <= 10 and text.endswith(".") and text.count(".") == 1) or text.endswith(")."):
        name = text.rstrip(".").split("(")[0].strip()
        titled = split_title(name)
        if titled is not None:
            return titled.name != titled.title  # "Đại tướng Phùng Quang Thanh."
        found = resolve_label(name) if len(name.split()) >= 3 else None
        return found is not None and found.speaker.split()[0].lower() in HONORIFICS  # "Ông Lê Văn Hòa."
    return False


def _person_caption(words: list[str]) -> bool:
    """A short sentence about a fully named person, without first or second person: a caption."""
    if any(w.lower().strip(".,") in _PRONOUNS for w in words):
        return False
    for n in range(min(10, len(words) - 1), 1, -1):
        found = resolve_label(" ".join(words[:n]))
        if found is None or words[n][0].isupper():  # no label, or a name cut short
            continue
        name = found.speaker.split()
        if name and name[0].lower() in HONORIFICS:
            name = name[1:]
        return len(name) >= 2 and name[0].lower() in SURNAMES
    return False


def lead_person(paragraphs: list[str]) -> str | None:
    """The person a lead introduces (``Chị Giàng Thị Mỷ, cán bộ Đoàn xã, kể ...``): the most
    often named full name (family name first, 2 to 4 words) in the paragraphs before the first
    question, or None if there is none."""
    counts: dict[str, int] = {}
    for text in paragraphs:
        for phrase in _PHRASE_BREAK.split(text):  # a name never runs over a comma or a bracket
            words = _WORD_RUN.findall(phrase)
            for i, word in enumerate(words):
                prev = words[i - 1] if i else ""
                inside = prev[:1].isupper() and not prev.isupper() and prev.lower() not in HONORIFICS
                if word.lower() not in SURNAMES or not word[0].isupper() or inside:
                    continue
                j = i + 1
                while j < len(words) and j - i < 4 and words[j][0].isupper():
                    j += 1
                if j - i >= 2 and not all(w.isupper() for w in words[i:j]):
                    name = " ".join(words[i:j])
                    counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    return next(name for name, n in counts.items() if n == best)


def reader_line(line: str) -> Label | None:
    """A reader's line introducing an online question: ``Nguyễn Tấn Thành - Nam 26 tuổi - Thanh Hoá``
    (a name, then ``-`` parts, no colon, no sentence end). The reader is the one asking."""
    m = _READER.fullmatch(line)
    if m is None or line.rstrip().endswith((".", "?", "!", ",")):
        return None
    name = " ".join(m.group("name").split())
    words = name.split()
    if not 2 <= len(words) <= 6 or len(m.group("rest").split()) > 12:
        return None
    first = words[0].lower()
    if first not in SURNAMES and first not in HONORIFICS:
        return None
    if not all(w[0].isupper() for w in words[1:]):
        return None
    found = resolve_label(name)
    if found is None:
        return None
    return Label(found.speaker, ROLE_INTERVIEWER, len(line), "", found.title)


def inline_label(line: str, start: int, patterns: Patterns = ()) -> tuple[int, Label] | None:
    """A label right after a question inside a line: ``...? PGS. TS. Lê Quân: Tôi cho rằng``.

    Returns (offset in ``line`` where the label starts, the label with ``end`` relative to that
    offset). Only labels that cannot be ordinary words count: a title, a role, an honorific.
    """
    for m in _INLINE.finditer(line, start):
        at = m.end()
        label = parse_label(line[at:], pattern=patterns)
        if label is None:
            continue
        first = label.speaker.split()[0].lower() if label.speaker else ""
        if label.title or label.role != ROLE_PARTICIPANT or first in HONORIFICS:
            return at, label
    return None
