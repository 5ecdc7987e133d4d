"""The review decisions of a ``vnqual tag`` folder: ``DIR/review.sqlite`` (SQLite, WAL).

One row per decision a reviewer took on one coded excerpt, keyed by ``(statement_id, code)`` so
decisions survive a re-run of ``vnqual tag`` into the same folder. Nothing is ever deleted: undo
marks a row ``undone``. Every write is one ``BEGIN IMMEDIATE`` transaction, so two browser tabs,
two servers or two reviewers on the same folder never lose or duplicate a decision:

- ``action_id`` (made by the page when it is shown) is UNIQUE: the same form posted twice (a
  double click, a retried request) records one decision;
- ``expected_version``: a status decision (accept/reject/change/flag) carries the version of the
  excerpt the reviewer saw; if someone decided the excerpt meanwhile the write is refused with
  :class:`Conflict` (shown to the reviewer) instead of silently overriding it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from vnqual.errors import InputError, VnqualError
from vnqual.jobs import folders
from vnqual.types import PathLike

#: File name of the decision store inside a ``vnqual tag`` folder.
STORE_FILE = folders.REVIEW_STORE_FILE
SCHEMA_VERSION = 1

ACCEPTED, REJECTED, CHANGED, ADDED, FLAGGED, MEMO = (
    "accepted",
    "rejected",
    "changed",
    "added",
    "flagged",
    "memo",
)
#: Every decision kind; the first five set the excerpt's status, ``memo`` only annotates it.
DECISIONS: tuple[str, ...] = (ACCEPTED, REJECTED, CHANGED, ADDED, FLAGGED, MEMO)
#: Decisions that set the status of an excerpt (and so take part in the version check).
STATUS_DECISIONS: tuple[str, ...] = (ACCEPTED, REJECTED, CHANGED, ADDED, FLAGGED)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id TEXT NOT NULL UNIQUE,
    statement_id TEXT NOT NULL,
    code TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accepted','rejected','changed','added','flagged','memo')),
    new_code TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    time TEXT NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    undone INTEGER NOT NULL DEFAULT 0,
    undone_time TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_key ON decisions (statement_id, code);
CREATE INDEX IF NOT EXISTS decisions_seq ON decisions (seq);
CREATE INDEX IF NOT EXISTS decisions_reviewer ON decisions (reviewer, undone, id);
CREATE TABLE IF NOT EXISTS versions (
    statement_id TEXT NOT NULL,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (statement_id, code)
);
"""


class StoreError(VnqualError):
    """The decision store cannot be opened or written (corrupt, locked, read-only)."""


class Conflict(VnqualError):
    """The excerpt was decided by someone else since the reviewer's page was shown."""

    def __init__(self, message: str, current: Decision | None) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Decision:
    """One row of the ``decisions`` table."""

    id: int
    action_id: str
    statement_id: str
    code: str
    decision: str
    new_code: str
    reviewer: str
    time: str
    memo: str
    undone: bool
    seq: int

    @property
    def key(self) -> tuple[str, str]:
        """``(statement_id, code)`` of the excerpt decided on."""
        return (self.statement_id, self.code)


_COLUMNS = "id, action_id, statement_id, code, decision, new_code, reviewer, time, memo, undone, seq"


def _row(values: Iterable[Any]) -> Decision:
    v = list(values)
    return Decision(int(v[0]), v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], bool(v[9]), int(v[10]))


