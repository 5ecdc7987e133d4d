"""Word segmentation of one partition of statements on a Dask worker, with a shared cache.

A worker process loads underthesea's models once (module-level caches of :mod:`vnqual.text._crf`)
and segments every partition it is given with :func:`vnqual.text._words.segment_texts`, the
function the single-machine path runs: the values are the same, byte for byte.

The shared cache holds one entry per partition under ``<URL>/segments-v1/<key>.npz`` (numbers
and UTF-8 bytes, loaded with ``allow_pickle=False``), where the key hashes the partition's texts
with everything else segmentation depends on (:func:`vnqual.text._cache.namespace`). ``URL`` is
any fsspec URL every worker can read and write (a shared folder, ``s3://bucket/prefix``...).
An entry is written under a temporary name and moved into place; a damaged or foreign entry is
recomputed.
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import Any

import numpy as np
import pandas as pd

#: Folder of the partition entries under the shared cache URL (bump with the entry layout).
FOLDER = "segments-v1"


def partition_key(mode: str, texts: list[str]) -> str:
    """Hex key of a partition: its texts (order and boundaries) and the segmentation namespace."""
    from vnqual._cache_store import digest, texts_digest
    from vnqual.text._cache import namespace

    return digest("segment-partition", namespace(mode), texts_digest(texts))


def _path(url: str, key: str) -> tuple[Any, str]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    return fs, f"{str(root).rstrip('/')}/{FOLDER}/{key}.npz"


def read_shared(url: str, key: str, texts: list[str], mode: str) -> list[str] | None:
    """The cached values of a partition, or None (absent, damaged, or not for these texts)."""
    from vnqual._cache_store import texts_digest, unpack_strings
    from vnqual.text._words import decode

    try:
        fs, path = _path(url, key)
        with fs.open(path, "rb") as fh:
            data = fh.read()
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            values = unpack_strings(arrays["values_utf8"], arrays["lengths"])
            same_texts = arrays["texts_digest"].tobytes() == texts_digest(texts)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError, UnicodeDecodeError):
        return None
    if not same_texts or len(values) != len(texts):
        return None
    if any(decode(v, t, mode) is None for v, t in zip(values, texts)):
        return None
    return values


def write_shared(url: str, key: str, texts: list[str], values: list[str]) -> None:
    """Store a partition's values (temporary name, then moved); a failure only warns."""
    from vnqual._cache_store import pack_strings, texts_digest
    from vnqual.errors import VnqualWarning

    blob, lengths = pack_strings(values)
    buf = io.BytesIO()
    digest = np.frombuffer(texts_digest(texts), dtype=np.uint8)
    np.savez(buf, values_utf8=blob, lengths=lengths, texts_digest=digest)
    try:
        fs, path = _path(url, key)
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        tmp = f"{path}.tmp-{uuid.uuid4().hex}"
        with fs.open(tmp, "wb") as fh:
            fh.write(buf.getvalue())
        fs.mv(tmp, path)
    except (OSError, ValueError) as err:
        warnings.warn(
            f"could not write the shared segmentation cache {url} ({err}); results are correct "
            "but the next run segments this part again",
            VnqualWarning,
            stacklevel=2,
        )


def segment_partition(texts: pd.Series, mode: str, cache_url: str | None) -> pd.Series:
    """Cache values of a partition of statement texts (same index), segmented on this worker."""
    from vnqual.text._words import segment_texts

    items = [str(t) for t in texts]
    key = partition_key(mode, items) if cache_url else None
    values = read_shared(cache_url, key, items, mode) if cache_url and key else None
    if values is None:
        values = segment_texts(items, mode)
        if cache_url and key:
            write_shared(cache_url, key, items, values)
    return pd.Series(values, index=texts.index, dtype=object)
