"""Themes as codes: a ``vnqual topics --out`` folder read as coded excerpts for ``vnqual export``.

Each statement with a theme becomes one coding of the whole statement: ``code`` is the theme's
name (with the names edited in the folder's ``themes.yaml``), ``score`` its topic weight,
``method`` ``"topic"``, ``coder`` ``"vnqual"``. The codes table lists the themes with their top
terms as keywords. The statements and source texts come from the folder's ``corpus/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from vnqual.errors import InputError
from vnqual.types import DOC_ID, END_CHAR, START_CHAR, STATEMENT_ID, PathLike

#: ``method`` of codings made from themes.
TOPIC_METHOD = "topic"
TOPICS_FILE = "topics.csv"
ASSIGNMENTS_FILE = "assignments.csv"
CORPUS_DIR = "corpus"


def is_topics_folder(path: PathLike) -> bool:
    """True if ``path`` is a folder written by ``vnqual topics --out``."""
    path = Path(path)
    return path.is_dir() and (path / TOPICS_FILE).is_file() and (path / ASSIGNMENTS_FILE).is_file()


def _read(file: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise InputError(
            f"{file}: not a readable CSV table ({type(err).__name__}); re-run `vnqual topics --out`"
        ) from None


def topics_coded(folder: PathLike) -> Any:
    """Codings of a ``vnqual topics --out`` folder (a :class:`vnqual.export.Coded`).

    Raises
    ------
    InputError
        The folder lacks ``corpus/`` (written since vnqual 0.2.0) or its tables are damaged.
    """
    from vnqual.corpus import Corpus
    from vnqual.export._coded import (
        AUTO_CODER,
        CODE,
        CODER,
        EVIDENCE,
        METHOD,
        SCORE,
        Coded,
        attach_corpus,
        codes_frame,
    )
    from vnqual.topics._themes import renamed_labels

    folder = Path(folder)
    if not Corpus.is_corpus_dir(folder / CORPUS_DIR):
        raise InputError(
            f"{folder}: no {CORPUS_DIR}/ folder with the statements; re-run `vnqual topics ... --out "
            f"{folder}` (vnqual 0.2.0 or later writes it) and export again"
        )
    corpus = Corpus.load(folder / CORPUS_DIR)
    topics = _read(folder / TOPICS_FILE)
    assign = _read(folder / ASSIGNMENTS_FILE)
    for file, table, cols in (
        (TOPICS_FILE, topics, ("topic", "label", "top_terms")),
        (ASSIGNMENTS_FILE, assign, (STATEMENT_ID, "topic", "weight")),
    ):
        missing = [c for c in cols if c not in table.columns]
        if missing:
            raise InputError(
                f"{folder / file}: lacks column(s) {', '.join(missing)}; re-run `vnqual topics --out`"
            )
    ids = pd.to_numeric(topics["topic"], errors="coerce")
    if ids.isna().any() or list(ids.astype(int)) != list(range(len(topics))):
        raise InputError(f"{folder / TOPICS_FILE}: 'topic' must number the themes 0, 1, 2, ...")
    names = renamed_labels(folder, list(topics["label"]))
    by_id = corpus.frame.drop_duplicates(STATEMENT_ID).set_index(STATEMENT_ID)
    t = pd.to_numeric(assign["topic"], errors="coerce").fillna(-1).astype(int)
    keep = (t >= 0) & (t < len(names)) & assign[STATEMENT_ID].isin(by_id.index)
    rows = assign[keep]
    topic = t[keep].to_numpy()
    codings = pd.DataFrame(
        {
            STATEMENT_ID: rows[STATEMENT_ID].to_numpy(),
            CODE: [names[i] for i in topic],
            SCORE: pd.to_numeric(rows["weight"], errors="coerce").to_numpy(),
            METHOD: TOPIC_METHOD,
            EVIDENCE: "",
            DOC_ID: by_id.loc[rows[STATEMENT_ID], DOC_ID].to_numpy(),
            START_CHAR: by_id.loc[rows[STATEMENT_ID], START_CHAR].astype(int).to_numpy(),
            END_CHAR: by_id.loc[rows[STATEMENT_ID], END_CHAR].astype(int).to_numpy(),
            CODER: AUTO_CODER,
        }
    )
    codings = attach_corpus(codings, corpus, file=folder / ASSIGNMENTS_FILE)
    codes = codes_frame(
        [
            {
                CODE: name,
                "path": name,
                "description": f"vnqual topics theme {i}: {label}",
                "keywords": [w.strip() for w in str(terms).split(";") if w.strip()],
            }
            for i, (name, label, terms) in enumerate(zip(names, topics["label"], topics["top_terms"]))
        ]
    )
    return Coded(codings, codes, corpus, dict(corpus.sources), corpus.frame, str(folder / ASSIGNMENTS_FILE))
