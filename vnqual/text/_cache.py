"""On-disk cache of segmentation results: one SQLite file, safe for concurrent processes.

Two tables:

* ``seg``: one entry per statement, keyed by a hash of the statement text plus everything
  that changes the result (mode, underthesea and vnqual versions); plain text values.
* ``runs``: a snapshot of a whole run (every statement of one input, in order) as a numpy
  ``.npz`` blob (loaded with ``allow_pickle=False``), keyed by a hash of its distinct texts
  and the order they occur in. A repeated run over an unchanged corpus reads one blob
  instead of one entry per statement.
  Only the :data:`MAX_RUNS` most recently used snapshots are kept; a changed corpus falls back
  to the per-statement entries.

Nothing is ever a pickle. A corrupt database is moved aside and rebuilt; a corrupt entry or
snapshot is recomputed. Folder: ``$VNQUAL_CACHE_DIR``, else the user cache folder
(``~/.cache/vnqual`` on Linux).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
import warnings
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from vnqual.errors import VnqualWarning

ENV_VAR = "VNQUAL_CACHE_DIR"
DB_NAME = "segments-v1.sqlite3"
#: Bump when the stored format or the segmentation algorithm changes.
FORMAT_VERSION = "1"
_BATCH = 900  # SQLite parameters per query (999 is the limit of old SQLite builds)
#: Whole-run snapshots kept (most recently used first); older ones are deleted.
MAX_RUNS = 8


def cache_dir() -> Path:
    """Cache folder: ``$VNQUAL_CACHE_DIR`` or the platform's user cache folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("vnqual", appauthor=False))


@cache
def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def underthesea_version() -> str:
    """Installed underthesea version (part of every cache key)."""
    return _dist_version("underthesea")


def namespace(mode: str) -> bytes:
    """Everything besides the text that a cached result depends on."""
    from vnqual._version import __version__

    return "|".join(
        [
            f"fmt={FORMAT_VERSION}",
            f"mode={mode}",
            f"underthesea={underthesea_version()}",
            f"core={_dist_version('underthesea_core')}",
            f"vnqual={__version__}",
        ]
    ).encode()


def text_key(ns: bytes, text: str) -> bytes:
    """16-byte key of ``text`` under namespace ``ns``."""
    return text_keys(ns, [text])[0]


def run_key(ns: bytes, utexts: Sequence[str], order: Sequence[int]) -> bytes:
    """16-byte key of a whole run: the namespace, its distinct texts (in order of first
    occurrence) and which distinct text each text of the run is (``order``)."""
    from array import array

    from vnqual._cache_store import update_joined

    h = hashlib.blake2b(ns, digest_size=16)
    h.update(b"\0run\0")
    h.update(array("q", map(len, utexts)).tobytes())  # lengths make the join unambiguous
    update_joined(h, utexts, "\0")
    h.update(b"\0order\0")
    h.update(array("q", order).tobytes())
    return h.digest()


def text_keys(ns: bytes, texts: Iterable[str]) -> list[bytes]:
    """Keys of many texts (the namespace is hashed once)."""
    base = hashlib.blake2b(ns, digest_size=16)
    base.update(b"\0")
    out = []
    for text in texts:
        h = base.copy()
        h.update(text.encode("utf-8", "surrogatepass"))
        out.append(h.digest())
    return out


