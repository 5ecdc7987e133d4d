"""Review automatic codes in the browser: decisions in ``DIR/review.sqlite``, fed back as labels.

``vnqual review DIR`` serves :mod:`vnqual.review._app`; the decision store
(:class:`DecisionStore`), the queue (:class:`Queue`) and the export (:func:`write_reviewed`)
work without a browser.

Examples
--------
>>> from vnqual.review import DecisionStore, ReviewFolder, Queue, Filters
>>> queue = Queue(ReviewFolder("ket_qua/ma_hoa"), DecisionStore("ket_qua/ma_hoa"))  # doctest: +SKIP
>>> queue.progress(Filters())  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from vnqual.jobs import folders
from vnqual.review._export import REVIEWED_COLUMNS, REVIEWED_FILE, reviewed_rows, write_reviewed
from vnqual.review._loop import REVIEW_AGREEMENT_COLUMNS, compare_reviewed, reviewed_codings
from vnqual.review._queue import ORDERS, STATUSES, Filters, Progress, Queue, ReviewFolder
from vnqual.review._store import (
    DECISIONS,
    STORE_FILE,
    Conflict,
    Decision,
    DecisionStore,
    StoreError,
    open_store,
)
from vnqual.types import PathLike

__all__ = [
    "DECISIONS",
    "ORDERS",
    "REVIEWED_COLUMNS",
    "REVIEW_AGREEMENT_COLUMNS",
    "REVIEWED_FILE",
    "STATUSES",
    "STORE_FILE",
    "Conflict",
    "Decision",
    "DecisionStore",
    "Filters",
    "Progress",
    "Queue",
    "ReviewFolder",
    "StoreError",
    "carry_over",
    "compare_reviewed",
    "open_store",
    "refresh_reviewed",
    "reviewed_codings",
    "reviewed_rows",
    "write_reviewed",
]


def carry_over(old: PathLike, new: PathLike) -> bool:
    """Keep the review of a ``vnqual tag`` folder that is being replaced by a re-run.

    Copies ``old/review.sqlite`` (consistently, WAL included) into the new folder ``new`` before
    it replaces ``old``, and rewrites ``new/reviewed.csv`` from it against the new corpus.
    Decisions stay keyed by (statement_id, code); the review lists those whose excerpt is gone.
    Returns True when there was a review to keep.
    """
    from vnqual.corpus import Corpus

    old, new = Path(old), Path(new)
    if not (old / STORE_FILE).is_file():
        return False
    store = DecisionStore(old)
    try:
        store.copy_to(new / STORE_FILE)
    finally:
        store.close()
    copy = DecisionStore(new)
    try:
        corpus_dir = new / folders.CORPUS_DIR
        corpus = Corpus.load(corpus_dir) if Corpus.is_corpus_dir(corpus_dir) else None
        write_reviewed(new, copy, corpus)
    finally:
        copy.close()
    return True


def refresh_reviewed(folder: PathLike) -> Path:
    """Rewrite ``folder/reviewed.csv`` from ``folder/review.sqlite`` (after a server was killed
    before its background write, the file may lag one decision behind the database)."""
    from vnqual.corpus import Corpus

    folder = Path(folder)
    store = DecisionStore(folder)
    try:
        corpus_dir = folder / folders.CORPUS_DIR
        corpus = Corpus.load(corpus_dir) if Corpus.is_corpus_dir(corpus_dir) else None
        return write_reviewed(folder, store, corpus)
    finally:
        store.close()
