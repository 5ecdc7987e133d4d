"""Keyword and glob matching on segmented words: ``xã`` never matches inside ``xã hội``.

A keyword is a word or phrase. It is split into syllables and matched against the syllables of
consecutive segmented words, on the *analysis form* (NFC, lower case, one tone-mark placement:
``Hoà`` = ``hòa``). A match must start at the first syllable of a word and end at the last
syllable of a word, so ``thiếu kinh phí`` matches the words ``thiếu`` + ``kinh_phí`` while ``xã``
does not match the word ``xã_hội``. ``*`` stands for any characters inside one syllable; a
leading ``*`` also lets the match start inside a word and a trailing ``*`` lets it end inside
one: ``bồi dưỡng*`` matches ``bồi_dưỡng`` and ``bồi_dưỡng_cán_bộ``, ``*kinh phí`` matches
``thiếu_kinh_phí``, ``giảng*`` matches ``giảng``, ``giảng_viên`` and ``giảng_dạy``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from vnqual.types import Token

_WORD_SEP = re.compile(r"[\s_]+")


@functools.lru_cache(maxsize=200_000)
def fold_syllable(syllable: str) -> str:
    """Analysis form of one syllable: NFC, lower case, one tone placement (``Hoà`` -> ``hòa``).

    Uses :func:`vnqual.text.normalize.analysis_form`, the spelling segmentation works on.

    Examples
    --------
    >>> fold_syllable("Hoà")
    'hòa'
    """
    from vnqual.text.normalize import analysis_form as _analysis

    return _analysis(syllable).lower()


def syllables(text: str) -> list[str]:
    """Analysis-form syllables of a word, phrase or token form (``"Kinh_phí"`` -> ``kinh``, ``phí``)."""
    return [fold_syllable(s) for s in _WORD_SEP.split(unicodedata.normalize("NFC", text)) if s]


def analysis_form(form: str) -> str:
    """Analysis form of a token (``Cán_bộ`` -> ``cán_bộ``); used for matching and model features."""
    return "_".join(syllables(form))


class Pattern(NamedTuple):
    """A compiled keyword: per-syllable literal or regex, and whether its ends may cut a word."""

    keyword: str
    parts: tuple[str | re.Pattern[str], ...]
    open_start: bool
    open_end: bool


def compile_pattern(keyword: str) -> Pattern:
    """Compile a keyword such as ``thiếu kinh phí`` or ``bồi dưỡng*``.

    Raises
    ------
    ValueError
        The keyword has no syllables or a syllable consisting only of ``*`` wildcards is the
        whole pattern (it would match every word).
    """
    sylls = syllables(keyword)
    if not sylls:
        raise ValueError("empty keyword")
    if all(set(s) <= {"*"} for s in sylls):
        raise ValueError(f"keyword {keyword!r} is only wildcards and would match every word")
    parts: list[str | re.Pattern[str]] = []
    for syl in sylls:
        if "*" in syl:
            parts.append(re.compile(".*".join(re.escape(p) for p in syl.split("*"))))
        else:
            parts.append(syl)
    return Pattern(keyword, tuple(parts), sylls[0].startswith("*"), sylls[-1].endswith("*"))


def _part_matches(part: str | re.Pattern[str], syl: str) -> bool:
    return part == syl if isinstance(part, str) else part.fullmatch(syl) is not None


class Match(NamedTuple):
    """One keyword match in a statement: tokens ``[first_token, last_token]`` and char span."""

    key: str
    keyword: str
    first_token: int
    last_token: int
    start: int
    end: int


class _Doc(NamedTuple):
    sylls: list[str]
    token_of: list[int]
    word_start: list[bool]
    word_end: list[bool]


def _syllable_view(forms: Sequence[str], views: dict[str, list[str]]) -> _Doc:
    """Syllables of a statement's words; ``views`` caches the syllables of each form."""
    sylls: list[str] = []
    token_of: list[int] = []
    word_start: list[bool] = []
    word_end: list[bool] = []
    for i, form in enumerate(forms):
        parts = views.get(form)
        if parts is None:
            parts = views[form] = syllables(form) or [form]
        for j, syl in enumerate(parts):
            sylls.append(syl)
            token_of.append(i)
            word_start.append(j == 0)
            word_end.append(j == len(parts) - 1)
    return _Doc(sylls, token_of, word_start, word_end)


