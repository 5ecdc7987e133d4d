"""Detectors: where identifiers are in a text (persons, places, organisations, numbers, emails).

Each detector returns :class:`Span` candidates with character offsets into the text it was given.
Overlaps are resolved later (:func:`resolve`): a researcher's names win, then longer and surer spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from vnqual.deid._lexicon import (
    ETHNIC_CONTEXT,
    ETHNIC_GROUPS,
    HONORIFICS,
    MIDDLE_NAMES,
    NAMED_AFTER,
    NOT_NAME_STARTS,
    NOT_NAMES,
    ORG_UNITS,
    PLACE_PREPOSITIONS,
    PLACE_UNITS,
    PUBLIC_NAMES,
    SPEECH_VERBS,
    SURNAMES,
    TITLE_BIGRAMS,
    UNIT_WORD_NAMES,
    WEAK_HONORIFICS,
    fold,
    provinces,
)

#: Categories a caller can switch on or off.
CATEGORIES: tuple[str, ...] = ("person", "phone", "id", "email", "url", "place", "org", "date")
#: Categories on by default (organisations only when asked).
DEFAULT_CATEGORIES: tuple[str, ...] = ("person", "phone", "id", "email", "url", "place", "date")
#: Below this confidence a detection is listed as uncertain in the audit list (it is still replaced).
UNCERTAIN_BELOW = 0.75

# Lower rank wins an overlap.
# Mentions of names already in the key rank like other mentions, so a re-run with the key of an
# earlier run labels each replacement with the same detector (byte-identical audit lists).
_RANK = {
    "names": 0,
    "regex": 2,
    "speaker": 3,
    "honorific": 3,
    "place-unit": 3,
    "surname": 4,
    "speech-verb": 4,
}


@dataclass(frozen=True)
class Span:
    """One detected identifier: ``text[start:end]`` of category ``category``.

    ``detector`` names the rule (``honorific``, ``surname``, ``ner``, ``regex``, ``names``, ...);
    ``entity`` is the comparison key that groups mentions of one person/place (set when linked);
    ``level`` is the administrative level of a place (1 province ... 4 village), else 0.
    """

    start: int
    end: int
    category: str
    detector: str
    confidence: float
    text: str
    level: int = 0
    entity: str = ""

    @property
    def rank(self) -> int:
        return _RANK.get(self.detector, 5)


# ------------------------------------------------------------------ numbers, emails, urls, dates
_SEP = r"[ .\-]?"
_PHONE = re.compile(
    rf"""(?<![\w+/.,])(?:
        (?:\+84|0084|\(\+84\))[ .\-]?(?:\(0\)[ .\-]?)?(?:[35789](?:{_SEP}\d){{8}}|2(?:{_SEP}\d){{9}})
      | \(02\d{{1,2}}\)[ .\-]?\d(?:{_SEP}\d){{6,7}}
      | 0[35789](?:{_SEP}\d){{8}}
      | 02(?:{_SEP}\d){{9}}
    )(?![\w]|[.,]\d)""",
    re.X,
)
_CCCD = re.compile(r"(?<![\w+/.,])0\d{2}(?:[ .]?\d){9}(?![\w]|[.,]\d)")
_CMND = re.compile(r"(?<![\w+/.,\-])\d{9}(?![\w]|[.,/\-]\d)")
_PASSPORT = re.compile(r"(?<![\w/\-])[A-Z]\d{7,8}(?![\w/\-])")
_ID_CONTEXT = re.compile(
    r"(?:cmnd|cmt|cccd|căn cước|chứng minh|hộ chiếu|định danh|passport|số cc)[^\d\n]{0,25}"
    r"(?P<num>[A-Z]?\d(?:[ .]?\d){7,13})(?![\w]|[.,]\d)",
    re.I,
)
_EMAIL = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]]+|(?<![\w@.])(?:facebook|fb|zalo|tiktok|youtube)\.(?:com|me)/[^\s<>\"'()]+",
    re.I,
)
_DATE = (
    r"\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*(?:19|20)?\d{2}"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|(?:19|20)\d{2}"
)
_DOB = re.compile(
    rf"(?:ngày\s+sinh|năm\s+sinh|sinh\s+ngày|sinh\s+năm|sinh\s+tháng|\bsinh|\bSN|\bNS|d\.o\.b\.?)[\s:.,]*(?P<date>{_DATE})",
    re.I,
)


def find_numbers(text: str, categories: Iterable[str]) -> list[Span]:
    """Phones, ID numbers, emails, URLs and dates of birth in ``text`` (regular expressions)."""
    cats = set(categories)
    out: list[Span] = []

    def add(m: re.Match[str], cat: str, conf: float, group: int | str = 0) -> None:
        s, e = m.span(group)
        out.append(Span(s, e, cat, "regex", conf, text[s:e]))

    if "id" in cats:
        for m in _ID_CONTEXT.finditer(text):
            add(m, "id", 0.99, "num")
        for m in _CCCD.finditer(text):
            add(m, "id", 0.95)
        for m in _PASSPORT.finditer(text):
            add(m, "id", 0.85)
        for m in _CMND.finditer(text):
            context = text[max(0, m.start() - 40) : m.start()].lower()
            sure = any(w in context for w in ("cmnd", "chứng minh", "cmt", "số", "cccd", "căn cước"))
            add(m, "id", 0.9 if sure else 0.6)
    if "phone" in cats:
        for m in _PHONE.finditer(text):
            add(m, "phone", 0.97)
    if "email" in cats:
        for m in _EMAIL.finditer(text):
            add(m, "email", 0.99)
    if "url" in cats:
        for m in _URL.finditer(text):
            s, e = m.span()
            while e > s and text[e - 1] in ".,;:!?":
                e -= 1
            out.append(Span(s, e, "url", "regex", 0.95, text[s:e]))
    if "date" in cats:
        for m in _DOB.finditer(text):
            add(m, "date", 0.9, "date")
    return out


# ------------------------------------------------------------------ tokens
_TOKEN = re.compile(r"[Đđ]/[Cc]\b|\w+(?:['’]\w+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n\"“”(\[…•\-–—*]")


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    word: str
    low: str
    cap: bool
    sent_start: bool  # first word of a sentence, line, label or quotation
    joined: bool  # separated from the previous token by exactly one space


def tokens(text: str) -> list[Tok]:
    """Word tokens of ``text`` with what the detectors need to know about each."""
    out: list[Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        word = m.group()
        gap = text[prev_end : m.start()]
        sent = not out or bool(_SENTENCE_BREAK.search(gap))
        joined = bool(out) and gap in (" ", "\u00a0")
        # Acronyms (UBND, QĐ-TTg) are not names; one capital letter (Y, A in "Vàng A Dính") is,
        # and so are minority names with an apostrophe (H'Linh, M'Drắk).
        n_upper = sum(ch.isupper() for ch in word)
        cap = word[0].isupper() and (n_upper == 1 or "'" in word or "’" in word)
        out.append(Tok(m.start(), m.end(), word, fold(word), cap, sent, joined))
        prev_end = m.end()
    return out


def _name_run(
    toks: Sequence[Tok], i: int, *, max_len: int = 5, allow_digits: bool = False, place: bool = False
) -> int:
    """End index (exclusive) of the capitalised name starting at token ``i`` (``i`` if none)."""
    j = i
    while j < len(toks) and j - i < max_len:
        t = toks[j]
        if j > i and not t.joined:
            break
        if t.cap or (allow_digits and j == i and t.word.isdigit()):
            if place and j > i and t.low in PLACE_UNITS:
                break
            if _starts_title(toks, j):
                break
            j += 1
            continue
        break
    return j


@lru_cache(maxsize=16)
def _phrase_index(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        words = tuple(w.rstrip(".") for w in phrase.split())
        index.setdefault(words[0], []).append(words)
    return index


def _match_words(toks: Sequence[Tok], i: int, phrases: tuple[str, ...]) -> int:
    """Number of tokens of the longest phrase (lower case, space-separated) starting at ``i``."""
    for words in _phrase_index(phrases).get(toks[i].low, ()):
        if i + len(words) <= len(toks) and all(
            toks[i + k].low == w and toks[i + k].joined for k, w in enumerate(words) if k
        ):
            return len(words)
    return 0


def _starts_title(toks: Sequence[Tok], j: int) -> bool:
    """Token ``j`` begins a two-word title or institution (``Chủ tịch``, ``Sở Nội vụ``)."""
    return j + 1 < len(toks) and toks[j + 1].joined and f"{toks[j].low} {toks[j + 1].low}" in TITLE_BIGRAMS


@lru_cache(maxsize=1)
def _honorifics_longest_first() -> tuple[str, ...]:
    return tuple(sorted(HONORIFICS, key=lambda s: -len(s.split())))


def _not_a_name(words: list[Tok], before: Tok | None = None) -> bool:
    """Known non-names, and ethnic groups or languages after ``người``/``tiếng``/``dân tộc``."""
    phrase = " ".join(t.low for t in words)
    if phrase in NOT_NAMES or phrase in PUBLIC_NAMES or any(t.low in NOT_NAMES for t in words[:1]):
        return True
    return phrase in ETHNIC_GROUPS and (
        len(words) > 1 or (before is not None and before.low in ETHNIC_CONTEXT)
    )


def find_persons(text: str) -> list[Span]:
    """Names after an honorific (``bà Sương``, ``đồng chí Tâm``) and full names led by a family name."""
    toks = tokens(text)
    out: list[Span] = []
    i = 0
    while i < len(toks):
        n = _match_words(toks, i, _honorifics_longest_first())
        if n:
            head = toks[i]
            k = i + n
            if (
                k < len(toks)
                and toks[k].joined
                and toks[k].cap
                and toks[k].low not in NOT_NAME_STARTS
                and not _starts_title(toks, k)
            ):
                end = _name_run(toks, k)
                words = list(toks[k:end])
                if (
                    words
                    and not _not_a_name(words)
                    and fold(" ".join(t.word for t in words)) not in provinces()
                ):
                    weak = head.low in WEAK_HONORIFICS and head.sent_start and head.cap
                    conf = 0.7 if weak else 0.95
                    s, e = words[0].start, words[-1].end
                    out.append(Span(s, e, "person", "honorific", conf, text[s:e]))
                    i = k + len(words)
                    continue
            i += n
            continue
        t = toks[i]
        prev = toks[i - 1].low if i else ""
        if t.cap and (t.low in SURNAMES or _middle_name_at(toks, i)) and prev not in NAMED_AFTER:
            end = _name_run(toks, i, max_len=4)
            words = list(toks[i:end])
            if len(words) >= 2 and not _not_a_name(words, toks[i - 1] if i else None):
                name = fold(" ".join(w.word for w in words))
                if name not in provinces() and not (prev in PLACE_UNITS and not _middle_name_at(toks, i)):
                    s, e = words[0].start, words[-1].end
                    out.append(Span(s, e, "person", "surname", 0.85, text[s:e]))
                    i = end
                    continue
        if t.cap and t.low not in NOT_NAME_STARTS and t.low not in _stopwords():
            end = _name_run(toks, i, max_len=3)
            n_verb = _match_words(toks, end, SPEECH_VERBS) if end < len(toks) and toks[end].joined else 0
            words = list(toks[i:end])
            if (
                n_verb
                and words
                and not _not_a_name(words)
                and fold(text[words[0].start : words[-1].end]) not in provinces()
            ):
                s, e = words[0].start, words[-1].end
                out.append(Span(s, e, "person", "speech-verb", 0.8, text[s:e]))
                i = end
                continue
        i += 1
    return out


def _middle_name_at(toks: Sequence[Tok], i: int) -> bool:
    """``Lường Văn Tỉnh``: three or four capitalised words with Văn/Thị second."""
    return (
        i + 2 < len(toks)
        and toks[i + 1].joined
        and toks[i + 1].low in MIDDLE_NAMES
        and toks[i + 1].cap
        and toks[i + 2].joined
        and toks[i + 2].cap
    )


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Single-syllable stop words (``Tôi``, ``Ai``, ``Họ``) and heading words (``Câu`` hỏi): never a
    name before ``nói``/``hỏi``."""
    from vnqual.text._labels import _NOT_NAMES
    from vnqual.text.stopwords import default_stopwords

    return frozenset(w for w in default_stopwords() if "_" not in w) | _NOT_NAMES


