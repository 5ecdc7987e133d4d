"""Topic and codebook results for the report: read from earlier ``--out`` folders or computed now."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual.errors import InputError
from vnqual.types import STATEMENT_ID

TOPICS_FILE = "topics.csv"
ASSIGNMENTS_FILE = "assignments.csv"
QUOTES_FILE = "quotes.csv"
K_SCAN_FILE = "k_scan.csv"
PARAMS_FILE = "params.json"
CODES_FILE = "codes.csv"
CODEBOOK_FILE = "codebook.json"
RUN_FILE = "run.json"
#: Lowest calibrated probability of a model-suggested code (the ``vnqual tag`` default).
TAG_MIN_SCORE = 0.5
#: Entries of a tag folder's run.json shown in the methods section.
TAG_RUN_KEYS = (
    "codebook",
    "train",
    "min_score",
    "keywords_only",
    "random_state",
    "rows_by_method",
    "vnqual_version",
)
#: Statements per theme offered as quotes (the report shows the best 5 of them).
QUOTE_CANDIDATES = 20
#: Vocabulary filters and top words of the topic model (the ``vnqual topics`` defaults).
MIN_DF, MAX_DF, TOP_TERMS = 2, 0.5, 10


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


def _read_csv(path: Path, what: str, required: bool = True) -> pd.DataFrame | None:
    if not path.is_file():
        if required:
            raise InputError(f"{path}: missing; give the --out folder of {what}")
        return None
    try:
        frame = pd.read_csv(
            path,
            encoding="utf-8-sig",
            dtype={STATEMENT_ID: str, "topic": str},
            keep_default_na=False,
            na_values=[""],
        )
    except (ValueError, pd.errors.ParserError) as err:
        raise InputError(f"{path}: not a readable CSV ({err}); re-run {what}") from None
    return frame


def _require(frame: pd.DataFrame, path: Path, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: lacks column(s) {', '.join(missing)}; re-run {what} to write it again")


def read_topics_dir(path: Path) -> ThemeResults:
    """Read the ``--out`` folder of ``vnqual topics`` (topics.csv, assignments.csv, ...).

    Raises
    ------
    InputError
        If the folder or one of its required files is missing or malformed.
    """
    what = "`vnqual topics --out DIR`"
    if not path.is_dir():
        raise InputError(f"{path}: --topics-dir is not a folder; give the --out folder of {what}")
    topics = _read_csv(path / TOPICS_FILE, what)
    assignments = _read_csv(path / ASSIGNMENTS_FILE, what)
    _require(topics, path / TOPICS_FILE, ("topic", "label", "size", "top_terms"), what)
    _require(assignments, path / ASSIGNMENTS_FILE, (STATEMENT_ID, "topic"), what)
    quotes = _read_csv(path / QUOTES_FILE, what, required=False)
    if quotes is None:
        quotes = _quotes_from_assignments(assignments)
    _require(quotes, path / QUOTES_FILE, ("topic", STATEMENT_ID), what)
    k_scan = _read_csv(path / K_SCAN_FILE, what, required=False)
    params: dict[str, Any] = {}
    if (path / PARAMS_FILE).is_file():
        params = _read_json(path / PARAMS_FILE, what)
    topics = topics.copy()
    if list(topics["topic"].astype(str)) == [str(i) for i in range(len(topics))]:
        from vnqual.topics._themes import renamed_labels  # names edited in DIR/themes.yaml

        topics["label"] = renamed_labels(path, list(topics["label"]))
    topics["size"] = pd.to_numeric(topics["size"], errors="coerce").fillna(0).astype(int)
    if "coherence" in topics:
        topics["coherence"] = pd.to_numeric(topics["coherence"], errors="coerce")
    params = params if isinstance(params, dict) else {"params": params}
    params.setdefault("source", f"{path.name}/ (vnqual topics --out)")
    return ThemeResults(topics=topics, assignments=assignments, quotes=quotes, k_scan=k_scan, params=params)


def _quotes_from_assignments(assignments: pd.DataFrame) -> pd.DataFrame:
    """Highest-weight statements of each topic (when no quotes.csv exists); -1 = no topic."""
    frame = assignments[assignments["topic"].astype(str) != "-1"].copy()
    if "weight" in frame:
        frame["weight"] = pd.to_numeric(frame["weight"], errors="coerce")
        frame = frame.sort_values(
            ["topic", "weight", STATEMENT_ID], ascending=[True, False, True], kind="mergesort"
        )
    return frame[["topic", STATEMENT_ID]].groupby("topic", sort=False).head(QUOTE_CANDIDATES)


def run_topics(
    corpus: Any,
    *,
    k: int | str,
    method: str | None,
    random_state: int,
    token_options: Mapping[str, Any],
    progress: bool = False,
) -> ThemeResults:
    """Fit the topic model exactly as ``vnqual topics`` does (same defaults) and collect it.

    Calls :func:`vnqual.topics._run.run_topics` (words: nouns, verbs and adjectives unless
    ``token_options["pos"]`` says otherwise; ``k == "auto"`` scans k by coherence and stability).
    """
    from vnqual.topics._run import run_topics as fit_topics

    opts = dict(token_options)
    extra = {} if method is None else {"method": method}
    result = fit_topics(
        corpus,
        token_opts=opts,
        k=k,
        seed=random_state,
        min_df=MIN_DF,
        max_df=MAX_DF,
        top_terms=TOP_TERMS,
        n_quotes=QUOTE_CANDIDATES,
        progress=progress,
        **extra,
    )
    params: dict[str, Any] = {
        "method": result.method,
        "k": k,
        "choice": result.k_note,
        "seed": random_state,
        "min_df": MIN_DF,
        "max_df": MAX_DF,
        "top_terms": TOP_TERMS,
        "pos": opts.get("pos") or "content",
    }
    if result.scan is not None:
        from vnqual.topics._select import SCORE_TEXT

        params["k_scan"] = SCORE_TEXT
    return ThemeResults(
        topics=result.info,
        assignments=result.doc_topics,
        quotes=result.quotes,
        k_scan=result.scan,
        params=params,
    )


def read_tag_dir(path: Path) -> tuple[pd.DataFrame, list[str], dict[str, Any]]:
    """Read the ``--out`` folder of ``vnqual tag``: codings, codebook order, run parameters."""
    from vnqual.codebook._output import read_codes

    what = "`vnqual tag --out DIR`"
    if not path.is_dir():
        raise InputError(f"{path}: --tag-dir is not a folder; give the --out folder of {what}")
    if not (path / CODES_FILE).is_file():
        raise InputError(f"{path / CODES_FILE}: missing; give the --out folder of {what}")
    codes = read_codes(path / CODES_FILE)  # also removes the spreadsheet formula guard
    _require(codes, path / CODES_FILE, (STATEMENT_ID, "code"), what)
    order: list[str] = []
    if (path / CODEBOOK_FILE).is_file():
        from vnqual.codebook import Codebook

        order = Codebook.load(path / CODEBOOK_FILE).names
    params: dict[str, Any] = {"codes": f"{path.name}/{CODES_FILE} (vnqual tag --out)"}
    if (path / RUN_FILE).is_file():
        run = _read_json(path / RUN_FILE, what)
        if isinstance(run, dict):
            params.update({f"tag.{k}": run[k] for k in TAG_RUN_KEYS if k in run})
    return codes, order, params


def run_codebook(
    corpus: Any, path: Path, *, token_options: Mapping[str, Any], random_state: int
) -> tuple[pd.DataFrame, list[str], dict[str, Any]]:
    """Tag ``corpus`` with the codebook at ``path`` exactly as ``vnqual tag`` does.

    Returns the coded rows (``statement_id, code, method, score, ...``), the codebook's code
    order and the run's parameters for the methods section.
    """
    from vnqual.codebook import Codebook
    from vnqual.codebook._run import tag_corpus

    codebook = Codebook.load(path)
    opts = {
        key: token_options[key]
        for key in ("user_dict", "jobs", "cache", "progress")
        if token_options.get(key) is not None
    }
    result = tag_corpus(corpus, codebook, min_score=TAG_MIN_SCORE, random_state=random_state, **opts)
    summary = result.summary()
    params = {
        "tag.min_score": TAG_MIN_SCORE,
        "tag.random_state": random_state,
        "tag.rows_by_method": summary["rows_by_method"],
    }
    return result.codes, codebook.names, params


def _read_json(file: Path, what: str) -> Any:
    """A JSON file an earlier run wrote; a damaged one is a one-line error naming it."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(f"{file}: invalid JSON (line {err.lineno}); re-run {what}") from None
