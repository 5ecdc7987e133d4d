"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows and VIQR, written from the published charts.

* TCVN3 is TCVN 5712:1993 VN3, the table of the ABC fonts (``.VnTime``): 67 lower-case letters,
  the 7 upper-case letters without a tone (Ă Â Ê Ô Ơ Ư Đ) and NBSP. Upper-case toned letters have
  no code: documents set them in the all-capital font (``.VnTimeH``) with the lower-case codes, so
  they decode as lower case. Bytes the chart leaves free decode as Windows-1252, which is what the
  Windows fonts show there (curly quotes, dashes in 0x80-0x9F). glibc ``TCVN5712-1`` is VN1, a
  superset: it agrees on every code above and also gives the upper-case toned letters codes of
  their own (0x01-0x17, 0x80-0x9F and the free slots of 0xA0-0xFF, e.g. ``Ứ`` = 0x11, ``Ầ`` =
  0xC1). vnqual does not read those as letters (0xC1 comes out as Windows-1252 ``Á``); convert
  such files with ``iconv -f TCVN5712-1 -t UTF-8`` first.
* VNI-Windows writes a letter followed by a mark byte (``Vieät`` = ``Việt``); i, ơ, ư, đ and a few
  toned i/y are single bytes. Upper-case letters take upper-case mark bytes. GNU recode 3.6 swaps
  the marks of ``Ắ``/``Ằ``; vnqual follows the chart (``AÉ``/``AÈ``, as ``aé``/``aè``), as
  Unikey does.
