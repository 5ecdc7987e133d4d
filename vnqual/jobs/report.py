"""The ``vnqual report`` job: themes and codes (read from folders or computed now) -> one HTML file."""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, overload

import pandas as pd

from vnqual._version import __version__
from vnqual.codebook._tagger import DEFAULT_RANDOM_STATE
from vnqual.corpus import Corpus
from vnqual.errors import InputError, VnqualError, VnqualWarning
from vnqual.jobs import folders
from vnqual.jobs.folders import (
    ASSIGNMENTS_FILE,
    CODEBOOK_FILE,
    CODES_FILE,
    K_SCAN_FILE,
    PARAMS_FILE,
    QUOTES_FILE,
    RUN_FILE,
    TOPICS_FILE,
)
from vnqual.report._build import ThemeResults, file_sha256, report_data, write_report
from vnqual.report._data import ReportData
from vnqual.topics import DEFAULT_SEED
from vnqual.types import ROLE, SPEAKER, STATEMENT_ID

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


@overload
def _read_csv(path: Path, what: str, required: Literal[True] = ...) -> pd.DataFrame: ...
@overload
def _read_csv(path: Path, what: str, required: bool) -> pd.DataFrame | None: ...
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
        raise InputError(f"{path}: `topics_dir` is not a folder; give the --out folder of {what}")
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
        if isinstance(params, dict):  # schema_version is the folder's format, not a parameter
            params = folders.without_schema(params)
    topics = topics.copy()
    if list(topics["topic"].astype(str)) == [str(i) for i in range(len(topics))]:
        from vnqual.jobs.topics import theme_names  # names edited in DIR/themes.yaml

        topics["label"] = theme_names(path, list(topics["label"]))
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


def fit_themes(
    corpus: Any,
    *,
    k: int | str,
    method: str | None,
    random_state: int,
    token_options: Mapping[str, Any],
    progress: bool = False,
) -> ThemeResults:
    """Fit the topic model exactly as ``vnqual topics`` does (same defaults) and collect it.

    Calls :func:`vnqual.jobs.topics.run_topics` (words: nouns, verbs and adjectives unless
    ``token_options["pos"]`` says otherwise; ``k == "auto"`` scans k by coherence and stability).
    """
    from vnqual.jobs.topics import run_topics as fit_topics

    opts = dict(token_options)
    extra: dict[str, Any] = {} if method is None else {"method": method}
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
    from vnqual.jobs.tag import read_codes

    what = "`vnqual tag --out DIR`"
    if not path.is_dir():
        raise InputError(f"{path}: `tag_dir` is not a folder; give the --out folder of {what}")
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
    from vnqual.jobs.tag import tag_corpus

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


def build_report_data(
    corpus: Corpus,
    *,
    by: str | None = None,
    codebook: str | Path | None = None,
    k: int | str = "auto",
    method: str | None = None,
    random_state: int | None = None,
    topics_dir: str | Path | None = None,
    tag_dir: str | Path | None = None,
    title: str | None = None,
    token_options: Mapping[str, Any] | None = None,
    input_params: Mapping[str, Any] | None = None,
) -> ReportData:
    """Run (or read) every analysis the report shows and collect the results.

    Parameters
    ----------
    corpus : Corpus
        The statements (``vnqual.read_corpus(PATH)``).
    by : str, optional
        Metadata column for the theme x group heatmap, distinguishing keywords and code x group.
    codebook : path, optional
        Codebook file (YAML/CSV/QDC) to tag the statements with; ignored with ``tag_dir``.
    k : int or "auto"
        Number of themes (``"auto"``: scan and choose).
    method : str, optional
        Topic model method (default: the topics module's default).
    random_state : int, optional
        Seed of every stochastic step. By default each step uses the seed its own command
        uses by default (``vnqual topics``: 1, ``vnqual tag``: 0), so the report shows the same
        themes and codes as those commands run with their defaults.
    topics_dir, tag_dir : path, optional
        ``--out`` folders of earlier ``vnqual topics`` / ``vnqual tag`` runs to read instead of
        running the analyses again.
    title : str, optional
        Page title (default: a generic Vietnamese title).
    token_options : mapping, optional
        Keyword arguments of :func:`vnqual.text.tokenize` (stop words, user dictionary...).
    input_params : mapping, optional
        How the corpus was read (path, unit...), recorded in the methods section.

    Returns
    -------
    ReportData
    """
    if not isinstance(corpus, Corpus):
        raise TypeError(
            f"expected a vnqual Corpus, got {type(corpus).__name__}; read one with vnqual.read_corpus(path)"
        )
    token_options = dict(token_options or {})
    notes: list[str] = []
    params: dict[str, Any] = {"vnqual_version": __version__, **dict(input_params or {})}
    topics_seed = DEFAULT_SEED if random_state is None else random_state
    tag_seed = DEFAULT_RANDOM_STATE if random_state is None else random_state
    params.update({"by": by or "", "random_state": "default" if random_state is None else random_state})
    if by and by not in corpus.frame.columns:
        raise InputError(
            f"`by` {by!r}: no such column; available: "
            f"{', '.join(corpus.metadata_columns() + [SPEAKER, ROLE])}"
        )
    themes = _themes(
        corpus,
        topics_dir=topics_dir,
        k=k,
        method=method,
        random_state=topics_seed,
        token_options=token_options,
        notes=notes,
    )
    codes = _codes(
        corpus,
        codebook=codebook,
        tag_dir=tag_dir,
        token_options=token_options,
        random_state=tag_seed,
        notes=notes,
    )
    return report_data(
        corpus,
        by=by,
        themes=themes,
        codes=codes,
        title=title,
        token_options=token_options,
        params=params,
        notes=notes,
    )


def _themes(
    corpus: Corpus,
    *,
    topics_dir: str | Path | None,
    k: int | str,
    method: str | None,
    random_state: int,
    token_options: Mapping[str, Any],
    notes: list[str],
) -> ThemeResults | None:
    if topics_dir is not None:
        return read_topics_dir(Path(topics_dir))
    try:
        return fit_themes(
            corpus,
            k=k,
            method=method,
            random_state=random_state,
            token_options=token_options,
            progress=bool(token_options.get("progress")),
        )
    except VnqualError as err:
        notes.append(f"Themes skipped: {err}")
        warnings.warn(f"themes skipped: {err}", VnqualWarning, stacklevel=3)
        return None


def _codes(
    corpus: Corpus,
    *,
    codebook: str | Path | None,
    tag_dir: str | Path | None,
    token_options: Mapping[str, Any],
    random_state: int,
    notes: list[str],
) -> tuple[pd.DataFrame, list[str], dict[str, Any]] | None:
    if tag_dir is not None:
        return read_tag_dir(Path(tag_dir))
    if codebook is None:
        return None
    path = Path(codebook)
    codes, order, info = run_codebook(corpus, path, token_options=token_options, random_state=random_state)
    return codes, order, {"codebook": path.name, "codebook_sha256": file_sha256(path), **info}


def run_report(corpus: Corpus, output: str | Path, **options: Any) -> Path:
    """The ``vnqual report`` job: :func:`build_report_data` with ``options``, written to ``output``.

    Parameters
    ----------
    corpus : Corpus
        The statements.
    output : path-like
        HTML file to write (atomically).
    **options
        Keyword arguments of :func:`build_report_data`.

    Returns
    -------
    pathlib.Path
        ``output``.
    """
    return write_report(build_report_data(corpus, **options), output)
