"""Decode the bytes of a text file: UTF-8/16 first, then legacy Vietnamese encodings by evidence.

Valid UTF-8 is always read as UTF-8. Other bytes are decoded as Windows-1258, TCVN3 and VNI, and
the decoding whose non-ASCII characters form the most valid Vietnamese syllables wins; when none
reads as Vietnamese the user is asked for ``--encoding``. VIQR is plain ASCII, so it is only
used on request.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from typing import Literal, NamedTuple

from vnqual.errors import EncodingError
from vnqual.io import _legacy

#: Names accepted by ``encoding=`` / ``--encoding`` besides any Python codec name.
ENCODING_NAMES = ("utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni", "viqr")
_NAMES_HINT = "utf-8, utf-8-sig, utf-16, cp1258 (windows-1258), tcvn3, vni, viqr or a Python codec"

_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf8-sig": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "cp1258": "cp1258",
    "windows-1258": "cp1258",
    "win1258": "cp1258",
    "tcvn3": "tcvn3",
    "tcvn": "tcvn3",
    "abc": "tcvn3",
    "vn3": "tcvn3",
    "tcvn5712-3": "tcvn3",
    "vni": "vni",
    "vni-windows": "vni",
    "vni-win": "vni",
    "viqr": "viqr",
    "vietnet": "viqr",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Share of non-ASCII characters that must read as Vietnamese for a legacy guess to be accepted.
MIN_PLAUSIBLE = 0.8
#: Share of control bytes (other than tab, newlines, form feed, Ctrl-Z, ESC) that means binary.
MAX_CONTROL_SHARE = 0.05
#: Detection scores at most this many bytes of lines with non-ASCII bytes.
SAMPLE_BYTES = 1 << 18
_HIGH_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n?")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1a\x1b")

# Non-ASCII characters that are ordinary in Vietnamese prose and do not count against a guess.
# Latin-1 symbols that TCVN3 uses for letters (§ © ® « » × ÷ ...) are left out on purpose.
_PROSE_SYMBOLS = (
    "\u00a0\u201c\u201d\u2018\u2019\u201e\u201a\u2013\u2014\u2026\u2022"  # NBSP “ ” ‘ ’ „ ‚ – — … •
    "\u20ac\u2122\u2030\u20ab\u00b0\u00b1"  # € ™ ‰ ₫ ° ±
)
_SEPARATORS = re.compile(r"[\s!-@\[-`{-~" + re.escape(_PROSE_SYMBOLS) + r"]+")

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđfghjklmnprstvwxz]"
# Vowel clusters without tone, longest first so the alternation tries them first.
_NUCLEI = (
    "iêu",
    "yêu",
    "oai",
    "oay",
    "oao",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyê",
    "uyu",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "oo",
    "ôi",
    "ơi",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ươ",
    "ưu",
    "yê",
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
)
_NUCLEUS = "|".join(_NUCLEI)
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{_NUCLEUS})(?:ch|nh|ng|[cmnpt])?")
_TONE_MARKS = set(_legacy.TONES)


class _Guess(NamedTuple):
    share: float  # share of non-ASCII characters explained as Vietnamese
    syllables: int  # valid Vietnamese syllables with a non-ASCII letter
    rank: int  # preference on ties (higher is preferred)
    label: str


def is_vietnamese_syllable(token: str) -> bool:
    """Whether ``token`` spells one Vietnamese syllable (at most one tone, known vowel cluster).

    >>> is_vietnamese_syllable("Nguyễn"), is_vietnamese_syllable("Néi")
    (True, False)
    """
    decomposed = unicodedata.normalize("NFD", token.lower())
    bare = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    if len(decomposed) - len(bare) > 1:
        return False
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


def vietnamese_share(text: str) -> tuple[float, int]:
    """Score how Vietnamese the non-ASCII part of ``text`` looks.

    Returns
    -------
    (share, syllables)
        ``share`` is the fraction of non-ASCII characters that are inside valid Vietnamese
        syllables or are common prose symbols (C1 control characters count double against it);
        ``syllables`` counts the valid syllables that contain a non-ASCII letter.
    """
    total = explained = syllables = 0
    for token, count in Counter(_SEPARATORS.split(text)).items():
        if token.isascii():
            continue
        n_high = sum(1 for ch in token if ord(ch) >= 0x80)
        n_c1 = sum(1 for ch in token if 0x80 <= ord(ch) <= 0x9F)
        total += (n_high + n_c1) * count
        if n_c1 == 0 and is_vietnamese_syllable(token):
            explained += n_high * count
            syllables += count
    n_symbols = sum(text.count(ch) for ch in _PROSE_SYMBOLS)
    total += n_symbols
    explained += n_symbols
    return (explained / total if total else 0.0), syllables


def decode_bytes(data: bytes, *, encoding: str | None = None, source: str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a text file, detecting the encoding unless one is given.

    Parameters
    ----------
    data
        The raw file content.
    encoding
        ``None`` to detect (UTF-8, UTF-8 with BOM, UTF-16/32 with BOM, Windows-1258, TCVN3, VNI),
        or one of ``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1258``/``windows-1258``, ``tcvn3``,
        ``vni``, ``viqr`` or any Python text codec name.
    source
        Name of the file, used in error messages.

    Returns
    -------
    (text, encoding_label)
        The decoded text (a BOM is dropped; Windows-1258 and VNI come out NFC) and the label of
        the encoding that was used (``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``cp1258``, ...).

    Raises
    ------
    EncodingError
        For binary data, an unknown ``encoding`` name, bytes that are invalid in the given
        encoding (with byte offset and line), or bytes that do not read as Vietnamese in any
        known encoding.

    Examples
    --------
    >>> decode_bytes("Việt Nam".encode("utf-8"))
    ('Việt Nam', 'utf-8')
    >>> decode_bytes(b"Vi\\xd6t Nam")
    ('Việt Nam', 'tcvn3')
    >>> decode_bytes(b"Vie^.t Nam", encoding="viqr")
    ('Việt Nam', 'viqr')
    """
    if encoding is not None:
        return _decode_as(data, encoding, source)
    for bom, label in _BOMS:
        if data.startswith(bom):
            if label == "utf-8-sig":
                _reject_binary(data, source)
            return _strict(data[len(bom) :], label, source, offset=len(bom)), label
    _reject_binary(data, source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    sample = _evidence_sample(data)
    guesses = []
    for rank, label in enumerate(("cp1258", "tcvn3", "vni")):
        text = _decode_legacy(sample, label)
        if text is not None:
            share, syllables = vietnamese_share(text)
            guesses.append(_Guess(share, syllables, -rank, label))
    best = max(guesses)
    if best.share >= MIN_PLAUSIBLE and best.syllables > 0:
        text = _decode_legacy(data, best.label)
        if text is not None:
            return text, best.label
    raise EncodingError(_undetected_message(data, utf8_error, source))


def encode_legacy(text: str, encoding: Literal["tcvn3", "vni", "viqr"]) -> bytes:
    """Encode ``text`` in a legacy Vietnamese encoding (for test fixtures and examples).

    TCVN3 has no upper-case toned letters; they take their lower-case code, as in documents set
    in the ``.VnTimeH`` font. VIQR output is ASCII (other non-ASCII characters stay as UTF-8).

    Raises
    ------
    EncodingError
        For an unknown encoding or a character the encoding cannot represent.

    Examples
    --------
    >>> encode_legacy("Việt Nam", "vni")
    b'Vie\\xe4t Nam'
    >>> encode_legacy("Việt Nam", "viqr")
    b'Vie^.t Nam'
    """
    try:
        if encoding == "tcvn3":
            return _legacy.encode_tcvn3(text)
        if encoding == "vni":
            return _legacy.encode_vni(text)
        if encoding == "viqr":
            return _legacy.encode_viqr(text).encode("utf-8")
    except ValueError as err:
        raise EncodingError(f"cannot encode text as {encoding}: {err}") from None
    raise EncodingError(f"unknown legacy encoding {encoding!r}; use tcvn3, vni or viqr")


def _evidence_sample(data: bytes) -> bytes:
    """The lines that hold non-ASCII bytes, up to :data:`SAMPLE_BYTES` (all of a small file)."""
    if len(data) <= SAMPLE_BYTES:
        return data
    sample = bytearray()
    for match in _HIGH_LINE.finditer(data):
        sample += match[0]
        if len(sample) >= SAMPLE_BYTES:
            break
    return bytes(sample)


def _decode_legacy(data: bytes, label: str) -> str | None:
    if label == "tcvn3":
        return _legacy.decode_tcvn3(data)
    if label == "vni":
        return _legacy.decode_vni(data)
    try:
        # Windows-1258 writes most toned letters as base letter + combining tone mark.
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def encoding_label(name: str) -> str:
    """The label vnqual uses for an encoding name (``"UTF_8"`` -> ``"utf-8"``).

    Raises
    ------
    EncodingError
        ``name`` is not an encoding vnqual or Python knows (one line, no file named: check a
        forced encoding once, before reading any file).
    """
    key = name.strip().lower().replace("_", "-")
    label = _ALIASES.get(key)
    if label is None:
        try:
            info = codecs.lookup(key)
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):
            raise EncodingError(f"unknown encoding {name!r}; use one of {_NAMES_HINT} name such as latin-1")
        label = info.name
    return label


