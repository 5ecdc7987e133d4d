"""What each result folder contains: file names, column orders and the JSON parameter schemas.

One place for the layout of the folders vnqual writes and reads back::

    vnqual ingest --out DIR   statements.csv, documents.csv, corpus.json, sources/<doc_id>.txt
                              (the corpus folder, written by :meth:`vnqual.Corpus.save`),
                              speakers.csv (columns: :mod:`vnqual.io._speakers_file`)
    vnqual topics --out DIR   topics.csv, assignments.csv, quotes.csv, params.json,
                              themes.yaml, corpus/, [k_scan.csv], [topic_by_<COL>.csv]
    vnqual tag --out DIR      codes.csv, hits.csv, codebook.json, run.json, corpus/,
                              [review.sqlite, reviewed.csv] (written by ``vnqual review DIR``)
    vnqual deidentify --out DIR   the ingest files + offset-map.csv, deid-report.csv, deid.json
                              (the key, deid-key.csv, is written beside DIR, never inside)

CSV files are UTF-8 with a BOM and formula-guarded (:func:`vnqual.tables.write_csv`).
``params.json`` (topics) and ``run.json`` (tag) carry ``schema_version``
(:data:`SCHEMA_VERSION`); folders written before the field existed have none and read as
version 0 (:func:`schema_version`), with the same keys otherwise.

This module imports nothing of vnqual, so every layer may read the names from it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: Version of the params.json / run.json schema; 0 = written before the field existed.
SCHEMA_VERSION = 1
SCHEMA_KEY = "schema_version"

# ------------------------------------------------------------------- vnqual ingest --out
#: Files of a corpus folder (names owned by :class:`vnqual.Corpus`, listed here for readers).
INGEST_FILES: tuple[str, ...] = ("statements.csv", "documents.csv", "corpus.json", "sources/", "speakers.csv")
#: The speaker file ``vnqual ingest`` writes beside the corpus and ``--speakers`` reads back.
SPEAKERS_FILE = "speakers.csv"

# ------------------------------------------------------------------- vnqual topics --out
TOPICS_FILE = "topics.csv"
ASSIGNMENTS_FILE = "assignments.csv"
QUOTES_FILE = "quotes.csv"
K_SCAN_FILE = "k_scan.csv"
PARAMS_FILE = "params.json"
#: The themes to rename/merge/drop and bring back with ``--themes`` (:mod:`vnqual.topics._themes`).
THEMES_FILE = "themes.yaml"
#: The analysed statements and their sources (a corpus folder), so ``vnqual export DIR`` can code them.
TOPICS_CORPUS_DIR = "corpus"
#: ``topic_by_<COL>.csv``: statements per theme and value of COL (``--by COL``).
CROSSTAB_FILE = "topic_by_{col}.csv"
#: Columns of topics.csv, in order.
TOPICS_COLUMNS: tuple[str, ...] = ("topic", "label", "size", "top_terms", "coherence", "coherence_flag")
#: Leading columns of assignments.csv (metadata columns of the input follow).
ASSIGNMENTS_COLUMNS: tuple[str, ...] = (
    "statement_id",
    "topic",
    "label",
    "weight",
    "doc_id",
    "speaker",
    "role",
)
#: Keys of params.json (besides ``schema_version`` and ``vnqual_version``).
PARAMS_KEYS: tuple[str, ...] = (
    "command",
    "input",
    "tokens",
    "model",
    "k",
    "seed",
    "themes_file",
    "applied_model",
    "by",
    "quotes_per_topic",
)

# ---------------------------------------------------------------------- vnqual tag --out
CODES_FILE = "codes.csv"
HITS_FILE = "hits.csv"
CODEBOOK_FILE = "codebook.json"
RUN_FILE = "run.json"
CORPUS_DIR = "corpus"
#: Keys of run.json after ``schema_version`` and ``vnqual_version``, in order.
RUN_KEYS: tuple[str, ...] = (
    "codebook",
    "train",
    "min_score",
    "keywords_only",
    "random_state",
    "n_statements",
    "n_rows",
    "rows_by_method",
    "n_keyword_matches",
    "n_hand_coded",
    "codes_without_model",
)

# --------------------------------------------------------------- vnqual deidentify --out
OFFSET_MAP_FILE = "offset-map.csv"
DEID_REPORT_FILE = "deid-report.csv"
DEID_PARAMS_FILE = "deid.json"
#: Default key file name, in the parent of the output folder.
DEID_KEY_FILE = "deid-key.csv"


def is_deid_dir(path: Path) -> bool:
    """True if ``path`` holds the output of an earlier ``vnqual deidentify --out`` run."""
    return (path / "statements.csv").is_file() and (path / DEID_PARAMS_FILE).is_file()


# ------------------------------------------------------------- vnqual review DIR (a tag folder)
#: The review decisions (SQLite), kept when ``vnqual tag`` re-runs into the folder.
REVIEW_STORE_FILE = "review.sqlite"
#: The decisions as a hand-coding table (``vnqual tag --train DIR`` reads it).
REVIEWED_FILE = "reviewed.csv"


def crosstab_file(col: str) -> str:
    """File name of the ``--by COL`` crosstab of a topics folder: ``topic_by_<COL>.csv``, file-safe."""
    safe = re.sub(r"[^0-9A-Za-z_.-]+", "_", col, flags=re.ASCII).strip("_") or "col"
    return CROSSTAB_FILE.format(col=safe)


def is_topics_dir(path: Path) -> bool:
    """True if ``path`` holds the output of an earlier ``vnqual topics --out`` run."""
    return (path / TOPICS_FILE).is_file() and (path / PARAMS_FILE).is_file()


def is_tag_dir(path: Path) -> bool:
    """True if ``path`` holds the output of an earlier ``vnqual tag --out`` run."""
    return (path / CODES_FILE).is_file() and (path / CODEBOOK_FILE).is_file()


def with_schema(data: dict[str, Any], version: str) -> dict[str, Any]:
    """``data`` headed by ``schema_version`` and ``vnqual_version`` (the first keys of the file)."""
    return {SCHEMA_KEY: SCHEMA_VERSION, "vnqual_version": version, **data}


def schema_version(data: Any) -> int:
    """Schema version of a params.json/run.json mapping; 0 for folders written before 0.2.0."""
    if isinstance(data, dict):
        value = data.get(SCHEMA_KEY, 0)
        return value if isinstance(value, int) else 0
    return 0


def without_schema(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` without ``schema_version`` (what the file said before the field existed)."""
    return {k: v for k, v in data.items() if k != SCHEMA_KEY}


def dump_json(data: Any, *, sort_keys: bool = False) -> str:
    """The text vnqual writes for params.json/run.json: UTF-8 characters, 2-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n"
