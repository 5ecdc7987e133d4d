"""Progress bars: shown on a terminal, silent otherwise (``--quiet``, pipes, CI, tests)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(
    iterable: Iterable[T], *, total: int | None = None, desc: str = "", enabled: bool | None = None
) -> Iterator[T] | Iterable[T]:
    """Wrap ``iterable`` in a tqdm bar on stderr when ``enabled`` (default: stderr is a TTY)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, file=sys.stderr, leave=False, unit="stmt")
