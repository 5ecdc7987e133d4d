"""Turn a corpus (and topic / codebook results) into :class:`ReportData`, then one HTML file."""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual._fs import atomic_write
from vnqual.corpus import Corpus
from vnqual.errors import InputError, VnqualError, VnqualWarning
from vnqual.report._data import ReportData
from vnqual.report._html import render_report
from vnqual.types import (
    DOC_ID,
    END_CHAR,
    ROLE,
    ROLE_FACILITATOR,
    ROLE_GROUPS,
    SPEAKER,
    START_CHAR,
    STATEMENT_ID,
    TEXT,
)

SITE = "site"
#: Column of the quotes table holding the statement's value of the ``by`` column.
BY_VALUE = "_by"
#: Columns hashed, in this order, by :func:`statements_sha256`.
HASHED_COLUMNS = (STATEMENT_ID, DOC_ID, START_CHAR, END_CHAR, SPEAKER, ROLE, TEXT)
N_QUOTES = 5
#: Statements shorter than this (characters) are used as quotes only when nothing better exists.
MIN_QUOTE_CHARS = 40
N_TERMS = 10


@dataclass
class ThemeResults:
    """What the report needs from a topic model run.

    Attributes
    ----------
    topics : DataFrame
        ``topic, label, size, top_terms`` (+ ``coherence``), one row per theme.
    assignments : DataFrame
        ``statement_id, topic`` (+ ``weight``): the theme of each statement.
    quotes : DataFrame
        ``topic, statement_id``: representative statements, best first.
    k_scan : DataFrame or None
        ``k`` and scores per k (+ ``chosen``).
    params : dict
        Parameters of the run (method, k, seed, vectoriser options...).
    topic_terms : dict
        Topic -> ``[(term, value), ...]`` when the model gives term weights; else empty and the
        report shows the share of the theme's statements that contain each word.
    topic_terms_label : str
        What ``topic_terms`` values measure.
    """

    topics: pd.DataFrame
    assignments: pd.DataFrame
    quotes: pd.DataFrame
    k_scan: pd.DataFrame | None = None
    params: dict[str, Any] = field(default_factory=dict)
    topic_terms: dict[Any, list[tuple[str, float]]] = field(default_factory=dict)
    topic_terms_label: str = "weight"


def statements_sha256(frame: pd.DataFrame) -> str:
    """SHA-256 of the statements: one JSON array per statement, UTF-8, ``\\n`` after each.

    The array is ``[statement_id, doc_id, start_char, end_char, speaker, role, text]`` written by
    ``json.dumps(row, ensure_ascii=False)``, statements in corpus order, so anyone can recompute it
    from ``statements.csv`` of ``vnqual ingest``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"statement_id": ["a-0001"], "doc_id": ["a"], "start_char": [0],
    ...                   "end_char": [3], "speaker": ["An"], "role": [""], "text": ["Chào"]})
    >>> len(statements_sha256(f))
    64
    """
    digest = hashlib.sha256()
    for row in frame[list(HASHED_COLUMNS)].itertuples(index=False, name=None):
        sid, doc, start, end, speaker, role, text = row
        line = json.dumps(
            [str(sid), str(doc), int(start), int(end), str(speaker), str(role), str(text)], ensure_ascii=False
        )
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------------------ overview
def _nonblank(series: pd.Series) -> pd.Series:
    text = series.fillna("").astype(str).str.strip()
    return text[text != ""]


def _overview(corpus: Corpus) -> dict[str, Any]:
    frame = corpus.frame
    sites = _nonblank(frame[SITE]).nunique() if SITE in frame.columns else None
    return {
        "n_documents": int(frame[DOC_ID].nunique()),
        "n_statements": len(frame),
        "n_speakers": int(_nonblank(frame[SPEAKER]).nunique()),
        "n_sites": sites,
    }


def _counts(corpus: Corpus, by: str | None) -> dict[str, pd.Series]:
    frame = corpus.frame
    counts = {}
    for col in dict.fromkeys(c for c in (SITE, ROLE, by) if c):
        if col in frame.columns and not _nonblank(frame[col]).empty:
            counts[col] = frame[col].fillna("").astype(str).value_counts()
    return counts


def _documents(corpus: Corpus) -> pd.DataFrame:
    docs = corpus.documents.copy()
    first = [
        c for c in (DOC_ID, "source_file", "encoding", "n_statements", SITE, "date") if c in docs.columns
    ]
    return docs[first + [c for c in ("sha256",) if c in docs.columns]]


# ---------------------------------------------------------------------------- themes
def _term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.replace("_", " ").lower().split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def term_shares(texts: Sequence[str], terms: Sequence[str]) -> list[float]:
    """Percentage of ``texts`` that contain each term (case-insensitive, whole syllables).

    Examples
    --------
    >>> term_shares(["Kinh phí còn thiếu.", "Thiếu tài liệu."], ["kinh_phí", "thiếu"])
    [50.0, 100.0]
    """
    lowered = [unicodedata.normalize("NFC", t).lower() for t in texts]
    if not lowered:
        return [0.0 for _ in terms]
    out = []
    for term in terms:
        pat = _term_pattern(unicodedata.normalize("NFC", term))
        out.append(100.0 * sum(1 for t in lowered if pat.search(t)) / len(lowered))
    return out


