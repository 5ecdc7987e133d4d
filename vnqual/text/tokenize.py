"""Word segmentation with underthesea, aligned back to the verbatim text, and analysis tokens.

Canonical token form everywhere in vnqual: syllables joined by ``_`` (``cán_bộ``,
``nông_thôn_mới``); :func:`display` shows them with spaces. Segmentation runs on an analysis
copy of each statement (NFC, one tone-mark style, see :mod:`vnqual.text._align`) with the
original letter case, because underthesea's model uses capitals to find names; analysis
tokens are lower-cased afterwards except proper nouns (see :func:`tokenize`).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache, partial
from itertools import repeat
from pathlib import Path

import numpy as np

from vnqual.text._segmented import release_freed_memory
from vnqual.text._snapshot import FlatRun, RunLookup, lookup_quietly
from vnqual.text._words import Segmented, apply_user_dict, gc_paused, run
from vnqual.types import PathLike, Token

UserDictArg = Sequence[str] | PathLike | None

#: POS tags kept by ``pos="content"``: nouns (N, Np proper, Ny abbreviated), verbs (V, Vy),
#: adjectives (A). Classifiers (Nc), unit nouns (Nu), pronouns, numerals, particles... go.
CONTENT_POS = frozenset({"N", "Np", "Ny", "V", "Vy", "A"})

_PUNCT_OR_NUM = re.compile(r"^[\W\d_]+$", re.UNICODE)
# Anonymisation and placeholders: UIT-VSFC names (wzjwz123), XXX/xxx, *** and ___ masks.
_ANON = re.compile(r"^(?:wzjwz\d+|[xX]{3,}|\*+|_+)$")
#: UIT-VSFC emoticon and punctuation stand-ins (dataset README); ``csharp`` (C#) is kept.
EMOTICON_TOKENS = frozenset(
    {
        "colonsmile",
        "colonsad",
        "colonsurprise",
        "colonlove",
        "colonsmilesmile",
        "coloncontemn",
        "colonbigsmile",
        "coloncc",
        "colonsmallsmile",
        "coloncolon",
        "colonlovelove",
        "colonhihi",
        "doubledot",
        "colonsadcolon",
        "colondoublesurprise",
        "vdotv",
        "dotdotdot",
        "fraction",
    }
)
_SENTENCE_END = frozenset(
    {".", "?", "!", ":", ";", "...", "…", '"', "“", "”", "-", "–", "—", "(", "[", "'", "‘", "’", "*", "•"}
)


def display(token: str) -> str:
    """Show a canonical token to humans: ``cán_bộ`` -> ``cán bộ``."""
    return token.replace("_", " ")


def _check_texts(texts: Iterable[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("expected a list of texts, got a single str; wrap it in a list")
    out = list(texts)
    if not set(map(type, out)) <= {str}:  # C-level check; find the culprit only on failure
        for i, t in enumerate(out):
            if not isinstance(t, str):
                raise TypeError(f"text {i} is {type(t).__name__}, not str")
    return out


def load_user_dict(path: PathLike) -> list[str]:
    """Read a user dictionary: UTF-8, one term per line (``Ủy ban nhân dân``), ``#`` comments."""
    from vnqual.text.stopwords import read_word_list

    return [t.replace("_", " ") for t in read_word_list(path, what="user dictionary")]


#: Dictionaries shipped with vnqual, by name (``user_dict="admin"``, ``--user-dict admin``).
BUILTIN_USER_DICTS = {"admin": "user_dict_vi.txt"}


def builtin_user_dict(name: str) -> list[str]:
    """Terms of a dictionary shipped with vnqual: ``"admin"`` = public administration
    (``vnqual/data/user_dict_vi.txt``: Sở Nội vụ, nông thôn mới, vị trí việc làm, ...)."""
    if name not in BUILTIN_USER_DICTS:
        raise ValueError(f"no built-in dictionary {name!r}; choose from {sorted(BUILTIN_USER_DICTS)}")
    return load_user_dict(Path(__file__).resolve().parent.parent / "data" / BUILTIN_USER_DICTS[name])