def find_places(text: str) -> list[Span]:
    """Administrative places named after their unit word (``xã Ia Lốp``, ``thôn 3``), with their level."""
    toks = tokens(text)
    units = tuple(sorted(PLACE_UNITS, key=lambda u: -len(u.split())))
    out: list[Span] = []
    i = 0
    while i < len(toks):
        n = _match_words(toks, i, units)
        if not n and toks[i].low in PLACE_PREPOSITIONS and i + 1 < len(toks) and toks[i + 1].joined:
            sp = _place_after_preposition(text, toks, i + 1)
            if sp is not None:
                out.append(sp)
        if not n:
            i += 1
            continue
        unit = " ".join(t.low for t in toks[i : i + n])
        unit = unit if unit in PLACE_UNITS else unit + "."
        level = PLACE_UNITS.get(unit, PLACE_UNITS.get(unit.rstrip("."), 4))
        k = i + n
        gaps = (" ", "\u00a0", ". ") if unit.endswith(".") or unit in ("tp", "tx", "tt") else (" ", "\u00a0")
        if k < len(toks) and text[toks[k - 1].end : toks[k].start] in gaps:
            end = _name_run(toks, k, max_len=4, allow_digits=level >= 3, place=True)
            words = list(toks[k:end])
            if (
                words
                and not _not_a_name(words)
                and words[0].low not in NOT_NAME_STARTS
                and not _middle_name_at(toks, k)
            ):
                name = fold(" ".join(w.word for w in words))
                s, e = words[0].start, words[-1].end
                whole = fold(" ".join(t.word for t in toks[i:end]))
                if toks[i].cap and (whole in UNIT_WORD_NAMES or (level == 4 and not toks[i].sent_start)):
                    # the unit word is part of the name ("Buôn Ma Thuột", "ở Buôn Ako Dhong"): all of it
                    s, level = toks[i].start, UNIT_WORD_NAMES.get(whole, level)
                elif name in provinces():
                    level = 1
                conf = 0.9 if words[0].word[0].isupper() else 0.8
                out.append(Span(s, e, "place", "place-unit", conf, text[s:e], level=level))
                i = k + len(words)
                continue
        i = k
    return out