class SegmentCache:
    """Key -> JSON text store in ``<folder>/segments-v1.sqlite3``.

    Never raises for cache problems: it warns once (:class:`~vnqual.errors.VnqualWarning`) and
    behaves as an empty, read-only cache.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else cache_dir()
        self.path = self.directory / DB_NAME
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._recovered = False

    # -- connection ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._conn is not None:
            return self._conn
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            with contextlib.suppress(sqlite3.OperationalError):  # e.g. network drives
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS seg (k BLOB PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS runs (k BLOB PRIMARY KEY, v BLOB NOT NULL, used REAL NOT NULL)"
            )
            conn.execute("SELECT count(*) FROM (SELECT 1 FROM seg LIMIT 1)").fetchone()
        except sqlite3.DatabaseError as err:
            if not self._recover(err):
                return None
            return self._connect()
        except OSError as err:
            self._disable(
                f"cannot use segmentation cache folder {self.directory} ({err}); "
                f"continuing without cache (set {ENV_VAR} to a writable folder)"
            )
            return None
        self._conn = conn
        return conn

    def _recover(self, err: Exception) -> bool:
        """Move a corrupt database aside once; return True to retry."""
        self.close()
        if self._recovered:
            self._disable(
                f"segmentation cache {self.path} is unusable ({err}); continuing "
                "without cache; run `vnqual cache clear`"
            )
            return False
        self._recovered = True
        aside = self.path.with_name(f"{self.path.name}.corrupt-{os.getpid()}-{int(time.time())}")
        try:
            for suffix in ("", "-wal", "-shm"):
                src = Path(str(self.path) + suffix)
                if src.exists():
                    os.replace(src, Path(str(aside) + suffix))
        except OSError:
            self._disable(
                f"segmentation cache {self.path} is corrupt and cannot be moved "
                "aside; continuing without cache; run `vnqual cache clear`"
            )
            return False
        warnings.warn(
            f"segmentation cache {self.path} was corrupt ({err}); moved it to "
            f"{aside.name} and started a new one",
            VnqualWarning,
            stacklevel=4,
        )
        return True

    def _disable(self, message: str) -> None:
        if not self._disabled:
            warnings.warn(message, VnqualWarning, stacklevel=4)
        self._disabled = True

    def close(self) -> None:
        """Close the database connection (reopened on next use)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- data -----------------------------------------------------------------------------
    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, str]:
        """Stored values of the keys that are present."""
        out: dict[bytes, str] = {}
        for attempt in range(2):
            conn = self._connect()
            if conn is None:
                return out
            try:
                for i in range(0, len(keys), _BATCH):
                    chunk = keys[i : i + _BATCH]
                    marks = ",".join("?" * len(chunk))
                    out.update(conn.execute(f"SELECT k, v FROM seg WHERE k IN ({marks})", chunk))
                return out
            except sqlite3.DatabaseError as err:
                out.clear()
                if attempt or not self._recover(err):
                    return out
        return out

    def put_many(self, items: Iterable[tuple[bytes, str]]) -> None:
        """Store values (replacing entries with the same key)."""
        items = list(items)
        if not items:
            return
        conn = self._connect()
        if conn is None:
            return
        try:
            with conn:
                conn.executemany("INSERT OR REPLACE INTO seg (k, v) VALUES (?, ?)", items)
        except sqlite3.OperationalError as err:  # locked for > 30 s, disk full, read-only
            warnings.warn(
                f"could not write the segmentation cache {self.path} ({err}); "
                "results are correct but the next run will segment again",
                VnqualWarning,
                stacklevel=3,
            )
        except sqlite3.DatabaseError as err:
            self._recover(err)

    def get_run(self, key: bytes) -> bytes | None:
        """The snapshot stored under ``key`` (marked as just used), or None."""
        conn = self._connect()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT v FROM runs WHERE k = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        except sqlite3.DatabaseError as err:
            self._recover(err)
            return None
        if row is None:
            return None
        # Mark as used, but never wait long for a writer: a stale mark only affects eviction.
        with contextlib.suppress(sqlite3.DatabaseError):
            conn.execute("PRAGMA busy_timeout = 200")
            try:
                with conn:
                    conn.execute("UPDATE runs SET used = ? WHERE k = ?", (time.time(), key))
            finally:
                conn.execute("PRAGMA busy_timeout = 30000")
        return bytes(row[0])

    def put_run(self, key: bytes, blob: bytes) -> None:
        """Store a run snapshot and delete all but the :data:`MAX_RUNS` most recent."""
        conn = self._connect()
        if conn is None:
            return
        try:
            with conn:
                conn.execute(
                    "INSERT OR REPLACE INTO runs (k, v, used) VALUES (?, ?, ?)", (key, blob, time.time())
                )
                conn.execute(
                    "DELETE FROM runs WHERE k NOT IN (SELECT k FROM runs ORDER BY used DESC LIMIT ?)",
                    (MAX_RUNS,),
                )
        except sqlite3.OperationalError as err:
            warnings.warn(
                f"could not write the segmentation cache {self.path} ({err}); "
                "results are correct but the next run will read statement by "
                "statement",
                VnqualWarning,
                stacklevel=3,
            )
        except sqlite3.DatabaseError as err:
            self._recover(err)

    def delete_run(self, key: bytes) -> None:
        """Forget a snapshot (e.g. one that failed to load)."""
        conn = self._connect()
        if conn is None:
            return
        with contextlib.suppress(sqlite3.DatabaseError), conn:
            conn.execute("DELETE FROM runs WHERE k = ?", (key,))

    def info(self) -> dict[str, object]:
        """Folder, file, number of statement entries and run snapshots, size on disk."""
        size = sum(p.stat().st_size for p in self.directory.glob(DB_NAME + "*") if p.is_file())
        entries = runs = 0
        if self.path.exists():
            conn = self._connect()
            if conn is not None:
                try:
                    entries = conn.execute("SELECT count(*) FROM seg").fetchone()[0]
                    runs = conn.execute("SELECT count(*) FROM runs").fetchone()[0]
                except sqlite3.DatabaseError:
                    entries = runs = -1
        return {
            "folder": str(self.directory),
            "file": str(self.path),
            "entries": entries,
            "runs": runs,
            "bytes": size,
        }

    def clear(self) -> int:
        """Delete the cache files (also corrupt copies); return the number of bytes freed."""
        self.close()
        freed = 0
        if self.directory.is_dir():
            for p in self.directory.glob(DB_NAME + "*"):
                if p.is_file():
                    freed += p.stat().st_size
                    p.unlink()
        return freed
