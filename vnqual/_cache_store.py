"""Content-addressed cache of computed results (token lists, term matrices, fitted topic models).

Each entry is two files under ``<cache folder>/results-v1/<kind>/``: ``<key>.npz`` (numpy arrays,
written and read with ``allow_pickle=False``: numbers and UTF-8 bytes only) and ``<key>.json``
(plain JSON), where ``key`` is a hash of everything the result depends on: the input texts or
tokens, the options and the vnqual version (:func:`digest`). Nothing is ever a pickle.

Entries are written atomically (the ``.json`` last, so a half-written entry is never read); a
damaged entry is treated as missing and deleted. Only the :data:`MAX_ENTRIES` most recently used
entries of each kind are kept. ``vnqual cache info`` / ``vnqual cache clear`` list and empty the
folder together with the segmentation cache (:mod:`vnqual.text._cache`).

The jobs layer turns the cache on for one run with :func:`using`; library code asks for it with
:func:`active` (None: no caching).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

#: Folder under the cache folder; bump the suffix when the layout of entries changes.
FOLDER = "results-v1"
#: Entries kept per kind (most recently used first).
MAX_ENTRIES = 8
_KEY = re.compile(r"^[0-9a-f]{40}$")
_ACTIVE: contextvars.ContextVar[ResultStore | None] = contextvars.ContextVar(
    "vnqual_result_store", default=None
)


def digest(*parts: object) -> str:
    """40-hex-digit key of ``parts`` (str, bytes, numbers, None, JSON-able values, numpy arrays)
    together with the vnqual version; each part is length-prefixed, so the join is unambiguous."""
    from vnqual._version import __version__

    h = hashlib.blake2b(digest_size=20)
    for part in (f"vnqual={__version__}", *parts):
        if isinstance(part, np.ndarray):
            data = part.dtype.str.encode() + repr(part.shape).encode() + np.ascontiguousarray(part).tobytes()
        elif isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


#: Strings joined and hashed at a time by :func:`update_joined` (a million statements are never
#: joined into one string: that would be a few hundred MB at once).
HASH_CHUNK = 50_000


def update_joined(h: Any, texts: Sequence[str], sep: str) -> None:
    """``h.update(sep.join(texts).encode("utf-8", "surrogatepass"))``, the same bytes fed a
    chunk of strings at a time."""
    for a in range(0, len(texts), HASH_CHUNK):
        if a:
            h.update(sep.encode("utf-8"))
        h.update(sep.join(texts[a : a + HASH_CHUNK]).encode("utf-8", "surrogatepass"))


def texts_digest(texts: Sequence[str]) -> bytes:
    """Hash of a sequence of strings (order and boundaries included), in two C-level passes."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    h = hashlib.blake2b(lengths.tobytes(), digest_size=20)
    update_joined(h, texts, "\x00")
    return h.digest()


def token_lists_digest(docs: Sequence[Sequence[str]]) -> bytes:
    """Hash of token lists (one list per statement): :func:`texts_digest` of the lists joined
    by U+001F, computed a chunk of lists at a time."""
    lengths = np.fromiter(
        (sum(map(len, d)) + len(d) - 1 if d else 0 for d in docs), dtype=np.int64, count=len(docs)
    )
    h = hashlib.blake2b(lengths.tobytes(), digest_size=20)
    for a in range(0, len(docs), HASH_CHUNK):
        update_joined(h, ["\x1f".join(d) for d in docs[a : a + HASH_CHUNK]], "\x00")
        if a + HASH_CHUNK < len(docs):
            h.update(b"\x00")
    return h.digest()


