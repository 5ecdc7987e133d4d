"""Inter-coder agreement between two codings (automatic vs human, or human vs human).

Two levels, per code:

- **statement**: each statement is one unit; it counts as coded by a coder when any of the
  coder's codings of that code overlaps it. Units are, in order of preference: the statements of
  the corpus (``corpus=`` or the ``corpus/`` folder next to a codes.csv), the statements vnqual
  stored as speaker-case selections in a ``.qdpx``, else the non-blank lines (paragraphs) of the
  source texts.
- **character**: each character of the compared documents is one unit, as in NVivo's Coding
  Comparison query; pooled over all documents rather than averaged per source.

For each code: ``agreement_pct`` = share of units both coders treated alike (coded or not),
``kappa`` = Cohen's kappa, ``f1`` = F1 of B against A (= Dice overlap; symmetric), ``n_a``/``n_b``
units coded by A/B, ``n_both`` by both, ``n_units`` all units. Kappa is NaN when it is undefined
(both coders used the code on every unit or on none); F1 is NaN when neither used the code.
The row ``(all codes)`` pools every (unit, code) pair.

A ``vnqual tag`` codes.csv lists scored codes; only rows with ``applies`` true count as codings
(older tables without the column: every row).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual.coded import Coded, load_coded, load_corpus_dir
from vnqual.codings import (
    CODE,
    CODE_PATH,
    CODER,
    StatementsNeeded,
    applying,
    attach_corpus,
    codes_from_codings,
    overlap_pairs,
)
from vnqual.corpus import Corpus
from vnqual.errors import InputError, VnqualWarning
from vnqual.types import DOC_ID, END_CHAR, START_CHAR, STATEMENT_ID, PathLike

LEVELS: tuple[str, ...] = ("statement", "character")
ALL_CODES = "(all codes)"
COLUMNS: tuple[str, ...] = (
    "code",
    "level",
    "agreement_pct",
    "kappa",
    "f1",
    "n_a",
    "n_b",
    "n_both",
    "n_units",
)


def compare(
    a: PathLike | pd.DataFrame | Coded,
    b: PathLike | pd.DataFrame | Coded,
    *,
    corpus: Corpus | PathLike | None = None,
    coder_a: str | None = None,
    coder_b: str | None = None,
    levels: Sequence[str] = LEVELS,
    codes: Iterable[str] | None = None,
    all_units: bool = False,
    max_bytes: int | None = None,
) -> pd.DataFrame:
    """Agreement between codings ``a`` and ``b``, per code and level.

    Parameters
    ----------
    a, b : path-like, pandas.DataFrame or Coded
        A ``vnqual tag`` folder, a codes.csv-like table (``doc_id, code, start_char,
        end_char``), a ``.qdpx`` project, or a codings DataFrame. The same file may be given
        twice with different ``coder_a``/``coder_b``.
    corpus : Corpus or path-like, optional
        Statements and canonical texts the offsets refer to (default: the ``corpus/`` folder
        next to a codes.csv, if any).
    coder_a, coder_b : str, optional
        Keep only the codings of this coder (``coder`` column / qdpx User name).
    levels : sequence of {"statement", "character"}
        Levels to compute.
    codes : iterable of str, optional
        Codes to compare (default: every code either side used).
    all_units : bool
        When a side is a hand-coding table (``statement_id, code`` rows, a blank code = looked at,
        no code) covering only some statements, the units are the statements it covers (both
        levels; both tables: the statements both cover), since the others were never coded by
        that side. ``True`` compares on every statement (the uncovered ones count as not coded).
    max_bytes : int, optional
        Bound on the uncompressed size of a ``.qdpx`` (default 200 MB).

    Returns
    -------
    pandas.DataFrame
        ``code, level, agreement_pct, kappa, f1, n_a, n_b, n_both, n_units``; ``attrs["units"]``
        says in one line which statements were compared when they were restricted.

    Examples
    --------
    >>> compare("ket_qua/ma_hoa", "toa_dam_nvivo.qdpx", coder_b="Lan")  # doctest: +SKIP
    """
    levels = [levels] if isinstance(levels, str) else list(levels)
    bad = [lv for lv in levels if lv not in LEVELS]
    if bad or not levels:
        raise InputError(
            f"unknown agreement level(s) {', '.join(bad) or '(none)'}; use {' or '.join(LEVELS)}"
        )
    if corpus is not None and not isinstance(corpus, Corpus):
        corpus = load_corpus_dir(corpus)
    try:
        side_a = _side(a, corpus, "A", max_bytes=max_bytes)
        side_b = _side(b, corpus, "B", statements_from=side_a.corpus, max_bytes=max_bytes)
    except StatementsNeeded:  # A is a statement_id, code table: B may bring the corpus
        side_b = _side(b, corpus, "B", max_bytes=max_bytes)
        side_a = _side(a, corpus, "A", statements_from=side_b.corpus, max_bytes=max_bytes)
    side_a, side_b = _by_coder(side_a, coder_a, "A"), _by_coder(side_b, coder_b, "B")
    # Only codings that apply count (``applies`` of vnqual tag; tables without it: every row).
    side_a = side_a._replace(codings=applying(side_a.codings))
    side_b = side_b._replace(codings=applying(side_b.codings))
    ref = corpus or side_a.corpus or side_b.corpus
    codings_a, codings_b, sources, units = _common_ground(side_a, side_b, ref)
    note = ""
    covered = None if all_units else _covered(a, b)
    if covered is not None:
        ids, files = covered
        units = units[units[STATEMENT_ID].astype(str).isin(ids)].reset_index(drop=True)
        codings_a, codings_b = _within(codings_a, units), _within(codings_b, units)
        note = f"compared on the {len(units)} statements coded in {' and '.join(files)}"
    codings_a, codings_b = _harmonise_codes(codings_a, codings_b)
    order = _code_order(side_a, side_b, codings_a, codings_b, codes)
    rows: list[dict[str, Any]] = []
    if "statement" in levels:
        rows += _statement_level(codings_a, codings_b, units, order)
    if "character" in levels:
        if sources:
            n_chars = int((units[END_CHAR] - units[START_CHAR]).sum()) if covered is not None else None
            rows += _character_level(codings_a, codings_b, sources, order, n_chars)
        else:
            warnings.warn(
                "no source texts known (give corpus=...); character level skipped",
                VnqualWarning,
                stacklevel=2,
            )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    if note:
        table.attrs["units"] = note
    return table


def hand_coded_statements(path: PathLike | pd.DataFrame | Coded) -> set[str] | None:
    """Statement ids listed in a ``statement_id, code`` hand-coding table; None for other codings."""
    if not isinstance(path, (str, Path)) or Path(path).is_dir() or Path(path).suffix.lower() != ".csv":
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError):
        return None
    if STATEMENT_ID not in frame.columns or CODE not in frame.columns or START_CHAR in frame.columns:
        return None
    return {s.strip().lstrip("'") for s in frame[STATEMENT_ID] if s.strip()}


def _covered(a: Any, b: Any) -> tuple[set[str], list[str]] | None:
    """Statements the hand-coding table(s) among ``a``, ``b`` cover, and their file names."""
    found = [(ids, Path(x).name) for x in (a, b) if (ids := hand_coded_statements(x)) is not None]
    if not found:
        return None
    ids = set.intersection(*(f[0] for f in found))
    return ids, list(dict.fromkeys(f[1] for f in found))


def _within(codings: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Codings clipped to the spans of ``units`` (parts outside every unit dropped)."""
    if not len(codings):
        return codings
    spans = units[[DOC_ID, START_CHAR, END_CHAR]].rename(columns={START_CHAR: "_s", END_CHAR: "_e"})
    pairs = codings.reset_index(drop=True).reset_index().merge(spans, on=DOC_ID)
    pairs[START_CHAR] = np.maximum(pairs[START_CHAR], pairs["_s"])
    pairs[END_CHAR] = np.minimum(pairs[END_CHAR], pairs["_e"])
    pairs = pairs[pairs[END_CHAR] > pairs[START_CHAR]]
    return pairs.drop(columns=["index", "_s", "_e"]).reset_index(drop=True)[list(codings.columns)]