def _user_terms(user_dict: UserDictArg) -> list[str]:
    if user_dict is None:
        return []
    if isinstance(user_dict, str) and user_dict in BUILTIN_USER_DICTS:
        return builtin_user_dict(user_dict)
    if isinstance(user_dict, (str, os.PathLike)):
        return load_user_dict(user_dict)
    return [t.replace("_", " ") for t in user_dict if t and t.strip()]


def _segments(
    texts: list[str],
    *,
    user_dict: UserDictArg,
    mode: str,
    jobs: int | None,
    cache: bool,
    progress: bool,
    looked: RunLookup | None = None,
) -> list[Segmented]:
    segs = run(texts, mode=mode, jobs=jobs, cache=cache, progress=progress, looked=looked)
    return apply_user_dict(segs, texts, _user_terms(user_dict))


_new_token = partial(tuple.__new__, Token)  # C-level constructor: no per-token Python call


def _tokens(seg: Segmented) -> list[Token]:
    pos = seg.pos if seg.pos is not None else repeat(None)
    return list(map(_new_token, zip(seg.forms, seg.starts, seg.ends, pos)))


def _tokens_of_run(flat: FlatRun) -> list[list[Token]]:
    """Token lists of a decoded run snapshot, built with C-level maps over the flat arrays."""
    with gc_paused():
        tags = flat.pos if flat.pos is not None else repeat(None)
        every = list(map(_new_token, zip(flat.forms, flat.starts, flat.ends, tags)))
        per = list(map(every.__getitem__, map(slice, flat.bounds, flat.bounds[1:])))
        out = list(map(per.__getitem__, flat.order))
        if len(per) < len(out):
            out = list(map(list, out))  # every statement gets its own list
    return out


