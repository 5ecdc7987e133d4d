"""``DIR/reviewed.csv``: the review decisions in the hand-coding format that ``--train`` reads.

Columns: ``statement_id, code, text`` (the ``vnqual tag --train`` format) then ``decision,
reviewer, time, memo, old_code``. One row per excerpt with a decision or a memo:

- ``accepted``: ``code`` applies (a human label);
- ``rejected``: ``code`` does not apply;
- ``changed``: ``code`` applies instead of the suggested ``old_code``;
- ``added``: the reviewer added ``code`` to the statement;
- ``flagged``: left for discussion (no label);
- ``memo``: a memo on an excerpt not decided yet.

UTF-8 with BOM, formula-guarded (a cell starting with ``= + - @`` gets a leading ``'``),
written atomically, so a spreadsheet open on it never sees half a file.
"""

from __future__ import annotations

import csv
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from vnqual._fs import atomic_write
from vnqual.corpus import Corpus
from vnqual.errors import VnqualWarning
from vnqual.jobs import folders
from vnqual.review._store import CHANGED, MEMO, Decision, DecisionStore, latest
from vnqual.types import STATEMENT_ID, TEXT, PathLike

#: File name of the exported decisions inside a ``vnqual tag`` folder.
REVIEWED_FILE = folders.REVIEWED_FILE
#: Columns of reviewed.csv.
REVIEWED_COLUMNS: tuple[str, ...] = (
    STATEMENT_ID,
    "code",
    TEXT,
    "decision",
    "reviewer",
    "time",
    "memo",
    "old_code",
)


def statement_texts(corpus: Corpus | None) -> tuple[dict[str, str], dict[str, int]]:
    """(text, position) of each statement id of ``corpus`` (empty without a corpus)."""
    if corpus is None:
        return {}, {}
    ids = corpus.frame[STATEMENT_ID].tolist()
    return dict(zip(ids, corpus.frame[TEXT].tolist())), {sid: i for i, sid in enumerate(ids)}


def reviewed_rows(
    store: DecisionStore,
    corpus: Corpus | None,
    *,
    texts: tuple[dict[str, str], dict[str, int]] | None = None,
) -> list[dict[str, str]]:
    """The rows of reviewed.csv (see the module docstring), in corpus order then code.

    ``texts``: :func:`statement_texts` of ``corpus``, when the caller keeps it.
    """
    text_of, order = texts if texts is not None else statement_texts(corpus)
    decisions = store.decisions()  # one snapshot: status, memo and who wrote it agree
    last_memo: dict[tuple[str, str], Decision] = {}
    for d in decisions:
        if d.decision == MEMO and not d.undone:
            last_memo[d.key] = d
    rows = []
    for (sid, code), (status, memo) in latest(decisions).items():
        if status is None and not memo:
            continue  # everything on it was undone
        if status is None:
            note = last_memo[(sid, code)]
            row = {
                "code": code,
                "decision": MEMO,
                "reviewer": note.reviewer,
                "time": note.time,
                "old_code": "",
            }
        else:
            changed = status.decision == CHANGED
            row = {
                "code": status.new_code if changed else code,
                "decision": status.decision,
                "reviewer": status.reviewer,
                "time": status.time,
                "old_code": code if changed else "",
            }
        rows.append({STATEMENT_ID: sid, TEXT: text_of.get(sid, ""), "memo": memo, **row})
    rows.sort(key=lambda r: (order.get(r[STATEMENT_ID], len(order)), r[STATEMENT_ID], r["code"], r["time"]))
    return rows


def write_reviewed(
    folder: PathLike,
    store: DecisionStore,
    corpus: Corpus | None,
    *,
    texts: tuple[dict[str, str], dict[str, int]] | None = None,
) -> Path:
    """Write ``folder/reviewed.csv`` from the store, atomically; returns its path."""
    from vnqual.tables import guard_cell

    path = Path(folder) / REVIEWED_FILE
    rows = reviewed_rows(store, corpus, texts=texts)
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(REVIEWED_COLUMNS)
        for row in rows:
            writer.writerow([guard_cell(row[c]) for c in REVIEWED_COLUMNS])
    return path


class BackgroundWriter:
    """Runs ``write`` in a background thread after each :meth:`request`, coalescing bursts.

    The review server answers a decision as soon as it is in review.sqlite (the truth) and
    rewrites reviewed.csv here, so a large review does not slow every action down. Requests
    made while a write runs are served by one more write; :meth:`flush` waits for the last.
    """

    def __init__(self, write: Callable[[], object]) -> None:
        self._write = write
        self._cond = threading.Condition()
        self._requested = 0
        self._done = 0
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Ask for a write (returns at once)."""
        with self._cond:
            self._requested += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="vnqual-reviewed-csv", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._requested > self._done)
                target = self._requested
            try:
                self._write()
            except Exception as err:  # reported, never fatal: review.sqlite keeps the decisions
                warnings.warn(
                    f"could not write {REVIEWED_FILE} ({type(err).__name__}: {err}); the decisions are "
                    "safe in review.sqlite, `vnqual review DIR --export` writes it again",
                    VnqualWarning,
                    stacklevel=1,
                )
            with self._cond:
                self._done = target
                self._cond.notify_all()

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until every requested write is done; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._done >= self._requested, timeout)