def scores(n: int, n_a: int, n_b: int, n_both: int) -> tuple[float, float, float]:
    """(agreement %, Cohen's kappa, F1) of two binary codings from their counts.

    Equal to :func:`sklearn.metrics.cohen_kappa_score` / :func:`sklearn.metrics.f1_score` on
    the unit vectors, without building them (character level has millions of units).
    """
    if n <= 0:
        return math.nan, math.nan, math.nan
    neither = n - n_a - n_b + n_both
    p_o = (n_both + neither) / n
    p_e = (n_a * n_b + (n - n_a) * (n - n_b)) / (n * n)
    kappa = (p_o - p_e) / (1 - p_e) if abs(1 - p_e) > 1e-12 else math.nan
    f1 = 2 * n_both / (n_a + n_b) if n_a + n_b else math.nan
    return 100 * p_o, kappa, f1


# --------------------------------------------------------------------------- inputs
def _side(
    x: PathLike | pd.DataFrame | Coded,
    corpus: Corpus | None,
    label: str,
    *,
    statements_from: Corpus | None = None,
    max_bytes: int | None = None,
) -> Coded:
    if isinstance(x, Coded):
        return x
    if isinstance(x, pd.DataFrame):
        missing = [c for c in (DOC_ID, CODE, START_CHAR, END_CHAR) if c not in x.columns]
        if missing:
            raise InputError(f"codings {label} lack column(s) {', '.join(missing)}")
        codings = attach_corpus(x, corpus, file=label) if corpus is not None else x.copy()
        return Coded(
            codings,
            codes_from_codings(codings),
            corpus,
            dict(corpus.sources) if corpus else {},
            corpus.frame if corpus else None,
            label,
        )
    return load_coded(x, corpus=corpus, statements_from=statements_from, max_bytes=max_bytes)