def segment(
    texts: Iterable[str],
    *,
    user_dict: UserDictArg = None,
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
    user_dict : sequence of str, path or "admin", optional
        Terms that must stay one word (``"nông thôn mới"``), a file of them (one per line), or
        ``"admin"`` for vnqual's public-administration dictionary (:func:`builtin_user_dict`).
    pos : bool
        Also tag parts of speech (underthesea ``pos_tag`` tags: N, Np, V, A, ...).
    jobs : int, optional
        Worker processes for texts not in the cache (default: all cores; small runs stay
        in one process).
    cache : bool
        Read and write the on-disk segmentation cache (``vnqual cache info``).
    progress : bool
        Show a progress bar on stderr.

    Returns
    -------
    list of list of Token
        ``text[token.start:token.end]`` is the token's surface form; ``token.form`` is
        underthesea's spelling with ``_`` between syllables (case kept).

    Examples
    --------
    >>> [t.form for t in segment(["Cán bộ xã thiếu kinh phí."])[0]]
    ['Cán_bộ', 'xã', 'thiếu', 'kinh_phí', '.']
    """
    texts = _check_texts(texts)
    mode = "pos" if pos else "words"
    looked = lookup_quietly(texts, mode) if cache and user_dict is None else None
    if looked is not None and looked.flat is not None:
        return _tokens_of_run(looked.flat)  # repeated run: tokens straight from the snapshot
    segs = _segments(
        texts, user_dict=user_dict, mode=mode, jobs=jobs, cache=cache, progress=progress, looked=looked
    )
    with gc_paused():  # identical texts share one Segmented: build their tokens once
        distinct = dict(zip(map(id, segs), segs))
        built = {key: _tokens(seg) for key, seg in distinct.items()}
        out = list(map(built.__getitem__, map(id, segs)))
        if len(built) < len(out):
            out = list(map(list, out))  # every statement gets its own list
    return out


def noun_phrases(
    texts: Iterable[str],
    *,
    user_dict: UserDictArg = None,
    stopwords: str | Iterable[str] | None = "default",
    max_words: int = 4,
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> list[list[Token]]:
    """Noun-phrase candidates of each text (underthesea ``chunk``: B-NP followed by I-NP).

    Stop words at either end of a phrase are trimmed (``các cán_bộ`` -> ``cán_bộ``); phrases
    left empty or containing punctuation, numbers or anonymisation tokens are dropped.

    Parameters
    ----------
    stopwords : "default", "extended", None or iterable of str
        As in :func:`tokenize`.
    max_words : int
        Longest phrase kept, in words (after trimming).

    Returns
    -------
    list of list of Token
        ``form`` is the phrase's words in canonical form (lower-cased, proper nouns kept)
        separated by spaces, e.g. ``"tỉnh Lai_Châu"``; ``start``/``end`` index the text;
        ``pos`` is ``"NP"``.

    Examples
    --------
    >>> text = "Các cán bộ xã thiếu kinh phí bồi dưỡng ở Ủy ban nhân dân tỉnh Lai Châu."
    >>> [t.form for t in noun_phrases([text])[0]]
    ['cán_bộ', 'xã', 'kinh_phí', 'Ủy_ban_nhân_dân', 'tỉnh Lai_Châu']
    """
    from vnqual.text.stopwords import stopword_set

    texts = _check_texts(texts)
    stop = stopword_set(stopwords)
    segs = _segments(texts, user_dict=user_dict, mode="chunk", jobs=jobs, cache=cache, progress=progress)
    proper = proper_forms(segs)
    out: list[list[Token]] = []
    for seg in segs:
        forms = [_case(seg, k, proper) for k in range(len(seg.forms))]
        bad = [_junk(f) for f in forms]
        phrases: list[Token] = []
        chunk = seg.chunk or []
        k = 0
        while k < len(chunk):
            if chunk[k] != "B-NP":
                k += 1
                continue
            j = k + 1
            while j < len(chunk) and chunk[j] == "I-NP":
                j += 1
            a, b = k, j
            while a < b and (forms[a].lower() in stop or bad[a]):
                a += 1
            while b > a and (forms[b - 1].lower() in stop or bad[b - 1]):
                b -= 1
            if a < b and b - a <= max_words and not any(bad[a:b]):
                phrases.append(Token(" ".join(forms[a:b]), seg.starts[a], seg.ends[b - 1], "NP"))
            k = j
        out.append(phrases)
    return out


@lru_cache(maxsize=1 << 18)
def _junk(form: str) -> bool:
    """Punctuation, numbers, anonymisation and emoticon stand-ins (never analysis tokens)."""
    return bool(_PUNCT_OR_NUM.match(form) or _ANON.match(form) or form.lower() in EMOTICON_TOKENS)


# ----------------------------------------------------------------------- analysis tokens
def _is_capitalised(form: str) -> bool:
    return form[:1].isupper()


def _all_title(form: str) -> bool:
    parts = form.split("_")
    return len(parts) > 1 and all(p[:1].isupper() for p in parts)


def _shouting(seg: Segmented) -> bool:
    letters = [ch for f in seg.forms for ch in f if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def proper_forms(segs: Sequence[Segmented]) -> dict[str, str]:
    """Corpus-wide spelling of proper nouns: lower-cased form -> capitalised form.

    A word counts as capitalised evidence where it is capitalised but not sentence-initial,
    where every syllable is capitalised (``Hà_Nội``, ``Nguyễn_Văn_An``) or where it is an
    acronym (``UBND``); a lower-case occurrence counts against. POS tags are not evidence:
    underthesea tags capitalised sentence-initial words ``Np`` (``Dạ, ...``). A word is proper
    if capitalised evidence wins; its spelling is the most frequent capitalised one.
    Statements mostly in capitals give no evidence.
    """
    evidence = _ProperEvidence()
    evidence.add(segs)
    return evidence.forms()


class _ProperEvidence:
    """The counts behind :func:`proper_forms`, gathered chunk by chunk (in corpus order)."""

    def __init__(self) -> None:
        self.caps: dict[str, Counter[str]] = {}
        self.lower: Counter[str] = Counter()

    def add(self, segs: Iterable[Segmented]) -> None:
        """Count the words of ``segs`` (a statement object repeated in ``segs`` counts once)."""
        caps, lower = self.caps, self.lower
        seen: set[int] = set()
        for seg in segs:
            if id(seg) in seen:
                continue
            seen.add(id(seg))
            joined = " ".join(seg.forms)
            if joined == joined.lower():  # no capital at all: every word is lower-case evidence
                lower.update(seg.forms)
                continue
            shouting = None
            prev = None
            for form in seg.forms:
                low = form.lower()
                if form == low:
                    lower[low] += 1
                else:
                    if shouting is None:
                        shouting = _shouting(seg)
                    if not shouting:
                        # A capital that opens a sentence is no evidence, and neither is
                        # underthesea's Np tag there (the tagger reads the capital too: a filler
                        # such as "Dạ, ..." gets Np).
                        initial = prev is None or prev in _SENTENCE_END
                        if not initial or _all_title(form) or (form.isupper() and len(form) > 1):
                            caps.setdefault(low, Counter())[form] += 1
                prev = form

    def forms(self) -> dict[str, str]:
        """Lower-cased form -> proper-noun spelling."""
        lower = self.lower
        return {low: c.most_common(1)[0][0] for low, c in self.caps.items() if sum(c.values()) > lower[low]}


def _case(seg: Segmented, k: int, proper: dict[str, str]) -> str:
    if seg.spellings is not None and seg.spellings[k] is not None:
        return seg.spellings[k]  # type: ignore[return-value]
    low = seg.forms[k].lower()
    return proper.get(low, low)


def _bracketed(forms: list[str]) -> list[bool]:
    """Words inside [...]: transcription notes ([cười], [không rõ]) and placeholders ([...])."""
    out = [False] * len(forms)
    depth = 0
    for i, f in enumerate(forms):
        if f == "[":
            depth += 1
        if depth:
            out[i] = True
        if f == "]" and depth:
            depth -= 1
    if depth:  # unclosed bracket: not a note
        last_open = max(i for i, f in enumerate(forms) if f == "[")
        for i in range(last_open, len(forms)):
            out[i] = forms[i] in "[]"
    return out


@lru_cache(maxsize=16)
def _phrase_prefixes(stop: frozenset[str]) -> frozenset[str]:
    """Every syllable prefix of a multi-syllable stop phrase, the whole phrase excluded
    (``thì`` for ``thì_là``): a word that is none of them starts no stop phrase."""
    out: set[str] = set()
    for phrase in stop:
        parts = phrase.split("_")
        out.update("_".join(parts[:m]) for m in range(1, len(parts)))
    return frozenset(out)


def _stop_phrases(lows: list[str], stop: frozenset[str], max_syl: int) -> list[bool]:
    """Mark consecutive words that together spell a multi-syllable stop phrase (thì là)."""
    drop = [False] * len(lows)
    prefixes = _phrase_prefixes(stop)
    i = 0
    while i < len(lows):
        if lows[i] not in prefixes:
            i += 1
            continue
        cand, syl, best, j = lows[i], lows[i].count("_") + 1, -1, i
        while j + 1 < len(lows) and syl < max_syl:
            j += 1
            cand += "_" + lows[j]
            syl += lows[j].count("_") + 1
            if cand in stop:
                best = j
            if cand not in prefixes:
                break
        if best >= 0:
            for m in range(i, best + 1):
                drop[m] = True
            i = best + 1
        else:
            i += 1
    return drop


def _keep_pos(pos: str | Collection[str] | None) -> frozenset[str] | None:
    if pos is None or pos == "all":
        return None
    if pos == "content":
        return CONTENT_POS
    if isinstance(pos, str):
        raise ValueError(f"pos={pos!r}: use None, 'content', 'all' or a set of tags")
    return frozenset(pos)


def _analysis(
    seg: Segmented,
    text: str | None,
    stop: frozenset[str],
    max_syl: int,
    keep: frozenset[str] | None,
    proper: dict[str, str],
) -> list[tuple[str, int, int]]:
    forms = seg.forms
    lows = [f.lower() for f in forms]
    inside = _bracketed(forms)
    phrase = _stop_phrases(lows, stop, max_syl) if max_syl > 1 else [False] * len(forms)
    out = []
    for k, form in enumerate(forms):
        low = lows[k]
        if inside[k] or phrase[k] or _junk(form):
            continue
        term = seg.spellings is not None and seg.spellings[k] is not None
        if keep is not None and not term and (seg.pos is None or seg.pos[k] not in keep):
            continue
        canon = _case(seg, k, proper)
        if not term and "_" in form and any(_junk(p) for p in form.split("_")):
            # the segmenter glued a number or placeholder to a word ("năm_2023"): keep the rest
            part = _clean_part(form, text, seg.starts[k], seg.ends[k])
            if part is not None and part[0].lower() not in stop:
                out.append((proper.get(part[0].lower(), part[0].lower()), part[1], part[2]))
            continue
        if low in stop and canon == low:
            continue
        out.append((canon, seg.starts[k], seg.ends[k]))
    return out


def _clean_part(form: str, text: str | None, start: int, end: int) -> tuple[str, int, int] | None:
    """The syllables of a word between its first and last non-junk syllable, with their span
    in ``text`` (the whole word's span when the text is not known)."""
    from vnqual.text import _crf
    from vnqual.text._align import align

    if text is None:
        syl = [(p, start, end) for p in form.split("_")]
    else:
        aligned = align(text[start:end])
        syl = [(t, *aligned.span(s, e)) for t, s, e in _crf.syllables(aligned.norm)]
        syl = [(t, start + s, start + e) for t, s, e in syl]
    keep = [i for i, (t, _, _) in enumerate(syl) if not _junk(t)]
    if not keep:
        return None
    a, b = keep[0], keep[-1] + 1
    if any(_junk(t) for t, _, _ in syl[a:b]):
        return None  # junk in the middle: not a word
    return "_".join(t for t, _, _ in syl[a:b]), syl[a][1], syl[b - 1][2]


def analysis_tokens(
    tokens: Sequence[Token],
    *,
    stopwords: Collection[str] = frozenset(),
    pos: str | Collection[str] | None = None,
    proper: dict[str, str] | None = None,
) -> list[str]:
    """Analysis tokens of one segmented statement (see :func:`tokenize`).

    ``proper`` maps lower-cased forms to proper-noun spellings; without it a capitalised
    word is kept capitalised unless it opens a sentence.
    """
    seg = Segmented(
        [t.form for t in tokens],
        [t.start for t in tokens],
        [t.end for t in tokens],
        [t.pos or "" for t in tokens],
    )
    stop = frozenset(s.replace(" ", "_").lower() for s in stopwords)
    max_syl = max((s.count("_") + 1 for s in stop), default=1)
    if proper is None:
        proper = proper_forms([seg])
    return [f for f, _, _ in _analysis(seg, None, stop, max_syl, _keep_pos(pos), proper)]


def tokenize_with_spans(
    texts: Iterable[str],
    *,
    stopwords: str | Iterable[str] | None = "default",
    pos: str | Collection[str] | None = None,
    user_dict: UserDictArg = None,
    phrases: bool = False,
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> tuple[list[list[str]], list[list[tuple[int, int]]]]:
    """Like :func:`tokenize`, plus the ``(start, end)`` offsets of every token in its text."""
    return _tokenize(
        texts,
        stopwords=stopwords,
        pos=pos,
        user_dict=user_dict,
        phrases=phrases,
        jobs=jobs,
        cache=cache,
        progress=progress,
        spans=True,
    )


def _tokenize(
    texts: Iterable[str],
    *,
    stopwords: str | Iterable[str] | None,
    pos: str | Collection[str] | None,
    user_dict: UserDictArg,
    phrases: bool,
    jobs: int | None,
    cache: bool,
    progress: bool,
    spans: bool,
) -> tuple[list[list[str]], list[list[tuple[int, int]]]]:
    """Tokens and spans; from the result cache, the spans are decoded only when ``spans``
    (otherwise the second list is empty)."""
    from vnqual.text.stopwords import stopword_set

    texts = _check_texts(texts)
    stop = stopword_set(stopwords)
    max_syl = max((s.count("_") + 1 for s in stop), default=1)
    keep = _keep_pos(pos)
    key = _tokens_key(texts, stop, keep, pos, user_dict, phrases) if cache else None
    if key is not None:
        hit = _cached_tokens(key, spans)
        if hit is not None:
            return hit
    mode = "words" if pos is None else "pos"
    if len(texts) > STREAM_TEXTS and not phrases:
        packed = _tokenize_compact(texts, stop, max_syl, keep, user_dict, mode, jobs, cache, progress)
        if key is not None:
            _store_token_arrays(key, packed)
        lists, span_lists = packed.token_lists(), packed.span_lists() if spans else []
        del packed
        release_freed_memory()
        return lists, span_lists
    segs = _segments(texts, user_dict=user_dict, mode=mode, jobs=jobs, cache=cache, progress=progress)
    proper = proper_forms(segs)
    memo: dict[int, list[tuple[str, int, int]]] = {}
    with gc_paused():
        rows = [
            memo[id(s)]
            if id(s) in memo
            else memo.setdefault(id(s), _analysis(s, t, stop, max_syl, keep, proper))
            for s, t in zip(segs, texts)
        ]
    if phrases:
        from vnqual.text.phrases import merge_phrases

        rows = merge_phrases(rows)
    result = [[f for f, _, _ in r] for r in rows], [[(s, e) for _, s, e in r] for r in rows]
    if key is not None:
        _store_tokens(key, *result)
    return result


#: Above this many texts, :func:`tokenize` walks the segmentation in chunks of
#: :data:`STREAM_CHUNK` distinct statements and keeps the tokens as arrays (the same tokens, in
#: a fraction of the memory: a million statements would otherwise hold several GB of small
#: Python objects). ``phrases=True`` needs every statement at once and keeps the one-pass path.
STREAM_TEXTS = 200_000
#: Distinct statements decoded at a time by the chunked path.
STREAM_CHUNK = 20_000


class _TokenArrays:
    """Analysis tokens of a run as arrays: each distinct statement's tokens as indices into
    ``vocab`` with their spans, and the distinct statement of every text (``order``)."""

    def __init__(
        self,
        vocab: list[str],
        ids: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        bounds: np.ndarray,
        order: list[int],
    ) -> None:
        self.vocab, self.ids, self.starts, self.ends = vocab, ids, starts, ends
        self.bounds, self.order = bounds, order

    def token_lists(self) -> list[list[str]]:
        """One new list of tokens per text."""
        per: list[list[str]] = []
        vocab = self.vocab.__getitem__
        with gc_paused():
            for a in range(0, len(self.bounds) - 1, STREAM_CHUNK):  # a chunk at a time: no list of every id
                b = self.bounds[a : a + STREAM_CHUNK + 1]
                words = list(map(vocab, self.ids[b[0] : b[-1]].tolist()))
                rel = (b - b[0]).tolist()
                per.extend(map(words.__getitem__, map(slice, rel, rel[1:])))
            return [per[o][:] for o in self.order]

    def span_lists(self) -> list[list[tuple[int, int]]]:
        """One list of ``(start, end)`` per text."""
        with gc_paused():
            pairs = list(zip(self.starts.tolist(), self.ends.tolist()))
            b = self.bounds.tolist()
            per = list(map(pairs.__getitem__, map(slice, b, b[1:])))
            return [per[o][:] for o in self.order]

    def per_text(self) -> tuple[np.ndarray, np.ndarray]:
        """Index of every token of every text into :attr:`ids` (texts in order), and the
        number of tokens of each text."""
        b = self.bounds
        order = np.asarray(self.order, dtype=np.int64)
        counts = (b[1:] - b[:-1])[order]
        ends = np.cumsum(counts)
        starts_of_text = b[:-1][order]
        index = np.repeat(starts_of_text - (ends - counts), counts) + np.arange(int(counts.sum()))
        return index, counts


def _tokenize_compact(
    texts: list[str],
    stop: frozenset[str],
    max_syl: int,
    keep: frozenset[str] | None,
    user_dict: UserDictArg,
    mode: str,
    jobs: int | None,
    cache: bool,
    progress: bool,
) -> _TokenArrays:
    """The tokens of :func:`_tokenize` for a large run, chunk by chunk (see :data:`STREAM_TEXTS`):
    one pass gathers the proper-noun evidence, a second makes the tokens."""
    from vnqual.text._words import run_compact

    run_ = run_compact(texts, mode=mode, jobs=jobs, cache=cache, progress=progress)
    terms = _user_terms(user_dict)
    n = len(run_)
    bounds = [(a, min(n, a + STREAM_CHUNK)) for a in range(0, n, STREAM_CHUNK)]

    def chunk(a: int, b: int) -> list[Segmented]:
        return apply_user_dict(run_.segments(a, b), run_.distinct[a:b], terms)

    evidence = _ProperEvidence()
    for a, b in bounds:  # the words are all the evidence needs (after the user dictionary)
        evidence.add(chunk(a, b) if terms else [Segmented(f, [], []) for f in run_.forms(a, b)])
    proper = evidence.forms()
    vocab: dict[str, int] = {}
    ids: list[np.ndarray] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for a, b in bounds:
        with gc_paused():
            rows = [
                _analysis(s, t, stop, max_syl, keep, proper) for s, t in zip(chunk(a, b), run_.distinct[a:b])
            ]
            flat = [tok for row in rows for tok in row]
        ids.append(np.fromiter((vocab.setdefault(f, len(vocab)) for f, _, _ in flat), np.int32, len(flat)))
        starts.append(np.fromiter((s for _, s, _ in flat), np.int32, len(flat)))  # offsets in a statement
        ends.append(np.fromiter((e for _, _, e in flat), np.int32, len(flat)))
        counts.append(np.fromiter(map(len, rows), np.int64, len(rows)))
    bounds_a = np.concatenate([[0], np.cumsum(np.concatenate(counts))]) if counts else np.zeros(1, np.int64)
    cat = lambda parts, dt: np.concatenate(parts) if parts else np.zeros(0, dt)  # noqa: E731
    return _TokenArrays(
        [sys.intern(f) for f in vocab],
        cat(ids, np.int32),
        cat(starts, np.int32),
        cat(ends, np.int32),
        bounds_a.astype(np.int64),
        run_.order,
    )


#: Kind of the token-list entries in the result cache (:mod:`vnqual._cache_store`).
TOKENS_KIND = "tokens"


def _tokens_key(
    texts: list[str],
    stop: frozenset[str],
    keep: frozenset[str] | None,
    pos: object,
    user_dict: UserDictArg,
    phrases: bool,
) -> str:
    """Result-cache key of a tokenize run: the texts and every option that changes the tokens."""
    from vnqual._cache_store import digest, texts_digest
    from vnqual.text._cache import namespace

    return digest(
        TOKENS_KIND,
        namespace("words" if pos is None else "pos"),
        texts_digest(texts),
        sorted(stop),
        sorted(keep) if keep is not None else None,
        _user_terms(user_dict),
        bool(phrases),
    )


def _cached_tokens(
    key: str, spans: bool = True
) -> tuple[list[list[str]], list[list[tuple[int, int]]]] | None:
    from vnqual._cache_store import ResultStore, unpack_token_lists

    store = ResultStore()
    entry = store.get(TOKENS_KIND, key)
    if entry is None:
        return None
    _, arrays = entry
    try:
        with gc_paused():
            toks = unpack_token_lists(arrays)
            n_tokens = sum(map(len, toks))
            if len(arrays["starts"]) != n_tokens or len(arrays["ends"]) != n_tokens:
                raise ValueError("spans do not match the tokens")
            rows: list[list[tuple[int, int]]] = []
            if spans:
                flat = list(zip(arrays["starts"].tolist(), arrays["ends"].tolist()))
                bounds = np.cumsum(arrays["token_counts"]).tolist()
                rows = list(map(flat.__getitem__, map(slice, [0, *bounds[:-1]], bounds)))
    except (KeyError, ValueError):
        store.delete(TOKENS_KIND, key)
        return None
    return toks, rows


def _store_tokens(key: str, toks: list[list[str]], spans: list[list[tuple[int, int]]]) -> None:
    from vnqual._cache_store import ResultStore, pack_token_lists

    flat = [p for row in spans for p in row]
    arrays = pack_token_lists(toks)
    arrays["starts"] = np.fromiter((a for a, _ in flat), dtype=np.int64, count=len(flat))
    arrays["ends"] = np.fromiter((b for _, b in flat), dtype=np.int64, count=len(flat))
    ResultStore().put(TOKENS_KIND, key, {"kind": TOKENS_KIND, "n_statements": len(toks)}, arrays)


def _store_token_arrays(key: str, result: _TokenArrays) -> None:
    """:func:`_store_tokens` for the chunked path (the same entry, made from the arrays)."""
    from vnqual._cache_store import ResultStore

    index, counts = result.per_text()
    with_sep = [f.encode("utf-8", "surrogatepass") + b"\x1f" for f in result.vocab]
    step = 1 << 20  # tokens joined at a time: no list of every token
    flat = b"".join(
        b"".join(map(with_sep.__getitem__, result.ids[index[a : a + step]].tolist()))
        for a in range(0, len(index), step)
    )[:-1]  # pack_token_lists' layout
    arrays = {
        "tokens_utf8": np.frombuffer(flat, dtype=np.uint8),
        "token_counts": counts.astype(np.int64),
        "starts": result.starts[index],
        "ends": result.ends[index],
    }
    ResultStore().put(TOKENS_KIND, key, {"kind": TOKENS_KIND, "n_statements": len(counts)}, arrays)


def tokenize(
    texts: Iterable[str],
    *,
    stopwords: str | Iterable[str] | None = "default",
    pos: str | Collection[str] | None = None,
    user_dict: UserDictArg = None,
    phrases: bool = False,
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> list[list[str]]:
    """Analysis tokens of each text in canonical form (``cán_bộ``).

    Steps: :func:`segment`; user dictionary; drop punctuation, numbers, anonymisation
    tokens (``wzjwz123``, ``XXX``, UIT-VSFC emoticon words such as ``colonsmile``) and words
    inside ``[...]`` (transcription notes, placeholders); drop stop words, including stop
    phrases spread over several words (``thì là``, ``kiểu như``); lower-case except proper
    nouns (:func:`proper_forms`; user-dictionary terms written with capitals keep the
    dictionary's spelling); optionally keep only content words and merge collocations.

    Parameters
    ----------
    stopwords : "default", "extended", None or iterable of str
        ``"default"``: vnqual's curated list (``vnqual/data/stopwords_vi.txt``);
        ``"extended"``: plus the generic vietnamese-stopwords list without negations and
        evaluative words (:func:`vnqual.text.stopwords.stopword_set`); None: keep every word;
        or your own words/phrases (any spelling: ``thì là`` or ``thì_là``).
    pos : None, "content", "all" or set of str
        ``"content"`` keeps nouns, verbs and adjectives (:data:`CONTENT_POS`; POS tagging
        costs extra time on the first run); a set keeps those underthesea tags.
    user_dict : sequence of str or path, optional
        Terms that must stay one word (kept by the POS filter too).
    phrases : bool
        Merge recurring collocations (gensim ``Phrases``, see :mod:`vnqual.text.phrases`).
    jobs, cache, progress
        See :func:`segment`.

    Examples
    --------
    >>> tokenize(["Cán bộ xã thiếu kinh phí."])
    [['cán_bộ', 'xã', 'thiếu', 'kinh_phí']]
    >>> tokenize(["Thì là kinh phí ờ thiếu."], stopwords="default")
    [['kinh_phí', 'thiếu']]
    """
    return _tokenize(
        texts,
        stopwords=stopwords,
        pos=pos,
        user_dict=user_dict,
        phrases=phrases,
        jobs=jobs,
        cache=cache,
        progress=progress,
        spans=False,
    )[0]
