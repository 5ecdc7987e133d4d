"""Segmentation runs: deduplication, on-disk cache, parallel workers, user dictionary.

A segmented statement is stored as its underthesea syllables (regex tokens), their spans in
the verbatim text, which syllables start a word, and optionally POS and chunk tags of the
words. The user dictionary is applied afterwards, so editing it never invalidates the cache.
"""
from __future__ import annotations

import json
import os
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from vnqual._progress import progress as progress_bar
from vnqual.errors import VnqualWarning

MODES = ("words", "pos", "chunk")
#: Below this many characters per worker a run stays in-process (worker start-up ~1 s).
MIN_CHARS_PER_JOB = 300_000
_CHUNK_TEXTS = 4000  # texts per task: big enough to amortise inter-process overhead


class Segmented:
    """One statement: syllables, their spans, word groups and tags (internal)."""

    __slots__ = ("syls", "spans", "groups", "pos", "chunk", "spellings")

    def __init__(self, syls: list[str], spans: list[tuple[int, int]],
                 groups: list[tuple[int, int]], pos: list[str] | None,
                 chunk: list[str] | None, spellings: list[str | None] | None = None) -> None:
        self.syls = syls
        self.spans = spans
        self.groups = groups  # (first, last+1) syllable index of each word
        self.pos = pos
        self.chunk = chunk
        self.spellings = spellings  # user-dictionary spelling of each word, or None

    def words(self) -> list[str]:
        return [" ".join(self.syls[a:b]) for a, b in self.groups]

    def forms(self) -> list[str]:
        return ["_".join(self.syls[a:b]) for a, b in self.groups]


# --------------------------------------------------------------------------------- worker
def _fast_ok(kind: str) -> bool:
    from vnqual.text import _crf

    ok = _crf.self_check(kind)
    if not ok:
        warnings.warn(f"vnqual's fast CRF decoder does not reproduce this underthesea version "
                      f"({kind}); using underthesea's slower functions", VnqualWarning,
                      stacklevel=2)
    return ok


def _starts_fallback(sentences: list[list[str]]) -> list[list[bool]]:
    import underthesea.pipeline.word_tokenize as wt

    wt.word_tokenize("a")  # loads underthesea's model
    model = wt.word_tokenize_model
    return [[i == 0 or tag != "I-W" for i, tag in enumerate(model.predict([[t] for t in s]))]
            if s else [] for s in sentences]


def _tags(words: list[str]) -> list[str]:
    from vnqual.text import _crf

    if _fast_ok("pos"):
        return _crf.pos_tags(words)
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    return [t for _, t in CRFPOSTagPredictor.Instance().predict(words)]


def _chunks(words: list[str], tags: list[str]) -> list[str]:
    from vnqual.text import _crf

    if _fast_ok("chunk"):
        return _crf.chunk_tags(words, tags)
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor

    return [c for _, _, c in CRFChunkingPredictor.Instance().predict(list(zip(words, tags)))]


def segment_texts(texts: Sequence[str], mode: str) -> list[str]:
    """Segment ``texts`` (one process); return one JSON cache value per text."""
    from vnqual.text import _crf
    from vnqual.text._align import align

    aligned = [align(t) for t in texts]
    sylls = [_crf.syllables(a.norm) for a in aligned]
    toks = [[s for s, _, _ in syl] for syl in sylls]
    starts = _crf.word_starts(toks) if _fast_ok("words") else _starts_fallback(toks)
    out = []
    for a, syl, tok, st in zip(aligned, sylls, toks, starts):
        spans = [a.span(s, e) for _, s, e in syl]
        pos = chunk = None
        if mode != "words":
            seg = Segmented(tok, spans, _groups(st), None, None)
            words = seg.words()
            pos = _tags(words) if words else []
            if mode == "chunk":
                chunk = _chunks(words, pos) if words else []
        out.append(json.dumps([" ".join(tok), [x for sp in spans for x in sp],
                               "".join("1" if f else "0" for f in st), pos, chunk],
                              ensure_ascii=False, separators=(",", ":")))
    return out


