"""Lexicons of speaker labels: titles of office, ranks, degrees, honorifics, roles, not-labels.

Data only, plus :func:`split_title`, which cuts a label such as ``Trung tướng, PGS, TS PHẠM
QUỐC TRUNG`` into the title (``Trung tướng, PGS, TS``) and the name as written
(``PHẠM QUỐC TRUNG``). All entries are lower case; multi-word entries are matched word by word.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from vnqual.types import ROLE_FACILITATOR, ROLE_INTERVIEWER


def _entries(text: str) -> frozenset[str]:
    """Lexicon entries written ``a|b|c`` (multi-word entries allowed)."""
    return frozenset(w.strip() for w in text.split("|") if w.strip())


#: Titles of office, functions and professions written before a name (``Bộ trưởng X``).
OFFICE_TITLES: frozenset[str] = _entries(
    "anh hùng|biên tập viên|bác sĩ|bí thư|bạn đọc|bộ trưởng|ca sĩ|chuyên gia|chánh thanh tra|"
    "chánh văn phòng|chánh án|chủ nhiệm|chủ toạ|chủ trì|chủ tịch|chủ tịch hđnd|chủ tịch nước|"
    "chủ tịch quốc hội|chủ tịch ubnd|chủ tọa|cán bộ|công chức|cục trưởng|cử tri|diễn viên|doanh nhân|"
    "dược sĩ|dẫn chương trình|giám đốc|giáo viên|giảng viên|hiệu trưởng|hoạ sĩ|hòa thượng|họa sĩ|"
    "học sinh|khán giả|kiến trúc sư|kỹ sư|linh mục|luật sư|mc|nghiên cứu viên|nghệ sĩ|"
    "nghệ sĩ nhân dân|nghệ sĩ ưu tú|người chủ trì|người dân|người dẫn chương trình|người điều hành|"
    "người điều phối|nhà báo|nhà giáo nhân dân|nhà giáo ưu tú|nhà nghiên cứu|nhà thơ|nhà văn|nhạc sĩ|"
    "nông dân|phó bí thư|phó chánh văn phòng|phó chánh án|phó chủ nhiệm|phó chủ tịch|"
    "phó chủ tịch hđnd|phó chủ tịch nước|phó chủ tịch ubnd|phó cục trưởng|phó giám đốc|"
    "phó hiệu trưởng|phó thống đốc|phó thủ tướng|phó trưởng ban|phó trưởng khoa|phó trưởng phòng|"
    "phó tổng biên tập|phó tổng cục trưởng|phó tổng giám đốc|phó viện trưởng|phó vụ trưởng|"
    "phóng viên|sinh viên|thính giả|thư ký|thống đốc|thủ tướng|thứ trưởng|trưởng ban|trưởng bản|"
    "trưởng công an|trưởng khoa|trưởng nhóm|trưởng phòng|trưởng thôn|trưởng trạm|trưởng đoàn|"
    "trưởng ấp|trạm trưởng|tổng biên tập|tổng bí thư|tổng cục trưởng|tổng giám đốc|tổng lãnh sự|"
    "tổng thư ký|uỷ viên|viên chức|viện trưởng|vụ trưởng|điều phối viên|đại biểu|đại biểu quốc hội|"
    "đại sứ|đạo diễn|độc giả|ủy viên|"
)
#: Military and police ranks.
RANKS: frozenset[str] = _entries(
    "chuẩn đô đốc|phó đô đốc|thiếu tá|thiếu tướng|thiếu uý|thiếu úy|thượng tá|thượng tướng|thượng uý|"
    "thượng úy|trung tá|trung tướng|trung uý|trung úy|đô đốc|đại tá|đại tướng|đại uý|đại úy|"
)
#: Degrees and honours, alone or chained by dots, commas or spaces (``PGS.TS``, ``GS.TSKH``).
DEGREES: frozenset[str] = _entries(
    "bs|bsck|bsckii|ckii|cn|cử nhân|dr|ds|giáo sư|gs|ks|ls|ncs|ngnd|ngưt|nsnd|nsưt|pgs|phó giáo sư|"
    "prof|th.s|ths|thạc sĩ|thạc sỹ|tiến sĩ|tiến sỹ|ts|tskh|"
)
#: Forms of address kept as part of the speaker (``Ông Bình`` is how the person is named).
HONORIFICS: frozenset[str] = _entries(
    "anh|bà|bác|cháu|chú|chị|cô|cụ|dì|em|mr|mr.|mrs|mrs.|ms|ms.|thầy|ông|đ/c|đc|đồng chí|"
)
#: Lower-case words allowed between a title and a name: the unit (``Sở Nội vụ``, ``UBND tỉnh``).
ORG_WORDS: frozenset[str] = _entries(
    "an|ban|bệnh|bộ|cao|chính|các|công|cục|của|dân|gia|huyện|hành|hđnd|học|hội|khu|mặt|nhân|nội|"
    "phòng|phường|phố|quân|quận|quốc|sở|thành|thị|trung|trường|trấn|trận|trị|tài|tâm|tại|tỉnh|tổ|"
    "tổng|ubnd|uỷ|viện|và|vụ|vực|xã|đại|đảng|đẳng|đội|ủy|"
)
#: Label words that make the speaker an interviewer (the person asking the questions).
INTERVIEWER_WORDS: frozenset[str] = _entries(
    "biên tập viên|btv|bạn đọc|câu hỏi|h|hỏi|interviewer|khán giả|ncv|nghiên cứu viên|"
    "người phỏng vấn|nhà báo|npv|phóng viên|phỏng vấn viên|pv|q|thính giả|độc giả|"
)
#: Outlets written as a label for their journalist's questions (``BBC: ...``).
OUTLETS: frozenset[str] = _entries(
    "bbc|dw|htv|nld|nv|rfa|rfi|sggp|thvl|tn|tt|ttxvn|vne|vnexpress|voa|vov|vtv|zing|"
)
#: Label words that make the speaker a facilitator (chair, moderator, host).
FACILITATOR_WORDS: frozenset[str] = _entries(
    "chủ toạ|chủ trì|chủ tọa|dẫn chương trình|facilitator|mc|moderator|người chủ trì|"
    "người dẫn chương trình|người điều hành|người điều phối|điều hành|điều phối|điều phối viên|"
)
#: Words before a colon that open editor's notes, headings and furniture: never a speaker.
NOT_LABELS: frozenset[str] = _entries(
    "bài|bài và ảnh|chú thích|chủ đề|clip|ghi chú|kết luận|lts|lời bạt|lời dẫn|lời giới thiệu|"
    "lời toà soạn|lời tòa soạn|nb|nguồn|nội dung|ps|sapo|tags|tb|thành phần|thời gian|tin|tiêu đề|"
    "ttxvn|tài liệu|tóm tắt|từ khoá|từ khóa|video|xem thêm|địa điểm|đọc thêm|ảnh|"
)
#: Heads of editor's notes and page furniture: such a line is nobody's speech, wherever it is.
EDITOR_NOTES: frozenset[str] = _entries(
    "chú thích|chú thích ảnh|clip|lts|lời giới thiệu|lời toà soạn|lời tòa soạn|nguồn|sapo|tags|"
    "từ khoá|từ khóa|video|xem thêm|đọc thêm|ảnh|"
)
#: Verbs of saying: ``Bộ trưởng cho biết: ...`` is prose, not a label.
SAYING_VERBS: frozenset[str] = _entries(
    "bày tỏ|báo cáo|chia sẻ|cho biết|cho hay|cho rằng|giải thích|giải trình|hỏi|khẳng|khẳng định|"
    "kiến nghị|kết luận|kể|lưu ý|nhấn mạnh|nhận định|nêu|nói|phát biểu|phân tích|thông báo|thông tin|"
    "tiếp thu|trao đổi|trả lời|tâm sự|yêu cầu|đánh giá|đề nghị|"
)
#: Common Vietnamese family names: a name in capitals must start with one (``PHẠM QUỐC TRUNG``).
SURNAMES: frozenset[str] = _entries(
    "bùi|bế|cao|chu|châu|chảo|cầm|danh|diệp|doãn|dương|giang|giàng|h'|hoàng|huỳnh|hà|hầu|hồ|hứa|kha|"
    "khúc|khổng|kim|kiều|ksor|la|lâm|lã|lê|lò|lù|lý|lưu|lương|lường|lầu|lục|lữ|mai|mùa|mạc|mạnh|"
    "nghiêm|nguyễn|ngô|ninh|nông|phan|phàn|phí|phùng|phạm|quan|quàng|quách|rơ|siu|sì|sùng|sầm|thào|"
    "thái|thân|thạch|triệu|trương|trần|trịnh|tòng|tô|tôn|tăng|tạ|tẩn|từ|ung|vi|viên|vàng|võ|vũ|vừ|y|"
    "âu|đinh|điêu|đoàn|đào|đặng|đỗ|"
)
_WORD = re.compile(r"\S+")
_TRAIL = ",;"


class TitledName(NamedTuple):
    """A label cut into its title (ranks, degrees, office, unit) and the name as written."""

    title: str
    name: str


def _key(word: str) -> str:
    return word.strip(_TRAIL).lower()


def _match(words: list[str], i: int, lexicon: frozenset[str], longest: int = 5) -> int:
    """Number of words at ``words[i:]`` forming an entry of ``lexicon`` (0 if none)."""
    for n in range(min(longest, len(words) - i), 0, -1):
        if " ".join(_key(w) for w in words[i : i + n]) in lexicon:
            return n
    return 0


def _is_degree(word: str) -> bool:
    parts = [p for p in re.split(r"[.,]", _key(word)) if p]
    return bool(parts) and all(p in DEGREES for p in parts)


def is_name_word(word: str) -> bool:
    """A word of a person's name: starts with a capital, letters (and ``-'``) only."""
    return word[0].isupper() and all(ch.isalpha() or ch in "-'’" for ch in word)


def _name_start(words: list[str]) -> int | None:
    """Where the name begins in ``words`` (title and unit already partly consumed): the trailing
    run of name words (at most 5), from its first family name if it has one."""
    k = len(words)
    while k > 0 and is_name_word(words[k - 1]) and not words[k - 1].endswith(tuple(_TRAIL)):
        k -= 1
    if k == len(words):
        return None
    run = words[k:]
    for j in range(max(0, len(run) - 5), len(run) - 1):
        if run[j].lower() in SURNAMES:
            return k + j
    return max(k, len(words) - 4) if k == 0 or len(run) <= 4 else len(words) - 4


def _all_caps(words: list[str]) -> bool:
    letters = [ch for w in words for ch in w if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def split_title(label: str) -> TitledName | None:
    """Cut a label into (title, name), or None when it is not a title/rank/degree + name.

    Honorifics stay in the name (``Ông Bình``); a title alone is its own name (``Bộ trưởng``).

    Examples
    --------
    >>> split_title("Trung tướng, PGS, TS PHẠM QUỐC TRUNG")
    TitledName(title='Trung tướng, PGS, TS', name='PHẠM QUỐC TRUNG')
    >>> split_title("Phó Chủ tịch UBND tỉnh Quảng Nam Nguyễn Văn Sáu")
    TitledName(title='Phó Chủ tịch UBND tỉnh Quảng Nam', name='Nguyễn Văn Sáu')
    >>> split_title("Bộ trưởng cho biết") is None
    True
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(label)]
    words = [label[s:e] for s, e in spans]
    i, office = 0, False
    h = _match(words, 0, HONORIFICS, 2)
    if h and _match(words, h, OFFICE_TITLES | RANKS):  # "Đồng chí Bí thư ..."
        i = h
    while i < len(words):
        n = _match(words, i, OFFICE_TITLES) or _match(words, i, RANKS)
        if n:
            office = office or _match(words, i, OFFICE_TITLES) > 0
            i += n
        elif _is_degree(words[i]):
            i += 1
        elif _match(words, i, DEGREES, 3):  # "Tiến sĩ", "Phó giáo sư"
            i += _match(words, i, DEGREES, 3)
        else:
            break
    if i == 0:
        return None
    rest = words[i:]
    title_end = spans[i - 1][1]
    if not rest:
        return TitledName(label.strip(_TRAIL + " "), label.strip(_TRAIL + " "))
    if _match(rest, 0, SAYING_VERBS, 2):
        return None
    if words[i - 1].endswith(","):  # "Trung tướng, PGS, TS" then the name
        start = 0 if all(is_name_word(w) for w in rest) and len(rest) <= 5 else None
    else:
        start = _name_start(rest)
    if start is None:
        return None
    unit = rest[:start]
    if unit and not office:
        return None
    name_words = rest[start:]
    if len(unit) > 10 or any(_match(unit, j, SAYING_VERBS, 2) for j in range(len(unit))):
        return None
    if any(not (is_name_word(w) or _key(w) in ORG_WORDS or w.isupper()) for w in unit):
        # "Sở Giao thông vận tải Phạm Thị Mai": a unit named in lower case needs a capitalised
        # head and a full name (family name first) after it.
        if not (is_name_word(unit[0]) or unit[0].isupper()) or len(name_words) < 2:
            return None
        if name_words[0].lower() not in SURNAMES:
            return None
    if len(name_words) > 5 or any(w.endswith(tuple(_TRAIL)) for w in name_words):
        return None
    name_at = spans[i + start][0]
    if unit:
        title_end = spans[i + start - 1][1]
    return TitledName(label[:title_end].strip(_TRAIL + " "), label[name_at:].strip())


def role_of_title(title: str) -> str | None:
    """Interviewer or facilitator role named by a title (``Nhà báo``, ``MC``), else None."""
    words = title.replace(",", " ").split()
    for i in range(len(words)):
        if _match(words, i, INTERVIEWER_WORDS, 3):
            return ROLE_INTERVIEWER
        if _match(words, i, FACILITATOR_WORDS, 4):
            return ROLE_FACILITATOR
    return None


def is_caps_name(words: list[str]) -> bool:
    """A name in capitals must start with a family name (``NỘI DUNG BUỔI GIAO LƯU`` is a heading)."""
    return not _all_caps(words) or (len(words) >= 2 and words[0].lower() in SURNAMES)


def is_not_label(name: str) -> bool:
    """Editor's notes, headings, furniture: ``LTS``, ``Lời tòa soạn``, ``NỘI DUNG BUỔI GIAO LƯU``."""
    low = " ".join(name.lower().split())
    return low in NOT_LABELS or any(low.startswith(n + " ") for n in NOT_LABELS if " " in n or len(n) > 3)
