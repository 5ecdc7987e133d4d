"""The Jinja2 environment of the report: autoescape, strict variables, the shared base layout."""

from __future__ import annotations

import configparser
import fnmatch
from collections.abc import Callable
from pathlib import Path

import jinja2
import pandas as pd
import pytest

import vnqual.report
from vnqual.report import FONT_STACK, ReportData, render_report
from vnqual.report._templates import environment, render

TEMPLATES = Path(vnqual.report.__file__).parent / "templates"
CSP = (
    "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">"
)
HOSTILE = "Chị Lan nói: <script>alert(\"xã\")</script> & 'kinh phí'"
SITE = 'Xã <A> "Đông"'


def _hostile_data(make_data: Callable[..., ReportData]) -> ReportData:
    quotes = pd.DataFrame(
        [(0, "QN-'1\"<>", HOSTILE, "QN<1>", 0, 40, SITE, HOSTILE)],
        columns=["topic", "statement_id", "speaker", "doc_id", "start_char", "end_char", "site", "text"],
    )
    return make_data(
        title=HOSTILE,
        quotes=quotes,
        notes=[HOSTILE],
        params={"vnqual_version": HOSTILE, "tham_so": HOSTILE},
    )


def test_statement_text_with_script_and_quotes_is_escaped(make_data: Callable[..., ReportData]) -> None:
    html = render_report(_hostile_data(make_data))
    assert "<script" not in html and 'alert("' not in html
    escaped = "Chị Lan nói: &lt;script&gt;alert(&quot;xã&quot;)&lt;/script&gt; &amp; &#x27;kinh phí&#x27;"
    assert f"<p>{escaped}</p>" in html  # the quote
    assert f"<title>{escaped}</title>" in html and f"<h1>{escaped}</h1>" in html
    assert f"<p class='warn'>{escaped}</p>" in html  # a note
    assert f"<td>{escaped}</td>" in html  # a parameter value
    assert f"<meta name='generator' content='vnqual {escaped}'>" in html  # inside an attribute
    footer = f"<footer>— {escaped}, Xã &lt;A&gt; &quot;Đông&quot; · <code>QN&lt;1&gt;:0-40</code></footer>"
    assert footer in html  # speaker, site and reference
    assert "<blockquote id='q-QN-&#x27;1&quot;&lt;&gt;'>" in html


def test_line_breaks_inside_statements_are_kept(make_data: Callable[..., ReportData]) -> None:
    # Template line breaks are dropped; a statement's own are shown (CSS white-space: pre-line).
    text = "Dòng một của chị Lan.\nDòng hai: kinh phí còn thiếu."
    quotes = pd.DataFrame(
        [(0, "QN-0001", "Chị Lan", "QN", 0, 40, "Quảng Nam", text)],
        columns=["topic", "statement_id", "speaker", "doc_id", "start_char", "end_char", "site", "text"],
    )
    html = render_report(make_data(quotes=quotes))
    assert f"<p>{text}</p>" in html
    body = html.split("</style>", 1)[1]
    assert body.count("\n") == 1  # the statement's; the template's own line breaks are gone


def test_page_keeps_the_content_security_policy_and_no_trailing_newline(
    make_data: Callable[..., ReportData],
) -> None:
    html = render_report(make_data())
    assert html.startswith("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>")
    assert CSP in html and html.endswith("</main></body></html>")


def test_css_is_kept_verbatim_with_the_font_stack_unescaped(make_data: Callable[..., ReportData]) -> None:
    html = render_report(make_data())
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert f"font-family: {FONT_STACK};" in css  # "Noto Sans", not &quot;Noto Sans&quot;
    assert css.startswith("\n:root {") and css.endswith("\n}\n")
    assert "@media print {\n  @page { margin: 15mm; }" in css


def test_missing_variable_is_an_error_not_an_empty_string() -> None:
    table = {"headers": [], "rows": []}
    context = {
        "title": "Báo cáo",
        "version": "0.2.0",
        "font_stack": FONT_STACK,
        "sections": vnqual.report._html.SECTIONS,
        "notes": [],
        "overview": {"kpis": [], "charts": [], "documents": table, "more_documents": 0},
        "themes": None,
        "topic_by": None,
        "keywords": None,
        "codes": None,
        "methods": {"params": table, "k_scan": None, "hashes": None, "statements_sha256": ""},
    }
    assert "<h1>Báo cáo</h1>" in render("report.html", **context)
    del context["version"]  # only printed, never dotted into: a lenient Undefined would print ""
    with pytest.raises(jinja2.UndefinedError, match="'version' is undefined"):
        render("report.html", **context)


def test_missing_attribute_is_an_error_too() -> None:
    with pytest.raises(jinja2.UndefinedError, match="statement_id"):
        environment().from_string('{% from "macros.html" import quote %}{{ quote(q) }}').render(
            q={"text": "Kinh phí còn thiếu.", "who": "Chị Lan", "ref": "QN:0-18"}
        )


def test_a_page_extending_the_base_layout_gets_the_csp_and_escaping() -> None:
    # How the review app (issue 17) shares the layout: extend base.html, fill the blocks.
    page = environment().from_string(
        '{% extends "base.html" %}{% block title %}{{ t }}{% endblock %}'
        "{% block body %}<main>{{ t }}</main>{% endblock %}"
    )
    html = page.render(t="Xem lại <mã> của xã")
    assert CSP in html
    assert "<title>Xem lại &lt;mã&gt; của xã</title>" in html
    assert html.endswith("<body><main>Xem lại &lt;mã&gt; của xã</main></body></html>")


def test_a_page_may_replace_the_csp_block() -> None:
    page = environment().from_string(
        "{% extends \"base.html\" %}{% block csp %}<meta http-equiv='Content-Security-Policy' "
        "content=\"default-src 'self'\">{% endblock %}"
    )
    html = page.render()
    assert "default-src 'self'" in html and "default-src 'none'" not in html


def _glob(path: str, pattern: str) -> bool:
    """setuptools' package_data glob: ``*`` stays within one folder."""
    parts, pats = path.split("/"), pattern.split("/")
    return len(parts) == len(pats) and all(fnmatch.fnmatchcase(a, b) for a, b in zip(parts, pats))


def test_every_template_file_is_package_data() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(Path(__file__).parents[2] / "setup.cfg", encoding="utf-8")
    patterns = [p.strip() for p in cfg["options.package_data"]["vnqual"].split(",")]
    package = TEMPLATES.parents[1]
    files = [p.relative_to(package).as_posix() for p in TEMPLATES.rglob("*") if p.is_file()]
    assert "report/templates/base.html" in files
    missing = [f for f in files if not any(_glob(f, p) for p in patterns)]
    assert missing == []
