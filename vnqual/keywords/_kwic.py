"""Keyword in context on segmented words, with exact character offsets into the source text."""

from __future__ import annotations

import fnmatch
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from vnqual.errors import InputError
from vnqual.keywords._input import check_column, is_corpus
from vnqual.types import (
    DOC_ID,
    ROLE,
    SOURCE_FILE,
    SPEAKER,
    START_CHAR,
    STATEMENT_ID,
    TEXT,
    Token,
)

if TYPE_CHECKING:
    from vnqual.corpus import Corpus

Mode = Literal["fixed", "glob", "regex"]
MODES: tuple[str, ...] = ("fixed", "glob", "regex")
KWIC_COLUMNS = ("start_char", "end_char", "left", "keyword", "right", "token")
_ID_COLUMNS = (DOC_ID, STATEMENT_ID, SPEAKER, ROLE, SOURCE_FILE)
_SEGMENT_KEYS = ("user_dict", "jobs", "cache", "progress")
_WORD = re.compile(r"\w", re.UNICODE)


@functools.lru_cache(maxsize=65536)
def analysis_form(text: str) -> str:
    """Match form of a word or phrase: NFC, one tone placement, lower case, ``_`` between syllables.

    Examples
    --------
    >>> analysis_form("Hoà  Bình"), analysis_form("bồi_dưỡng")
    ('hòa_bình', 'bồi_dưỡng')
    """
    from vnqual.text.normalize import analysis_form as spelling

    return "_".join(spelling(text.replace("_", " ")).lower().split())


def _normalise_pattern(pattern: str, mode: str) -> str:
    """Apply :func:`analysis_form` to the words of a glob/regex, leaving its syntax alone."""
    from vnqual.text.normalize import analysis_form as spelling

    escapes = r"\\.|" if mode == "regex" else ""
    return re.sub(
        escapes + r"([^\W\d_]+)",
        lambda m: spelling(m.group(1)).lower() if m.group(1) else m.group(0),
        unicodedata.normalize("NFC", pattern.strip().replace("_", " ")),
    )


def compile_query(query: str, mode: str = "fixed") -> tuple[tuple[str, ...] | None, re.Pattern[str] | None]:
    """Syllables to match (fixed mode) or a compiled pattern matched against one word.

    The pattern is matched in full against the display form of each word (syllables separated by
    spaces, lower case; ``_`` in the pattern counts as a space): ``bồi*`` finds ``bồi dưỡng``
    and ``bồi thường``.
    """
    if mode not in MODES:
        raise InputError(f"unknown match mode {mode!r}; use one of {', '.join(MODES)}")
    if not query.strip():
        raise InputError('empty search word; give a word or phrase, e.g. "bồi dưỡng"')
    if mode == "fixed":
        return tuple(analysis_form(query).split("_")), None
    text = _normalise_pattern(query, mode)
    source = fnmatch.translate(text) if mode == "glob" else text
    try:
        return None, re.compile(source, re.IGNORECASE | re.UNICODE)
    except re.error as err:
        raise InputError(
            f"invalid regular expression {query!r}: {err}; escape special characters or use mode='glob'"
        ) from None


def _find(
    forms: list[tuple[str, ...]], syllables: tuple[str, ...] | None, pattern: re.Pattern[str] | None
) -> list[tuple[int, int]]:
    """(first, last) token indices of the matches in one statement, left to right."""
    if pattern is not None or not syllables:
        return [
            (i, i)
            for i, form in enumerate(forms)
            if pattern is not None and pattern.fullmatch(" ".join(form))
        ]
    hits = []
    first, size = syllables[0], len(syllables)
    i = 0
    while i < len(forms):
        if forms[i] and forms[i][0] == first:
            got: tuple[str, ...] = ()
            j = i
            # Whole words only: the syllables of tokens i..j must be exactly the query.
            while j < len(forms) and len(got) < size:
                got += forms[j]
                j += 1
            if got == syllables:
                hits.append((i, j - 1))
                i = j
                continue
        i += 1
    return hits


def _context(tokens: list[Token], first: int, last: int, window: int, text: str) -> tuple[str, str]:
    """Verbatim text of ``window`` words before and after the match.

    Punctuation is shown but not counted: it is included up to the window's last word, and
    beyond it until the next word (so ``bồi dưỡng .`` keeps its full stop).
    """
    start = tokens[first].start
    n = 0
    for k in range(first - 1, -1, -1):
        is_word = bool(_WORD.search(tokens[k].form))
        if is_word and n == window:
            break
        n += is_word
        start = tokens[k].start
    end = tokens[last].end
    n = 0
    for k in range(last + 1, len(tokens)):
        is_word = bool(_WORD.search(tokens[k].form))
        if is_word and n == window:
            break
        n += is_word
        end = tokens[k].end
    return text[start : tokens[first].start].strip(), text[tokens[last].end : end].strip()