def pack_strings(items: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 byte array plus their lengths in bytes (no object arrays)."""
    encoded = [s.encode("utf-8", "surrogatepass") for s in items]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), lengths


def unpack_strings(blob: np.ndarray, lengths: np.ndarray) -> list[str]:
    """Inverse of :func:`pack_strings`."""
    raw = blob.tobytes()
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    return [raw[a:b].decode("utf-8", "surrogatepass") for a, b in zip(starts, ends)]


def pack_token_lists(docs: Sequence[Sequence[str]]) -> dict[str, np.ndarray]:
    """Token lists as arrays: every token joined by U+001F (never inside a token) + counts."""
    counts = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    flat = "\x1f".join("\x1f".join(d) for d in docs if d)
    return {
        "tokens_utf8": np.frombuffer(flat.encode("utf-8", "surrogatepass"), dtype=np.uint8),
        "token_counts": counts,
    }


def unpack_token_lists(arrays: dict[str, np.ndarray]) -> list[list[str]]:
    """Inverse of :func:`pack_token_lists`."""
    flat_text = arrays["tokens_utf8"].tobytes().decode("utf-8", "surrogatepass")
    flat = flat_text.split("\x1f") if flat_text else []
    counts = arrays["token_counts"].tolist()
    if sum(counts) != len(flat):
        raise ValueError("token counts do not match the stored tokens")
    out = []
    pos = 0
    for c in counts:
        out.append(flat[pos : pos + c])
        pos += c
    return out


def frame_to_json(frame: Any) -> dict[str, Any]:
    """A small DataFrame as JSON values that :func:`frame_from_json` restores exactly
    (Python floats round-trip through JSON without loss)."""
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "data": {str(c): frame[c].tolist() for c in frame.columns},
    }


def frame_from_json(data: dict[str, Any]) -> Any:
    """Inverse of :func:`frame_to_json`."""
    import pandas as pd

    frame = pd.DataFrame({c: data["data"][c] for c in data["columns"]}, columns=data["columns"])
    for col, dtype in zip(data["columns"], data["dtypes"]):
        if dtype != "object":
            frame[col] = frame[col].astype(dtype)
    return frame


class ResultStore:
    """Key -> (JSON, arrays) entries in ``<folder>/results-v1/<kind>/``.

    Never raises for cache problems (unwritable folder, damaged entry): a read then misses and a
    write is skipped, so results are always computed correctly, only not reused.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        from vnqual.text._cache import cache_dir

        self.directory = (Path(directory) if directory is not None else cache_dir()) / FOLDER

    def _paths(self, kind: str, key: str) -> tuple[Path, Path]:
        if not _KEY.match(key) or not re.match(r"^[a-z_]+$", kind):
            raise ValueError(f"bad cache key {kind}/{key}")
        base = self.directory / kind / key
        return base.with_suffix(".json"), base.with_suffix(".npz")

    def get(self, kind: str, key: str) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
        """The entry ``kind/key`` as ``(meta, arrays)``, or None when absent or damaged."""
        jpath, npath = self._paths(kind, key)
        try:
            meta = json.loads(jpath.read_text(encoding="utf-8"))
            with np.load(npath, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            os.utime(jpath)  # most recently used
        except FileNotFoundError:
            return None
        except (OSError, ValueError, zipfile.BadZipFile, EOFError, UnicodeDecodeError):
            self.delete(kind, key)
            return None
        if not isinstance(meta, dict):
            self.delete(kind, key)
            return None
        return meta, arrays

    def put(self, kind: str, key: str, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        """Store an entry (arrays must not be object arrays) and evict old entries of ``kind``."""
        from vnqual._fs import atomic_write
        from vnqual.errors import OutputError

        jpath, npath = self._paths(kind, key)
        for name, arr in arrays.items():
            if np.asarray(arr).dtype.hasobject:
                raise TypeError(f"cache array {name!r} holds Python objects; store numbers or bytes")
        try:
            with atomic_write(npath, "wb") as fh:  # written straight to the file: no copy in memory
                np.savez(fh, **{n: np.asarray(a) for n, a in arrays.items()})  # type: ignore[arg-type]
            with atomic_write(jpath, "w") as fh:
                json.dump(meta, fh, ensure_ascii=False)
        except (OSError, OutputError):
            return
        self._evict(kind)

    def delete(self, kind: str, key: str) -> None:
        """Forget one entry."""
        for p in self._paths(kind, key):
            with contextlib.suppress(OSError):
                p.unlink()

    def _evict(self, kind: str) -> None:
        try:
            entries = sorted(
                (self.directory / kind).glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True
            )
        except OSError:
            return
        for old in entries[MAX_ENTRIES:]:
            self.delete(kind, old.stem)

    def _files(self) -> Iterable[Path]:
        if self.directory.is_dir():
            yield from (p for p in self.directory.rglob("*") if p.is_file())

    def info(self) -> dict[str, Any]:
        """Folder, number of entries by kind, size on disk."""
        kinds: dict[str, int] = {}
        size = 0
        for p in self._files():
            size += p.stat().st_size
            if p.suffix == ".json":
                kinds[p.parent.name] = kinds.get(p.parent.name, 0) + 1
        return {"folder": str(self.directory), "entries": dict(sorted(kinds.items())), "bytes": size}

    def clear(self) -> int:
        """Delete every entry; return the number of bytes freed."""
        freed = sum(p.stat().st_size for p in self._files())
        if self.directory.is_dir():
            shutil.rmtree(self.directory, ignore_errors=True)
        return freed


def active() -> ResultStore | None:
    """The store turned on by :func:`using` for the current run, or None."""
    return _ACTIVE.get()


@contextlib.contextmanager
def using(
    enabled: bool = True, directory: str | os.PathLike[str] | None = None
) -> Iterator[ResultStore | None]:
    """Turn the result cache on (``enabled``) for the code inside the ``with`` block."""
    store = ResultStore(directory) if enabled else None
    token = _ACTIVE.set(store)
    try:
        yield store
    finally:
        _ACTIVE.reset(token)
