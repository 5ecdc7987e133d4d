"""Segmentation runs: deduplication, on-disk cache, parallel workers, user dictionary.

A segmented statement is stored as its words (underthesea's spelling, syllables joined by
``_``), their spans in the verbatim text and optionally POS and chunk tags: one line of plain
text (:func:`encode`) that decodes with a few C-level splits. A whole run is also stored as
one snapshot (:mod:`vnqual.text._snapshot`), so repeating a run over an unchanged corpus is
one read and a few array operations. The user dictionary is applied afterwards, so
editing it never invalidates the cache.
"""

from __future__ import annotations

import os
import sys
import unicodedata
import warnings
import zlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from vnqual import _engine
from vnqual._progress import progress as progress_bar
from vnqual.errors import VnqualWarning
from vnqual.text._segmented import SEP, Segmented, gc_paused

if TYPE_CHECKING:
    from vnqual.text._snapshot import FlatRun, RunLookup

MODES = ("words", "pos", "chunk")
#: Below this many characters per worker a run stays in-process: starting a worker (imports,
#: model load, self-check) costs ~1 s, about what one core segments in 500k characters.
MIN_CHARS_PER_JOB = 700_000
_CHUNK_TEXTS = 4000  # texts per task: big enough to amortise inter-process overhead
#: Segment identical texts once per run (benchmarks switch it off to measure without).
DEDUPE = True


# --------------------------------------------------------------------------------- worker
def _fast_ok(kind: str) -> bool:
    from vnqual.text import _crf

    try:
        ok = _crf.self_check(kind)
    except (OSError, ValueError, KeyError, EOFError) as err:  # model files moved/changed format
        warnings.warn(
            f"vnqual's fast CRF decoder cannot read underthesea's model ({err})", VnqualWarning, stacklevel=2
        )
        ok = False
    if not ok:
        warnings.warn(
            f"vnqual's fast CRF decoder does not reproduce this underthesea version "
            f"({kind}); using underthesea's slower functions",
            VnqualWarning,
            stacklevel=2,
        )
    return ok


def _starts_fallback(sentences: list[list[str]]) -> list[list[bool]]:
    import underthesea.pipeline.word_tokenize as wt

    wt.word_tokenize("a")  # loads underthesea's model
    model = wt.word_tokenize_model
    return [
        [i == 0 or tag != "I-W" for i, tag in enumerate(model.predict([[t] for t in s]))] if s else []
        for s in sentences
    ]


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
    segmented = []
    for a, syl, tok, st in zip(aligned, sylls, toks, starts):
        forms, wstarts, wends = [], [], []
        for i, j in _groups(st):
            forms.append("_".join(tok[i:j]))
            wstarts.append(a.span(syl[i][1], syl[i][2])[0])
            wends.append(a.span(syl[j - 1][1], syl[j - 1][2])[1])
        segmented.append((forms, wstarts, wends))
    if mode == "words":
        return [encode(forms, ws, we, None, None) for forms, ws, we in segmented]
    words = [[f.replace("_", " ") for f in forms] for forms, _, _ in segmented]
    tags = _tags_many(words)
    chunks = _chunks_many(words, tags) if mode == "chunk" else None
    return [
        encode(forms, ws, we, " ".join(tg), None if chunks is None else " ".join(chunks[k]))
        for k, ((forms, ws, we), tg) in enumerate(zip(segmented, tags))
    ]


def _tags_many(sentences: list[list[str]]) -> list[list[str]]:
    from vnqual.text import _crf

    if _fast_ok("pos"):
        return _crf.pos_tags_many(sentences)
    return [_tags(words) if words else [] for words in sentences]


