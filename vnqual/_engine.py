"""Where the heavy steps of a run execute: in this process (the default) or on a cluster.

Word segmentation (:func:`vnqual.text._words.run`), the fits of a k scan
(:func:`vnqual.topics._parallel.fit_scan`), the E-steps of a topic fit
(:mod:`vnqual.topics._dmm`) and the scoring of ``vnqual tag``
(:func:`vnqual.codebook._score.score`) ask :func:`active` for an engine; None (the default)
means this machine (joblib worker processes when the input is large enough). An engine is set
for a block of code with :func:`using`; :mod:`vnqual.distributed` provides the Dask one. This
module imports nothing heavy, so the single-machine path never imports Dask.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol


class Engine(Protocol):
    """What a cluster engine does for vnqual."""

    def segment(self, texts: list[str], mode: str, cache: bool) -> Iterator[tuple[list[int], list[str]]]:
        """Segment ``texts`` on the workers; yield ``(indices into texts, cache values)`` per part,
        in any order (:func:`vnqual.text._words.segment_texts` values)."""
        ...

    def partitions(self, n: int) -> list[tuple[int, int]]:
        """``(start, end)`` of the partitions ``n`` statements are split into on the workers."""
        ...

    def map(self, func: Callable[..., Any], tasks: Sequence[tuple[Any, ...]], shared: Any) -> Iterator[Any]:
        """``func(*task, shared)`` for every task on the workers, yielded in task order
        (``shared`` is sent to the workers once). A handle from :meth:`put` in a task stands
        for its value."""
        ...

    def put(self, values: Sequence[Any]) -> list[Any]:
        """Send ``values`` to the workers, spread over them, and keep them there: one handle per
        value, to pass in the tasks of :meth:`map` (the value is freed when its handle is
        dropped). Raises :class:`concurrent.futures.CancelledError` from :meth:`map` when a
        value was lost with its worker: put it again."""
        ...


_ACTIVE: contextvars.ContextVar[Engine | None] = contextvars.ContextVar("vnqual_engine", default=None)


def active() -> Engine | None:
    """The engine set by :func:`using` for the current run, or None (this machine)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def using(engine: Engine | None) -> Iterator[Engine | None]:
    """Run the code inside the ``with`` block on ``engine`` (None: this machine)."""
    token = _ACTIVE.set(engine)
    try:
        yield engine
    finally:
        _ACTIVE.reset(token)
