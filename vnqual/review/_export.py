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
from pathlib import Path

from vnqual._fs import atomic_write
from vnqual.corpus import Corpus
from vnqual.review._store import CHANGED, MEMO, DecisionStore, latest
from vnqual.types import STATEMENT_ID, TEXT, PathLike

#: File name of the exported decisions inside a ``vnqual tag`` folder.
REVIEWED_FILE = "reviewed.csv"
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


def reviewed_rows(store: DecisionStore, corpus: Corpus | None) -> list[dict[str, str]]:
    """The rows of reviewed.csv (see the module docstring), in corpus order then code."""
    texts: dict[str, str] = {}
    order: dict[str, int] = {}
    if corpus is not None:
        texts = dict(zip(corpus.frame[STATEMENT_ID], corpus.frame[TEXT]))
        order = {sid: i for i, sid in enumerate(corpus.frame[STATEMENT_ID])}
    rows = []
    for (sid, code), (status, memo) in latest(store.decisions()).items():
        if status is None and not memo:
            continue  # everything on it was undone
        if status is None:
            row = {"code": code, "decision": MEMO, "reviewer": "", "time": "", "old_code": ""}
            last_memo = next(
                d for d in reversed(store.history(sid, code)) if d.decision == MEMO and not d.undone
            )
            row.update(reviewer=last_memo.reviewer, time=last_memo.time)
        else:
            changed = status.decision == CHANGED
            row = {
                "code": status.new_code if changed else code,
                "decision": status.decision,
                "reviewer": status.reviewer,
                "time": status.time,
                "old_code": code if changed else "",
            }
        rows.append({STATEMENT_ID: sid, TEXT: texts.get(sid, ""), "memo": memo, **row})
    rows.sort(key=lambda r: (order.get(r[STATEMENT_ID], len(order)), r[STATEMENT_ID], r["code"], r["time"]))
    return rows


def write_reviewed(folder: PathLike, store: DecisionStore, corpus: Corpus | None) -> Path:
    """Write ``folder/reviewed.csv`` from the store, atomically; returns its path."""
    from vnqual.export._safe import guard_cell

    path = Path(folder) / REVIEWED_FILE
    rows = reviewed_rows(store, corpus)
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(REVIEWED_COLUMNS)
        for row in rows:
            writer.writerow([guard_cell(row[c]) for c in REVIEWED_COLUMNS])
    return path
