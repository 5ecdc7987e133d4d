"""Whole-run snapshots of segmentation results (the ``runs`` table of the cache).

A run over at least :data:`MIN_RUN_TEXTS` texts is stored once more as a whole: the words of
its distinct statements end to end as indices into a vocabulary, spans as int32, POS/chunk tags
likewise, in one numpy ``.npz`` blob (loaded with ``allow_pickle=False``), keyed by a hash of
the distinct texts and the order they occur in (:func:`vnqual.text._cache.run_key`). A
repeated run over an unchanged corpus then reads one blob and rebuilds its statements with a
few array operations instead of one cache entry and one text parse per statement.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from vnqual.errors import VnqualWarning
from vnqual.text._segmented import SEP, Segmented, gc_paused

if TYPE_CHECKING:
    import numpy as np

    from vnqual.text._cache import SegmentCache

#: Runs with fewer texts are not snapshotted (the per-statement cache serves them quickly, and
#: small runs such as codebook keywords would push corpus snapshots out of the cache).
MIN_RUN_TEXTS = 100
#: Runs with more words than this are not snapshotted (the blob would be too big for memory).
MAX_RUN_WORDS = 5_000_000


def _vocab_ids(values: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct strings (U+001F-joined UTF-8 bytes) and the int32 index of each value."""
    import numpy as np

    vocab: dict[str, int] = {}
    ids = np.fromiter((vocab.setdefault(v, len(vocab)) for v in values), dtype=np.int32)
    return np.frombuffer(SEP.join(vocab).encode("utf-8", "surrogatepass"), np.uint8), ids