#: A forced encoding whose text has more than this share of letters in no script Vietnamese
#: prose uses (or U+FFFD, unassigned, private-use) is refused as the wrong encoding.
MAX_IMPLAUSIBLE = 0.3


def _implausible_share(text: str) -> float:
    sample = text[: 1 << 16]
    letters = [ch for ch in sample if not ch.isspace() and not ch.isascii()]
    ascii_letters = sum(1 for ch in sample if ch.isascii() and ch.isalnum())
    if len(letters) + ascii_letters < 20:
        return 0.0
    bad = 0
    for ch in letters:
        cp = ord(ch)
        odd = ch == "\ufffd" or unicodedata.category(ch) in ("Cn", "Co", "Cs")
        if odd or 0x0370 <= cp < 0x1E00 or 0x2E80 <= cp < 0xFE00:  # Greek ... CJK, Hangul, Yi
            bad += 1
    return bad / (len(letters) + ascii_letters)


def _decode_as(data: bytes, name: str, source: str) -> tuple[str, str]:
    try:
        label = encoding_label(name)
    except EncodingError as err:
        raise EncodingError(f"{source}: {err}") from None
    text, label = _decode_forced(data, label, source)
    share = _implausible_share(text)
    if share > MAX_IMPLAUSIBLE:
        try:
            _, detected = decode_bytes(data, source=source)
            hint = f"it reads as {detected} without `encoding`"
        except EncodingError:
            hint = "check the file's encoding"
        raise EncodingError(
            f"{source}: read as {label} (`encoding` {name}), {share:.0%} of its letters are in no "
            f"script Vietnamese text uses (CJK, Hangul, replacement or unassigned characters); "
            f"wrong encoding: {hint}"
        )
    return text, label


