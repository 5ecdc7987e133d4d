"""The ``vnqual review`` job: export the decisions, or serve the review app until stopped."""

from __future__ import annotations

import getpass
import os
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vnqual.jobs.folders import REVIEWED_FILE
from vnqual.types import PathLike

#: Reviewer name when none is given and none can be asked for.
FALLBACK_REVIEWER = "reviewer"


def default_reviewer() -> str:
    """``$VNQUAL_REVIEWER``, else the login name (``$USER``), else ``reviewer``."""
    name = os.environ.get("VNQUAL_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser().strip() or FALLBACK_REVIEWER
    except (OSError, KeyError, ImportError):
        return FALLBACK_REVIEWER


@dataclass
class ReviewSummary:
    """What a review job did: the folder, counts and (when serving) the URL."""

    folder: Path
    n_excerpts: int
    n_reviewed: int
    reviewed_csv: Path | None
    url: str | None = None
    n_orphans: int = 0


def export_review(path: PathLike) -> ReviewSummary:
    """Write ``DIR/reviewed.csv`` from ``DIR/review.sqlite`` (``vnqual review DIR --export``)."""
    from vnqual.review import DecisionStore, Filters, Queue, ReviewFolder, write_reviewed

    folder = ReviewFolder(path)
    store = DecisionStore(folder.path)
    queue = Queue(folder, store)
    out = write_reviewed(folder.path, store, folder.corpus)
    progress = queue.progress(Filters())
    orphans = len(queue.orphans())
    store.close()
    return ReviewSummary(folder.path, progress.total, progress.reviewed, out, n_orphans=orphans)


def serve_review(
    path: PathLike,
    *,
    reviewer: str,
    host: str = "127.0.0.1",
    port: int = 0,
    open_browser: bool = True,
    on_ready: Callable[[ReviewSummary], None] | None = None,
    deidentify: bool = False,
    key: PathLike | None = None,
) -> ReviewSummary:
    """Serve the review of ``path`` until interrupted; ``on_ready`` is called with the URL first.

    With ``deidentify`` the pages show only pseudonyms (speakers, statements, context, documents,
    metadata, evidence, memos); ``key`` is the pseudonym key to use and extend. Decisions stay keyed
    by the original statement_id + code, and ``DIR/reviewed.csv`` keeps the original text (``DIR``
    is the team's folder; share ``vnqual export DIR --reviewed-only --deidentify`` instead).

    Raises
    ------
    vnqual.errors.InputError
        Not a ``vnqual tag`` folder, port in use, bad host, ``key`` without ``deidentify``.
    vnqual.review.StoreError
        review.sqlite is corrupt or locked.
    """
    from vnqual.review import Filters
    from vnqual.review._app import make_state
    from vnqual.review._server import make_server

    state = make_state(path, reviewer=reviewer, deidentify=deidentify, key=key)
    server = make_server(state, host=host, port=port)
    progress = state.queue.progress(Filters())
    summary = ReviewSummary(
        state.folder.path,
        progress.total,
        progress.reviewed,
        state.folder.path / REVIEWED_FILE,
        server.url,
        n_orphans=len(state.queue.orphans()),
    )
    if on_ready is not None:
        on_ready(summary)
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
        state.flush()  # reviewed.csv up to date before the process ends
    return summary
