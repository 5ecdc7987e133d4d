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

from vnqual.report._build import build_report_data, statements_sha256, term_shares, write_report
from vnqual.report._data import ReportData
from vnqual.report._html import FONT_STACK, render_report
from vnqual.report._inputs import ThemeResults, read_tag_dir, read_topics_dir

__all__ = [
    "FONT_STACK",
    "ReportData",
    "ThemeResults",
    "build_report_data",
    "read_tag_dir",
    "read_topics_dir",
    "render_report",
    "statements_sha256",
    "term_shares",
    "write_report",
]