def _groups(starts: Sequence[bool]) -> list[tuple[int, int]]:
    bounds = [i for i, f in enumerate(starts) if f or i == 0]
    bounds.append(len(starts))
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def decode(value: str, text: str, mode: str) -> Segmented | None:
    """Parse a cache value; None if it is damaged or does not fit ``text``."""
    try:
        syl_str, flat, flags, pos, chunk = json.loads(value)
        syls = syl_str.split(" ") if syl_str else []
        n = len(syls)
        if len(flat) != 2 * n or len(flags) != n or (n and flat[-1] > len(text)):
            return None
        spans = list(zip(flat[::2], flat[1::2]))
        groups = _groups([f == "1" for f in flags])
        if mode != "words" and (pos is None or len(pos) != len(groups)):
            return None
        if mode == "chunk" and (chunk is None or len(chunk) != len(groups)):
            return None
        return Segmented(syls, spans, groups, pos if mode != "words" else None,
                         chunk if mode == "chunk" else None)
    except (ValueError, TypeError, IndexError, AttributeError):
        return None


# ---------------------------------------------------------------------------- the runner
def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _effective_jobs(jobs: int | None, texts: Sequence[str]) -> int:
    jobs = default_jobs() if jobs in (None, 0, -1) else max(1, int(jobs))
    chars = sum(len(t) for t in texts)
    return max(1, min(jobs, chars // MIN_CHARS_PER_JOB, -(-len(texts) // 200)))


def _tasks(texts: list[str], n_tasks: int) -> list[list[int]]:
    # Interleave so every task gets a similar mix of short and long statements.
    return [list(range(k, len(texts), n_tasks)) for k in range(n_tasks) if k < len(texts)]


def run(texts: Sequence[str], *, mode: str = "words", jobs: int | None = None,
        cache: bool = True, progress: bool = False) -> list[Segmented]:
    """Segment ``texts`` with deduplication, the on-disk cache and parallel workers."""
    from vnqual.text import _cache

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    unique: dict[str, int] = {}
    order = [unique.setdefault(t, len(unique)) for t in texts]
    utexts = list(unique)
    results: list[Segmented | None] = [None] * len(utexts)
    store = _cache.SegmentCache() if cache else None
    keys: list[bytes] = []
    if store is not None:
        ns = _cache.namespace(mode)
        keys = [_cache.text_key(ns, t) for t in utexts]
        found = store.get_many(keys)
        for i, k in enumerate(keys):
            value = found.get(k)
            if value is not None:
                results[i] = decode(value, utexts[i], mode)
    todo = [i for i, r in enumerate(results) if r is None]
    if todo:
        todo_texts = [utexts[i] for i in todo]
        n_jobs = _effective_jobs(jobs, todo_texts)
        n_tasks = max(n_jobs, -(-len(todo) // _CHUNK_TEXTS))
        if n_jobs > 1:
            n_tasks = max(n_tasks, 2 * n_jobs)
        tasks = _tasks(todo_texts, n_tasks)
        for task, values in progress_bar(_execute(todo_texts, tasks, mode, n_jobs),
                                         total=len(tasks), desc="segmenting",
                                         enabled=bool(progress)):
            writes = []
            for j, value in zip(task, values):
                i = todo[j]
                results[i] = decode(value, utexts[i], mode)
                if store is not None:
                    writes.append((keys[i], value))
            if store is not None:
                store.put_many(writes)
    if store is not None:
        store.close()
    final: list[Segmented] = []
    for r in results:
        if r is None:  # pragma: no cover - segment_texts output always decodes
            raise RuntimeError("segmentation produced an unreadable result")
        final.append(r)
    return [final[i] for i in order]


def _execute(texts: list[str], tasks: list[list[int]], mode: str,
             n_jobs: int) -> Iterable[tuple[list[int], list[str]]]:
    if n_jobs <= 1:
        for task in tasks:
            yield task, segment_texts([texts[j] for j in task], mode)
        return
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator",
                        batch_size=1, pre_dispatch="all")
    outputs = parallel(delayed(segment_texts)([texts[j] for j in task], mode)
                       for task in tasks)
    yield from zip(tasks, outputs)


# ------------------------------------------------------------------------ user dictionary
class UserDict:
    """Terms that must stay one word, matched on syllables and word boundaries.

    A term is matched case-insensitively, one tone style (as the text), on whole syllables.
    A match is kept only where it does not cut a word that underthesea's lexicon or the user
    dictionary knows: ``xã`` never splits ``xã hội``; ``Hòa Bình`` may split the unknown
    ``Hòa Bình khỏe`` that the segmenter produced. Longest match first, left to right.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        from vnqual.text import _crf
        from vnqual.text._align import align

        self.index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.known: set[str] = set()
        for term in terms:
            syl = [s for s, _, _ in _crf.syllables(align(term.strip()).norm)]
            if not syl:
                continue
            low = tuple(s.lower() for s in syl)
            spelling = "_".join(syl) if any(ch.isupper() for ch in term) else "_".join(low)
            self.index.setdefault(low[0], []).append((low, spelling))
            self.known.add(" ".join(low))
        for cands in self.index.values():
            cands.sort(key=lambda c: -len(c[0]))
        self._lexicon: frozenset[str] | None = None

    def __bool__(self) -> bool:
        return bool(self.index)

    def _cuttable(self, seg: Segmented, group: tuple[int, int]) -> bool:
        if self._lexicon is None:
            from vnqual.text import _crf

            self._lexicon = _crf.word_model()[1]
        word = " ".join(seg.syls[group[0] : group[1]]).lower()
        return word not in self._lexicon and word not in self.known

    def apply(self, seg: Segmented) -> bool:
        """Merge/split ``seg``'s words in place; return True if anything changed."""
        low = [s.lower() for s in seg.syls]
        n = len(low)
        word_of = [0] * n
        for w, (a, b) in enumerate(seg.groups):
            for i in range(a, b):
                word_of[i] = w
        matches: list[tuple[int, int, str]] = []
        i = 0
        while i < n:
            hit = None
            for tup, spelling in self.index.get(low[i], ()):
                end = i + len(tup)
                if tuple(low[i:end]) != tup:
                    continue
                g1, g2 = seg.groups[word_of[i]], seg.groups[word_of[end - 1]]
                if ((g1[0] == i or self._cuttable(seg, g1))
                        and (g2[1] == end or self._cuttable(seg, g2))):
                    hit = (i, end, spelling)
                    break
            if hit:
                matches.append(hit)
                i = hit[1]
            else:
                i += 1
        if not matches or all((a, b) in seg.groups for a, b, _ in matches):
            if matches:
                spelled = {(a, b): s for a, b, s in matches}
                seg.spellings = [spelled.get(g) for g in seg.groups]
            return False
        groups: list[tuple[int, int]] = []
        spellings: list[str | None] = []
        in_match = {}
        for a, b, s in matches:
            in_match[a] = (b, s)
        i = 0
        while i < n:
            if i in in_match:
                b, s = in_match[i]
                groups.append((i, b))
                spellings.append(s)
                i = b
                continue
            a = i  # leftover syllables of one original word stay together
            while i < n and i not in in_match and word_of[i] == word_of[a]:
                i += 1
            groups.append((a, i))
            spellings.append(None)
        seg.groups = groups
        seg.spellings = spellings
        return True


@lru_cache(maxsize=8)
def compile_user_dict(terms: tuple[str, ...]) -> UserDict:
    """Cached :class:`UserDict` for a tuple of terms."""
    return UserDict(terms)


def apply_user_dict(segs: list[Segmented], terms: Sequence[str] | None,
                    retag: Callable[[Segmented], None] | None = None) -> list[Segmented]:
    """Apply a user dictionary to every (distinct) segmented statement."""
    if not terms:
        return segs
    udict = compile_user_dict(tuple(unicodedata.normalize("NFC", t) for t in terms))
    if not udict:
        return segs
    copies: dict[int, Segmented] = {}
    out = []
    for seg in segs:
        new = copies.get(id(seg))
        if new is None:
            new = Segmented(seg.syls, seg.spans, list(seg.groups), seg.pos, seg.chunk)
            if udict.apply(new) and retag is not None:
                retag(new)
            copies[id(seg)] = new
        out.append(new)
    return out


def retag(seg: Segmented) -> None:
    """Recompute POS (and chunk) tags after the user dictionary changed the words."""
    if seg.pos is None:
        return
    words = seg.words()
    seg.pos = _tags(words) if words else []
    if seg.chunk is not None:
        seg.chunk = _chunks(words, seg.pos) if words else []