def _by_coder(side: Coded, coder: str | None, label: str) -> Coded:
    if coder is None:
        return side
    codings = side.codings
    if CODER not in codings.columns:
        raise InputError(
            f"{side.file}: no coder column, so `coder_{label.lower()}` {coder!r} cannot be selected"
        )
    keep = codings[CODER].astype(str) == coder
    if not keep.any():
        coders = ", ".join(sorted(set(codings[CODER].astype(str))))
        raise InputError(f"{side.file}: no codings by coder {coder!r}; coders: {coders}")
    return side._replace(codings=codings[keep].reset_index(drop=True))


def _common_ground(
    a: Coded, b: Coded, ref: Corpus | None
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str], pd.DataFrame]:
    """Both codings on the same texts and documents, plus the statement units."""
    ca, cb = a.codings, b.codings
    if ref is not None:
        if a.corpus is not ref:
            ca = attach_corpus(ca, ref, file=a.file, sources=a.sources or None)
        if b.corpus is not ref:
            cb = attach_corpus(cb, ref, file=b.file, sources=b.sources or None)
        sources = dict(ref.sources)
    else:
        from vnqual._realign import realign

        sources = {**b.sources, **a.sources}
        if a.sources and b.sources:
            cb = realign(cb, b.sources, a.sources, file=b.file)
    cov_a = set(a.sources) if a.sources else set(ca[DOC_ID])
    cov_b = set(b.sources) if b.sources else set(cb[DOC_ID])
    if ref is not None:
        cov_a = cov_a & set(ref.sources) if a.sources else set(ref.sources)
        cov_b = cov_b & set(ref.sources) if b.sources else set(ref.sources)
    docs = cov_a & cov_b
    if not docs:
        raise InputError(
            f"{a.file} and {b.file} share no documents (A: "
            f"{', '.join(sorted(cov_a)[:3]) or 'none'}; B: "
            f"{', '.join(sorted(cov_b)[:3]) or 'none'}); compare codings of the "
            f"same transcripts"
        )
    left_out = (cov_a | cov_b) - docs
    if left_out:
        warnings.warn(
            f"{len(left_out)} document(s) coded by only one side were left out: "
            f"{', '.join(sorted(left_out)[:5])}",
            VnqualWarning,
            stacklevel=3,
        )
    ca = ca[ca[DOC_ID].isin(docs)].reset_index(drop=True)
    cb = cb[cb[DOC_ID].isin(docs)].reset_index(drop=True)
    sources = {d: t for d, t in sources.items() if d in docs}
    units = _units(a, b, ref, sources, ca, cb)
    if not (units[DOC_ID] == "").all():  # units known only by statement_id have no doc_id
        units = units[units[DOC_ID].isin(docs)].reset_index(drop=True)
    return ca, cb, sources, units


