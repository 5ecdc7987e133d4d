"""The HTML builder without a browser: sections, escaping, display forms, no network, print CSS."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pandas as pd
import pytest

from vnqual.report import ReportData, render_report
from vnqual.report._html import MAX_GROUPS, MAX_QUOTE_CHARS, SECTIONS


class _Texts(HTMLParser):
    """Text nodes with the id of their <section> and the stack of open tags."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "circle", "line", "rect", "polyline"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[list[str], list[str], str]] = []  # (section ids, tags, text)
        self.script_tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.script_tags += 1
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("id") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            ids = [i for t, i in self.stack if t == "section" and i]
            self.texts.append((ids, [t for t, _ in self.stack], data))


def _parse(html: str) -> _Texts:
    parser = _Texts()
    parser.feed(html)
    return parser


def test_all_sections_present_in_order(report_data: ReportData) -> None:
    html = render_report(report_data)
    positions = [html.index(f"<section id='{sid}'>") for sid, _ in SECTIONS]
    assert positions == sorted(positions)
    for sid, name in SECTIONS:
        assert f"<a href='#{sid}'>" in html and name in html


def test_minimal_report_still_has_every_section() -> None:
    data = ReportData(
        title="Tọa đàm",
        overview={"n_documents": 1, "n_statements": 2},
        documents=pd.DataFrame({"doc_id": ["qn"]}),
    )
    html = render_report(data)
    for sid, _ in SECTIONS:
        assert f"<section id='{sid}'>" in html
    assert "Không dùng bộ mã" in html and "Không có kết quả chủ đề" in html


def test_quote_markup_is_escaped_and_no_script_element_exists(
    report_data: ReportData, evil_quote: str
) -> None:
    html = render_report(report_data)
    parsed = _parse(html)
    assert parsed.script_tags == 0
    assert "<script" not in html.lower()
    quote_texts = [text for _, tags, text in parsed.texts if tags[-2:] == ["blockquote", "p"]]
    assert evil_quote in quote_texts  # shown verbatim as text


def test_quotes_show_speaker_site_and_source_reference(report_data: ReportData) -> None:
    html = render_report(report_data)
    assert "— Bà Lò Thị Xuân, Lai Châu · <code>LC:10-64</code>" in html
    assert "(không rõ người nói), Quảng Nam · <code>QN:400-450</code>" in html
    assert html.count("<blockquote") == len(report_data.quotes)


def test_at_most_five_quotes_per_theme(make_data: Callable[..., ReportData]) -> None:
    q = make_data().quotes
    many = pd.concat([q[q["topic"] == 0]] * 3, ignore_index=True)
    many["statement_id"] = [f"LC-{i:04d}" for i in range(len(many))]
    html = render_report(make_data(quotes=many))
    theme0 = html.split("id='topic-0'")[1].split("id='topic-1'")[0]
    assert theme0.count("<blockquote") == 5


def test_long_quote_is_cut_at_a_space_and_marked(make_data: Callable[..., ReportData]) -> None:
    words = "bồi dưỡng cán bộ cấp xã " * 60
    q = make_data().quotes.head(1).assign(text=words)
    html = render_report(make_data(quotes=q))
    shown = re.search(r"<blockquote[^>]*><p>([^<]*)</p>", html).group(1)
    assert shown.endswith(" […]") and len(shown) <= MAX_QUOTE_CHARS + 4
    assert words.startswith(shown[:-4])


def test_displayed_terms_never_show_underscores(report_data: ReportData) -> None:
    parsed = _parse(render_report(report_data))
    term_texts = [
        text
        for ids, tags, text in parsed.texts
        if ({"chu-de", "tu-khoa", "chu-de-theo-nhom"} & set(ids))
        and "code" not in tags
        and "blockquote" not in tags
    ]
    assert term_texts
    assert [t for t in term_texts if "_" in t] == []
    joined = " ".join(term_texts)
    for term in ("dân tộc thiểu số", "chuyển đổi số", "tài liệu song ngữ", "kinh phí bồi dưỡng"):
        assert term in joined


