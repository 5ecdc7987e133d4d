"""Word segmentation with underthesea, aligned back to the verbatim text, and analysis tokens.

FIRST VERSION (lead): serial, uncached. The text-pipeline work replaces internals, not signatures.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from vnqual.types import Token

_PUNCT_OR_NUM = re.compile(r"^[\W\d_]+$", re.UNICODE)


def display(token: str) -> str:
    """Show a canonical token to humans: ``cán_bộ`` -> ``cán bộ``."""
    return token.replace("_", " ")


def _check_texts(texts: Iterable[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("expected a list of texts, got a single str; wrap it in a list")
    return list(texts)


def _analysis_runs(text: str) -> tuple[str, list[int]]:
    """Normalise each whitespace-free run of ``text``; return the analysis string and a map
    from every analysis position (plus the end) to a position in ``text``."""
    from underthesea import text_normalize

    out: list[str] = []
    pos_map: list[int] = []
    for m in re.finditer(r"\S+|\s+", text):
        run = m.group()
        if run.isspace():
            out.append(" ")
            pos_map.append(m.start())
            continue
        norm = unicodedata.normalize("NFC", run)
        norm2 = text_normalize(norm)
        if len(norm2.split()) == 1 and len(norm2) == len(norm):
            norm = norm2
        if len(norm) == len(run):
            pos_map.extend(range(m.start(), m.end()))
        else:  # NFD input: one analysis char per base char + its combining marks
            starts = [m.start() + i for i, ch in enumerate(run) if not unicodedata.combining(ch)]
            if len(starts) != len(norm):
                starts = [m.start() + (i * len(run)) // len(norm) for i in range(len(norm))]
            pos_map.extend(starts)
        out.append(norm)
    pos_map.append(len(text))
    return "".join(out), pos_map


def _segment_one(text: str, fixed_words: Sequence[str] | None, with_pos: bool) -> list[Token]:
    from underthesea import pos_tag, word_tokenize

    analysis, pos_map = _analysis_runs(text)
    if with_pos:
        pairs = pos_tag(analysis)
    else:
        words = word_tokenize(analysis, fixed_words=list(fixed_words or []))
        pairs = [(w, None) for w in words]
    tokens: list[Token] = []
    cursor = 0
    for word, tag in pairs:
        pieces = word.split()
        if not pieces:
            continue
        start = end = None
        for piece in pieces:
            while cursor < len(analysis) and analysis[cursor].isspace():
                cursor += 1
            if analysis[cursor : cursor + len(piece)] != piece:
                found = analysis.find(piece, cursor)
                if found >= 0:
                    cursor = found
            if start is None:
                start = cursor
            cursor = min(cursor + len(piece), len(analysis))
            end = cursor
        form = "_".join(pieces)
        tokens.append(Token(form, pos_map[start], pos_map[end], tag))
    return tokens


def segment(
    texts: Iterable[str],
    *,
    user_dict: Sequence[str] | None = None,
    pos: bool = False,
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> list[list[Token]]:
    """Segment each text into words with their character spans in that text.

    Parameters
    ----------
    texts : iterable of str
        Verbatim statement texts.
    user_dict : sequence of str, optional
        Terms that must stay one word (``"nông thôn mới"``).
    pos : bool
        Also tag parts of speech (underthesea ``pos_tag``).

    Returns
    -------
    list of list of Token
        ``text[token.start:token.end]`` is the token's surface form.

    Examples
    --------
    >>> [t.form for t in segment(["Cán bộ xã thiếu kinh phí."])[0]]
    ['Cán_bộ', 'xã', 'thiếu', 'kinh_phí', '.']
    """
    texts = _check_texts(texts)
    return [_segment_one(t, user_dict, pos) for t in texts]


def analysis_tokens(tokens: Sequence[Token], *, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Lower-case (keeping proper nouns), drop punctuation, numbers and stop words."""
    out = []
    for i, tok in enumerate(tokens):
        form = tok.form
        if _PUNCT_OR_NUM.match(form):
            continue
        proper = tok.pos == "Np" or (i > 0 and form[:1].isupper() and tokens[i - 1].form not in ".?!:")
        if not proper:
            form = form.lower()
        if form.lower() in stopwords:
            continue
        out.append(form)
    return out


def tokenize(
    texts: Iterable[str],
    *,
    stopwords: str | Iterable[str] | None = "default",
    pos: str | None = None,
    user_dict: Sequence[str] | None = None,
    phrases: bool = False,
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> list[list[str]]:
    """Analysis tokens of each text (canonical form ``cán_bộ``).

    Examples
    --------
    >>> tokenize(["Cán bộ xã thiếu kinh phí."])
    [['cán_bộ', 'xã', 'thiếu', 'kinh_phí']]
    """
    texts = _check_texts(texts)
    stop = frozenset() if stopwords in (None, "default") else frozenset(stopwords)
    segs = segment(texts, user_dict=user_dict, pos=pos is not None, jobs=jobs, cache=cache)
    return [analysis_tokens(s, stopwords=stop) for s in segs]
