"""Closing the loop: what a reviewer accepted as codings, and automatic vs reviewed agreement.

Used by ``vnqual export DIR --reviewed-only`` (:func:`reviewed_codings`) and ``vnqual agree DIR``
with no second argument (:func:`compare_reviewed`). ``vnqual tag --train DIR`` reads
``reviewed.csv`` itself (:mod:`vnqual.codebook._train`).
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual.agreement import COLUMNS as AGREEMENT_COLUMNS
from vnqual.codings import MACHINE_METHODS
from vnqual.errors import InputError, VnqualWarning
from vnqual.review._queue import ReviewFolder
from vnqual.review._store import ACCEPTED, ADDED, CHANGED, REJECTED, STORE_FILE, Decision, DecisionStore
from vnqual.types import DOC_ID, END_CHAR, START_CHAR, STATEMENT_ID, PathLike

#: Columns of :func:`compare_reviewed`: those of :func:`vnqual.agreement.compare`, then
#: ``precision`` (share of automatic codes the reviewer kept) and ``recall`` (share of the
#: reviewed codes the automatic coding found).
REVIEW_AGREEMENT_COLUMNS: tuple[str, ...] = (*AGREEMENT_COLUMNS, "precision", "recall")
_JUDGED = (ACCEPTED, REJECTED, CHANGED, ADDED)


def _decisions(path: Path) -> tuple[ReviewFolder, dict[tuple[str, str], tuple[Decision | None, str]]]:
    if not (path / STORE_FILE).is_file():
        raise InputError(f"{path}: not reviewed yet (no {STORE_FILE}); run `vnqual review {path}` first")
    folder = ReviewFolder(path)
    store = DecisionStore(path)
    try:
        current = store.current()
    finally:
        store.close()
    return folder, current


def reviewed_codings(path: PathLike) -> pd.DataFrame:
    """The codings a reviewer accepted: accepted excerpts, the codes changed to, added codes.

    One row per coding with ``doc_id, code, start_char, end_char, statement_id, coder`` (the
    reviewer), ``method`` (``reviewed``), ``evidence`` (decision and the original suggestion)
    and ``memo``. Spans are those of the excerpt in codes.csv (added codes: the statement).
    Decisions on statements no longer in the corpus are skipped with a warning.
    """
    path = Path(path)
    folder, current = _decisions(path)
    c = folder.codes
    suggested = {
        (sid, code): (int(start), int(end), str(method), float(score))
        for sid, code, start, end, method, score in zip(
            c[STATEMENT_ID].tolist(),
            c["code"].tolist(),
            c[START_CHAR].tolist(),
            c[END_CHAR].tolist(),
            c["method"].tolist(),
            pd.to_numeric(c["score"], errors="coerce").tolist(),
        )
    }
    frame = folder.corpus.frame
    where = {
        sid: (str(doc), int(start), int(end))
        for sid, doc, start, end in zip(
            frame[STATEMENT_ID].tolist(),
            frame[DOC_ID].tolist(),
            frame[START_CHAR].tolist(),
            frame[END_CHAR].tolist(),
        )
    }
    rows: list[dict[str, Any]] = []
    skipped = 0
    for (sid, code), (status, memo) in current.items():
        if status is None or status.decision not in (ACCEPTED, CHANGED, ADDED):
            continue
        if sid not in where:
            skipped += 1
            continue
        doc, *span = where[sid]
        original = ""
        if (sid, code) in suggested:
            start, end, method, score = suggested[(sid, code)]
            span = [start, end]
            shown = f" {score:.2f}" if not math.isnan(score) else ""
            original = f"; suggested {code} ({method}{shown})"
        rows.append(
            {
                DOC_ID: doc,
                "code": status.new_code if status.decision == CHANGED else code,
                START_CHAR: span[0],
                END_CHAR: span[1],
                STATEMENT_ID: sid,
                "coder": status.reviewer,
                "method": "reviewed",
                "evidence": f"{status.decision} by {status.reviewer} {status.time}{original}",
                "memo": memo,
            }
        )
    if skipped:
        warnings.warn(
            f"{path}: skipped {skipped} accepted coding(s) of statements no longer in the corpus",
            VnqualWarning,
            stacklevel=2,
        )
    columns = [DOC_ID, "code", START_CHAR, END_CHAR, STATEMENT_ID, "coder", "method", "evidence", "memo"]
    frame = pd.DataFrame(rows, columns=columns)
    order = {sid: i for i, sid in enumerate(folder.corpus.frame[STATEMENT_ID])}
    frame["_o"] = frame[STATEMENT_ID].map(order)
    return frame.sort_values(["_o", "code"], kind="stable").drop(columns="_o").reset_index(drop=True)


def compare_reviewed(path: PathLike) -> pd.DataFrame:
    """Automatic codes (A) against the reviewer's (B), per code, on the reviewed statements.

    Units: statements with at least one accept/reject/change/add decision. For a code, a
    statement where that code was suggested but not decided yet (open or flagged) is left out,
    so an unjudged suggestion counts neither for nor against it. A = the keyword/model
    suggestions; B = accepted suggestions, codes changed to and codes added.

    Returns
    -------
    pandas.DataFrame
        :data:`REVIEW_AGREEMENT_COLUMNS`, level ``statement``, then a pooled ``(all codes)`` row.
    """
    from vnqual.agreement import ALL_CODES, scores

    path = Path(path)
    folder, current = _decisions(path)
    codes = folder.codes
    machine = codes["method"].isin(MACHINE_METHODS).to_numpy()
    auto_mask = machine & codes["applies"].to_numpy(dtype=bool)
    auto: dict[str, set[str]] = {}
    for sid, code in zip(codes[STATEMENT_ID][auto_mask], codes["code"][auto_mask]):
        auto.setdefault(sid, set()).add(code)
    human: dict[str, set[str]] = {}
    judged: set[tuple[str, str]] = set()
    units: set[str] = set()
    for (sid, code), (status, _) in current.items():
        if status is None or status.decision not in _JUDGED or sid not in folder.position:
            continue
        units.add(sid)
        judged.add((sid, code))
        if status.decision in (ACCEPTED, ADDED):
            human.setdefault(sid, set()).add(code)
        elif status.decision == CHANGED:
            human.setdefault(sid, set()).add(status.new_code)
            judged.add((sid, status.new_code))
    if not units:
        raise InputError(f"{path}: no excerpt accepted, rejected, changed or added yet; review some first")
    rows = []
    pooled = np.zeros(4, dtype=np.int64)
    for code in folder.code_names:
        unit = [s for s in units if not (code in auto.get(s, ()) and (s, code) not in judged)]
        n_a = sum(code in auto.get(s, ()) for s in unit)
        n_b = sum(code in human.get(s, ()) for s in unit)
        n_both = sum(code in auto.get(s, ()) and code in human.get(s, ()) for s in unit)
        pooled += (len(unit), n_a, n_b, n_both)
        rows.append(_row(code, len(unit), n_a, n_b, n_both, scores))
    n, n_a, n_b, n_both = (int(v) for v in pooled)
    rows.append(_row(ALL_CODES, n, n_a, n_b, n_both, scores))
    return pd.DataFrame(rows, columns=list(REVIEW_AGREEMENT_COLUMNS))


def _row(code: str, n: int, n_a: int, n_b: int, n_both: int, scores: Any) -> dict[str, Any]:
    agreement, kappa, f1 = scores(n, n_a, n_b, n_both)
    return {
        "code": code,
        "level": "statement",
        "agreement_pct": agreement,
        "kappa": kappa,
        "f1": f1,
        "n_a": n_a,
        "n_b": n_b,
        "n_both": n_both,
        "n_units": n,
        "precision": n_both / n_a if n_a else math.nan,
        "recall": n_both / n_b if n_b else math.nan,
    }