def _place_after_preposition(text: str, toks: Sequence[Tok], k: int) -> Span | None:
    """``ở Pà Cò``, ``về Bảo Lạc``: two to four capitalised words after ở/tại/về, unsure (0.7)."""
    t = toks[k]
    if not t.cap or t.low in NOT_NAME_STARTS or t.low in PLACE_UNITS or _starts_title(toks, k):
        return None
    if t.low in SURNAMES or _middle_name_at(toks, k):
        return None  # a person ("ở Nguyễn Văn A" is rare, "gặp ... ở nhà" has no capital)
    end = _name_run(toks, k, max_len=4, place=True)
    words = list(toks[k:end])
    if len(words) < 2 or _not_a_name(words):
        return None
    name = fold(" ".join(w.word for w in words))
    if name in provinces() or any(w.low in TITLE_BIGRAMS for w in words):
        return None
    s, e = words[0].start, words[-1].end
    return Span(s, e, "place", "place-prep", 0.7, text[s:e], level=3)


def find_orgs(text: str) -> list[Span]:
    """Organisations named after a type word (``Công ty Hoa Sen``, ``HTX Tân Lập``)."""
    toks = tokens(text)
    units = tuple(sorted(ORG_UNITS, key=lambda u: -len(u.split())))
    out: list[Span] = []
    for i in range(len(toks)):
        n = _match_words(toks, i, units)
        if n and i + n < len(toks) and toks[i + n].joined:
            end = _name_run(toks, i + n, max_len=5)
            words = list(toks[i + n : end])
            if words and not _not_a_name(words) and words[0].low not in PLACE_UNITS:
                s, e = words[0].start, words[-1].end
                out.append(Span(s, e, "org", "org-unit", 0.8, text[s:e]))
    return out


def mention_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """A regex matching any of ``forms`` as whole words (longest first, case-insensitive)."""
    forms = sorted({f for f in forms if f.strip()}, key=lambda f: (-len(f), f))
    if not forms:
        return None
    alts = "|".join(r"[\s_]+".join(re.escape(w) for w in f.split()) for f in forms)
    return re.compile(rf"(?<![\w'’])(?:{alts})(?![\w'’])", re.I)


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans: by rank (a researcher's names first), then longer, then surer."""
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []
    for sp in sorted(spans, key=lambda s: (s.rank, -(s.end - s.start), -s.confidence, s.start)):
        if sp.end <= sp.start:
            continue
        if any(sp.start < e and s < sp.end for s, e in taken):
            continue
        chosen.append(sp)
        taken.append((sp.start, sp.end))
    return sorted(chosen, key=lambda s: s.start)
