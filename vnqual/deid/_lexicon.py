"""Word lists of the de-identification detectors (lower case, NFC) and the province list."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

from vnqual.text._labels import NAME_PREFIXES, ROLE_LABELS

#: Address forms and honorifics that precede a personal name (``bà Sương``, ``đồng chí Tâm``).
HONORIFICS: tuple[str, ...] = tuple(
    sorted(
        {p for p in NAME_PREFIXES if not p.endswith(".") and len(p) > 1 and " " not in p or p == "đồng chí"}
        | {
            "ông",
            "bà",
            "anh",
            "chị",
            "em",
            "cô",
            "chú",
            "bác",
            "cậu",
            "mợ",
            "dì",
            "thím",
            "dượng",
            "o",
            "mệ",
            "cháu",
            "cụ",
            "thầy",
            "bạn",
            "già",
            "đồng chí",
            "đ/c",
            "đc",
            "nhà báo",
            "bác sĩ",
            "bs",
            "ts",
            "ths",
            "pgs",
            "gs",
            "luật sư",
            "kỹ sư",
            "ama",
            "ami",
            "amí",
        },
        key=lambda s: (-len(s.split()), s),
    )
)
#: Honorifics that are also ordinary words, so they count only before a capitalised name.
WEAK_HONORIFICS = frozenset({"o", "già", "bạn", "em", "cô", "anh"})

#: Capitalised words that begin a title or an institution, never a name (``ông Chủ tịch``).
TITLE_WORDS = frozenset(
    """chủ phó giám bí trưởng chánh tổng thứ bộ hiệu đại ủy uỷ ubnd hđnd sở phòng ban hội trường
    trạm bệnh trung viện văn cục chi đảng đoàn mặt công hợp nhà thành huyện xã tỉnh thôn bản ấp
    quận phường thị tổ khu làng buôn xóm giáo bác kỹ luật thạc tiến phóng đồng học cán chuyên
    người điều thư kế kiểm thanh quốc nông ngân kho tư""".split()
)
#: Two-word titles and institutions: a capitalised name stops before them (``Tuấn Chủ tịch xã``).
TITLE_BIGRAMS = frozenset(
    {
        "chủ tịch",
        "phó chủ",
        "bí thư",
        "phó bí",
        "giám đốc",
        "phó giám",
        "trưởng phòng",
        "trưởng ban",
        "trưởng thôn",
        "trưởng bản",
        "trưởng ấp",
        "trưởng khoa",
        "trưởng trạm",
        "phó trưởng",
        "hiệu trưởng",
        "chánh văn",
        "tổng giám",
        "thứ trưởng",
        "bộ trưởng",
        "đại biểu",
        "đại diện",
        "ủy viên",
        "uỷ viên",
        "cán bộ",
        "công chức",
        "giáo viên",
        "giảng viên",
        "bác sĩ",
        "tiến sĩ",
        "thạc sĩ",
        "kỹ sư",
        "nhà báo",
        "phóng viên",
        "trạm trưởng",
        "ủy ban",
        "uỷ ban",
        "hội đồng",
        "mặt trận",
        "đảng ủy",
        "đảng uỷ",
        "văn phòng",
        "sở nội",
        "phòng nội",
        "trường chính",
        "học viện",
        "nông thôn",
        "người dân",
        "thưa các",
    }
)
#: Capitalised single words after an honorific that start an institution, not a name.
NOT_NAME_STARTS = frozenset(
    "sở ủy uỷ bộ cục huyện xã tỉnh thôn phường quận ban phòng trường viện hội đảng chi".split()
)

#: Vietnamese family names (and first syllables of minority names) that start a full name.
SURNAMES = frozenset(
    """nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh mai trịnh lương
    tạ cao hà kiều quách thái từ triệu lò vàng sùng giàng hầu mùa lầu lưu đoàn đào đàm tô tôn la
    lại lâm lục mạc mạnh nông ninh phùng quan tăng thân thạch trương văn vi viên khổng khúc kim
    chu châu chế diệp doãn đồng giáp hứa kha lã lãnh lạc lò lộc mã nghiêm ông phí phó sầm tiêu
    trình ung vương y h' ksor siu rơ rcom nay kpă niê byă mlô êban hdơk ama""".split()
)

