"""What a REFI-QDA position counts: Unicode code points or UTF-16 code units.

The standard counts characters (code points); NVivo, a .NET program, counts UTF-16 code units, so
every character outside the Basic Multilingual Plane (emoji, some rare CJK) before a selection
shifts it by one. The two readings differ only in sources that hold such characters. The reader
decides once per project: by how well the selections' ends fall on word boundaries (and match
their names, an excerpt preview) under each reading, else by the program that wrote the file.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

CODE_POINTS = "code points"
UTF16 = "UTF-16 code units"
#: The programs known to count positions in UTF-16 code units / in code points (origin attribute).
_UTF16_ORIGINS = ("nvivo",)
_CODE_POINT_ORIGINS = ("qualcoder", "vnqual", "quirkos")


def has_astral(text: str) -> bool:
    """True if ``text`` holds a character outside the BMP (two UTF-16 code units)."""
    return any(ord(ch) > 0xFFFF for ch in text) if not text.isascii() else False


def astral_starts(text: str) -> list[int]:
    """UTF-16 offsets at which the characters outside the BMP of ``text`` start."""
    out, extra = [], 0
    for i, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            out.append(i + extra)
            extra += 1
    return out


def utf16_to_code_point(starts: Sequence[int]) -> Callable[[int], int | None]:
    """Map a UTF-16 offset to a code point offset (None inside a surrogate pair)."""

    def convert(offset: int) -> int | None:
        i = bisect.bisect_left(starts, offset)
        if i > 0 and starts[i - 1] + 1 == offset:
            return None  # between the two halves of a surrogate pair
        return offset - i

    return convert


def origin_units(origin: str) -> str | None:
    """What the program named in ``origin`` counts, when known."""
    low = origin.lower()
    if any(name in low for name in _UTF16_ORIGINS):
        return UTF16
    if any(name in low for name in _CODE_POINT_ORIGINS):
        return CODE_POINTS
    return None


@dataclass
class Span:
    """A selection as written: its positions and its name (an excerpt preview, maybe empty)."""

    start: int
    end: int
    label: str = ""


@dataclass
class SourceSpans:
    """The raw text of one source (before line ends are changed) and its selections."""

    name: str
    raw: str
    spans: list[Span]
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = astral_starts(self.raw) if has_astral(self.raw) else []


def _boundary(text: str, pos: int) -> bool:
    if pos <= 0 or pos >= len(text):
        return pos == 0 or pos == len(text)
    return not (text[pos - 1].isalnum() and text[pos].isalnum())


def _fits(source: SourceSpans, span: Span, units: str) -> int:
    """2 if both ends of ``span`` are word boundaries (or its name matches) under ``units``,
    1 if one is, 0 if none, -1 if impossible (out of range, inside a surrogate pair)."""
    convert = utf16_to_code_point(source.starts) if units == UTF16 else (lambda p: p)
    start, end = convert(span.start), convert(span.end)
    text = source.raw
    if start is None or end is None or not 0 <= min(start, end) <= max(start, end) <= len(text):
        return -1
    start, end = min(start, end), max(start, end)
    label = " ".join(span.label.split()).rstrip(".… ")
    if len(label) >= 4:
        excerpt = " ".join(text[start:end].split())
        n = min(len(label), len(excerpt), 60)
        if n >= 4 and label[:n] == excerpt[:n]:
            return 2
    return int(_boundary(text, start)) + int(_boundary(text, end))


@dataclass
class Decision:
    """The reading chosen for a project and why."""

    units: str
    reason: str
    #: selections per source name that sit better under the other reading (or, when the
    #: evidence was even, every selection the two readings place differently).
    doubtful: dict[str, int]
    matters: bool


def decide(sources: Iterable[SourceSpans], origin: str) -> Decision:
    """Choose code points or UTF-16 units for every position of a project."""
    relevant = [s for s in sources if s.starts and s.spans]
    prior = origin_units(origin)
    if not relevant:
        return Decision(prior or CODE_POINTS, "no source has characters outside the BMP", {}, False)
    fits = {
        units: [[_fits(s, sp, units) for sp in s.spans] for s in relevant] for units in (CODE_POINTS, UTF16)
    }
    total = {units: sum(max(f, 0) for per in fits[units] for f in per) for units in fits}
    ends = 2 * sum(len(s.spans) for s in relevant)
    margin = max(2, ends // 20)
    if abs(total[UTF16] - total[CODE_POINTS]) >= margin:
        units = UTF16 if total[UTF16] > total[CODE_POINTS] else CODE_POINTS
        resolved = True
    else:
        units, resolved = prior or CODE_POINTS, prior is not None
    other = CODE_POINTS if units == UTF16 else UTF16
    said = f"origin {origin!r}" if origin else "no origin recorded"
    reason = (
        f"{total[UTF16]} of {ends} selection ends fall on word boundaries as UTF-16 units, "
        f"{total[CODE_POINTS]} as code points; {said}"
    )
    doubtful: dict[str, int] = {}
    for source, mine, theirs in zip(relevant, fits[units], fits[other]):
        if resolved:
            n = sum(1 for a, b in zip(mine, theirs) if b > a)
        else:  # even evidence and no known program: every selection the readings disagree on
            n = sum(1 for sp in source.spans if bisect.bisect_left(source.starts, max(sp.start, sp.end)) > 0)
        if n:
            doubtful[source.name] = n
    return Decision(units, reason, doubtful, True)