def _theme_terms(themes: ThemeResults, corpus: Corpus) -> tuple[dict[Any, list[tuple[str, float]]], str]:
    """Top words of each theme with the bar values (model weights, or % of the theme's statements)."""
    if themes.topic_terms:
        return themes.topic_terms, themes.topic_terms_label
    texts = corpus.frame.set_index(STATEMENT_ID)[TEXT]
    out: dict[Any, list[tuple[str, float]]] = {}
    assign = themes.assignments
    for _, t in themes.topics.iterrows():
        terms = _split_terms(t.get("top_terms"))[:N_TERMS]
        ids = assign.loc[assign["topic"].astype(str) == str(t["topic"]), STATEMENT_ID]
        theme_texts = texts.reindex(ids).dropna().tolist()
        out[t["topic"]] = list(zip(terms, term_shares(theme_texts, terms)))
    return out, "% phát biểu của chủ đề chứa từ"


def _split_terms(value: Any) -> list[str]:
    if isinstance(value, str):
        sep = ";" if ";" in value else ","
        return [t.strip() for t in value.split(sep) if t.strip()]
    if isinstance(value, (list, tuple)):
        return [str(t) for t in value]
    return []


def _quotes(themes: ThemeResults, corpus: Corpus, by: str | None) -> pd.DataFrame:
    """Representative quotes cut from the sources by span, with speaker, site and ``by``."""
    quotes = themes.quotes
    frame = corpus.frame.drop_duplicates(STATEMENT_ID).set_index(STATEMENT_ID)
    quotes = quotes[quotes[STATEMENT_ID].isin(frame.index)].copy()
    if len(quotes) < len(themes.quotes):
        warnings.warn(
            f"{len(themes.quotes) - len(quotes)} quote(s) name statements that are not "
            "in the corpus; they are left out (was the topics run on another PATH?)",
            VnqualWarning,
            stacklevel=3,
        )
    rows = frame.loc[quotes[STATEMENT_ID]]
    for col in (DOC_ID, START_CHAR, END_CHAR, SPEAKER):
        quotes[col] = rows[col].to_numpy()
    # The text always comes from the canonical source, never from a CSV cell.
    quotes[TEXT] = [
        corpus.sources[d][int(s) : int(e)]
        for d, s, e in zip(quotes[DOC_ID], quotes[START_CHAR], quotes[END_CHAR])
    ]
    quotes = quotes[["topic", STATEMENT_ID, DOC_ID, START_CHAR, END_CHAR, SPEAKER, TEXT]]
    if SITE in frame.columns:
        quotes[SITE] = rows[SITE].to_numpy()
    if by and by in frame.columns:  # under its own name: ``by`` may be "topic" or "site"
        quotes[BY_VALUE] = rows[by].to_numpy()
    # Evidence reads best in participants' own words: within each theme, keep the given order
    # but move facilitators' and interviewers' turns, unlabelled lines (titles) and very short
    # statements last.
    weak = (
        2 * rows[ROLE].isin(ROLE_GROUPS[ROLE_FACILITATOR]).to_numpy()
        + 2 * (quotes[TEXT].str.len().to_numpy() < MIN_QUOTE_CHARS)
        + (rows[SPEAKER].fillna("").astype(str).str.strip().to_numpy() == "")
    )
    quotes = quotes.assign(_weak=weak, _order=range(len(quotes)))
    quotes = quotes.sort_values(["_weak", "_order"], kind="mergesort").drop(columns=["_weak", "_order"])
    return quotes.groupby(quotes["topic"].astype(str), sort=False).head(N_QUOTES)


def _topic_by(themes: ThemeResults, corpus: Corpus, by: str | None) -> pd.DataFrame | None:
    if not by:
        return None
    if by not in corpus.frame.columns:
        raise InputError(
            f"`by` {by!r}: no such column; available: "
            f"{', '.join(corpus.metadata_columns() + [SPEAKER, ROLE])}"
        )
    groups = corpus.frame[[STATEMENT_ID, by]].rename(columns={by: BY_VALUE})
    merged = themes.assignments[[STATEMENT_ID, "topic"]].merge(groups, on=STATEMENT_ID)
    labels = themes.topics.set_index(themes.topics["topic"].astype(str))["label"]
    rows = merged["topic"].astype(str).rename("topic")
    table = pd.crosstab(rows, merged[BY_VALUE].fillna("").astype(str).replace("", "(trống)"))
    order = [str(t) for t in themes.topics["topic"] if str(t) in table.index]
    table = table.reindex(order)
    table.index = [f"{t}: {labels.get(t, '')}" for t in table.index]
    table.columns.name = by
    return table


