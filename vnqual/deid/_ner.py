"""underthesea's named-entity recogniser as a detector (persons, and organisations when asked)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from vnqual.deid._detect import Span, tokens
from vnqual.deid._lexicon import (
    ETHNIC_CONTEXT,
    ETHNIC_GROUPS,
    NOT_NAME_STARTS,
    NOT_NAMES,
    PLACE_UNITS,
    PUBLIC_NAMES,
    fold,
    provinces,
)

# underthesea's NER works sentence by sentence; longer pieces are cut at sentence ends.
_PIECE = re.compile(r"[^\n.!?]+[.!?]*")
_MAX_PIECE = 600


def find_ner(
    text: str,
    categories: Iterable[str],
    *,
    progress: Callable[[int], None] | None = None,
    rejected: list[Span] | None = None,
) -> list[Span]:
    """PER (and ORG if ``"org"`` is in ``categories``) entities of underthesea's NER in ``text``.

    Entities the filters below turn down (a province, ``người Kinh``, one capitalised word opening
    a sentence) are appended to ``rejected`` when given, so they can be listed for review."""
    from underthesea import ner

    want = {"B-PER": "person", "I-PER": "person"}
    if "org" in set(categories):
        want.update({"B-ORG": "org", "I-ORG": "org"})
    out: list[Span] = []
    for base, piece in _pieces(text):
        if not any(ch.isupper() for ch in piece):
            continue
        cursor = 0
        current: list[int] | None = None
        for word, _pos, _chunk, tag in ner(piece):
            at = piece.find(word, cursor)
            if at < 0:  # underthesea changed the characters of the token: no reliable offset
                current = None
                continue
            cursor = at + len(word)
            cat = want.get(tag)
            if cat and (tag.startswith("B-") or current is None or current[2] != cat):
                current = [at, cursor, cat]  # type: ignore[list-item]
                out.append(Span(base + at, base + cursor, cat, "ner", 0.6, ""))
            elif cat and current is not None:
                current[1] = cursor
                last = out[-1]
                out[-1] = Span(last.start, base + cursor, cat, "ner", 0.6, "")
            else:
                current = None
        if progress is not None:
            progress(len(piece))
    kept = []
    for raw in out:
        sp = _clean(text, raw)
        if sp is not None:
            kept.append(sp)
        elif rejected is not None:
            rejected.append(
                Span(raw.start, raw.end, raw.category, "ner", raw.confidence, text[raw.start : raw.end])
            )
    return kept


def _pieces(text: str) -> list[tuple[int, str]]:
    """Sentences of ``text`` with their offsets; a long one (transcripts without full stops) is cut
    at the last space before :data:`_MAX_PIECE` characters, so no text goes untagged."""
    out = []
    for m in _PIECE.finditer(text):
        start, piece = m.start(), m.group()
        while len(piece) > _MAX_PIECE:
            cut = piece.rfind(" ", 0, _MAX_PIECE)
            cut = cut if cut > 0 else _MAX_PIECE
            out.append((start, piece[:cut]))
            start, piece = start + cut, piece[cut:]
        out.append((start, piece))
    return out


def _clean(text: str, sp: Span) -> Span | None:
    """Trim honorific/title words the tagger included; drop non-names (provinces, ``Tết``)."""
    toks = [t for t in tokens(text[sp.start : sp.end])]
    while toks and (not toks[0].cap or toks[0].low in NOT_NAME_STARTS):
        toks.pop(0)
    if not toks or not all(t.cap for t in toks):
        return None
    s, e = sp.start + toks[0].start, sp.start + toks[-1].end
    upto = tokens(text[max(0, s - 40) : e])
    if len(toks) == 1 and upto[-1].sent_start:
        return None  # one capitalised word opening a sentence: too often not a name (Hotline, Tâm lý)
    before = upto[-1 - len(toks)] if len(upto) > len(toks) else None
    name = fold(text[s:e])
    if name in NOT_NAMES or name in PUBLIC_NAMES or name in provinces():
        return None
    if before is not None and before.cap and toks[0].joined:
        return None  # a piece of a longer capitalised name the tagger cut ("Đắk | Lắk")
    if before is not None and (before.low in PLACE_UNITS or before.low in ("ở", "tại", "về")):
        return None  # "ở Tam Kỳ", "huyện Lắk": a place the tagger took for a person
    if name in ETHNIC_GROUPS and (len(toks) > 1 or (before is not None and before.low in ETHNIC_CONTEXT)):
        return None
    return Span(s, e, sp.category, "ner", sp.confidence, text[s:e])
