"""The ``vnqual topics`` job: tokens -> model (fit, scan k, or apply a saved one) -> tables -> folder."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual._fs import atomic_dir
from vnqual._version import __version__
from vnqual.errors import InputError
from vnqual.jobs import folders
from vnqual.tables import write_csv
from vnqual.topics import DEFAULT_SEED
from vnqual.topics import _tables as tables
from vnqual.topics._coherence import NPMI_NOTE, coherence_flag
from vnqual.types import SPEAKER, STATEMENT_ID, TEXT

#: Characters of a quote shown on screen (quotes.csv always has the full verbatim text).
SCREEN_QUOTE_CHARS = 220


@dataclass
class TopicsResult:
    """What ``vnqual topics`` found: tables, the model, and how it was chosen."""

    info: pd.DataFrame
    doc_topics: pd.DataFrame
    quotes: pd.DataFrame
    source: str
    method: str
    k_note: str
    n_statements: int
    scan: pd.DataFrame | None = None
    files: list[str] = field(default_factory=list)
    themes_yaml: str = ""

    def render(self, width: int = 100) -> str:
        """Readable table: theme id, label, size, top words and one quote each."""
        n_none = int((self.doc_topics["topic"] < 0).sum())
        head = (
            f"{len(self.info)} themes in {self.n_statements} statements of {self.source} "
            f"(method {self.method}, {self.k_note})"
        )
        if n_none:
            head += f"; {n_none} statements without content words have no theme"
        lines = [*textwrap.wrap(head, width=width, subsequent_indent="  "), ""]
        first = self.quotes[self.quotes["rank"] == 1].set_index("topic")
        share = self.info["size"] / max(1, self.n_statements) * 100
        for row, pct in zip(self.info.itertuples(index=False), share):
            weak = " weak" if coherence_flag(float(row.coherence)) == "weak" else ""  # type: ignore[arg-type]
            coh = f"; coherence {row.coherence:+.3f}{weak}"
            lines.append(f"[{row.topic}] {row.label}  ({row.size} statements, {pct:.0f}%{coh})")
            lines.extend(
                textwrap.wrap(
                    f"top words: {row.top_terms}",
                    width=width,
                    initial_indent="    ",
                    subsequent_indent="      ",
                )
            )
            if row.topic in first.index:
                q = first.loc[row.topic]
                text = " ".join(str(q[TEXT]).split())
                if len(text) > SCREEN_QUOTE_CHARS:
                    text = text[:SCREEN_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
                who = f"{q[SPEAKER]}, " if q[SPEAKER] else ""
                lines.extend(
                    textwrap.wrap(
                        f"\u201c{text}\u201d ({who}{q[STATEMENT_ID]})",
                        width=width,
                        initial_indent="    ",
                        subsequent_indent="     ",
                    )
                )
            lines.append("")
        lines.extend(textwrap.wrap(NPMI_NOTE + ".", width=width))
        return "\n".join(lines).rstrip() + "\n"


def run_topics(
    corpus: Any,
    *,
    token_opts: dict[str, Any],
    raw_token_opts: dict[str, Any] | None = None,
    k: int | str = "auto",
    method: str = "dmm",
    seed: int = DEFAULT_SEED,
    seed_words: Path | None = None,
    themes: Path | None = None,
    function_words: Path | None = None,
    by: Sequence[str] = (),
    min_df: int = 2,
    max_df: float = 0.5,
    top_terms: int = 10,
    n_quotes: int = 3,
    out: Path | None = None,
    save: Path | None = None,
    model_path: Path | None = None,
    progress: bool = False,
    source: str | None = None,
) -> TopicsResult:
    """The ``vnqual topics`` job: fit (or apply) a topic model and write the topics folder.

    Parameters
    ----------
    corpus : Corpus
        The statements.
    token_opts : dict
        :func:`vnqual.text.tokenize` options; ``pos`` defaults to ``"content"`` here (nouns,
        verbs, adjectives), the setting measured in benchmarks/topics.md.
    raw_token_opts : dict, optional
        The token options as given (recorded in params.json).
    k : int or "auto"
        Number of themes; ``"auto"`` scans k by coherence, stability and overlap with documents.
    method : str
        ``dmm``, ``nmf`` or ``lda``.
    seed : int
        Random seed: the same input and seed give identical results.
    seed_words : path, optional
        YAML file of seed words per theme.
    themes : path, optional
        An edited ``themes.yaml`` of an earlier run (:mod:`vnqual.topics._themes`): one seeded
        theme per kept entry; ``k`` ("auto": as many as kept themes) may add free themes.
    function_words : path, optional
        Word list replacing vnqual's function words (never a label or top word).
    by : sequence of str
        Metadata columns to cross themes with (``topic_by_<COL>.csv``); needs ``out``.
    min_df, max_df : int, float
        Vocabulary filters (statements).
    top_terms : int
        Top words per theme.
    n_quotes : int
        Representative quotes per theme.
    out : path, optional
        Topics folder to write (see :mod:`vnqual.jobs.folders`); replaced as a whole.
    save : path, optional
        Folder to save the fitted model to.
    model_path : path, optional
        Saved model to apply instead of fitting one.
    progress : bool
        Show progress bars.
    source : str, optional
        Name of the input for the printed summary.

    Returns
    -------
    TopicsResult
        Tables, the model's choice of k and the files written.
    """
    from vnqual.topics._fitcache import fit_topics
    from vnqual.topics._model import TopicModel, _assignments, load_model
    from vnqual.topics._quotes import frame_quotes
    from vnqual.topics._seeded import read_seed_words
    from vnqual.topics._select import scan_note
    from vnqual.topics._themes import read_themes, theme_entries, themes_yaml

    frame = corpus.frame
    _check_options(frame, by, out, seed_words, save, model_path)
    if model_path is not None and themes is not None:
        raise InputError("`model_path` applies a saved model; drop `themes` (it is for fitting)")
    if themes is not None and seed_words is not None:
        raise InputError(
            "`themes` already seeds every theme; drop `seed_words` (or add its words to the file)"
        )
    plan = read_themes(themes) if themes is not None else None
    token_opts = dict(token_opts)
    saved = load_model(model_path) if model_path is not None else None
    if token_opts.get("pos") is None:
        token_opts["pos"] = saved.metadata_.get("pos", "content") if saved is not None else "content"
    tokens = corpus.tokens(**token_opts)
    docs, ids = list(tokens), list(map(str, tokens.index.tolist()))
    texts = frame[TEXT].tolist()
    scan = None
    if saved is not None:
        model = saved
        W, doc_topics, info = _apply(saved, docs, ids)
        k_note = f"saved model {model_path}"
    else:
        params: dict[str, Any] = {
            "method": method.lower(),
            "min_df": min_df,
            "max_df": max_df,
            "n_top_terms": top_terms,
            "function_words": Path(function_words) if function_words is not None else "default",
            "seed_words": read_seed_words(seed_words) if seed_words is not None else None,
        }
        if plan is not None:
            params["seed_words"] = plan.seed_words()
            n_topics = plan.n_topics(k)
            model = TopicModel(n_topics, random_state=seed, **params).fit(
                docs, statement_ids=ids, texts=texts, initial_topics=plan.initial_topics(ids)
            )
            plan.relabel(model)
            k_note = f"k={n_topics}: the themes of {themes}"
            W, info = model.doc_topic_, model.topic_info()
        else:
            # fitted once per input and options: a rerun reads the model from the result cache
            model, scan, W, info = fit_topics(
                docs,
                ids,
                texts=texts,
                doc_ids=list(frame["doc_id"]),
                k=k,
                seed=seed,
                params=params,
                progress=progress,
                cache=token_opts.get("cache", True),
            )
            k_note = scan_note(scan) if scan is not None else f"k={k}"
        doc_topics = _assignments(W, ids)
    labels = list(model.labels_)
    rows = frame_quotes(frame, W, docs, model, n_quotes, texts=texts)
    quotes = tables.quotes_table(frame, doc_topics, rows, labels)
    result = TopicsResult(
        info=info,
        doc_topics=doc_topics,
        quotes=quotes,
        source=source or _source_name(frame),
        method=model.method,
        k_note=k_note,
        n_statements=len(frame),
        scan=scan,
    )
    result.themes_yaml = themes_yaml(theme_entries(info, model.auto_labels_, model.topic_terms_))
    if out is not None:
        params_json = _params_json(
            frame, model, raw_token_opts, token_opts["pos"], k, seed, model_path, by, n_quotes, themes
        )
        result.files = _write_outputs(
            Path(out), result, corpus, corpus.metadata_columns(), labels, by, tables.jsonable(params_json)
        )
    if save is not None:
        model.save(save, metadata={"pos": token_opts["pos"]})
    return result


def _check_options(
    frame: pd.DataFrame,
    by: Sequence[str],
    out: Path | None,
    seed_words: Path | None,
    save: Path | None,
    model_path: Path | None,
) -> None:
    """Raise InputError (naming parameters) for option combinations the job cannot honour."""
    if by and out is None:
        raise InputError("`by` needs `out` DIR (the crosstabs are written there)")
    tables.check_by_columns(frame, by)
    if model_path is not None and (seed_words is not None or save is not None):
        raise InputError(
            "`model_path` applies a saved model; drop `seed_words`/`save` (they are for fitting)"
        )
    if model_path is not None and out is not None and Path(out).resolve() == Path(model_path).resolve():
        raise InputError(
            f"{out}: `out` would replace the model given with `model_path`; choose another `out`"
        )
    if len(frame) == 0:
        raise InputError("no statements to analyse (after `exclude_role`); check `path`")


def _apply(model: Any, docs: list[Any], ids: list[str]) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    """A saved model applied to ``docs``: weights, assignments and topic info (sizes, coherence here)."""
    from vnqual.topics._coherence import npmi_coherence
    from vnqual.topics._model import _assignments

    W = model.transform(docs)
    doc_topics = _assignments(W, ids)
    vocab = set(model.vocabulary_)
    coherence = npmi_coherence(model.topic_terms_, [[t for t in d if t in vocab] for d in docs])
    info = model.topic_info()
    info["size"] = np.bincount(doc_topics["topic"][doc_topics["topic"] >= 0], minlength=model.n_topics_)
    info["coherence"] = np.round(coherence, 4)
    return W, doc_topics, info


def _params_json(
    frame: pd.DataFrame,
    model: Any,
    raw_token_opts: dict[str, Any] | None,
    pos: str,
    k: int | str,
    seed: int,
    model_path: Path | None,
    by: Sequence[str],
    n_quotes: int,
    themes: Path | None = None,
) -> dict[str, Any]:
    """The params.json of a topics folder (keys: :data:`vnqual.jobs.folders.PARAMS_KEYS`)."""
    return folders.with_schema(
        {
            "command": "topics",
            "input": {
                "data_sha256": tables.data_hash(frame),
                "n_statements": len(frame),
                "n_documents": int(frame["doc_id"].nunique()),
            },
            "tokens": {
                **{k2: v for k2, v in (raw_token_opts or {}).items() if k2 not in ("jobs", "no_cache")},
                "pos": pos,
            },
            "model": {
                **{
                    p: getattr(model, p)
                    for p in (
                        "method",
                        "n_topics",
                        "min_df",
                        "max_df",
                        "n_top_terms",
                        "random_state",
                        "seed_words",
                        "function_words",
                    )
                },
                "n_topics_kept": int(model.n_topics_),
                "method_params": model.backend_.get_state()[0],
            },
            "k": k,
            "seed": seed,
            "themes_file": str(themes) if themes is not None else None,
            "applied_model": str(model_path) if model_path else None,
            "by": list(by),
            "quotes_per_topic": n_quotes,
        },
        __version__,
    )


def _source_name(frame: pd.DataFrame) -> str:
    files = sorted(set(frame["source_file"].astype(str)))
    return files[0] if len(files) == 1 else f"{len(files)} files"


def _write_outputs(
    out: Path,
    result: TopicsResult,
    corpus: Any,
    metadata: list[str],
    labels: list[str],
    by: Sequence[str],
    params: dict[str, Any],
) -> list[str]:
    frame = corpus.frame
    written = {
        folders.TOPICS_FILE: tables.topics_table(result.info),
        folders.ASSIGNMENTS_FILE: tables.assignments_table(frame, result.doc_topics, labels, metadata),
        folders.QUOTES_FILE: result.quotes,
    }
    if result.scan is not None:
        written[folders.K_SCAN_FILE] = result.scan
    for col in by:
        written[folders.crosstab_file(col)] = tables.crosstab(frame, result.doc_topics, labels, col)
    # The folder is replaced as a whole, so files of an earlier run (an old k_scan.csv or
    # topic_by_<col>.csv) never sit beside the new ones.
    with atomic_dir(out, replaceable=folders.is_topics_dir, what="a `vnqual topics` output") as tmp:
        for name, table in written.items():
            write_csv(table, tmp / name)  # UTF-8 with BOM, formula-guarded (statements, metadata)
        (tmp / folders.PARAMS_FILE).write_text(folders.dump_json(params, sort_keys=True), encoding="utf-8")
        (tmp / folders.THEMES_FILE).write_text(result.themes_yaml, encoding="utf-8")
        corpus.save(tmp / folders.TOPICS_CORPUS_DIR)  # statements and sources: `vnqual export DIR` codes them
    return [*written, folders.PARAMS_FILE, folders.THEMES_FILE, folders.TOPICS_CORPUS_DIR + "/"]


def theme_names(folder: Path, labels: Sequence[str]) -> list[str]:
    """Theme labels of a topics folder with the names edited in its ``themes.yaml`` (no re-run).

    Only renames apply without a new run; merges and drops are named in a warning (they need
    ``vnqual topics ... --themes``).
    """
    from vnqual.topics._themes import renamed_labels

    return renamed_labels(Path(folder) / folders.THEMES_FILE, labels)
