"""``vnqual review --deidentify``: the review app shows pseudonyms, decisions keep the original ids.

The folder's corpus is de-identified once at start (:func:`vnqual.deid.deidentify_corpus`, the same
hook as ``export``/``report --deidentify``, so one key gives one person the same pseudonym
everywhere). The browser sees the de-identified statements, speakers, documents, metadata and
keyword spans; decisions are taken on row numbers and stored by the ORIGINAL ``statement_id`` +
``code``, so they stay valid with or without ``--deidentify``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from vnqual.review._queue import ReviewFolder
from vnqual.types import DOC_ID, STATEMENT_ID, PathLike

if TYPE_CHECKING:
    from vnqual.deid import DeidResult


def deidentify_folder(
    folder: ReviewFolder,
    *,
    key: PathLike | None = None,
) -> DeidResult:
    """Make ``folder`` show only pseudonyms (in place); returns the de-identification.

    Parameters
    ----------
    folder : ReviewFolder
        A read ``vnqual tag`` folder; its corpus (and what is written to reviewed.csv) is unchanged.
    key : path-like, optional
        Pseudonym key (``deid-key.csv``) to read if it exists and to extend with new names.
    """
    from vnqual.deid import deidentify_corpus, map_positions

    result = deidentify_corpus(folder.corpus, key=key)
    original = folder.corpus.frame
    doc_of = dict(zip(original[STATEMENT_ID].tolist(), original[DOC_ID].astype(str).tolist()))
    by_doc: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
    cols = ["orig_start", "orig_end", "new_start", "new_end"]
    for doc, a, b, c, d in result.offset_map[[DOC_ID, *cols]].itertuples(index=False, name=None):
        by_doc[str(doc)].append((int(a), int(b), int(c), int(d)))
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for (sid, code), pairs in folder.spans.items():
        rows = by_doc.get(result.doc_ids.get(doc_of.get(sid, ""), ""), [])
        starts = map_positions([s for s, _ in pairs], rows, side="start")
        ends = map_positions([e for _, e in pairs], rows, side="end")
        spans[(sid, code)] = list(zip(starts, ends))
    scrub = result.scrub if result.scrub is not None else (lambda text: text)
    folder.show_instead(result.corpus.frame, spans=spans, ids=result.statement_ids, scrub=scrub)
    return result