def utc_now() -> str:
    """The current UTC time as ISO 8601 with seconds (``2026-12-04T17:02:28Z``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class DecisionStore:
    """Review decisions in ``DIR/review.sqlite`` (created when missing).

    Parameters
    ----------
    path : path-like
        The ``vnqual tag`` folder or the ``.sqlite`` file itself.
    timeout : float
        Seconds a write waits for another writer (SQLite ``busy_timeout``) before
        :class:`StoreError` says the database is locked.

    Notes
    -----
    One connection per thread (SQLite connections are not shared between threads); every
    connection runs in WAL mode with ``synchronous=FULL``, so a decision confirmed on screen is
    on disk before the page moves on, and killing the server loses nothing.

    Examples
    --------
    >>> store = DecisionStore("ket_qua/ma_hoa")  # doctest: +SKIP
    >>> store.decide("DakLak-0007", "Kinh phí", "accepted", reviewer="Lan", action_id="a1")  # doctest: +SKIP
    """

    def __init__(self, path: PathLike, *, timeout: float = 5.0) -> None:
        path = Path(path)
        self.file = path / STORE_FILE if path.is_dir() else path
        self.timeout = timeout
        self._local = threading.local()
        if self.file.is_dir():
            raise InputError(f"{self.file}: is a folder, not a review database")
        self._check_schema()

    # ------------------------------------------------------------ connections
    def _connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is not None:
            return con
        try:
            con = sqlite3.connect(self.file, timeout=self.timeout, isolation_level=None)
            con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"cannot switch to WAL (journal_mode {mode})")
            con.execute("PRAGMA synchronous = FULL")
            con.executescript(_SCHEMA)
        except sqlite3.DatabaseError as err:
            raise self._error(err) from None
        self._local.con = con
        return con

    def _error(self, err: sqlite3.Error) -> StoreError:
        text = str(err).lower()
        if "locked" in text or "busy" in text:
            return StoreError(
                f"{self.file}: the review database is locked by another program for more than "
                f"{self.timeout:g} s; close it (e.g. a database browser) and try again"
            )
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return StoreError(
                f"{self.file}: not a readable review database ({err}); move it aside "
                "(decisions in it are lost only if you delete it) and start the review again"
            )
        if "readonly" in text or "unable to open" in text:
            return StoreError(f"{self.file}: cannot open the review database for writing ({err})")
        return StoreError(f"{self.file}: review database error ({err})")

    def _check_schema(self) -> None:
        with self._write() as con:
            con.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            con.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('seq', '0')")
        try:
            row = self._connect().execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if int(row[0]) > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.file}: written by a newer vnqual (schema {row[0]}); upgrade vnqual to review it"
                )
        except sqlite3.DatabaseError as err:
            raise self._error(err) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction (the write lock is taken before reading)."""
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:
            raise self._error(err) from None
        try:
            yield con
            con.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            con.execute("ROLLBACK")
            raise self._error(err) from None
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._connect().execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as err:
            raise self._error(err) from None

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    # ----------------------------------------------------------------- writes
    @staticmethod
    def _next_seq(con: sqlite3.Connection) -> int:
        seq = int(con.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0]) + 1
        con.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))
        return seq

    @staticmethod
    def _bump(con: sqlite3.Connection, statement_id: str, code: str) -> None:
        con.execute(
            "INSERT INTO versions (statement_id, code, version) VALUES (?, ?, 1) "
            "ON CONFLICT (statement_id, code) DO UPDATE SET version = version + 1",
            (statement_id, code),
        )

    def decide(
        self,
        statement_id: str,
        code: str,
        decision: str,
        *,
        reviewer: str,
        action_id: str,
        new_code: str = "",
        memo: str = "",
        expected_version: int | None = None,
    ) -> Decision:
        """Record one decision and return it.

        Parameters
        ----------
        statement_id, code : str
            The excerpt (for ``added``: the statement and the code added to it).
        decision : str
            One of :data:`DECISIONS`.
        reviewer : str
            Who decided.
        action_id : str
            Unique id of this action, made by the page that offered it; a repeated
            ``action_id`` returns the decision already recorded instead of a second one.
        new_code : str
            The code a ``changed`` excerpt was changed to.
        memo : str
            The memo text (``memo`` decisions; optional with the others).
        expected_version : int, optional
            Version of the excerpt (see :meth:`version`) the reviewer saw. A status decision
            on an excerpt whose version moved on raises :class:`Conflict`.

        Raises
        ------
        Conflict
            Someone else decided the excerpt meanwhile.
        StoreError
            The database cannot be written.
        """
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, got {decision!r}")
        if decision == CHANGED and (not new_code or new_code == code):
            raise ValueError("a 'changed' decision needs a new_code different from code")
        if not reviewer.strip():
            raise ValueError("reviewer must not be empty")
        if not action_id:
            raise ValueError("action_id must not be empty")
        with self._write() as con:
            old = con.execute(
                f"SELECT {_COLUMNS} FROM decisions WHERE action_id = ?", (action_id,)
            ).fetchone()
            if old is not None:
                return _row(old)
            if decision in STATUS_DECISIONS and expected_version is not None:
                now = self._version(con, statement_id, code)
                if now != expected_version:
                    current = self._current(con, statement_id, code)
                    who = f"{current.decision} by {current.reviewer}" if current else "undone"
                    raise Conflict(
                        f"{statement_id} / {code} was changed meanwhile ({who}); your "
                        f"'{decision}' was not recorded: look again and decide",
                        current,
                    )
            seq = self._next_seq(con)
            cur = con.execute(
                "INSERT INTO decisions (action_id, statement_id, code, decision, new_code, "
                "reviewer, time, memo, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (action_id, statement_id, code, decision, new_code, reviewer, utc_now(), memo, seq),
            )
            if decision in STATUS_DECISIONS:
                self._bump(con, statement_id, code)
            row = con.execute(f"SELECT {_COLUMNS} FROM decisions WHERE id = ?", (cur.lastrowid,)).fetchone()
        return _row(row)

    def undo(self, reviewer: str) -> Decision | None:
        """Mark the last decision of ``reviewer`` that is not yet undone as undone; return it.

        Returns None when the reviewer has nothing left to undo.
        """
        with self._write() as con:
            row = con.execute(
                f"SELECT {_COLUMNS} FROM decisions WHERE reviewer = ? AND undone = 0 "
                "ORDER BY id DESC LIMIT 1",
                (reviewer,),
            ).fetchone()
            if row is None:
                return None
            seq = self._next_seq(con)
            con.execute(
                "UPDATE decisions SET undone = 1, undone_time = ?, seq = ? WHERE id = ?",
                (utc_now(), seq, row[0]),
            )
            if row[4] in STATUS_DECISIONS:
                self._bump(con, row[2], row[3])
        return _row(row)

    # ------------------------------------------------------------------ reads
    @staticmethod
    def _version(con: sqlite3.Connection, statement_id: str, code: str) -> int:
        row = con.execute(
            "SELECT version FROM versions WHERE statement_id = ? AND code = ?", (statement_id, code)
        ).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _current(con: sqlite3.Connection, statement_id: str, code: str) -> Decision | None:
        row = con.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE statement_id = ? AND code = ? AND undone = 0 "
            "AND decision != 'memo' ORDER BY id DESC LIMIT 1",
            (statement_id, code),
        ).fetchone()
        return _row(row) if row else None

    def version(self, statement_id: str, code: str) -> int:
        """How often the status of the excerpt changed (0: never decided)."""
        try:
            return self._version(self._connect(), statement_id, code)
        except sqlite3.DatabaseError as err:
            raise self._error(err) from None

    def seq(self) -> int:
        """A counter that grows with every write (decision or undo), by any process."""
        return int(self._query("SELECT value FROM meta WHERE key = 'seq'")[0][0])

    def decisions(self, *, include_undone: bool = True, since_seq: int = 0) -> list[Decision]:
        """All decisions in the order they were taken (optionally only those changed after
        ``since_seq``)."""
        where = "WHERE seq > ?" + ("" if include_undone else " AND undone = 0")
        rows = self._query(f"SELECT {_COLUMNS} FROM decisions {where} ORDER BY id", (since_seq,))
        return [_row(r) for r in rows]

    def history(self, statement_id: str, code: str) -> list[Decision]:
        """Every decision on one excerpt, oldest first (undone ones included)."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM decisions WHERE statement_id = ? AND code = ? ORDER BY id",
            (statement_id, code),
        )
        return [_row(r) for r in rows]

    def last(self, reviewer: str) -> Decision | None:
        """The decision :meth:`undo` would undo for ``reviewer``."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM decisions WHERE reviewer = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
            (reviewer,),
        )
        return _row(rows[0]) if rows else None

    def current(self) -> dict[tuple[str, str], tuple[Decision | None, str]]:
        """Per excerpt: its status decision (latest not undone; None if all undone) and its memo
        (the latest memo not undone, "" if none). Only excerpts with some decision appear."""
        return latest(self.decisions())

    def copy_to(self, target: PathLike) -> Path:
        """A consistent copy of the database (WAL included) at ``target`` (sqlite backup API)."""
        target = Path(target)
        try:
            dest = sqlite3.connect(target)
            with dest:
                self._connect().backup(dest)
            dest.close()
        except sqlite3.DatabaseError as err:
            raise self._error(err) from None
        return target


def latest(decisions: Iterable[Decision]) -> dict[tuple[str, str], tuple[Decision | None, str]]:
    """Fold decisions (oldest first) into per-excerpt (status decision, memo)."""
    out: dict[tuple[str, str], tuple[Decision | None, str]] = {}
    for d in decisions:
        status, memo = out.get(d.key, (None, ""))
        if not d.undone:
            if d.decision == MEMO:
                memo = d.memo
            else:
                status = d
                if d.memo:
                    memo = d.memo
        out[d.key] = (status, memo)
    return out


def open_store(path: PathLike, *, timeout: float = 5.0) -> DecisionStore:
    """Open the store of a ``vnqual tag`` folder, with one clear error for a wrong folder."""
    path = Path(path)
    if not path.is_dir():
        raise InputError(f"{path}: not a folder; give the --out folder of `vnqual tag`")
    return DecisionStore(path, timeout=timeout)