# ---------------------------------------------------------------------- keywords, codes
def _keywords(
    corpus: Corpus, by: str | None, tokens: pd.Series | None, notes: list[str]
) -> pd.DataFrame | None:
    if not by or tokens is None:
        return None
    from vnqual.keywords import log_odds

    try:
        return log_odds(list(tokens), by=by, frame=corpus.frame, top=N_TERMS)
    except VnqualError as err:
        notes.append(f"Keywords skipped: {err}")
        warnings.warn(f"distinguishing keywords skipped: {err}", VnqualWarning, stacklevel=3)
        return None


def _code_tables(
    codes: pd.DataFrame, corpus: Corpus, by: str | None, order: Sequence[str] | None
) -> tuple[pd.Series, pd.DataFrame | None, pd.DataFrame]:
    from vnqual.codings import applying
    from vnqual.crosstab import cooccurrence, crosstab

    codes = applying(codes)  # rows with applies (a codes.csv before 0.2.0: every row)
    pairs = codes[codes[STATEMENT_ID].fillna("").astype(str) != ""]
    pairs = pairs.drop_duplicates([STATEMENT_ID, "code"])
    names = list(dict.fromkeys(list(order or []) + pairs["code"].astype(str).tolist()))
    counts = pairs["code"].astype(str).value_counts().reindex(names, fill_value=0)
    group = by if by and by in corpus.frame.columns else (SITE if SITE in corpus.frame else None)
    codes_by = None
    if group is not None and not pairs.empty:
        codes_by = crosstab(pairs[[STATEMENT_ID, "code"]], corpus.frame, by=group, margins=False, codes=names)
    co = cooccurrence(pairs[[STATEMENT_ID, "code"]], codes=names) if not pairs.empty else pd.DataFrame()
    return counts, codes_by, co


# ------------------------------------------------------------------------------- build
def report_data(
    corpus: Corpus,
    *,
    by: str | None,
    themes: ThemeResults | None,
    codes: tuple[pd.DataFrame, list[str], dict[str, Any]] | None,
    title: str | None,
    token_options: Mapping[str, Any],
    params: dict[str, Any],
    notes: list[str],
) -> ReportData:
    """Collect what the report shows from the corpus and ready theme and code results.

    Parameters
    ----------
    corpus : Corpus
        The statements.
    by : str, optional
        Metadata column for the theme x group heatmap, distinguishing keywords and code x group.
    themes : ThemeResults, optional
        Topic model results (None: no themes section).
    codes : tuple, optional
        ``(codings, code order, parameters)`` of a codebook run (None: no codes section).
    title : str, optional
        Page title (default: a generic Vietnamese title).
    token_options : mapping
        Keyword arguments of :func:`vnqual.text.tokenize` (for the keywords of ``by`` groups).
    params : dict
        Parameters recorded so far (vnqual version, input); completed here.
    notes : list of str
        Notes shown on the page (analyses skipped); completed here.

    Returns
    -------
    ReportData
    """
    tokens = corpus.tokens(**token_options) if by else None
    data = ReportData(
        title=title or "Báo cáo phân tích định tính (vnqual)",
        overview=_overview(corpus),
        documents=_documents(corpus),
        counts=_counts(corpus, by),
        by=by,
        statements_sha256=statements_sha256(corpus.frame),
        notes=notes,
    )
    if themes is not None:
        data.topics = themes.topics
        data.topic_terms, data.topic_terms_label = _theme_terms(themes, corpus)
        data.quotes = _quotes(themes, corpus, by)
        data.topic_by = _topic_by(themes, corpus, by)
        data.k_scan = themes.k_scan
        params.update({f"topics.{key}": v for key, v in themes.params.items()})
        params["k"] = int(themes.topics["topic"].nunique())
    data.keywords = _keywords(corpus, by, tokens, notes)
    if by and data.keywords is not None:
        params["keywords"] = f"log-odds vs rest (Monroe et al. 2008), top {N_TERMS} per {by}"
    if codes is not None:
        codings, order, code_params = codes
        data.code_counts, data.codes_by, data.cooccurrence = _code_tables(codings, corpus, by, order)
        params.update(code_params)
    tokens_params = {
        f"tokens.{key}": _describe(v) for key, v in token_options.items() if key not in ("progress", "jobs")
    }
    params.update(tokens_params or {"tokens": "vnqual.text.tokenize defaults"})
    data.params = params
    return data


def _describe(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return f"{len(value)} words"
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return value


def write_report(data: ReportData | str, path: str | Path) -> Path:
    """Render ``data`` (or take ready HTML) and write it atomically to ``path`` (UTF-8)."""
    html = data if isinstance(data, str) else render_report(data)
    path = Path(path)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)
        # The temporary file is private (0600); a report is meant to be shared like any new file.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(fh.name, 0o666 & ~mask)
    return path