def test_page_has_no_urls_and_forbids_network(report_data: ReportData) -> None:
    html = render_report(report_data)
    assert re.search(r"https?://|//[a-z]", html, re.IGNORECASE) is None
    assert re.search(r"\b(src|href)=['\"](?!#)", html) is None  # only in-page anchors
    assert "@import" not in html and "url(" not in html
    csp = re.search(r"http-equiv='Content-Security-Policy' content=\"([^\"]+)\"", html).group(1)
    assert "default-src 'none'" in csp and "script-src" not in csp


def test_page_is_utf8_vietnamese_with_font_stack_and_print_css(report_data: ReportData) -> None:
    html = render_report(report_data)
    assert html.startswith("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>")
    assert '"Noto Sans"' in html and "sans-serif" in html
    print_css = html.split("@media print")[1]
    assert "break-before: page" in print_css and "details.data { display: none" in html.replace(
        "nav, details.data", "details.data"
    )


def test_topic_by_heatmap_shows_column_percentages(report_data: ReportData) -> None:
    html = render_report(report_data)
    section = html.split("<section id='chu-de-theo-nhom'>")[1].split("</section>")[0]
    # Đắk Lắk column: 20 and 5 statements -> 80% and 20%.
    assert ">80%</text>" in section and ">20%</text>" in section
    assert "<td>20</td>" in section  # counts stay in the data table


def test_many_groups_are_capped_with_a_note(make_data: Callable[..., ReportData]) -> None:
    n = MAX_GROUPS + 7
    groups = [f"xã {i:02d}" for i in range(n)]
    topic_by = pd.DataFrame([list(range(1, n + 1))], index=["0: kinh phí"], columns=groups)
    kw = pd.DataFrame({"group": groups, "term": ["kinh phí"] * n, "z": [2.0] * n})
    html = render_report(make_data(topic_by=topic_by, keywords=kw))
    assert "7 nhóm nhỏ nhất không hiển thị" in html and "7 nhóm khác không hiển thị" in html
    assert "xã 00" not in html.split("<section id='chu-de-theo-nhom'>")[1].split("</section>")[0]


def test_methods_lists_parameters_hashes_and_k_scan(report_data: ReportData) -> None:
    html = render_report(report_data)
    methods = html.split("<section id='phuong-phap'>")[1]
    assert "<td>random_state</td>" in methods and "<td>nmf</td>" in methods
    assert "a" * 64 in methods and "d" * 64 in methods
    assert "<title>k = 3</title>" in methods  # the chosen row of k_scan is marked


def test_notes_are_shown_escaped(make_data: Callable[..., ReportData]) -> None:
    html = render_report(make_data(notes=["Themes skipped: <too few> statements"]))
    assert "<p class='warn'>Themes skipped: &lt;too few&gt; statements</p>" in html


def test_percent_label_formats_top_word_bars(make_data: Callable[..., ReportData]) -> None:
    data = make_data(
        topic_terms={0: [("kinh_phí", 62.5)]}, topic_terms_label="% phát biểu của chủ đề chứa từ"
    )
    html = render_report(data)
    assert ">63%</text>" in html or ">62%</text>" in html


@pytest.mark.parametrize("field", ["topics", "quotes", "keywords", "code_counts", "k_scan"])
def test_missing_parts_render(field: str, make_data: Callable[..., ReportData]) -> None:
    html = render_report(make_data(**{field: None}))
    assert html.endswith("</html>")


@pytest.mark.parametrize(
    "chosen", [[False, "False", "True", "false"], [0, 0, 1, 0], ["false", "false", "true", "false"]]
)
def test_chosen_k_read_from_csv_values(chosen: list[object], make_data: Callable[..., ReportData]) -> None:
    scan = pd.DataFrame({"k": [2, 3, 4, 5], "npmi": [0.1, 0.2, 0.3, 0.1], "chosen": chosen})
    html = render_report(make_data(k_scan=scan, params={"k": 2}))
    assert "<title>k = 4</title>" in html


def test_no_unknown_speaker_placeholder_when_corpus_has_no_speakers(
    make_data: Callable[..., ReportData],
) -> None:
    quotes = make_data().quotes.assign(speaker="")
    with_speakers = render_report(make_data(quotes=quotes))
    assert with_speakers.count("(không rõ người nói)") == len(quotes)
    html = render_report(make_data(quotes=quotes, overview={"n_statements": 6, "n_speakers": 0}))
    assert "(không rõ người nói)" not in html
    assert "<footer>— Lai Châu · <code>LC:10-64</code></footer>" in html
