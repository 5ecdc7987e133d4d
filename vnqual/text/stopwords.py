"""Vietnamese stop words: the curated list shipped with vnqual, user lists, canonical form.

Every entry is converted to the canonical token form on load (lower case, NFC, syllables joined
by ``_``), so ``tuy nhiên``, ``tuy_nhiên`` and ``Tuy  Nhiên`` are the same stop word. Entries
of several words (``thì là``, ``kiểu như``) are matched on consecutive tokens as well, because
the segmenter never outputs them as one token. See ``vnqual/data/STOPWORDS.md``.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from vnqual.errors import InputError
from vnqual.types import PathLike

DEFAULT_FILE = "stopwords_vi.txt"
EXTENDED_SOURCE = "stopwords_vi_extended_source.txt"
#: Syllables that make an entry of the generic list carry meaning (negation).
NEGATIONS = frozenset({"không", "chưa", "chẳng", "chả", "đừng", "chớ"})
#: Entries of the generic list that are kept as words even in the "extended" list: degree,
#: evaluation, quantity, needs and other content words of opinions and workshop discussion.
PROTECTED = frozenset(
    {
        "tốt",
        "rất",
        "quá",
        "khá",
        "ít",
        "nhiều",
        "hơn",
        "nhất",
        "khó",
        "dễ",
        "thiếu",
        "cần",
        "phải",
        "muốn",
        "hiểu",
        "biết",
        "nghe",
        "nhìn",
        "thấy",
        "vấn_đề",
        "khó_khăn",
        "hỗ_trợ",
        "quan_trọng",
        "tình_trạng",
        "đánh_giá",
        "yêu_cầu",
        "thời_gian",
        "điều_kiện",
        "chia_sẻ",
        "đảm_bảo",
        "thực_hiện",
        "tiếp_tục",
        "phù_hợp",
        "cơ_hội",
        "giá_trị",
        "đặc_biệt",
        "chuẩn_bị",
        "xử_lý",
        "tập_trung",
        "thay_đổi",
        "cá_nhân",
        "nhà",
        "nước",
        "người",
        "năm",
        "ngày",
        "tháng",
        "tuổi",
        "lớn",
        "nhỏ",
        "cao",
        "thấp",
        "nhanh",
        "mạnh",
        "dài",
        "mới",
        "đúng",
        "chắc_chắn",
        "lâu",
        "sớm",
        "xa",
        "gần",
        "giảm",
        "tăng",
        "đủ",
        "đầy",
        "đạt",
        "dùng",
        "sử_dụng",
        "làm",
        "học",
        "ăn",
        "chơi",
        "tìm_hiểu",
        "quan_tâm",
        "nhanh_chóng",
        "hoàn_toàn",
        "thực_sự",
        "thật_sự",
        "cụ_thể",
        "trực_tiếp",
        "khẳng_định",
        "lý_do",
        "nguồn",
        "vùng",
        "nhóm",
        "đơn_vị",
        "cấp",
        "quận",
        "việc",
        "chuyện",
        "câu_hỏi",
        "ý",
        "gặp_khó_khăn",
        "tạo_điều_kiện",
        "liên_quan",
        "xuất_hiện",
        "nhận",
        "giữ",
        "mất",
        "chịu",
        "chọn",
        "tránh",
        "mở",
        "mang",
        "đưa",
        "đặt",
        "lấy",
        "trả",
        "gây",
        "tạo",
        "thích",
        "đáng",
        "đáng_kể",
        "ngon",
        "ngọt",
        "thường",
        "thường_xuyên",
        "hay",
    }
)
_DATA = Path(__file__).resolve().parent.parent / "data"


def canonical_form(term: str) -> str:
    """Canonical token of a word or phrase: NFC, lower case, syllables joined by ``_``.

    Examples
    --------
    >>> canonical_form("Tuy  nhiên")
    'tuy_nhiên'
    >>> canonical_form("kiểu_như")
    'kiểu_như'
    """
    term = unicodedata.normalize("NFC", term)
    return "_".join(term.replace("_", " ").lower().split())


def parse_lines(lines: Iterable[str]) -> list[str]:
    """Canonical entries of a word-list file: one per line, ``#`` starts a comment."""
    out = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(canonical_form(line))
    return out


def read_word_list(path: PathLike, *, what: str) -> list[str]:
    """Entries of a UTF-8 word-list file: one per line, ``#`` starts a comment, blanks skipped.

    Raises
    ------
    InputError
        The file cannot be read as UTF-8 text (the message names ``what`` the file is).
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(
            f"{path}: cannot read {what} ({err.__class__.__name__}); "
            "save it as UTF-8 text, one entry per line"
        ) from None
    return [entry for line in lines if (entry := line.split("#", 1)[0].strip())]


def load_stopwords(path: PathLike) -> frozenset[str]:
    """Read a user stop-word file (UTF-8, one word or phrase per line, ``#`` comments)."""
    return frozenset(canonical_form(e) for e in read_word_list(path, what="stop-word list"))


@functools.lru_cache(maxsize=1)
def default_stopwords() -> frozenset[str]:
    """The curated list shipped with vnqual (``vnqual/data/stopwords_vi.txt``)."""
    text = (_DATA / DEFAULT_FILE).read_text(encoding="utf-8")
    return frozenset(parse_lines(text.splitlines()))


@functools.lru_cache(maxsize=1)
def extended_stopwords() -> frozenset[str]:
    """Default list plus the generic vietnamese-stopwords list (MIT, 1,942 entries) minus
    entries with a negation (:data:`NEGATIONS`) and :data:`PROTECTED` content words."""
    text = (_DATA / EXTENDED_SOURCE).read_text(encoding="utf-8")
    extra = {
        w
        for w in parse_lines(text.splitlines())
        if w not in PROTECTED and not NEGATIONS & set(w.split("_")) and "đâu_có" not in w
    }
    return default_stopwords() | frozenset(extra)


def stopword_set(
    stopwords: str | Iterable[str] | None = "default",
    *,
    extra: Iterable[str] = (),
) -> frozenset[str]:
    """Resolve a ``stopwords`` argument to a set of canonical entries.

    Parameters
    ----------
    stopwords : "default", "extended", None or iterable of str
        ``"default"``: the shipped list; ``"extended"``: :func:`extended_stopwords`; None: no
        list; otherwise the given words (any spelling: ``"tuy nhiên"`` or ``"tuy_nhiên"``).
    extra : iterable of str
        Words added to the list.

    Examples
    --------
    >>> "thì_là" in stopword_set("default")
    True
    >>> sorted(stopword_set(None, extra=["Kiểu như"]))
    ['kiểu_như']
    """
    if isinstance(stopwords, str):
        if stopwords not in ("default", "extended"):
            raise ValueError(f"stopwords={stopwords!r}: use 'default', 'extended', None or a list of words")
        base: frozenset[str] = default_stopwords() if stopwords == "default" else extended_stopwords()
    elif stopwords is None:
        base = frozenset()
    else:
        base = frozenset(canonical_form(w) for w in stopwords if w.strip())
    return base | frozenset(canonical_form(w) for w in extra if w.strip())