def _decode_forced(data: bytes, label: str, source: str) -> tuple[str, str]:
    if not label.startswith(("utf-16", "utf-32")):
        _reject_binary(data, source)
    if label in ("tcvn3", "vni"):
        return _decode_legacy(data, label) or "", label
    if label == "viqr":
        return _legacy.decode_viqr(_strict(data, "utf-8", source, shown="viqr (read as UTF-8)")), label
    text = _strict(data, label, source)
    if label == "cp1258":
        text = unicodedata.normalize("NFC", text)
    return text, label


def _strict(data: bytes, codec: str, source: str, *, offset: int = 0, shown: str = "") -> str:
    """Decode strictly; on failure name the bad byte, its offset in the file and its line."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        line = data[: err.start].decode(codec, errors="replace").count("\n") + 1
        raise EncodingError(
            f"{source}: byte 0x{data[err.start]:02X} at offset {err.start + offset} (line {line})"
            f" is not valid {shown or codec}; pass the right `encoding` ({_NAMES_HINT} name)"
        ) from None


def _reject_binary(data: bytes, source: str) -> None:
    sample = data[: 1 << 16]
    n_control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in sample or (sample and n_control / len(sample) > MAX_CONTROL_SHARE):
        raise EncodingError(
            f"{source}: looks like a binary file (NUL or control bytes), not text; save it as"
            f" UTF-8 text, or pass `encoding` ({_NAMES_HINT} name) if it is text"
        )


def _undetected_message(data: bytes, utf8_error: UnicodeDecodeError, source: str) -> str:
    """One-line message for bytes that are neither UTF-8 nor plausible legacy Vietnamese."""
    lenient = data.decode("utf-8", errors="replace")
    n_bad = lenient.count("\ufffd")
    n_good = sum(1 for ch in lenient if ord(ch) >= 0x80) - n_bad
    if n_good >= 4 * n_bad:
        start = utf8_error.start
        line = data[:start].count(b"\n") + 1
        return (
            f"{source}: invalid UTF-8 byte 0x{data[start]:02X} at offset {start} (line {line})"
            f" in a file that is otherwise UTF-8 ({n_bad} bad sequence(s)); repair the file, or"
            f" pass `encoding` ({_NAMES_HINT} name)"
        )
    return (
        f"{source}: cannot tell the text encoding (not UTF-8, and it does not read as"
        f" Vietnamese in Windows-1258, TCVN3 or VNI); pass `encoding` ({_NAMES_HINT} name)"
    )
