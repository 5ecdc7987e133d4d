"""The ``vnqual topics`` job: tokens -> model (fit, scan k, or apply a saved one) -> tables."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual._fs import atomic_dir, atomic_write
from vnqual._version import __version__
from vnqual.errors import InputError
from vnqual.topics import DEFAULT_SEED
from vnqual.topics import _tables as tables
from vnqual.topics._coherence import NPMI_NOTE, coherence_flag
from vnqual.types import SPEAKER, STATEMENT_ID, TEXT

PARAMS_FILE = "params.json"
THEMES_FILE = "themes.yaml"
CORPUS_DIR = "corpus"

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
    """Fit (or apply) a topic model to ``corpus`` and write the tables to ``out``.

    ``token_opts`` are :func:`vnqual.text.tokenize` options; ``pos`` defaults to
    ``"content"`` here (nouns, verbs, adjectives), the setting measured in benchmarks/topics.md.
    """
    from vnqual.topics._coherence import npmi_coherence
    from vnqual.topics._io import load_model
    from vnqual.topics._model import TopicModel, _assignments
    from vnqual.topics._quotes import frame_quotes
    from vnqual.topics._seeded import read_seed_words
    from vnqual.topics._select import scan_k, scan_note
    from vnqual.topics._themes import read_themes, theme_entries, themes_yaml

    frame = corpus.frame
    if by and out is None:
        raise InputError("--by needs --out DIR (the crosstabs are written there)")
    tables.check_by_columns(frame, by)
    if model_path is not None and (seed_words is not None or save is not None or themes is not None):
        raise InputError(
            "--model applies a saved model; drop --seed-words/--themes/--save (they are for fitting)"
        )
    if themes is not None and seed_words is not None:
        raise InputError(
            "--themes already seeds every theme; drop --seed-words (or add its words to the file)"
        )
    plan = read_themes(themes) if themes is not None else None
    if model_path is not None and out is not None and Path(out).resolve() == Path(model_path).resolve():
        raise InputError(f"{out}: --out would replace the model given with --model; choose another --out")
    if len(frame) == 0:
        raise InputError("no statements to analyse (after --exclude-role); check PATH")
    token_opts = dict(token_opts)
    saved = load_model(model_path) if model_path is not None else None
    if token_opts.get("pos") is None:
        token_opts["pos"] = saved.metadata_.get("pos", "content") if saved is not None else "content"
    tokens = corpus.tokens(**token_opts)
    docs, ids = list(tokens), [str(i) for i in tokens.index]
    texts = list(frame[TEXT])
    scan = None
    if saved is not None:
        model = saved
        W = model.transform(docs)
        doc_topics = _assignments(W, ids)
        vocab = set(model.vocabulary_)
        coherence = npmi_coherence(model.topic_terms_, [[t for t in d if t in vocab] for d in docs])
        info = model.topic_info()
        info["size"] = np.bincount(doc_topics["topic"][doc_topics["topic"] >= 0], minlength=model.n_topics_)
        info["coherence"] = np.round(coherence, 4)
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
                docs, statement_ids=ids, texts=texts
            )
            plan.relabel(model)
            k_note = f"k={n_topics}: the themes of {themes}"
        elif k == "auto":
            scan, model = scan_k(
                docs,
                random_state=seed,
                progress=progress,
                statement_ids=ids,
                texts=texts,
                doc_ids=list(frame["doc_id"]),
                **params,
            )
            k_note = scan_note(scan)
        else:
            model = TopicModel(int(k), random_state=seed, **params).fit(docs, statement_ids=ids, texts=texts)
            k_note = f"k={k}"
        W = model.doc_topic_
        doc_topics = model.document_topics()
        info = model.topic_info()
    labels = list(model.labels_)
    rows = frame_quotes(frame, W, docs, model, n_quotes)
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
        params_json = {
            "vnqual_version": __version__,
            "command": "topics",
            "input": {
                "data_sha256": tables.data_hash(frame),
                "n_statements": len(frame),
                "n_documents": int(frame["doc_id"].nunique()),
            },
            "tokens": {
                **{k2: v for k2, v in (raw_token_opts or {}).items() if k2 not in ("jobs", "no_cache")},
                "pos": token_opts["pos"],
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
        }
        result.files = _write_outputs(
            Path(out), result, corpus, corpus.metadata_columns(), labels, by, tables.jsonable(params_json)
        )
    if save is not None:
        model.save(save, metadata={"pos": token_opts["pos"]})
    return result


def _source_name(frame: pd.DataFrame) -> str:
    files = sorted(set(frame["source_file"].astype(str)))
    return files[0] if len(files) == 1 else f"{len(files)} files"


def _write_csv(path: Path, table: pd.DataFrame) -> None:
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        table.to_csv(fh, index=False, lineterminator="\n")


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
        "topics.csv": tables.topics_table(result.info),
        "assignments.csv": tables.assignments_table(frame, result.doc_topics, labels, metadata),
        "quotes.csv": result.quotes,
    }
    if result.scan is not None:
        written["k_scan.csv"] = result.scan
    for col in by:
        written[tables.crosstab_name(col)] = tables.crosstab(frame, result.doc_topics, labels, col)
    # The folder is replaced as a whole, so files of an earlier run (an old k_scan.csv or
    # topic_by_<col>.csv) never sit beside the new ones.
    with atomic_dir(out, replaceable=is_topics_dir, what="a `vnqual topics` output") as tmp:
        for name, table in written.items():
            _write_csv(tmp / name, table)
        with atomic_write(tmp / PARAMS_FILE, "w") as fh:
            fh.write(json.dumps(params, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        with atomic_write(tmp / THEMES_FILE, "w") as fh:
            fh.write(result.themes_yaml)
        corpus.save(tmp / CORPUS_DIR)  # statements and sources: `vnqual export DIR` codes them
    return [*written, PARAMS_FILE, THEMES_FILE, CORPUS_DIR + "/"]


def is_topics_dir(path: Path) -> bool:
    """True if ``path`` holds the output of an earlier ``vnqual topics --out`` run."""
    return (path / "topics.csv").is_file() and (path / PARAMS_FILE).is_file()
