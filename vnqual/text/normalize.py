"""Canonical source text (stored and cited verbatim) and the analysis copy used for matching.

:func:`canonical` is applied once when a file is read; spans (``start_char``/``end_char``) index
its result. :func:`analysis_form` is the same text with one spelling of each syllable, for
segmentation, counting and pattern matching. It has exactly the same length as the canonical
text, so a span found in one is valid in the other.

Tone placement: ``hoà``/``hòa``, ``thuỷ``/``thủy``, ``khoẻ``/``khỏe`` are different strings even
after NFC. The analysis form puts the tone on the *first* vowel of ``oa``, ``oe`` and ``uy`` in
open syllables (``hòa``, ``khỏe``, ``thủy``), the spelling underthesea's ``text_normalize``
produces (its table maps ``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``). Unikey calls this the "old
style" (kiểu cũ); the "new style" writes ``hoà``, ``thuỷ``. The canonical text keeps whatever
the transcript used.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " "}
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_CANONICAL_TABLE = str.maketrans({**_SPACES, **dict.fromkeys(_ZERO_WIDTH)})
# str.translate looks every character up in a dict (slow on a whole file); search first (C speed).
_CANONICAL_CHARS = re.compile("[" + "".join(_SPACES) + _ZERO_WIDTH + "]")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_WORD = re.compile(r"[^\W\d_]+")
# Open syllables whose tone placement varies: onset (never "q": in "quy" the u belongs to it)
# followed by exactly the two vowels oa, oe or uy.
_VARIABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|[bcdđghklmnprstvx])?(oa|oe|uy)")


def canonical(text: str) -> str:
    """Return the canonical source text: the form vnqual stores and cites.

    NFC; CRLF and CR become LF; no-break spaces (U+00A0, U+202F, U+2007) become spaces;
    zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) are removed. Nothing else
    changes: spelling and tone placement stay as written (``hoà`` stays ``hoà``).

    Examples
    --------
    >>> canonical("Ho\\u0300a\\u00a0bi\\u0300nh\\r\\n")
    'Hòa bình\\n'
    >>> canonical("hoà") == "hoà"
    True
    """
    if _CANONICAL_CHARS.search(text):
        text = text.translate(_CANONICAL_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fold_tone_style(text: str, *, style: Literal["old", "new"] = "old") -> str:
    """Move tone marks in ``oa``/``oe``/``uy`` open syllables to one placement.

    ``style="old"`` gives ``hòa, khỏe, thủy`` (tone on the first vowel, as underthesea);
    ``style="new"`` gives ``hoà, khoẻ, thuỷ``. Syllables with a final consonant (``hoàng``) or
    with ``qu`` (``quý``) have one placement only and are left alone. For NFC input the result
    has the same length, character for character.

    Examples
    --------
    >>> fold_tone_style("Hoà bình, thuỷ lợi, khoẻ")
    'Hòa bình, thủy lợi, khỏe'
    >>> fold_tone_style("hòa, quý", style="new")
    'hoà, quý'
    """
    if style not in ("old", "new"):
        raise ValueError(f"style must be 'old' or 'new', got {style!r}")
    target = 0 if style == "old" else 1
    return _WORD.sub(lambda m: _fold_word(m.group(), target), text)


@lru_cache(maxsize=65536)
def _fold_word(word: str, target: int) -> str:
    if len(word) > 5:  # the longest variable syllables are four letters (thuỷ, khoẻ)
        return word
    lowered = word.lower()
    parts = [unicodedata.normalize("NFD", ch) for ch in lowered]
    tones = [next((m for m in part if m in _TONES), "") for part in parts]
    bare = "".join(unicodedata.normalize("NFC", p.replace(t, "")) if t else p for p, t in zip(parts, tones))
    if len(bare) != len(word) or _VARIABLE.fullmatch(bare) is None:
        return word
    tone = "".join(tones[-2:])
    if len(tone) != 1 or tones[-2 + target]:
        return word
    chars = list(bare)
    chars[len(chars) - 2 + target] = unicodedata.normalize("NFC", chars[len(chars) - 2 + target] + tone)
    return "".join(c.upper() if o.isupper() else c for c, o in zip(chars, word))


def analysis_form(text: str) -> str:
    """Return the analysis copy of ``text``: canonical, one spelling per syllable, same length.

    Steps: :func:`canonical`; underthesea's token table (``text_normalize``) applied to each
    word where it keeps the length (it fixes misplaced tones such as ``baì`` -> ``bài`` and
    ``qúy`` -> ``quý``); :func:`fold_tone_style` with the old style for the syllables the table
    does not list. Whitespace and punctuation are kept, so
    ``len(analysis_form(t)) == len(canonical(t))`` and spans carry over.

    underthesea's own ``text_normalize`` is not used on whole texts: it re-tokenises and joins
    with single spaces (``"Hoà bình, thuỷ"`` -> ``"Hòa bình , thủy"``, newlines dropped), and a
    few table entries change a word's length (``nghành`` -> ``ngành``).

    Examples
    --------
    >>> analysis_form("Hoà bình,\\u00a0thuỷ lợi\\r\\n")
    'Hòa bình, thủy lợi\\n'
    """
    text = canonical(text)
    return fold_tone_style(_WORD.sub(lambda m: _table_word(m.group()), text), style="old")


@lru_cache(maxsize=65536)
def _table_word(word: str) -> str:
    if len(word) > 6 or word.isascii():  # underthesea's table only holds words of <= 6 chars
        return word
    from underthesea.pipeline.text_normalize.token_normalize import token_normalize

    fixed = token_normalize(word)
    if len(fixed) == len(word) and fixed.isalpha():
        return fixed
    return word