#: Full names that are public figures, streets or schools rather than participants.
PUBLIC_NAMES = frozenset(
    {
        "hồ chí minh",
        "lê lợi",
        "trần hưng đạo",
        "nguyễn huệ",
        "lý thường kiệt",
        "quang trung",
        "võ nguyên giáp",
        "nguyễn trãi",
        "lê duẩn",
        "trần phú",
        "nguyễn du",
        "hai bà trưng",
        "phạm văn đồng",
        "tôn đức thắng",
        "nguyễn văn linh",
        "nguyễn tất thành",
        "lê hồng phong",
        "nguyễn ái quốc",
    }
)
#: Words before a full name that make it a street, school or place named after a person.
NAMED_AFTER = frozenset(
    "đường phố trường thcs thpt ths tiểu học quận phường xã huyện tp thành tư tưởng lăng bác chủ tịch".split()
)

#: Capitalised phrases that look like names but are not (programmes, festivals, institutions).
NOT_NAMES = frozenset(
    {
        "nông thôn mới",
        "tết",
        "tết nguyên đán",
        "trung ương",
        "nhà nước",
        "mặt trận tổ quốc",
        "tổ quốc",
        "đảng",
        "bác hồ",
        "việt nam",
        "dạ",
        "vâng",
        "thưa",
        "xin",
        "cảm ơn",
    }
)

#: Vietnam's ethnic groups (and languages): after ``người``, ``tiếng``, ``dân tộc`` not a person.
ETHNIC_GROUPS = frozenset(
    " ".join(unicodedata.normalize("NFC", x).split())
    for x in """kinh|tày|thái|mường|khmer|hoa|nùng|mông|hmông|h'mông|dao|gia rai|jrai|ê đê|ba na|
    bahnar|xơ đăng|sán chay|cơ ho|chăm|chàm|sán dìu|hrê|ra glai|m'nông|mnông|thổ|xtiêng|stiêng|
    khơ mú|bru vân kiều|vân kiều|cơ tu|giáy|tà ôi|mạ|giẻ triêng|co|chơ ro|xinh mun|hà nhì|chu ru|
    lào|la chí|kháng|phù lá|la hủ|la ha|pà thẻn|lự|ngái|chứt|lô lô|mảng|cơ lao|bố y|cống|si la|
    pu péo|rơ măm|brâu|ơ đu|xê đăng|k'ho|anh|pháp|trung|nhật|hàn""".split("|")
)
#: Words after which an ethnic group's name is not a person (``người Kinh``, ``tiếng Ê Đê``).
ETHNIC_CONTEXT = frozenset("người tiếng dân tộc đồng bào con chữ giọng là và".split())

#: Unit words of administrative places and their level (1 province ... 4 village).
PLACE_UNITS: dict[str, int] = {
    "tỉnh": 1,
    "thành phố": 2,
    "tp.": 2,
    "tp": 2,
    "huyện": 2,
    "quận": 2,
    "thị xã": 2,
    "tx.": 2,
    "xã": 3,
    "phường": 3,
    "thị trấn": 3,
    "tt.": 3,
    "thôn": 4,
    "bản": 4,
    "ấp": 4,
    "buôn": 4,
    "làng": 4,
    "xóm": 4,
    "tổ dân phố": 4,
    "khu phố": 4,
    "khóm": 4,
    "sóc": 4,
    "plei": 4,
    "palei": 4,
    "tổ": 4,
    "đội": 4,
}
#: Names of the ``--keep-level`` choices and the highest level they keep.
KEEP_LEVELS: dict[str, int] = {"none": 0, "tỉnh": 1, "huyện": 2, "xã": 3, "thôn": 4}

#: Words that introduce an organisation name (``Công ty``, ``Hợp tác xã``), for category org.
ORG_UNITS: tuple[str, ...] = (
    "công ty",
    "hợp tác xã",
    "htx",
    "doanh nghiệp",
    "tập đoàn",
    "nhà máy",
    "trường tiểu học",
    "trường thcs",
    "trường thpt",
    "trường mầm non",
    "trường",
    "trạm y tế",
    "bệnh viện",
    "ngân hàng",
    "hội",
    "câu lạc bộ",
    "clb",
    "tổ hợp tác",
)

#: Speaker labels that are roles, not people (``Người điều phối``, ``PV``).
ROLE_WORDS = frozenset(ROLE_LABELS)


def nfc(text: str) -> str:
    """NFC form of ``text``."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Comparison key of a name: NFC, case-folded, single spaces (``Lê_Thị`` = ``lê thị``)."""
    return " ".join(nfc(text).replace("_", " ").casefold().split())


@lru_cache(maxsize=1)
def provinces() -> frozenset[str]:
    """Folded names of Vietnam's provinces and centrally-run cities (``vnqual/data/provinces_vi.txt``)."""
    text = resources.files("vnqual").joinpath("data/provinces_vi.txt").read_text(encoding="utf-8")
    return frozenset(fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))