class KeywordMatcher:
    """Find every occurrence of many keywords, each filed under a key (a code name).

    Parameters
    ----------
    keywords : iterable of (key, keyword)
        Pairs such as ``("Thiếu kinh phí", "kinh phí")``.

    Examples
    --------
    >>> from vnqual.types import Token
    >>> m = KeywordMatcher([("Cấp xã", "xã"), ("Khó khăn", "thiếu kinh phí")])
    >>> toks = [Token("Cán_bộ", 0, 6), Token("xã_hội", 7, 13), Token("thiếu", 14, 19),
    ...         Token("kinh_phí", 20, 28)]
    >>> [(h.key, h.start, h.end) for h in m.find(toks)]
    [('Khó khăn', 14, 28)]
    """

    def __init__(self, keywords: Iterable[tuple[str, str]]) -> None:
        self._by_first: dict[str, list[tuple[str, Pattern]]] = defaultdict(list)
        self._wild_first: list[tuple[str, Pattern]] = []
        for key, keyword in keywords:
            pat = compile_pattern(keyword)
            first = pat.parts[0]
            if isinstance(first, str):
                self._by_first[first].append((key, pat))
            else:
                self._wild_first.append((key, pat))

    def __bool__(self) -> bool:
        return bool(self._by_first or self._wild_first)

    def find_many(self, docs: Sequence[Sequence[Token]] | Sequence[Sequence[str]]) -> list[list[Match]]:
        """:meth:`find` for many statements, working on their distinct words.

        Each distinct word form is split into syllables and checked against the keywords'
        first syllables once; only statements holding a word where some keyword can start
        are scanned, so the cost grows with the vocabulary and the matching statements, not
        with every token of every statement. Same matches, in the same order, as :meth:`find`.
        """
        views: dict[str, list[str]] = {}
        can_start: dict[str, bool] = {}
        out: list[list[Match]] = []
        for tokens in docs:
            forms = [t.form if isinstance(t, Token) else t for t in tokens]
            hit = False
            for form in forms:
                flag = can_start.get(form)
                if flag is None:
                    sylls = views[form] = syllables(form) or [form]
                    flag = can_start[form] = any(self._starts(s) for s in sylls)
                hit = hit or flag
            out.append(self._find(tokens, forms, views) if hit else [])
        return out

    def _starts(self, syl: str) -> bool:
        """Whether some keyword's first syllable matches ``syl``."""
        return syl in self._by_first or any(_part_matches(p.parts[0], syl) for _, p in self._wild_first)

    def find(self, tokens: Sequence[Token] | Sequence[str]) -> list[Match]:
        """All matches in one statement's tokens, ordered by position then keyword order.

        ``tokens`` are :class:`~vnqual.types.Token` (spans are reported) or bare forms (spans
        are ``-1``).
        """
        forms = [t.form if isinstance(t, Token) else t for t in tokens]
        return self._find(tokens, forms, {})

    def _find(
        self, tokens: Sequence[Token] | Sequence[str], forms: list[str], views: dict[str, list[str]]
    ) -> list[Match]:
        doc = _syllable_view(forms, views)
        out: list[Match] = []
        for i, syl in enumerate(doc.sylls):
            candidates = self._by_first.get(syl, [])
            for key, pat in (*candidates, *self._wild_first):
                last = _match_at(doc, i, pat)
                if last is None:
                    continue
                t0, t1 = doc.token_of[i], doc.token_of[last]
                first, final = tokens[t0], tokens[t1]
                if isinstance(first, Token) and isinstance(final, Token):
                    start, end = first.start, final.end
                else:
                    start = end = -1
                out.append(Match(key, pat.keyword, t0, t1, start, end))
        return out


def _match_at(doc: _Doc, i: int, pat: Pattern) -> int | None:
    """Index of the last syllable matched when ``pat`` starts at syllable ``i``, else None."""
    n = len(pat.parts)
    if i + n > len(doc.sylls):
        return None
    if not pat.open_start and not doc.word_start[i]:
        return None
    for k, part in enumerate(pat.parts):
        if not _part_matches(part, doc.sylls[i + k]):
            return None
    last = i + n - 1
    if not pat.open_end and not doc.word_end[last]:
        return None
    return last
