"""Lexicons of speaker labels: titles of office, ranks, degrees, honorifics, roles, not-labels.

Data only, plus :func:`split_title`, which cuts a label such as ``Trung tướng, PGS, TS PHẠM
QUỐC TRUNG`` into the title (``Trung tướng, PGS, TS``) and the name as written
(``PHẠM QUỐC TRUNG``). All entries are lower case; multi-word entries are matched word by word.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from vnqual.types import ROLE_FACILITATOR, ROLE_INTERVIEWER

#: Titles of office, functions and professions written before a name (``Bộ trưởng X``).
OFFICE_TITLES: frozenset[str] = frozenset(
    w.strip()
    for w in """
    thủ tướng|phó thủ tướng|chủ tịch nước|phó chủ tịch nước|tổng bí thư|chủ tịch quốc hội
    bộ trưởng|thứ trưởng|chủ tịch|phó chủ tịch|bí thư|phó bí thư|giám đốc|phó giám đốc
    tổng giám đốc|phó tổng giám đốc|trưởng phòng|phó trưởng phòng|hiệu trưởng|phó hiệu trưởng
    trưởng ban|phó trưởng ban|trưởng khoa|phó trưởng khoa|viện trưởng|phó viện trưởng
    vụ trưởng|phó vụ trưởng|cục trưởng|phó cục trưởng|tổng cục trưởng|phó tổng cục trưởng
    chánh văn phòng|phó chánh văn phòng|chánh thanh tra|chánh án|phó chánh án|thống đốc|phó thống đốc
    chủ nhiệm|phó chủ nhiệm|tổng thư ký|tổng biên tập|phó tổng biên tập|trưởng đoàn|trưởng thôn
    trưởng bản|trưởng ấp|trưởng công an|trưởng trạm|trạm trưởng|chủ tịch ubnd|phó chủ tịch ubnd
    chủ tịch hđnd|phó chủ tịch hđnd|đại sứ|tổng lãnh sự|đại biểu|đại biểu quốc hội|cử tri|chủ tọa
    chủ toạ|chủ trì|thư ký|ủy viên|uỷ viên|trưởng nhóm|điều phối viên|giảng viên|giáo viên
    chuyên gia|nhà nghiên cứu|nghiên cứu viên|luật sư|bác sĩ|kỹ sư|kiến trúc sư|dược sĩ|nhà báo
    phóng viên|biên tập viên|nhà văn|nhà thơ|nghệ sĩ|ca sĩ|nhạc sĩ|đạo diễn|diễn viên|họa sĩ|hoạ sĩ
    doanh nhân|nông dân|người dân|sinh viên|học sinh|cán bộ|công chức|viên chức|hòa thượng|linh mục
    nghệ sĩ nhân dân|nghệ sĩ ưu tú|nhà giáo nhân dân|nhà giáo ưu tú|anh hùng|mc
    người dẫn chương trình|dẫn chương trình|người điều phối|người điều hành|người chủ trì
    bạn đọc|độc giả|khán giả|thính giả
    """.replace("\n", "|").split("|")
) - {""}
#: Military and police ranks.
RANKS: frozenset[str] = frozenset(
    (
        "đại tướng",
        "thượng tướng",
        "trung tướng",
        "thiếu tướng",
        "đại tá",
        "thượng tá",
        "trung tá",
        "thiếu tá",
        "đại úy",
        "đại uý",
        "thượng úy",
        "thượng uý",
        "trung úy",
        "trung uý",
        "thiếu úy",
        "thiếu uý",
        "đô đốc",
        "phó đô đốc",
        "chuẩn đô đốc",
    )
)
#: Degrees and honours, alone or chained by dots, commas or spaces (``PGS.TS``, ``GS.TSKH``).
DEGREES: frozenset[str] = frozenset(
    (
        "gs",
        "pgs",
        "ts",
        "tskh",
        "ths",
        "th.s",
        "cn",
        "ks",
        "bs",
        "bsck",
        "bsckii",
        "ckii",
        "ds",
        "ls",
        "ncs",
        "ngnd",
        "ngưt",
        "nsnd",
        "nsưt",
        "dr",
        "prof",
        "giáo sư",
        "phó giáo sư",
        "tiến sĩ",
        "tiến sỹ",
        "thạc sĩ",
        "thạc sỹ",
        "cử nhân",
    )
)
#: Forms of address kept as part of the speaker (``Ông Bình`` is how the person is named).
HONORIFICS: frozenset[str] = frozenset(
    [
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
        "mr.",
        "ms.",
        "mrs.",
        "mr",
        "ms",
        "mrs",
    ]
    + ["đồng chí"]
)
#: Lower-case words allowed between a title and a name: the unit (``Sở Nội vụ``, ``UBND tỉnh``).
ORG_WORDS: frozenset[str] = frozenset(
    [
        "tỉnh",
        "huyện",
        "xã",
        "thành",
        "phố",
        "phường",
        "quận",
        "thị",
        "trấn",
        "vụ",
        "sở",
        "bộ",
        "ban",
        "phòng",
        "trường",
        "viện",
        "hội",
        "đảng",
        "ủy",
        "uỷ",
        "nhân",
        "dân",
        "ubnd",
        "hđnd",
        "mặt",
        "trận",
        "tổ",
        "quốc",
        "công",
        "an",
        "quân",
        "đội",
        "và",
        "các",
        "của",
        "tại",
        "khu",
        "vực",
        "đại",
        "học",
        "học",
        "cao",
        "đẳng",
        "trung",
        "tâm",
        "bệnh",
        "tổng",
        "cục",
        "chính",
        "trị",
        "quốc",
        "gia",
        "hành",
        "chính",
        "nội",
        "tài",
        "chính",
    ]
)
#: Label words that make the speaker an interviewer (the person asking the questions).
INTERVIEWER_WORDS: frozenset[str] = frozenset(
    (
        "pv",
        "phóng viên",
        "nhà báo",
        "người phỏng vấn",
        "phỏng vấn viên",
        "npv",
        "hỏi",
        "câu hỏi",
        "h",
        "q",
        "interviewer",
        "nghiên cứu viên",
        "ncv",
        "btv",
        "biên tập viên",
        "bạn đọc",
        "độc giả",
        "khán giả",
        "thính giả",
    )
)
#: Outlets written as a label for their journalist's questions (``BBC: ...``).
OUTLETS: frozenset[str] = frozenset(
    [
        "bbc",
        "voa",
        "rfa",
        "rfi",
        "dw",
        "nv",
        "tt",
        "tn",
        "vne",
        "vnexpress",
        "zing",
        "vtv",
        "vov",
        "ttxvn",
        "thvl",
        "htv",
        "nld",
        "sggp",
    ]
)
#: Label words that make the speaker a facilitator (chair, moderator, host).
FACILITATOR_WORDS: frozenset[str] = frozenset(
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
        "moderator",
        "facilitator",
    )
)
#: Words before a colon that open editor's notes, headings and furniture: never a speaker.
NOT_LABELS: frozenset[str] = frozenset(
    (
        "lts",
        "lời tòa soạn",
        "lời toà soạn",
        "lời giới thiệu",
        "lời dẫn",
        "lời bạt",
        "ghi chú",
        "chú thích",
        "nguồn",
        "ảnh",
        "video",
        "clip",
        "tin",
        "bài",
        "bài và ảnh",
        "tags",
        "từ khóa",
        "từ khoá",
        "xem thêm",
        "đọc thêm",
        "tóm tắt",
        "sapo",
        "thời gian",
        "địa điểm",
        "thành phần",
        "nội dung",
        "chủ đề",
        "kết luận",
        "tài liệu",
        "ttxvn",
        "tiêu đề",
        "ps",
        "tb",
        "nb",
    )
)
#: Heads of editor's notes and page furniture: such a line is nobody's speech, wherever it is.
EDITOR_NOTES: frozenset[str] = frozenset(
    (
        "lts",
        "lời tòa soạn",
        "lời toà soạn",
        "lời giới thiệu",
        "ảnh",
        "nguồn",
        "video",
        "clip",
        "tags",
        "từ khóa",
        "từ khoá",
        "xem thêm",
        "đọc thêm",
        "chú thích",
        "chú thích ảnh",
        "sapo",
    )
)
#: Verbs of saying: ``Bộ trưởng cho biết: ...`` is prose, not a label.
SAYING_VERBS: frozenset[str] = frozenset(
    [
        "nói",
        "cho biết",
        "khẳng định",
        "nhấn mạnh",
        "đề nghị",
        "chia sẻ",
        "phát biểu",
        "trả lời",
        "hỏi",
        "giải thích",
        "nêu",
        "kết luận",
        "yêu cầu",
        "thông tin",
        "cho rằng",
        "trao đổi",
        "bày tỏ",
        "kiến nghị",
        "lưu ý",
        "phân tích",
        "cho hay",
        "nhận định",
        "báo cáo",
        "đánh giá",
        "thông báo",
        "giải trình",
        "tiếp thu",
        "khẳng",
        "tâm sự",
        "kể",
    ]
)
#: Common Vietnamese family names: a name in capitals must start with one (``PHẠM QUỐC TRUNG``).
SURNAMES: frozenset[str] = frozenset(
    [
        "nguyễn",
        "trần",
        "lê",
        "phạm",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "hồ",
        "ngô",
        "dương",
        "lý",
        "lương",
        "trịnh",
        "đinh",
        "đoàn",
        "lâm",
        "mai",
        "cao",
        "chu",
        "hà",
        "tạ",
        "thái",
        "tô",
        "trương",
        "đào",
        "kiều",
        "quách",
        "la",
        "lò",
        "lục",
        "mạc",
        "nông",
        "triệu",
        "từ",
        "vi",
        "y",
        "h'",
        "ksor",
        "siu",
        "rơ",
        "châu",
        "tăng",
        "thân",
        "diệp",
        "giang",
        "khổng",
        "lưu",
        "lã",
        "mạnh",
        "tôn",
        "phùng",
        "quan",
        "kim",
        "âu",
        "giàng",
        "lù",
        "sì",
        "chảo",
        "tẩn",
        "phàn",
        "vừ",
        "vàng",
        "sùng",
        "thào",
        "mùa",
        "hầu",
        "lầu",
        "sầm",
        "lường",
        "quàng",
        "tòng",
        "điêu",
        "bế",
        "cầm",
        "ninh",
        "thạch",
        "danh",
        "kha",
        "lữ",
        "doãn",
        "khúc",
        "nghiêm",
        "phí",
        "hứa",
        "ung",
        "viên",
    ]
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