def kwic(
    data: Corpus | Sequence[Sequence[Token]],
    query: str,
    *,
    frame: pd.DataFrame | None = None,
    window: int = 5,
    by: str | None = None,
    mode: Mode = "fixed",
    token_options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Concordance: every occurrence of a word or phrase with its context and source offsets.

    Parameters
    ----------
    data : Corpus or sequence of list of Token
        A corpus (segmented with ``token_options``) or segmented words per statement, as returned
        by :func:`vnqual.text.segment`, with ``frame`` giving the matching statement rows.
    query : str
        A word or phrase (``"bồi dưỡng"``), a glob (``"bồi*"``) or a regular expression. Matching
        is on whole segmented words, ignores case and old/new tone placement (``hoà`` = ``hòa``):
        ``xã`` does not match inside ``xã hội``.
    frame : pandas.DataFrame, optional
        Statement rows for segmented words (``text``, ``start_char``...); unused with a Corpus.
    window : int
        Words of context on each side (punctuation is shown but not counted).
    by : str, optional
        Put this column first and sort the lines by it (then by corpus order).
    mode : {"fixed", "glob", "regex"}
        ``fixed``: the words of ``query``; ``glob``/``regex``: a pattern matched against one
        whole word (its syllables separated by spaces).
    token_options : mapping, optional
        ``user_dict``, ``jobs``, ``cache``, ``progress`` for :func:`vnqual.text.segment`; other
        keys (stop words, POS) are ignored because every word is searched.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, statement_id, speaker, role, source_file``, the metadata columns, then
        ``start_char, end_char`` (the match in the source document: ``source[start_char:end_char]
        == keyword``), ``left, keyword, right`` (cut from the verbatim text) and ``token`` (the
        matched word(s) as compared: lower case, one tone placement, ``bồi_dưỡng``).

    Examples
    --------
    >>> import pandas as pd
    >>> from vnqual.text.tokenize import segment
    >>> texts = ["Cán bộ xã thiếu kinh phí bồi dưỡng.", "Công tác xã hội."]
    >>> frame = pd.DataFrame({"statement_id": ["qn-0001", "qn-0002"], "text": texts})
    >>> kwic(segment(texts), "xã", frame=frame, window=2)[["left", "keyword", "right"]]
         left keyword           right
    0  Cán bộ      xã  thiếu kinh phí
    """
    if window < 0:
        raise InputError(f"window must be >= 0, got {window}")
    syllables, pattern = compile_query(query, mode)
    frame, segments, texts = _resolve_segments(data, frame, token_options)
    if by is not None:
        check_column(frame, by)
    starts = (
        frame[START_CHAR].to_numpy(dtype=np.int64)
        if START_CHAR in frame.columns
        else np.zeros(len(frame), dtype=np.int64)
    )
    rows: list[int] = []
    spans: list[tuple[int, int]] = []
    lefts: list[str] = []
    rights: list[str] = []
    matched: list[str] = []
    cache: dict[str, tuple[str, ...]] = {}
    for r, (tokens, text) in enumerate(zip(segments, texts)):
        forms = []
        for tok in tokens:
            form = cache.get(tok.form)
            if form is None:
                form = cache[tok.form] = tuple(analysis_form(tok.form).split("_"))
            forms.append(form)
        for first, last in _find(forms, syllables, pattern):
            left, right = _context(tokens, first, last, window, text)
            rows.append(r)
            spans.append((tokens[first].start, tokens[last].end))
            lefts.append(left)
            rights.append(right)
            matched.append(" ".join("_".join(f) for f in forms[first : last + 1]))
    return _result(frame, texts, starts, rows, spans, lefts, rights, matched, by)


def _resolve_segments(
    data: Any, frame: pd.DataFrame | None, token_options: Any
) -> tuple[pd.DataFrame, list[list[Token]], list[str]]:
    from vnqual.text.tokenize import segment

    if isinstance(data, (str, bytes)):
        raise TypeError("expected a Corpus or a list of segmented statements, got a single str")
    if is_corpus(data):
        if frame is not None:
            raise TypeError("frame= is only used with segmented statements, not with a Corpus")
        options = {k: v for k, v in dict(token_options or {}).items() if k in _SEGMENT_KEYS}
        texts = data.texts()
        return data.frame, segment(texts, **options), texts
    segments = [list(s) for s in data]
    if segments and segments[0] and not isinstance(segments[0][0], Token):
        raise TypeError(
            "expected segmented statements (lists of vnqual.types.Token) from "
            "vnqual.text.segment; for plain strings pass a Corpus"
        )
    if frame is None or TEXT not in frame.columns:
        raise InputError(
            "kwic cuts contexts from the verbatim text: pass frame= with a 'text' "
            "column (the statements the segments came from), or a Corpus"
        )
    if len(frame) != len(segments):
        raise InputError(
            f"{len(segments)} segmented statements but {len(frame)} statement rows; "
            "pass the frame they were made from"
        )
    frame = frame.reset_index(drop=True)
    return frame, segments, frame[TEXT].astype(str).tolist()


def _result(
    frame: pd.DataFrame,
    texts: list[str],
    starts: np.ndarray,
    rows: list[int],
    spans: list[tuple[int, int]],
    lefts: list[str],
    rights: list[str],
    matched: list[str],
    by: str | None,
) -> pd.DataFrame:
    meta = _metadata_columns(frame)
    keep = [c for c in _ID_COLUMNS if c in frame.columns] + meta
    idx = np.asarray(rows, dtype=np.int64)
    out = frame.iloc[idx][keep].reset_index(drop=True)
    rel = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    out[START_CHAR] = starts[idx] + rel[:, 0]
    out["end_char"] = starts[idx] + rel[:, 1]
    out["left"] = lefts
    out["keyword"] = [texts[r][s:e] for r, (s, e) in zip(rows, spans)]
    out["right"] = rights
    out["token"] = matched
    if by is not None:
        order = [by] + [c for c in out.columns if c != by]
        out = out[order].sort_values(by, kind="stable").reset_index(drop=True)
    return out


def _metadata_columns(frame: pd.DataFrame) -> list[str]:
    from vnqual.types import CORE_COLUMNS, OPTIONAL_COLUMNS

    skip = set(CORE_COLUMNS) | set(OPTIONAL_COLUMNS)
    return [c for c in frame.columns if c not in skip]
