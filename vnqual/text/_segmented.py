"""A segmented statement (:class:`Segmented`), its separator and a GC pause for bulk decoding.

Shared by :mod:`vnqual.text._words` (segmentation runs) and :mod:`vnqual.text._snapshot` (run
snapshots), so that neither imports the other at module level.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from collections.abc import Iterator

SEP = "\x1f"  # unit separator: whitespace to the tokeniser, so never inside a word


class Segmented:
    """One statement: word forms (``cán_bộ``), their spans, POS/chunk tags (internal)."""

    __slots__ = ("forms", "starts", "ends", "pos", "chunk", "spellings")

    def __init__(
        self,
        forms: list[str],
        starts: list[int],
        ends: list[int],
        pos: list[str] | None = None,
        chunk: list[str] | None = None,
        spellings: list[str | None] | None = None,
    ) -> None:
        self.forms = forms
        self.starts = starts
        self.ends = ends
        self.pos = pos
        self.chunk = chunk
        self.spellings = spellings  # user-dictionary spelling of each word, or None

    def words(self) -> list[str]:
        """underthesea's spelling: syllables separated by spaces."""
        return [f.replace("_", " ") for f in self.forms]

    def copy(self) -> Segmented:
        return Segmented(self.forms, self.starts, self.ends, self.pos, self.chunk, self.spellings)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small tuples/lists.

    They hold no reference cycles, but each allocation batch would trigger a collection that
    walks every live object: with GC paused, decoding a warm run is about 4x faster.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def release_freed_memory() -> None:
    """Give the heap pages freed by a large step back to the system (glibc ``malloc_trim``):
    a million statements leave hundreds of MB of freed small objects that the process would
    otherwise keep as resident memory. Does nothing outside Linux/glibc."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # another C library (musl)
        ctypes.CDLL("libc.so.6").malloc_trim(0)