def _units(
    a: Coded, b: Coded, ref: Corpus | None, sources: dict[str, str], ca: pd.DataFrame, cb: pd.DataFrame
) -> pd.DataFrame:
    cols = [DOC_ID, STATEMENT_ID, START_CHAR, END_CHAR]
    if ref is not None:
        return ref.frame[cols]
    for side in (a, b):
        if side.units is not None and len(side.units):
            return side.units[cols]
    if sources:
        warnings.warn(
            "no statement spans known (give corpus=...); statement level uses the "
            "non-blank lines of the source texts as units",
            VnqualWarning,
            stacklevel=4,
        )
        return paragraph_units(sources)
    ids = (
        pd.concat([ca.get(STATEMENT_ID, pd.Series(dtype=str)), cb.get(STATEMENT_ID, pd.Series(dtype=str))])
        .fillna("")
        .astype(str)
    )
    if (ids == "").any() or not len(ids):
        raise InputError(
            "neither statement spans nor source texts are known for these "
            "codings; give the corpus (corpus=... / `corpus` DIR)"
        )
    warnings.warn(
        "no corpus given: statement level counts only statements coded by either "
        "side, which inflates agreement; give corpus=... for exact figures",
        VnqualWarning,
        stacklevel=4,
    )
    return pd.DataFrame({STATEMENT_ID: pd.unique(ids)}).assign(**{DOC_ID: "", START_CHAR: 0, END_CHAR: 0})[
        cols
    ]


def paragraph_units(sources: dict[str, str]) -> pd.DataFrame:
    """One unit per non-blank line of each text (``doc_id-p0001`` ...)."""
    rows = []
    for doc_id, text in sources.items():
        pos, n = 0, 0
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped:
                n += 1
                start = pos + (len(line) - len(line.lstrip()))
                rows.append((doc_id, f"{doc_id}-p{n:04d}", start, start + len(stripped)))
            pos += len(line) + 1
    return pd.DataFrame(rows, columns=[DOC_ID, STATEMENT_ID, START_CHAR, END_CHAR])