* VIQR (RFC 1456) is ASCII: a vowel followed by ``( ^ +`` (breve, circumflex, horn) and
  ``' ` ? ~ .`` (acute, grave, hook, tilde, dot below); ``dd``/``DD`` is đ/Đ and a backslash keeps
  the next mark character literal (``nha\\.``). A mark applies only where it makes a letter, and
  a tone only in a syllable without one. An unescaped ``nha.`` reads as ``nhạ`` (recode writes
  such periods unescaped).
"""

from __future__ import annotations

import codecs
import unicodedata

# Combining marks used to build letters (NFC composes them into the precomposed letters).
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)
VOWELS = "aeiouy"

# --- TCVN 5712:1993 VN3 ("ABC", .VnTime) ---------------------------------------------------
TCVN3_TO_CHAR: dict[int, str] = {
    0xA0: "\u00a0",
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB8: "á",
    0xB9: "ạ",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xBE: "ắ",
    0xC6: "ặ",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCA: "ấ",
    0xCB: "ậ",
    0xCC: "è",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD0: "é",
    0xD1: "ẹ",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD5: "ế",
    0xD6: "ệ",
    0xD7: "ì",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDD: "í",
    0xDE: "ị",
    0xDF: "ò",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE3: "ó",
    0xE4: "ọ",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE8: "ố",
    0xE9: "ộ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xED: "ớ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF3: "ú",
    0xF4: "ụ",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF8: "ứ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFD: "ý",
    0xFE: "ỵ",
}

# --- VNI-Windows ------------------------------------------------------------------------------
# Letters that are one byte: (lower-case byte, upper-case byte).
VNI_SINGLE: dict[str, tuple[int, int]] = {
    "í": (0xED, 0xCD),
    "ì": (0xEC, 0xCC),
    "ỉ": (0xE6, 0xC6),
    "ĩ": (0xF3, 0xD3),
    "ị": (0xF2, 0xD2),
    "ỵ": (0xEE, 0xCE),
    "ơ": (0xF4, 0xD4),
    "ư": (0xF6, 0xD6),
    "đ": (0xF1, 0xD1),
}
# Mark bytes written after a base letter, keyed by the tone (None = no tone).
VNI_TONE: dict[str | None, tuple[int, int]] = {
    ACUTE: (0xF9, 0xD9),
    GRAVE: (0xF8, 0xD8),
    HOOK: (0xFB, 0xDB),
    TILDE: (0xF5, 0xD5),
    DOT: (0xEF, 0xCF),
}
VNI_CIRCUMFLEX: dict[str | None, tuple[int, int]] = {
    None: (0xE2, 0xC2),
    ACUTE: (0xE1, 0xC1),
    GRAVE: (0xE0, 0xC0),
    HOOK: (0xE5, 0xC5),
    TILDE: (0xE3, 0xC3),
    DOT: (0xE4, 0xC4),
}
VNI_BREVE: dict[str | None, tuple[int, int]] = {
    None: (0xEA, 0xCA),
    ACUTE: (0xE9, 0xC9),
    GRAVE: (0xE8, 0xC8),
    HOOK: (0xFA, 0xDA),
    TILDE: (0xFC, 0xDC),
    DOT: (0xEB, 0xCB),
}
# Mark bytes of each shape (VNI_TONE for a letter without shape or horn).
_VNI_MARKS: dict[str | None, dict[str | None, tuple[int, int]]] = {
    CIRCUMFLEX: VNI_CIRCUMFLEX,
    BREVE: VNI_BREVE,
}

# --- VIQR (RFC 1456) --------------------------------------------------------------------------
VIQR_SHAPE = {"(": BREVE, "^": CIRCUMFLEX, "+": HORN}
VIQR_TONE = {"'": ACUTE, "`": GRAVE, "?": HOOK, "~": TILDE, ".": DOT}
_SHAPE_BASES = {BREVE: "a", CIRCUMFLEX: "aeo", HORN: "ou"}
_VIQR_ESCAPABLE = set(VIQR_SHAPE) | set(VIQR_TONE) | {"d", "D", "\\"}


def compose(base: str, shape: str | None = None, tone: str | None = None) -> str:
    """Build one precomposed letter from a base letter, a shape mark and a tone mark."""
    return unicodedata.normalize("NFC", base + (shape or "") + (tone or ""))


def split_letter(char: str) -> tuple[str, str | None, str | None]:
    """Split a Vietnamese letter into (base, shape mark, tone mark); ``đ`` is its own base."""
    decomposed = unicodedata.normalize("NFD", char)
    base, shape, tone = decomposed[0], None, None
    for mark in decomposed[1:]:
        if mark in TONES:
            tone = mark
        else:
            shape = mark
    return base, shape, tone


def _viet_letters() -> frozenset[str]:
    letters = {"đ", "Đ"}
    shapes = {
        "a": (None, BREVE, CIRCUMFLEX),
        "e": (None, CIRCUMFLEX),
        "o": (None, CIRCUMFLEX, HORN),
        "u": (None, HORN),
        "i": (None,),
        "y": (None,),
    }
    for base, base_shapes in shapes.items():
        for shape in base_shapes:
            for tone in (None, *TONES):
                if shape or tone:
                    letters.update({compose(base, shape, tone), compose(base.upper(), shape, tone)})
    return frozenset(letters)


#: The 134 non-ASCII letters of the Vietnamese alphabet (67 lower case, 67 upper case), NFC.
VIET_LETTERS = _viet_letters()


def _cp1252_fallback(byte: int) -> str:
    """Character of an unassigned byte: Windows-1252, or the C1 control where 1252 has none."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _charmap(assigned: dict[int, str]) -> dict[int, str]:
    """A 256-entry decoding map: ASCII, then the chart, then Windows-1252 for free bytes."""
    return {b: assigned.get(b, chr(b) if b < 0x80 else _cp1252_fallback(b)) for b in range(256)}


def _encode_fallback(char: str, encoding: str, index: int) -> bytes:
    """Bytes for a character outside the Vietnamese chart (ASCII, or 1252 punctuation 0x80-0x9F)."""
    if ord(char) < 0x80:
        return char.encode("ascii")
    try:
        data = char.encode("cp1252")
    except UnicodeEncodeError:
        data = b""
    if data and 0x80 <= data[0] <= 0x9F:
        return data
    raise ValueError(f"character {char!r} at position {index} has no code in {encoding}")


# --- TCVN3 ------------------------------------------------------------------------------------
_TCVN3_DECODE = "".join(_charmap(TCVN3_TO_CHAR).values())
_TCVN3_ENCODE = {ch: bytes([b]) for b, ch in TCVN3_TO_CHAR.items()}


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (VN3/ABC) bytes; every byte decodes (free slots as Windows-1252)."""
    return codecs.charmap_decode(data, "strict", _TCVN3_DECODE)[0]


def encode_tcvn3(text: str) -> bytes:
    """Encode text as TCVN3; upper-case toned letters take their lower-case code (.VnTimeH use).

    Raises
    ------
    ValueError
        For a character with no TCVN3 code (the message names it and its position).
    """
    out = bytearray()
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        code = _TCVN3_ENCODE.get(ch)
        if code is None and ch.lower() in _TCVN3_ENCODE and split_letter(ch)[2]:
            code = _TCVN3_ENCODE[ch.lower()]
        out += code if code is not None else _encode_fallback(ch, "tcvn3", i)
    return bytes(out)


# --- VNI --------------------------------------------------------------------------------------
def _vni_tables() -> tuple[dict[int, str], dict[str, bytes]]:
    """Decoding map (a mark byte becomes its combining marks) and single-byte letter codes."""
    decode: dict[int, str] = {}
    encode: dict[str, bytes] = {}
    for letter, (low, up) in VNI_SINGLE.items():
        decode[low], decode[up] = letter, letter.upper()
        encode[letter], encode[letter.upper()] = bytes([low]), bytes([up])
    for shape, table in ((None, VNI_TONE), (CIRCUMFLEX, VNI_CIRCUMFLEX), (BREVE, VNI_BREVE)):
        for tone, (low, up) in table.items():
            decode[low] = decode[up] = (shape or "") + (tone or "")
    return _charmap(decode), encode


_VNI_DECODE, _VNI_ENCODE = _vni_tables()


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes (NFC); every byte decodes, free bytes as Windows-1252.

    A mark byte becomes its combining marks, which NFC joins with the letter before it; a
    mark after anything else stays a lone combining mark, as the font would show it.
    """
    return unicodedata.normalize("NFC", codecs.charmap_decode(data, "strict", _VNI_DECODE)[0])


def _encode_vni_letter(ch: str) -> bytes | None:
    if ch in _VNI_ENCODE:
        return _VNI_ENCODE[ch]
    if ch not in VIET_LETTERS:
        return None
    base, shape, tone = split_letter(ch)
    upper = base.isupper()
    if shape == HORN:
        head = _VNI_ENCODE[compose(base, HORN)]
        return head + (bytes([VNI_TONE[tone][upper]]) if tone else b"")
    table = _VNI_MARKS.get(shape, VNI_TONE)
    return base.encode("ascii") + bytes([table[tone][upper]])


def encode_vni(text: str) -> bytes:
    """Encode text as VNI-Windows.

    Raises
    ------
    ValueError
        For a character with no VNI code (the message names it and its position).
    """
    out = bytearray()
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        code = _encode_vni_letter(ch) if ord(ch) >= 0x80 else None
        out += code if code is not None else _encode_fallback(ch, "vni", i)
    return bytes(out)


# --- VIQR -------------------------------------------------------------------------------------
class _ViqrState:
    """What a following mark character may still modify; the decoder and encoder share it.

    A tone mark applies only to a vowel of a syllable that has no tone yet (RFC 1456: a mark
    is a diacritic only where it makes a legal letter), so ``nào?`` keeps its question mark.
    """

    __slots__ = ("base", "shape", "tone", "after_d", "toned")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """After a non-letter (or an escaped character): a new syllable starts."""
        self.base: str | None = None
        self.shape: str | None = None
        self.tone: str | None = None
        self.after_d: str | None = None
        self.toned = False

    def action(self, c: str) -> str | None:
        """What ``c`` does after the current letter: 'shape', 'tone', 'dd' or None (literal)."""
        if self.after_d and c in "dD" and not (self.after_d == "d" and c == "D"):
            return "dd"
        if self.base is None:
            return None
        bases = _SHAPE_BASES.get(VIQR_SHAPE.get(c, ""), "")
        if self.shape is None and self.base.lower() in bases:
            return "shape"
        if c in VIQR_TONE and not self.toned:
            return "tone"
        return None

    def apply(self, act: str, c: str) -> str:
        """Apply a mark (or the second d) and return the letter it makes."""
        if act == "dd":
            letter = "Đ" if self.after_d == "D" else "đ"
            self.base = self.after_d = None
            return letter
        if act == "shape":
            self.shape = VIQR_SHAPE[c]
        else:
            self.tone, self.toned = VIQR_TONE[c], True
        return compose(self.base or "", self.shape, self.tone)

    def written(self, c: str) -> None:
        """State after ``c`` was written as an ordinary character."""
        if not c.isalpha():
            self.reset()
            return
        base, shape, tone = split_letter(c)
        is_vowel = base.lower() in VOWELS
        self.base, self.shape, self.tone = (base, shape, tone) if is_vowel else (None, None, None)
        self.after_d = c if c in "dD" else None
        self.toned = self.toned or tone is not None


def decode_viqr(text: str) -> str:
    """Turn VIQR mnemonics into Vietnamese letters (``Vie^.t Nam`` -> ``Việt Nam``).

    Other characters, including already composed Vietnamese letters, pass through unchanged.
    """
    out: list[str] = []
    state = _ViqrState()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in _VIQR_ESCAPABLE:
            out.append(text[i + 1])
            state.reset()
            i += 2
            continue
        act = state.action(c)
        if act is None:
            out.append(c)
            state.written(c)
        else:
            out[-1] = state.apply(act, c)
        i += 1
    return "".join(out)


_SHAPE_MNEMONIC = {v: k for k, v in VIQR_SHAPE.items()}
_TONE_MNEMONIC = {v: k for k, v in VIQR_TONE.items()}


def encode_viqr(text: str) -> str:
    """Write Vietnamese letters as VIQR mnemonics, escaping mark characters that would combine.

    A letter VIQR cannot express in place (a second tone in one syllable, ``đ`` right after a
    ``d``) is left as the Unicode letter, which :func:`decode_viqr` passes through.
    """
    out: list[str] = []
    state = _ViqrState()
    text = unicodedata.normalize("NFC", text)
    for i, ch in enumerate(text):
        if ch in VIET_LETTERS:
            base, shape, tone = split_letter(ch)
            if ch in "đĐ":
                ok, piece = state.after_d is None, "dd" if ch == "đ" else "DD"
            else:
                ok = tone is None or not state.toned
                piece = base + _SHAPE_MNEMONIC.get(shape or "", "") + _TONE_MNEMONIC.get(tone or "", "")
            out.append(piece if ok else ch)
            state.written(ch)
            if ch in "đĐ":
                state.after_d = None
            continue
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt in "đĐ":  # written as dd/DD: the backslash would escape that d
            nxt = "d" if nxt == "đ" else "D"
        elif nxt in VIET_LETTERS:
            nxt = split_letter(nxt)[0]
        if state.action(ch) is not None or (ch == "\\" and nxt in _VIQR_ESCAPABLE):
            out.append("\\" + ch)
            state.reset()
        else:
            out.append(ch)
            state.written(ch)
    return "".join(out)
