"""Output tables of ``vnqual topics``: topics, assignments, quotes, crosstabs, parameters."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from vnqual.crosstab import BLANK
from vnqual.errors import InputError
from vnqual.types import DOC_ID, END_CHAR, ROLE, SPEAKER, START_CHAR, STATEMENT_ID, TEXT


def check_by_columns(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise InputError if a ``--by`` column is not in the statements table."""
    for col in columns:
        if col not in frame.columns or col == TEXT:
            avail = [c for c in frame.columns if c != TEXT]
            raise InputError(f"`by` {col}: no such column; available: {', '.join(avail)}")


def data_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of the analysed statements (ids and verbatim texts, in order)."""
    h = hashlib.sha256()
    for sid, text in zip(frame[STATEMENT_ID], frame[TEXT]):
        h.update(f"{sid}\t{text}\n".encode())
    return h.hexdigest()


def topics_table(info: pd.DataFrame) -> pd.DataFrame:
    """``topic, label, size, top_terms, coherence, coherence_flag`` (terms with spaces, ``; ``
    separated; ``coherence_flag`` is ``weak`` for a negative NPMI, else ``ok``)."""
    from vnqual.topics._coherence import coherence_flag

    out = info[["topic", "label", "size", "top_terms", "coherence"]].copy()
    out["top_terms"] = out["top_terms"].str.replace(", ", "; ", regex=False)
    out["coherence_flag"] = [coherence_flag(float(v)) for v in out["coherence"]]
    return out


def assignments_table(
    frame: pd.DataFrame, doc_topics: pd.DataFrame, labels: Sequence[str], metadata: Sequence[str]
) -> pd.DataFrame:
    """One row per statement: ids, topic, label, weight, doc/speaker/role and metadata.

    A metadata column named like an output column (e.g. a human ``topic`` column of a table)
    is kept as ``input_<name>``.
    """
    out = doc_topics[[STATEMENT_ID, "topic"]].copy()
    out.insert(2, "label", [labels[t] if t >= 0 else "" for t in out["topic"]])
    out["weight"] = doc_topics["weight"].to_numpy()
    for col in (DOC_ID, SPEAKER, ROLE):
        out[col] = frame[col].to_numpy()
    for col in metadata:
        if col in (DOC_ID, SPEAKER, ROLE):
            continue
        name = col
        while name in out.columns:
            name = f"input_{name}"
        out[name] = frame[col].to_numpy()
    return out


def quotes_table(
    frame: pd.DataFrame, doc_topics: pd.DataFrame, rows: Sequence[Sequence[int]], labels: Sequence[str]
) -> pd.DataFrame:
    """Representative verbatim quotes: ``topic, label, rank, statement_id, speaker, doc_id,
    start_char, end_char, weight, text``."""
    records = []
    for topic, picked in enumerate(rows):
        for rank, i in enumerate(picked, start=1):
            st = frame.iloc[i]
            records.append(
                {
                    "topic": topic,
                    "label": labels[topic],
                    "rank": rank,
                    STATEMENT_ID: st[STATEMENT_ID],
                    SPEAKER: st[SPEAKER],
                    DOC_ID: st[DOC_ID],
                    START_CHAR: int(st[START_CHAR]),
                    END_CHAR: int(st[END_CHAR]),
                    "weight": float(doc_topics["weight"].iloc[i]),
                    TEXT: st[TEXT],
                }
            )
    cols = ["topic", "label", "rank", STATEMENT_ID, SPEAKER, DOC_ID, START_CHAR, END_CHAR, "weight", TEXT]
    return pd.DataFrame(records, columns=cols)


def crosstab(
    frame: pd.DataFrame, doc_topics: pd.DataFrame, labels: Sequence[str], column: str
) -> pd.DataFrame:
    """Statements per topic (rows) and value of ``column`` (columns); no-topic rows left out.

    Statements without a value are counted under ``(blank)``, as in ``vnqual crosstab``.
    """
    topics = doc_topics["topic"].to_numpy()
    keep = topics >= 0
    values = frame[column].fillna("").astype(str).replace("", BLANK).to_numpy()[keep]
    tab = pd.crosstab(pd.Series(topics[keep], name="topic"), pd.Series(values, name=column))
    tab = tab.reindex(range(len(labels)), fill_value=0)
    tab.insert(0, "label", list(labels))
    tab.columns.name = None
    return tab.reset_index()


def jsonable(value: Any) -> Any:
    """Turn numpy scalars, tuples, sets and paths into JSON values (sorted sets)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
