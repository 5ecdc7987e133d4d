"""One-file HTML report: corpus overview, themes, keywords, codes and methods (``vnqual report``).

Examples
--------
>>> import vnqual
>>> from vnqual.report import build_report_data, write_report
>>> corpus = vnqual.read_corpus("corpora/toa-dam-boi-duong")  # doctest: +SKIP
>>> data = build_report_data(corpus, by="site", random_state=0)  # doctest: +SKIP
>>> write_report(data, "bao_cao.html")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

from vnqual.report._build import ThemeResults, report_data, statements_sha256, term_shares, write_report
from vnqual.report._data import ReportData
from vnqual.report._html import FONT_STACK, render_report

#: Reading result folders and running the analyses is the ``vnqual report`` job's part.
_FROM_JOBS = {
    "build_report_data": "vnqual.jobs.report",
    "read_tag_dir": "vnqual.jobs.report",
    "read_topics_dir": "vnqual.jobs.report",
}

__all__ = [
    "FONT_STACK",
    "ReportData",
    "ThemeResults",
    "build_report_data",
    "read_tag_dir",
    "read_topics_dir",
    "render_report",
    "report_data",
    "statements_sha256",
    "term_shares",
    "write_report",
]


def __getattr__(name: str) -> Any:
    if name in _FROM_JOBS:
        return getattr(importlib.import_module(_FROM_JOBS[name]), name)
    raise AttributeError(f"module 'vnqual.report' has no attribute {name!r}")
