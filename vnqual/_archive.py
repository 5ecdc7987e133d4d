"""Bounds on untrusted zip archives (.docx, .xlsx, .qdpx), checked before anything is inflated.

The sizes come from the zip's central directory. Python's :mod:`zipfile` never inflates a member
past its declared size (and fails on a CRC mismatch), so checking the declared sizes bounds the
memory a read can take: at most the total limit, by default :data:`MAX_UNCOMPRESSED` per archive.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

#: Default limit on the total uncompressed size of one archive (bytes).
MAX_UNCOMPRESSED = 200_000_000
#: An archive or member that expands more than this many times (and past :data:`RATIO_FLOOR`)
#: looks like a zip bomb.
MAX_RATIO = 100
#: Sizes up to this many bytes are never refused for their compression ratio.
RATIO_FLOOR = 10_000_000


def archive_problem(infos: Sequence[zipfile.ZipInfo], *, max_total: int = MAX_UNCOMPRESSED) -> str | None:
    """What is unsafe about expanding an archive with these members, or None.

    Checks the total uncompressed size against ``max_total``, then the compression ratio of
    the whole archive and of each member (a highly compressed member inside an archive of
    otherwise ordinary files is found too).

    Examples
    --------
    >>> info = zipfile.ZipInfo("nguon/bom.txt")
    >>> info.file_size, info.compress_size = 900_000_000, 900_000
    >>> archive_problem([info])
    'expands to 900 MB, over the 200 MB limit (possible zip bomb)'
    """
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > max_total:
        return f"expands to {_size(total)}, over the {_size(max_total)} limit (possible zip bomb)"
    if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        return f"compression ratio {total / max(packed, 1):.0f}:1 is too high (possible zip bomb)"
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return (
                f"{info.filename} has a compression ratio of "
                f"{info.file_size / max(info.compress_size, 1):.0f}:1, too high (possible zip bomb)"
            )
    return None


def _size(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1_000_000 else f"{n / 1e3:.1f} kB"
