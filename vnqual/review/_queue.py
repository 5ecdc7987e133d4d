"""What there is to review in a ``vnqual tag`` folder, in which order, and how far the review got.

:class:`ReviewFolder` reads the folder once (codes.csv, hits.csv, codebook.json, corpus/);
:class:`Queue` joins its excerpts with the decisions of the store, orders and filters them, and
counts progress. Statuses are refreshed incrementally from the store's change counter, so a
decision taken in another tab or by another server shows up on the next page.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual.codings import MACHINE_METHODS
from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.jobs import folders
from vnqual.review._store import (
    ACCEPTED,
    ADDED,
    CHANGED,
    FLAGGED,
    MEMO,
    REJECTED,
    Decision,
    DecisionStore,
)
from vnqual.types import DOC_ID, END_CHAR, SPEAKER, START_CHAR, STATEMENT_ID, TEXT, PathLike

CODES_FILE, HITS_FILE, CODEBOOK_FILE, CORPUS_DIR = (
    folders.CODES_FILE,
    folders.HITS_FILE,
    folders.CODEBOOK_FILE,
    folders.CORPUS_DIR,
)
SITE = "site"
#: Queue orders: lowest score first (default), or grouped by code, speaker, document or site.
ORDERS: tuple[str, ...] = ("score", "code", "speaker", "document", "site")
#: Status filters: ``open`` = not decided yet (default), ``decided`` = any decision.
STATUSES: tuple[str, ...] = ("open", "all", "decided", ACCEPTED, REJECTED, CHANGED, FLAGGED)
_METHOD_RANK = {"model": 0, "keyword+model": 1, "keyword": 1, "human": 2}
_TRUE = {"1", "true", "yes", "y", "x", "có"}


def _applies(values: pd.Series) -> np.ndarray:
    """The ``applies`` column of newer codes.csv files as booleans (absent: every row applies)."""
    return np.array([str(v).strip().lower() in _TRUE for v in values], dtype=bool)


def _read_codes(file: Path) -> pd.DataFrame:
    """codes.csv as text columns (guard removed), ``score`` as numbers; one clear error if unreadable."""
    from vnqual.codings import unguard_codings

    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError(f"{file}: not a readable codes.csv ({first}); re-run `vnqual tag`") from None
    frame = unguard_codings(frame)
    if "score" in frame.columns:
        frame["score"] = pd.to_numeric(frame["score"], errors="coerce")
    for col in (START_CHAR, END_CHAR):
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(0).astype(int)
    return frame


class ReviewFolder:
    """The parts of a ``vnqual tag --out DIR`` folder the review needs, read once.

    Tolerates codes.csv files with extra columns (``rank``, ``applies``, metadata).

    Raises
    ------
    InputError
        ``path`` is not a ``vnqual tag`` output folder (names what is missing).
    """

    def __init__(self, path: PathLike) -> None:
        from vnqual.codings import codes_from_codebook_json

        self.path = Path(path)
        if not self.path.is_dir():
            raise InputError(f"{self.path}: no such folder; give the --out folder of `vnqual tag`")
        missing = [n for n in (CODES_FILE, CORPUS_DIR) if not (self.path / n).exists()]
        if missing:
            raise InputError(
                f"{self.path}: not a `vnqual tag` output (no {' or '.join(missing)}); "
                f"run `vnqual tag ... --out {self.path}` first"
            )
        self.corpus = Corpus.load(self.path / CORPUS_DIR)
        codes = _read_codes(self.path / CODES_FILE)
        for col in (STATEMENT_ID, "code"):
            if col not in codes.columns:
                raise InputError(f"{self.path / CODES_FILE}: no {col} column; re-run `vnqual tag`")
        codes = codes.drop_duplicates([STATEMENT_ID, "code"]).reset_index(drop=True)
        known = set(self.corpus.frame[STATEMENT_ID])
        codes = codes[codes[STATEMENT_ID].isin(known)].reset_index(drop=True)
        if "score" not in codes.columns:
            codes["score"] = np.nan
        for col in ("method", "evidence"):
            if col not in codes.columns:
                codes[col] = ""
        codes["applies"] = _applies(codes["applies"]) if "applies" in codes.columns else True
        self.codes = codes
        book = self.path / CODEBOOK_FILE
        names = list(codes_from_codebook_json(book)["code"]) if book.is_file() else []
        self.code_names = names + [c for c in pd.unique(codes["code"]) if c not in names]
        ids = self.corpus.frame[STATEMENT_ID].tolist()
        self.position = {sid: i for i, sid in enumerate(ids)}
        self.texts = (dict(zip(ids, self.corpus.frame[TEXT].tolist())), self.position)
        #: Shown instead of the original text of a statement id, document, folder or memo (identity
        #: unless :meth:`show_instead` gave a de-identified view).
        self.scrub: Callable[[str], str] = _same
        self.shown_ids: dict[str, str] = {}
        self.name = self.path.name
        self.spans = self._spans()
        self._show(self.corpus.frame)

    def _show(self, frame: pd.DataFrame) -> None:
        """Statements as the browser sees them (``frame``: row for row the corpus, indexed by the
        ORIGINAL statement id, so decisions stay keyed by it)."""
        self.shown = frame
        self.statements = frame.set_index(pd.Index(self.corpus.frame[STATEMENT_ID], name=None), drop=False)
        self.speakers = sorted({str(s) for s in frame[SPEAKER].tolist() if str(s)})
        self._lists: dict[str, list[Any]] = {}

    def show_instead(
        self,
        frame: pd.DataFrame,
        *,
        spans: dict[tuple[str, str], list[tuple[int, int]]],
        ids: Mapping[str, str],
        scrub: Callable[[str], str],
    ) -> None:
        """Show ``frame`` (the statements, row for row, e.g. de-identified) instead of the corpus.

        ``spans``: keyword spans in ``frame``'s offsets; ``ids``: original -> shown statement id;
        ``scrub``: applied to other shown text (evidence, memos, messages, folder name). What is
        stored (decisions, reviewed.csv) keeps the original statement ids and texts.
        """
        if len(frame) != len(self.corpus.frame):
            raise ValueError(f"frame: {len(frame)} rows, the corpus has {len(self.corpus.frame)}")
        self.spans = spans
        self.shown_ids = dict(ids)
        self.scrub = scrub
        self.name = scrub(self.path.name)
        self._show(frame.reset_index(drop=True))

    def shown_id(self, statement_id: str) -> str:
        """The statement id the browser shows for ``statement_id``."""
        sid = self.shown_ids.get(statement_id)
        return sid if sid is not None else self.scrub(statement_id)

    def shown_message(self, message: str) -> str:
        """``message`` with original statement ids and names replaced as shown."""
        for old, new in self.shown_ids.items():
            if old != new and old in message:
                message = message.replace(old, new)
        return self.scrub(message)

    def _spans(self) -> dict[tuple[str, str], list[tuple[int, int]]]:
        """Keyword spans per (statement, code), in source offsets, vetoed matches left out."""
        out: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        file = self.path / HITS_FILE
        if not file.is_file():
            return out
        hits = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if not {STATEMENT_ID, "code", START_CHAR, END_CHAR} <= set(hits.columns):
            return out
        from vnqual.tables import unguard_frame

        hits = unguard_frame(hits)
        vetoed = hits["excluded_by"] != "" if "excluded_by" in hits.columns else pd.Series(False, hits.index)
        hits = hits[~vetoed]
        cols = (
            hits[STATEMENT_ID].tolist(),
            hits["code"].tolist(),
            hits[START_CHAR].tolist(),
            hits[END_CHAR].tolist(),
        )
        for sid, code, s, e in zip(*cols):
            if s.isdigit() and e.isdigit():
                out[(sid, code)].append((int(s), int(e)))
        return out

    def _list(self, column: str) -> list[Any]:
        """A column of the statements as a plain list (built once; fast to index)."""
        if column not in self._lists:
            self._lists[column] = self.shown[column].tolist()
        return self._lists[column]

    def context(self, statement_id: str, before: int = 2, after: int = 2) -> tuple[list[Any], list[Any]]:
        """Statements before and after ``statement_id`` in the same document
        (dicts with ``statement_id``, ``speaker``, ``text``)."""
        docs, ids, speakers, texts = (self._list(c) for c in (DOC_ID, STATEMENT_ID, SPEAKER, TEXT))
        i = self.position[statement_id]

        def rec(k: int) -> dict[str, Any]:
            return {STATEMENT_ID: ids[k], SPEAKER: speakers[k], TEXT: texts[k]}

        lo, hi = max(0, i - before), min(len(ids), i + after + 1)
        return (
            [rec(k) for k in range(lo, i) if docs[k] == docs[i]],
            [rec(k) for k in range(i + 1, hi) if docs[k] == docs[i]],
        )

    def highlights(self, statement_id: str, code: str, evidence: str = "") -> list[tuple[str, str]]:
        """The statement text cut into (piece, kind) pairs: kind ``kw`` for keyword spans of
        ``code``, ``feat`` for words the model named as evidence, ``""`` for plain text."""
        k = self.position[statement_id]
        text, start = str(self._list(TEXT)[k]), int(self._list(START_CHAR)[k])
        marks = np.zeros(len(text), dtype=np.int8)
        for s, e in self.spans.get((statement_id, code), ()):
            marks[max(0, s - start) : max(0, e - start)] = 2
        for word in model_features(evidence):
            for m in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
                seg = marks[m.start() : m.end()]
                seg[seg == 0] = 1
        pieces: list[tuple[str, str]] = []
        kinds = {0: "", 1: "feat", 2: "kw"}
        i = 0
        while i < len(text):
            j = i
            while j < len(text) and marks[j] == marks[i]:
                j += 1
            pieces.append((text[i:j], kinds[int(marks[i])]))
            i = j
        return pieces


def _same(text: str) -> str:
    return text


def model_features(evidence: str) -> list[str]:
    """Words of ``top features a(+0.5), b_c(+0.2)`` in a model's evidence, as written in text.

    Examples
    --------
    >>> model_features("model: 0.83; top features kinh_phí(+1.20), về công_tác(+0.03)")
    ['kinh phí', 'về công tác']
    """
    m = re.search(r"top features (.*?)(?:;|$)", evidence)
    if not m:
        return []
    out = []
    for item in m.group(1).split(", "):
        word = re.sub(r"\([+-][0-9.]+\)$", "", item.strip()).replace("_", " ").strip()
        if len(word) > 1:
            out.append(word)
    return out


@dataclass(frozen=True)
class Filters:
    """Queue order and filters, as given in the page's query string."""

    order: str = "score"
    status: str = "open"
    code: str = ""
    speaker: str = ""
    site: str = ""
    min_score: float | None = None
    max_score: float | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """Read filters from a query string; unknown or malformed values fall back to defaults."""

        def number(name: str) -> float | None:
            try:
                value = float(args.get(name, ""))
            except ValueError:
                return None
            return value if math.isfinite(value) else None

        order = args.get("order", "score")
        status = args.get("status", "open")
        return cls(
            order=order if order in ORDERS else "score",
            status=status if status in STATUSES else "open",
            code=args.get("code", ""),
            speaker=args.get("speaker", ""),
            site=args.get("site", ""),
            min_score=number("min_score"),
            max_score=number("max_score"),
        )

    def to_args(self) -> dict[str, str]:
        """The non-default filters as query-string arguments."""
        default = Filters()
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name) and value is not None:
                out[f.name] = f"{value:g}" if isinstance(value, float) else str(value)
        return out