def _harmonise_codes(ca: pd.DataFrame, cb: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Use code paths on a side whose ``code_path`` matches the other side's code names better."""
    names_a, names_b = set(ca[CODE].astype(str)), set(cb[CODE].astype(str))
    for this, other in ((ca, names_b), (cb, names_a)):
        if CODE_PATH in this.columns:
            paths = set(this[CODE_PATH].astype(str))
            if len(paths & other) > len(set(this[CODE].astype(str)) & other):
                this[CODE] = this[CODE_PATH].astype(str)
    return ca, cb


def _code_order(
    a: Coded, b: Coded, ca: pd.DataFrame, cb: pd.DataFrame, codes: Iterable[str] | None
) -> list[str]:
    if codes is not None:
        return list(dict.fromkeys(codes))
    used = set(ca[CODE].astype(str)) | set(cb[CODE].astype(str))
    order = [c for c in list(a.codes[CODE]) + list(b.codes[CODE]) if c in used]
    order += [c for c in list(pd.unique(ca[CODE].astype(str))) + list(pd.unique(cb[CODE].astype(str)))]
    return list(dict.fromkeys(order))


# --------------------------------------------------------------------------- levels
def _row(code: str, level: str, n: int, n_a: int, n_b: int, n_both: int) -> dict[str, Any]:
    pct, kappa, f1 = scores(n, n_a, n_b, n_both)
    return {
        "code": code,
        "level": level,
        "agreement_pct": pct,
        "kappa": kappa,
        "f1": f1,
        "n_a": n_a,
        "n_b": n_b,
        "n_both": n_both,
        "n_units": n,
    }


def _coded_units(codings: pd.DataFrame, units: pd.DataFrame) -> dict[str, set[int]]:
    """Units (positions) each code touches."""
    out: dict[str, set[int]] = {}
    if not len(codings):
        return out
    if (units[DOC_ID] == "").all():  # units known only by statement_id
        pos = {sid: i for i, sid in enumerate(units[STATEMENT_ID])}
        for code, sid in zip(codings[CODE].astype(str), codings[STATEMENT_ID].astype(str)):
            out.setdefault(code, set()).add(pos[sid])
        return out
    pairs = overlap_pairs(codings, units)
    codes = codings[CODE].astype(str).to_numpy()
    for c, u in zip(pairs["coding"], pairs["unit"]):
        out.setdefault(codes[c], set()).add(int(u))
    return out


def _statement_level(
    ca: pd.DataFrame, cb: pd.DataFrame, units: pd.DataFrame, order: list[str]
) -> list[dict[str, Any]]:
    n = len(units)
    sa, sb = _coded_units(ca, units), _coded_units(cb, units)
    rows, tot = [], np.zeros(3, dtype=np.int64)
    for code in order:
        ua, ub = sa.get(code, set()), sb.get(code, set())
        counts = (len(ua), len(ub), len(ua & ub))
        tot += counts
        rows.append(_row(code, "statement", n, *counts))
    rows.append(_row(ALL_CODES, "statement", n * len(order), *map(int, tot)))
    return rows


def _intervals(codings: pd.DataFrame) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Merged character intervals per (code, doc)."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for code, doc, s, e in zip(
        codings[CODE].astype(str), codings[DOC_ID], codings[START_CHAR], codings[END_CHAR]
    ):
        if e > s:
            spans.setdefault((code, doc), []).append((int(s), int(e)))
    for key, items in spans.items():
        items.sort()
        merged = [items[0]]
        for s, e in items[1:]:
            if s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        spans[key] = merged
    return spans


def _overlap_length(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> int:
    i = j = total = 0
    while i < len(x) and j < len(y):
        lo, hi = max(x[i][0], y[j][0]), min(x[i][1], y[j][1])
        total += max(0, hi - lo)
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return total


def _character_level(
    ca: pd.DataFrame, cb: pd.DataFrame, sources: dict[str, str], order: list[str], n: int | None = None
) -> list[dict[str, Any]]:
    n = sum(len(t) for t in sources.values()) if n is None else n
    ia, ib = _intervals(ca), _intervals(cb)
    rows, tot = [], np.zeros(3, dtype=np.int64)
    for code in order:
        n_a = n_b = n_both = 0
        for doc in sources:
            x, y = ia.get((code, doc), []), ib.get((code, doc), [])
            n_a += sum(e - s for s, e in x)
            n_b += sum(e - s for s, e in y)
            n_both += _overlap_length(x, y)
        tot += (n_a, n_b, n_both)
        rows.append(_row(code, "character", n, n_a, n_b, n_both))
    rows.append(_row(ALL_CODES, "character", n * len(order), *map(int, tot)))
    return rows
