"""What the report shows: :class:`ReportData`, filled by ``_build`` and rendered by ``_html``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class ReportData:
    """Everything the report shows; each part is optional except the overview.

    Attributes
    ----------
    title : str
        Page title.
    overview : dict
        ``n_documents``, ``n_statements``, ``n_speakers``, ``n_sites``.
    documents : DataFrame
        One row per document (``doc_id``, ``source_file``, ``encoding``, ``n_statements``, ``sha256``).
    counts : dict of str to Series
        Statements per value of a column (``site``, ``role``), for bar charts.
    topics : DataFrame or None
        ``topic, label, size, top_terms, coherence``.
    topic_terms : dict
        Topic id -> list of ``(term, value)`` for the bar charts (shown with spaces, never ``_``).
    topic_terms_label : str
        What the top-word bars measure (e.g. ``"weight"``); a label starting with ``%`` shows
        the values as whole percentages.
    quotes : DataFrame or None
        ``topic, statement_id, speaker, doc_id, start_char, end_char, text`` (+ ``site`` and
        ``_by``: the statement's value of the ``by`` column).
    topic_by : DataFrame or None
        Statement counts, topic label (rows) x group (columns) of ``by``.
    by : str or None
        The ``--by`` column.
    keywords : DataFrame or None
        ``group, term, z`` (log-odds z-scores), top terms per group.
    code_counts, codes_by, cooccurrence : Series / DataFrame or None
        Codebook results (statements per code, code x group, code x code).
    k_scan : DataFrame or None
        ``k`` and score columns of the k scan, with the chosen k in ``params["k"]``.
    params : dict
        Parameters, seeds and versions for the methods section.
    statements_sha256 : str
        Hash of the statements (see :func:`vnqual.report.statements_sha256`).
    notes : list of str
        Parts that were skipped and why, shown at the top of the report.
    """

    title: str
    overview: dict[str, Any]
    documents: pd.DataFrame
    counts: dict[str, pd.Series] = field(default_factory=dict)
    topics: pd.DataFrame | None = None
    topic_terms: dict[Any, list[tuple[str, float]]] = field(default_factory=dict)
    topic_terms_label: str = "weight"
    quotes: pd.DataFrame | None = None
    topic_by: pd.DataFrame | None = None
    by: str | None = None
    keywords: pd.DataFrame | None = None
    code_counts: pd.Series | None = None
    codes_by: pd.DataFrame | None = None
    cooccurrence: pd.DataFrame | None = None
    k_scan: pd.DataFrame | None = None
    params: dict[str, Any] = field(default_factory=dict)
    statements_sha256: str = ""
    notes: list[str] = field(default_factory=list)