def dedupe(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """Distinct texts in order of first occurrence, and the index of each text among them."""
    index: dict[str, int] = {}
    order = [index.setdefault(t, len(index)) for t in texts]
    return list(index), order


def encode_run(
    utexts: Sequence[str], order: Sequence[int], useg: Sequence[Segmented], mode: str
) -> bytes | None:
    """Snapshot of a whole run as ``.npz`` bytes, or None when the run is too small or too
    big to be worth one (:data:`MIN_RUN_TEXTS`, :data:`MAX_RUN_WORDS`).

    ``utexts``/``order`` come from :func:`dedupe`; ``useg`` are the statements of ``utexts``.
    """
    from itertools import chain

    import numpy as np

    if len(order) < MIN_RUN_TEXTS:
        return None
    ntok = np.fromiter((len(s.forms) for s in useg), dtype=np.int64, count=len(useg))
    if ntok.sum() > MAX_RUN_WORDS:
        return None
    vocab, ids = _vocab_ids(chain.from_iterable(s.forms for s in useg))
    try:  # character offsets inside one statement: int32 unless a statement is > 2 GB
        spans = {
            name: np.fromiter(chain.from_iterable(getattr(s, name) for s in useg), np.int32)
            for name in ("starts", "ends")
        }
    except OverflowError:
        return None
    # Any, not np.ndarray: numpy types **kwds of savez like its keyword allow_pickle (a bool)
    arrays: dict[str, Any] = {
        "order": np.asarray(order, dtype=np.int32),
        "ntok": ntok,
        "vocab": vocab,
        "ids": ids,
        **spans,
    }
    for name in ("pos", "chunk"):
        if mode == "chunk" or (name == "pos" and mode == "pos"):
            tags = chain.from_iterable(getattr(s, name) or () for s in useg)
            arrays[f"{name}_vocab"], arrays[f"{name}_ids"] = _vocab_ids(tags)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _strings(z: Any, name: str, n: int) -> list[str]:
    """Decode the strings ``name`` (vocab + ids) of a snapshot; ``n`` values expected."""
    import numpy as np

    raw = z[f"{name}_vocab" if name != "forms" else "vocab"].tobytes().decode("utf-8", "surrogatepass")
    ids = z[f"{name}_ids" if name != "forms" else "ids"]
    if len(ids) != n:
        raise ValueError(f"{name}: {len(ids)} values, expected {n}")
    if not n:
        return []
    if ids.min() < 0:
        raise ValueError(f"{name}: negative index")
    vocab = np.array(raw.split(SEP), dtype=object)
    return vocab[ids].tolist()  # IndexError if an id is out of range


class FlatRun(NamedTuple):
    """A decoded run snapshot: the words of the distinct statements end to end."""

    forms: list[str]
    starts: list[int]
    ends: list[int]
    pos: list[str] | None
    chunk: list[str] | None
    bounds: list[int]  # statement i is words bounds[i]:bounds[i + 1]
    order: Sequence[int]  # distinct statement of each text of the run


def load_run(blob: bytes, utexts: Sequence[str], order: Sequence[int], mode: str) -> FlatRun | None:
    """Decode a snapshot made by :func:`encode_run`; None if it is damaged or does not fit
    the texts (``utexts``/``order`` from :func:`dedupe`)."""
    import zipfile

    import numpy as np

    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as z:
            stored = z["order"]
            ntok = z["ntok"]
            total = int(ntok.sum())
            starts_a, ends_a = z["starts"], z["ends"]
            forms = _strings(z, "forms", total)
            pos = _strings(z, "pos", total) if mode != "words" else None
            chunk = _strings(z, "chunk", total) if mode == "chunk" else None
        if (
            len(ntok) != len(utexts)
            or len(starts_a) != total
            or len(ends_a) != total
            or not np.array_equal(stored, np.asarray(order, dtype=np.int64))
        ):
            return None
        if total:
            has = ntok > 0
            last = np.cumsum(ntok)[has] - 1  # each statement's last word
            lens = np.fromiter(map(len, utexts), np.int64, count=len(utexts))[has]
            if starts_a.min() < 0 or (ends_a < starts_a).any() or (ends_a[last] > lens).any():
                return None  # a span does not lie inside its text
        bounds = [0, *np.cumsum(ntok).tolist()]
        return FlatRun(forms, starts_a.tolist(), ends_a.tolist(), pos, chunk, bounds, order)
    except (
        ValueError,
        KeyError,
        IndexError,
        OSError,
        TypeError,
        EOFError,
        UnicodeDecodeError,
        zipfile.BadZipFile,
    ):
        return None


def segments_of(flat: FlatRun) -> list[Segmented]:
    """One :class:`Segmented` per text of the run (identical texts share one object)."""
    useg = segments_between(flat, 0, len(flat.bounds) - 1)
    return list(map(useg.__getitem__, flat.order))


def segments_between(flat: FlatRun, start: int, end: int) -> list[Segmented]:
    """One :class:`Segmented` per distinct text ``start:end`` of the run."""
    f, s, e, p, c, b = flat.forms, flat.starts, flat.ends, flat.pos, flat.chunk, flat.bounds
    return [
        Segmented(f[i:j], s[i:j], e[i:j], None if p is None else p[i:j], None if c is None else c[i:j])
        for i, j in zip(b[start:end], b[start + 1 : end + 1])
    ]


class RunLookup(NamedTuple):
    """What :func:`lookup` found for a run: its distinct texts, their order, the snapshot key
    (None: not snapshotted) and the decoded snapshot (None: none usable)."""

    distinct: list[str]
    order: list[int]
    key: bytes | None
    flat: FlatRun | None


def lookup(texts: Sequence[str], mode: str, store: SegmentCache | None) -> RunLookup:
    """Find the snapshot of exactly this run; a damaged one is deleted."""
    from vnqual.text import _cache

    distinct, order = dedupe(texts)
    if store is None or len(texts) < MIN_RUN_TEXTS:
        return RunLookup(distinct, order, None, None)
    key = _cache.run_key(_cache.namespace(mode), distinct, order)
    blob = store.get_run(key)
    flat = None
    if blob is not None:
        with gc_paused():
            flat = load_run(blob, distinct, order, mode)
        if flat is None:
            store.delete_run(key)
    return RunLookup(distinct, order, key, flat)


def lookup_quietly(texts: Sequence[str], mode: str) -> RunLookup:
    """:func:`lookup` with its own cache connection and no warnings: a cache that cannot be
    used is reported once, by the :func:`vnqual.text._words.run` that follows a miss."""
    from vnqual.text import _cache

    store = _cache.SegmentCache()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", VnqualWarning)
            return lookup(texts, mode, store)
    finally:
        store.close()


def save(store: SegmentCache, look: RunLookup, segs: Sequence[Segmented], mode: str) -> None:
    """Store the snapshot of a run (``segs``: one statement per text) if it is worth one."""
    if look.key is None:
        return
    useg: list[Segmented | None] = [None] * len(look.distinct)
    for o, seg in zip(look.order, segs):
        if useg[o] is None:
            useg[o] = seg
    blob = encode_run(look.distinct, look.order, useg, mode)  # type: ignore[arg-type]
    if blob is not None:
        store.put_run(look.key, blob)
