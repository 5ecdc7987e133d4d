"""The analysis copy of a statement and the map from its characters back to the verbatim text.

Segmentation runs on an analysis copy (NFC, no zero-width characters, spaces for no-break
spaces and carriage returns, one tone-mark style: :func:`vnqual.text.normalize.analysis_form`).
Every analysis character comes from a known slice of the verbatim text, so a token found in
the copy gets exact ``start``/``end`` offsets in the text, even for NFD input.
"""

from __future__ import annotations

import re
import unicodedata

_TABLE = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\r": " ",
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"),
    }
)
_SPECIAL = re.compile("[\u00a0\u202f\u2007\r\u200b\u200c\u200d\u2060\ufeff]")


class Aligned:
    """Analysis copy ``norm`` of ``text`` and the source slice of each of its characters.

    ``starts``/``ends`` are None when ``norm`` has the same length as ``text`` and each
    character maps to itself.
    """

    __slots__ = ("text", "norm", "starts", "ends")

    def __init__(self, text: str, norm: str, starts: list[int] | None, ends: list[int] | None) -> None:
        self.text = text
        self.norm = norm
        self.starts = starts
        self.ends = ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``text`` of the analysis slice ``norm[start:end]``."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _clusters(text: str) -> list[tuple[int, int]]:
    """Base character + following combining marks: NFC never composes across these."""
    bounds = [i for i, ch in enumerate(text) if i == 0 or not unicodedata.combining(ch)]
    bounds.append(len(text))
    return list(zip(bounds, bounds[1:]))


def _prepare(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    if not _SPECIAL.search(text) and unicodedata.is_normalized("NFC", text):
        return text, None, None
    target = unicodedata.normalize("NFC", text.translate(_TABLE))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for b, e in _clusters(text):
        out = unicodedata.normalize("NFC", text[b:e].translate(_TABLE))
        pieces.append(out)
        starts.extend([b] * len(out))
        ends.extend([e] * len(out))
    if "".join(pieces) == target:
        return target, starts, ends
    # Rare scripts whose characters compose across clusters: map whitespace-free runs as a
    # whole (offsets inside such a run are spread evenly; run boundaries stay exact).
    pieces, starts, ends = [], [], []
    for m in re.finditer(r"\S+|\s+", text):
        out = unicodedata.normalize("NFC", m.group().translate(_TABLE))
        if m.group().isspace():
            out = " " * len(m.group())
        size = max(len(out), 1)
        for k in range(len(out)):
            starts.append(m.start() + (k * len(m.group())) // size)
            ends.append(m.start() + ((k + 1) * len(m.group()) + size - 1) // size)
        pieces.append(out)
    return "".join(pieces), starts, ends


def align(text: str) -> Aligned:
    """Build the analysis copy of ``text`` (see module docstring).

    Examples
    --------
    >>> import unicodedata
    >>> a = align(unicodedata.normalize("NFD", "Hoà bình"))
    >>> a.norm, a.span(0, 3)
    ('Hòa bình', (0, 4))
    """
    from vnqual.text.normalize import analysis_form

    prepared, starts, ends = _prepare(text)
    norm = analysis_form(prepared)
    if len(norm) != len(prepared) or not unicodedata.is_normalized("NFC", norm):
        norm = prepared  # keep exact offsets if the normaliser ever changes lengths
    return Aligned(text, norm, starts, ends)