@dataclass
class Progress:
    """Counts for the progress line: ``reviewed`` of ``total`` excerpts (and of the filtered)."""

    total: int
    reviewed: int
    flagged: int
    in_queue: int
    open_in_queue: int


@dataclass
class Queue:
    """The excerpts of a folder with their current review status.

    Parameters
    ----------
    folder : ReviewFolder
    store : DecisionStore
    """

    folder: ReviewFolder
    store: DecisionStore
    status: np.ndarray = field(init=False)
    memo: list[str] = field(init=False)
    decided_by: list[Decision | None] = field(init=False)

    def __post_init__(self) -> None:
        codes = self.folder.codes
        n = len(codes)
        self.sid = np.array(codes[STATEMENT_ID].tolist(), dtype=object)
        self.code = np.array(codes["code"].tolist(), dtype=object)
        self.keys = list(zip(self.sid.tolist(), self.code.tolist()))
        self.index = {k: i for i, k in enumerate(self.keys)}
        self._rows_of: dict[str, list[int]] = defaultdict(list)
        for i, (sid, _) in enumerate(self.keys):
            self._rows_of[sid].append(i)
        score = pd.to_numeric(codes["score"], errors="coerce").to_numpy(dtype=float)
        self.score = score
        self.method = np.array(codes["method"].astype(str).tolist(), dtype=object)
        self.applies = codes["applies"].to_numpy(dtype=bool)
        st = self.folder.statements
        self.speaker = st[SPEAKER].reindex(self.sid).fillna("").astype(str).to_numpy(dtype=object)
        self.site = (
            st[SITE].reindex(self.sid).fillna("").astype(str).to_numpy(dtype=object)
            if SITE in st.columns
            else np.full(n, "", dtype=object)
        )
        self.status = np.full(n, "", dtype=object)
        self.memo = [""] * n
        self.decided_by = [None] * n
        self._orders = self._make_orders()
        self.sites = sorted({s for s in self.site.tolist() if s})
        self._seq = -1
        self._direct: dict[tuple[str, str], dict[int, Decision]] = defaultdict(dict)
        self._into: dict[tuple[str, str], dict[int, Decision]] = defaultdict(dict)
        self._by_statement: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.refresh()

    # ------------------------------------------------------------- ordering
    def _make_orders(self) -> dict[str, np.ndarray]:
        n = len(self.keys)
        pos = np.arange(n)
        score = np.where(np.isnan(self.score), -1.0, self.score)
        method = np.array([_METHOD_RANK.get(m, 3) for m in self.method])
        code_rank = {c: i for i, c in enumerate(self.folder.code_names)}
        code = np.array([code_rank.get(c, len(code_rank)) for c in self.code])
        statement = np.array([self.folder.position[s] for s in self.sid])
        speaker = pd.factorize(pd.Series(self.speaker).str.casefold(), sort=True)[0]
        site = pd.factorize(pd.Series(self.site), sort=True)[0]
        return {
            # np.lexsort: last key is the primary one
            "score": np.lexsort((pos, method, score)),
            "code": np.lexsort((pos, score, code)),
            "speaker": np.lexsort((pos, statement, speaker)),
            "document": np.lexsort((pos, statement)),
            "site": np.lexsort((pos, statement, site)),
        }

    def _mask(self, f: Filters, *, with_status: bool = True) -> np.ndarray:
        mask = np.ones(len(self.keys), dtype=bool)
        if f.code:
            mask &= self.code == f.code
        if f.speaker:
            mask &= self.speaker == f.speaker
        if f.site:
            mask &= self.site == f.site
        if f.min_score is not None:
            mask &= self.score >= f.min_score
        if f.max_score is not None:
            mask &= self.score <= f.max_score
        if with_status and f.status != "all":
            if f.status == "open":
                mask &= self.status == ""
            elif f.status == "decided":
                mask &= self.status != ""
            else:
                mask &= self.status == f.status
        return mask

    def ordered(self, f: Filters) -> np.ndarray:
        """Row numbers of the excerpts that pass ``f``, in its order."""
        order = self._orders[f.order]
        return order[self._mask(f)[order]]

    def first(self, f: Filters) -> int | None:
        """The first excerpt of the queue (None when nothing is left)."""
        rows = self.ordered(f)
        return int(rows[0]) if len(rows) else None

    def step(self, row: int, f: Filters, direction: int = 1) -> int | None:
        """The excerpt after (``direction=1``) or before (``-1``) ``row`` in the queue ``f``.

        ``row`` need not pass the status filter itself (it was just decided): the queue is
        walked from where it stands in the order.
        """
        order = self._orders[f.order]
        where = np.flatnonzero(order == row)
        if not len(where):
            return None
        pos = int(where[0])
        ok = self._mask(f)[order]
        if direction > 0:
            later = np.flatnonzero(ok[pos + 1 :])
            return int(order[pos + 1 + later[0]]) if len(later) else None
        earlier = np.flatnonzero(ok[:pos])
        return int(order[earlier[-1]]) if len(earlier) else None

    def position(self, row: int, f: Filters) -> tuple[int, int]:
        """(1-based place of ``row`` in the queue, 0 if it is not in it; queue length)."""
        rows = self.ordered(f)
        where = np.flatnonzero(rows == row)
        return (int(where[0]) + 1 if len(where) else 0), len(rows)

    # -------------------------------------------------------------- statuses
    def refresh(self) -> None:
        """Take in the decisions written since the last refresh (by anyone)."""
        seq = self.store.seq()
        if seq == self._seq:
            return
        touched: set[tuple[str, str]] = set()
        for d in self.store.decisions(since_seq=max(self._seq, 0)):
            self._direct[d.key][d.id] = d
            self._by_statement[d.statement_id].add(d.key)
            touched.add(d.key)
            if d.decision == CHANGED:
                target = (d.statement_id, d.new_code)
                self._into[target][d.id] = d
                touched.add(target)
        self._seq = seq
        for key in touched:
            i = self.index.get(key)
            if i is not None:
                self._fold(i, key)

    def _fold(self, i: int, key: tuple[str, str]) -> None:
        status: Decision | None = None
        memo = ""
        for d in sorted(self._direct.get(key, {}).values(), key=lambda d: d.id):
            if d.undone:
                continue
            if d.decision == MEMO:
                memo = d.memo
            else:
                status = d
                memo = d.memo or memo
        label = status.decision if status else ""
        if status is None:  # changed into this code elsewhere, e.g. after a re-run of tag
            into = [d for d in self._into.get(key, {}).values() if not d.undone]
            if into:
                status = max(into, key=lambda d: d.id)
                label = CHANGED
        self.status[i] = label
        self.memo[i] = memo
        self.decided_by[i] = status

    def progress(self, f: Filters) -> Progress:
        """How many excerpts are reviewed, overall and in the queue ``f``."""
        reviewed = self.status != ""
        in_queue = self._mask(replace(f, status="all"))
        return Progress(
            total=len(self.keys),
            reviewed=int(reviewed.sum()),
            flagged=int((self.status == FLAGGED).sum()),
            in_queue=int(in_queue.sum()),
            open_in_queue=int((in_queue & ~reviewed).sum()),
        )

    def version(self, row: int) -> int:
        """The store's version of the excerpt (for the optimistic check of the next decision)."""
        return self.store.version(*self.keys[row])

    def added(self, statement_id: str) -> list[Decision]:
        """Codes reviewers added to a statement (not undone)."""
        out = []
        for key in self._by_statement.get(statement_id, ()):
            ds = self._direct[key]
            alive = [
                d for d in sorted(ds.values(), key=lambda d: d.id) if not d.undone and d.decision != MEMO
            ]
            if alive and alive[-1].decision == ADDED:
                out.append(alive[-1])
        return out

    def rows_of(self, statement_id: str) -> list[int]:
        """Excerpt rows of one statement (all its suggested codes)."""
        return list(self._rows_of.get(statement_id, ()))

    # --------------------------------------------------------------- summary
    def summary(self) -> pd.DataFrame:
        """Per code: suggested, accepted, rejected, changed (away), added, flagged, open, and
        ``precision`` of the automatic suggestions decided so far (accepted / decided).

        Rows of codes.csv whose ``applies`` is false (candidates below the threshold) are
        counted as suggestions but left out of the precision.
        """
        auto = np.isin(self.method, MACHINE_METHODS) & self.applies
        rows = []
        added = self._added_counts()
        for code in self.folder.code_names:
            m = self.code == code
            st = self.status[m]
            acc = int((st == ACCEPTED).sum())
            rej = int((st == REJECTED).sum())
            chg = int((st == CHANGED).sum())
            a_st = self.status[m & auto]
            a_acc = int((a_st == ACCEPTED).sum())
            a_dec = int(np.isin(a_st, (ACCEPTED, REJECTED, CHANGED)).sum())
            rows.append(
                {
                    "code": code,
                    "suggested": int(m.sum()),
                    ACCEPTED: acc,
                    REJECTED: rej,
                    CHANGED: chg,
                    ADDED: added.get(code, 0),
                    FLAGGED: int((st == FLAGGED).sum()),
                    "open": int((st == "").sum()),
                    "precision": round(a_acc / a_dec, 3) if a_dec else float("nan"),
                    "n_decided_auto": a_dec,
                    "n_accepted_auto": a_acc,
                }
            )
        return pd.DataFrame(rows)

    def _added_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for ds in self._direct.values():
            alive = [
                d for d in sorted(ds.values(), key=lambda d: d.id) if not d.undone and d.decision != MEMO
            ]
            if alive and alive[-1].decision == ADDED:
                counts[alive[-1].code] += 1
        for ds in self._into.values():
            alive = [d for d in ds.values() if not d.undone]
            if alive:
                counts[max(alive, key=lambda d: d.id).new_code] += 1
        return counts

    def orphans(self) -> list[dict[str, str]]:
        """Decisions whose excerpt is gone after a re-run of ``vnqual tag``.

        One dict per excerpt: ``statement_id, code, decision, reviewer, memo, why``. A rejected
        or changed-away suggestion that is no longer made is not an orphan (the re-run agrees
        with the reviewer); neither is an added code of a statement that still exists.
        """
        out = []
        for key, ds in sorted(self._direct.items()):
            if key in self.index:
                continue
            alive = [d for d in sorted(ds.values(), key=lambda d: d.id) if not d.undone]
            if not alive:
                continue
            status = next((d for d in reversed(alive) if d.decision != MEMO), None)
            memo = next((d.memo for d in reversed(alive) if d.memo), "")
            if key[0] not in self.folder.position:
                why = "statement no longer in the corpus"
            elif status is None or status.decision in (ACCEPTED, FLAGGED):
                why = "code no longer suggested for this statement"
            else:
                continue
            out.append(
                {
                    STATEMENT_ID: key[0],
                    "code": key[1],
                    "decision": status.decision if status else MEMO,
                    "reviewer": (status or alive[-1]).reviewer,
                    "memo": memo,
                    "why": why,
                }
            )
        return out