def _chunks_many(sentences: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
    from vnqual.text import _crf

    if _fast_ok("chunk"):
        return _crf.chunk_tags_many(sentences, tags)
    return [_chunks(words, tg) if words else [] for words, tg in zip(sentences, tags)]


def encode(forms: list[str], starts: list[int], ends: list[int], pos: str | None, chunk: str | None) -> str:
    """Cache value: 5 fields separated by U+001F; lists are space-separated (plain text)."""
    return SEP.join(
        [
            " ".join(forms),
            " ".join(map(str, starts)),
            " ".join(map(str, ends)),
            "-" if pos is None else "+" + pos,
            "-" if chunk is None else "+" + chunk,
        ]
    )


def _groups(starts: Sequence[bool]) -> list[tuple[int, int]]:
    bounds = [i for i, f in enumerate(starts) if f or i == 0]
    bounds.append(len(starts))
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _split(field: str) -> list[str] | None:
    if field == "-":
        return None
    return list(map(sys.intern, field[1:].split(" "))) if len(field) > 1 else []


def decode(value: str, text: str, mode: str) -> Segmented | None:
    """Parse a cache value; None if it is damaged or does not fit ``text``."""
    try:
        joined, starts_s, ends_s, pos, chunk = value.split(SEP)
        forms = list(map(sys.intern, joined.split(" "))) if joined else []
        starts = list(map(int, starts_s.split())) if starts_s else []
        ends = list(map(int, ends_s.split())) if ends_s else []
        n = len(forms)
        if len(starts) != n or len(ends) != n or (n and not 0 <= starts[0] <= ends[-1] <= len(text)):
            return None
        tags = _split(pos) if mode != "words" else None
        chunks = _split(chunk) if mode == "chunk" else None
        if (mode != "words" and (tags is None or len(tags) != n)) or (
            mode == "chunk" and (chunks is None or len(chunks) != n)
        ):
            return None
        return Segmented(forms, starts, ends, tags, chunks)
    except (ValueError, TypeError, IndexError, AttributeError):
        return None


# ---------------------------------------------------------------------------- the runner
def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _busy_cores() -> float:
    """Cores other processes keep busy (1-minute load average minus this process)."""
    try:
        return max(0.0, os.getloadavg()[0] - 1.0)
    except (AttributeError, OSError):  # Windows
        return 0.0


def _effective_jobs(jobs: int | None, texts: Sequence[str]) -> int:
    """Workers to start: at most ``jobs``; one process for small inputs (start-up ~1 s per
    worker) and when other processes already keep every core busy (measured: on a saturated
    2-core machine two workers were 20-50% slower than one process)."""
    jobs = default_jobs() if jobs in (None, 0, -1) else max(1, int(jobs))
    chars = sum(len(t) for t in texts)
    n = max(1, min(jobs, chars // MIN_CHARS_PER_JOB, -(-len(texts) // 200)))
    if n > 1 and _busy_cores() >= default_jobs() - 0.5:
        return 1
    return n


def _open_run(
    texts: Sequence[str], mode: str, cache: bool, looked: RunLookup | None
) -> tuple[list[str], Any, RunLookup]:
    """The texts as a list, the segmentation cache (None: ``cache`` off; closed already when
    the run's snapshot was found) and the snapshot lookup of a run."""
    from vnqual.text import _cache, _snapshot

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    texts = list(texts)
    store = _cache.SegmentCache() if cache else None
    look = looked if looked is not None else _snapshot.lookup(texts, mode, store)
    if look.flat is not None and store is not None:
        store.close()
        store = None
    return texts, store, look


def run(
    texts: Sequence[str],
    *,
    mode: str = "words",
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
    looked: RunLookup | None = None,
) -> list[Segmented]:
    """Segment ``texts`` with deduplication, the on-disk cache and parallel workers.

    ``looked``: the run-snapshot lookup of these texts, if the caller already made it.
    """
    from vnqual.text import _snapshot

    texts, store, look = _open_run(texts, mode, cache, looked)
    if look.flat is not None:
        return _snapshot.segments_of(look.flat)
    utexts, order = (look.distinct, look.order) if DEDUPE else (texts, list(range(len(texts))))
    blocks = _segment_blocks(utexts, mode, jobs, store, cache, progress)
    final = DistinctRun(utexts, order, mode, blocks=blocks).segments(0, len(utexts))
    out = [final[i] for i in order]
    if store is not None:
        _snapshot.save(store, look, out, mode)
        store.close()
    return out


#: Distinct statements per block of a :class:`DistinctRun` (its values compressed together).
BLOCK_TEXTS = 20_000


class _Blocks:
    """Cache values of many statements, :data:`BLOCK_TEXTS` per block, each block compressed
    (zlib) once all its values are in: about a quarter of the memory of the values."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.packed: list[bytes | list[str] | None] = [None] * (-(-n // BLOCK_TEXTS))
        self.pending: dict[int, list[str | None]] = {}
        self.missing = [min(BLOCK_TEXTS, n - b * BLOCK_TEXTS) for b in range(len(self.packed))]
        self._last: tuple[int, list[str]] | None = None

    def put(self, i: int, value: str) -> None:
        """Value of statement ``i`` (each statement once)."""
        block, at = divmod(i, BLOCK_TEXTS)
        values = self.pending.get(block)
        if values is None:
            values = self.pending[block] = [None] * self.missing[block]
        values[at] = value
        self.missing[block] -= 1
        if self.missing[block] == 0:
            done: list[str] = self.pending.pop(block)  # type: ignore[assignment]
            data = "\n".join(done)
            # a value never holds a line break (words hold no whitespace): else keep the list
            self.packed[block] = (
                zlib.compress(data.encode("utf-8", "surrogatepass"), 1)
                if data.count("\n") == len(done) - 1
                else done
            )

    def block(self, block: int) -> list[str]:
        """The values of one block."""
        if self._last is not None and self._last[0] == block:
            return self._last[1]
        packed = self.packed[block]
        if packed is None:  # pragma: no cover - every statement is put before reading
            raise RuntimeError("segmentation results are missing")
        values = (
            packed
            if isinstance(packed, list)
            else zlib.decompress(packed).decode("utf-8", "surrogatepass").split("\n")
        )
        self._last = (block, values)
        return values

    def values(self, start: int, end: int) -> list[str]:
        """Values of statements ``start:end``."""
        out: list[str] = []
        for block in range(start // BLOCK_TEXTS, -(-end // BLOCK_TEXTS)):
            base = block * BLOCK_TEXTS
            out.extend(self.block(block)[max(start, base) - base : min(end, base + BLOCK_TEXTS) - base])
        return out


class DistinctRun:
    """The segmentation of a run's distinct texts, held compactly and decoded chunk by chunk.

    Made by :func:`run_compact` for large runs: the cache values of the distinct texts,
    compressed by blocks of :data:`BLOCK_TEXTS` (or the run's snapshot as flat arrays), a
    fraction of the memory of their decoded :class:`Segmented`, so a caller can walk a million
    statements a chunk at a time.

    Attributes
    ----------
    distinct : list of str
        Distinct texts in order of first occurrence.
    order : list of int
        For each text of the run, its index in :attr:`distinct`.
    """

    def __init__(
        self,
        distinct: list[str],
        order: list[int],
        mode: str,
        blocks: _Blocks | None = None,
        flat: FlatRun | None = None,
    ) -> None:
        self.distinct = distinct
        self.order = order
        self.mode = mode
        self._blocks = blocks
        self._flat = flat

    def __len__(self) -> int:
        return len(self.distinct)

    def forms(self, start: int, end: int) -> list[list[str]]:
        """The word forms of statements ``start:end`` of :attr:`distinct` (no spans or tags)."""
        if self._flat is not None:
            return [seg.forms for seg in self.segments(start, end)]
        assert self._blocks is not None
        out = []
        for value in self._blocks.values(start, end):
            joined = value[: value.index(SEP)]
            out.append(joined.split(" ") if joined else [])
        return out

    def segments(self, start: int, end: int) -> list[Segmented]:
        """Decoded statements ``start:end`` of :attr:`distinct`."""
        flat = self._flat
        if flat is not None:
            from vnqual.text._snapshot import segments_between

            return segments_between(flat, start, end)
        assert self._blocks is not None
        out = []
        for value, text in zip(self._blocks.values(start, end), self.distinct[start:end]):
            seg = decode(value, text, self.mode)
            if seg is None:  # pragma: no cover - values were checked when they were kept
                raise RuntimeError("segmentation produced an unreadable result")
            out.append(seg)
        return out


def run_compact(
    texts: Sequence[str],
    *,
    mode: str = "words",
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> DistinctRun:
    """:func:`run` for large inputs: the same segmentation, held as a :class:`DistinctRun`
    (no run snapshot is written; the per-statement cache is). The cache is read and the
    statements are segmented block by block, in order, and the segmentation workers stop at
    the end (a large run goes on for minutes: their models' memory is given back)."""
    texts, store, look = _open_run(texts, mode, cache, None)
    if look.flat is not None:
        return DistinctRun(look.distinct, look.order, mode, flat=look.flat)
    utexts, order = (look.distinct, look.order) if DEDUPE else (texts, list(range(len(texts))))
    blocks = _segment_blocks(utexts, mode, jobs, store, cache, progress)
    release_workers()
    if store is not None:
        store.close()
    return DistinctRun(utexts, order, mode, blocks=blocks)


def _segment_parts(
    texts: list[str], mode: str, jobs: int | None, cache: bool, progress: bool
) -> Iterator[tuple[Sequence[int], list[str]]]:
    """Segment ``texts`` on the cluster engine, on worker processes or here; yield
    ``(indices into texts, cache values)`` per part, parts in any order; each local task is a
    run of consecutive texts (handed out as workers free up, so long and short ones even out)."""
    engine = _engine.active()
    parts: Iterable[tuple[Sequence[int], list[str]]]
    if engine is not None:  # a cluster (vnqual.distributed): partitions segmented on its workers
        parts, n_parts = engine.segment(texts, mode, cache), None
    else:
        n_jobs = _effective_jobs(jobs, texts)
        n_tasks = max(n_jobs, -(-len(texts) // _CHUNK_TEXTS))
        if n_jobs > 1:
            n_tasks = max(n_tasks, 2 * n_jobs)
        bounds = [round(k * len(texts) / n_tasks) for k in range(n_tasks + 1)]
        tasks: Sequence[Sequence[int]] = [range(x, y) for x, y in zip(bounds, bounds[1:]) if y > x]
        parts, n_parts = _execute(texts, tasks, mode, n_jobs), len(tasks)
    yield from progress_bar(parts, total=n_parts, desc="segmenting", enabled=bool(progress))


def _segment_blocks(
    utexts: list[str], mode: str, jobs: int | None, store: Any, cache: bool, progress: bool
) -> _Blocks:
    """The cache value of every text of ``utexts``, from the per-statement cache (read block by
    block) or segmented now (and stored there)."""
    from vnqual.text import _cache

    blocks = _Blocks(len(utexts))
    ns = _cache.namespace(mode)
    todo: list[int] = []
    for a in range(0, len(utexts), BLOCK_TEXTS):
        part = utexts[a : a + BLOCK_TEXTS]
        keys = _cache.text_keys(ns, part) if store is not None else []
        found = store.get_many(keys) if store is not None else {}
        with gc_paused():
            for j, text in enumerate(part):
                value = found.get(keys[j]) if found else None
                if value is not None and decode(value, text, mode) is not None:
                    blocks.put(a + j, value)
                else:
                    todo.append(a + j)
    if todo:
        todo_texts = [utexts[i] for i in todo]
        for task, values in _segment_parts(todo_texts, mode, jobs, cache, progress):
            for j, value in zip(task, values):
                blocks.put(todo[j], value)
            if store is not None:
                store.put_many(list(zip(_cache.text_keys(ns, [todo_texts[j] for j in task]), values)))
    return blocks


def _execute(
    texts: list[str], tasks: Sequence[Sequence[int]], mode: str, n_jobs: int
) -> Iterable[tuple[Sequence[int], list[str]]]:
    if n_jobs <= 1:
        for task in tasks:
            yield task, segment_texts([texts[j] for j in task], mode)
        return
    from joblib import Parallel, delayed

    # a few tasks ahead of the workers, not all of them: every dispatched task holds a pickled
    # copy of its texts in this process (a million statements: hundreds of MB)
    parallel = Parallel(
        n_jobs=n_jobs, backend="loky", return_as="generator", batch_size=1, pre_dispatch="3*n_jobs"
    )
    outputs = parallel(delayed(segment_texts)([texts[j] for j in task], mode) for task in tasks)
    yield from zip(tasks, outputs)


def release_workers() -> None:
    """Stop the idle worker processes now instead of after joblib's idle timeout (300 s).

    Each segmentation worker holds underthesea's models (about 300 MB); a job that has
    segmented its statements and goes on to fit models gives that memory back. A later
    parallel step starts new workers.
    """
    from joblib.externals.loky import reusable_executor  # type: ignore[import-untyped]

    executor = getattr(reusable_executor, "_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)  # lets running tasks finish; idle workers exit


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

    def _cuttable(self, syls: list[str]) -> bool:
        if self._lexicon is None:
            from vnqual.text import _crf

            self._lexicon = _crf.word_model()[1]
        word = " ".join(syls)
        return word not in self._lexicon and word not in self.known

    def _matches(
        self, low: list[str], word_of: list[int], bounds: list[tuple[int, int]]
    ) -> list[tuple[int, int, str]]:
        matches: list[tuple[int, int, str]] = []
        i, n = 0, len(low)
        while i < n:
            hit = None
            for tup, spelling in self.index.get(low[i], ()):
                end = i + len(tup)
                if tuple(low[i:end]) != tup:
                    continue
                (a1, b1), (a2, b2) = bounds[word_of[i]], bounds[word_of[end - 1]]
                if (a1 == i or self._cuttable(low[a1:b1])) and (b2 == end or self._cuttable(low[a2:b2])):
                    hit = (i, end, spelling)
                    break
            if hit:
                matches.append(hit)
                i = hit[1]
            else:
                i += 1
        return matches

    def apply(self, seg: Segmented, text: str) -> bool:
        """Merge/split ``seg``'s words in place; return True if the words changed."""
        syls: list[str] = []
        word_of: list[int] = []
        bounds: list[tuple[int, int]] = []
        for k, form in enumerate(seg.forms):
            parts = form.split("_")
            bounds.append((len(syls), len(syls) + len(parts)))
            syls.extend(parts)
            word_of.extend([k] * len(parts))
        low = [s.lower() for s in syls]
        matches = self._matches(low, word_of, bounds)
        if not matches:
            return False
        spans = None
        if any((a, b) not in bounds for a, b, _ in matches):
            spans = _syllable_spans(text, syls)
            if spans is None:  # cannot place syllables: keep only matches of whole words
                matches = [
                    m
                    for m in matches
                    if bounds[word_of[m[0]]][0] == m[0] and bounds[word_of[m[1] - 1]][1] == m[1]
                ]
        before = seg.forms
        self._rebuild(seg, syls, word_of, bounds, matches, spans)
        if seg.forms == before:
            return False
        if seg.pos is not None:
            retag(seg)
        return True

    @staticmethod
    def _rebuild(
        seg: Segmented,
        syls: list[str],
        word_of: list[int],
        bounds: list[tuple[int, int]],
        matches: list[tuple[int, int, str]],
        spans: list[tuple[int, int]] | None,
    ) -> None:
        def start_of(i: int) -> int:
            return spans[i][0] if spans is not None else seg.starts[word_of[i]]

        def end_of(i: int) -> int:
            return spans[i][1] if spans is not None else seg.ends[word_of[i]]

        at = {a: (b, sp) for a, b, sp in matches}
        forms: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        spellings: list[str | None] = []
        i, n = 0, len(syls)
        while i < n:
            if i in at:
                b, sp = at[i]
                forms.append("_".join(syls[i:b]))
                starts.append(start_of(i))
                ends.append(end_of(b - 1))
                spellings.append(sp)
                i = b
                continue
            a = i  # leftover syllables of one original word stay together
            while i < n and i not in at and word_of[i] == word_of[a]:
                i += 1
            whole = bounds[word_of[a]] == (a, i)
            forms.append(seg.forms[word_of[a]] if whole else "_".join(syls[a:i]))
            starts.append(seg.starts[word_of[a]] if whole else start_of(a))
            ends.append(seg.ends[word_of[a]] if whole else end_of(i - 1))
            spellings.append(None)
        seg.forms, seg.starts, seg.ends, seg.spellings = forms, starts, ends, spellings


def _syllable_spans(text: str, syls: list[str]) -> list[tuple[int, int]] | None:
    """Spans of the syllables in ``text`` (None if they do not line up with ``syls``)."""
    from vnqual.text import _crf
    from vnqual.text._align import align

    aligned = align(text)
    found = _crf.syllables(aligned.norm)
    if [s for s, _, _ in found] != syls:
        return None
    return [aligned.span(s, e) for _, s, e in found]


@lru_cache(maxsize=8)
def compile_user_dict(terms: tuple[str, ...]) -> UserDict:
    """Cached :class:`UserDict` for a tuple of terms."""
    return UserDict(terms)


def apply_user_dict(
    segs: list[Segmented], texts: Sequence[str], terms: Sequence[str] | None
) -> list[Segmented]:
    """Apply a user dictionary to every (distinct) segmented statement."""
    if not terms:
        return segs
    udict = compile_user_dict(tuple(unicodedata.normalize("NFC", t) for t in terms))
    if not udict:
        return segs
    copies: dict[int, Segmented] = {}
    out = []
    for seg, text in zip(segs, texts):
        new = copies.get(id(seg))
        if new is None:
            new = seg.copy()
            udict.apply(new, text)
            copies[id(seg)] = new
        out.append(new)
    return out


def retag(seg: Segmented) -> None:
    """Recompute POS (and chunk) tags after the user dictionary changed the words."""
    words = seg.words()
    seg.pos = _tags(words) if words else []
    if seg.chunk is not None:
        seg.chunk = _chunks(words, seg.pos) if words else []
