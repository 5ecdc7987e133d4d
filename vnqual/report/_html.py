"""Render a :class:`ReportData` as one self-contained HTML page (inline CSS and SVG, no scripts)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

import pandas as pd

from vnqual.report._charts import PALETTE, bar_chart, fmt_number, heatmap, line_chart
from vnqual.text import display

#: Fonts with full Vietnamese coverage (precomposed letters with stacked diacritics such as
#: ``ặ ễ ợ``), tried in order: Noto Sans (Debian ``fonts-noto-core``, Android, Google Fonts),
#: Segoe UI (Windows), system-ui/-apple-system (macOS San Francisco), Roboto (Android, ChromeOS),
#: Helvetica Neue / Arial (macOS, Windows), DejaVu Sans and Liberation Sans (most Linux).
#: Nothing is downloaded: the page only names fonts installed on the reader's computer.
FONT_STACK = (
    '"Noto Sans", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", '
    'Arial, "DejaVu Sans", "Liberation Sans", sans-serif'
)

_CSS = """
:root { --ink:#1b1b1b; --muted:#555; --rule:#d8d8d8; --accent:#0072B2; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); max-width: 64rem; margin: 0 auto;
  padding: 1.5rem; line-height: 1.5; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; line-height: 1.25; }
h2 { border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin: .4rem 0 .2rem; } .muted, .note { color: var(--muted); } .note { font-size: .85rem; }
nav ol { columns: 2; margin: .5rem 0; } nav a { color: var(--accent); }
table { border-collapse: collapse; margin: .5rem 0; font-size: .88rem; }
th, td { border: 1px solid var(--rule); padding: .2rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f4f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.kpis { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.kpi { border: 1px solid var(--rule); border-radius: .4rem; padding: .5rem 1rem; min-width: 9rem; }
.kpi b { font-size: 1.5rem; display: block; }
.grid { display: grid; gap: 0 1.5rem;
  grid-template-columns: repeat(auto-fill, minmax(min(26rem, 100%), 1fr)); }
figure { margin: 1rem 0; break-inside: avoid; } figcaption { font-weight: 600; margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; font-family: inherit; display: block;
  overflow: visible; }
svg.chart text { fill: var(--ink); } svg.chart text.cell { font-variant-numeric: tabular-nums; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; border-left: 4px solid var(--accent);
  background: #f6f8fa; break-inside: avoid; }
blockquote p { margin: 0 0 .2rem; white-space: pre-line; }
blockquote footer { font-size: .85rem; color: var(--muted); }
.theme { border-top: 1px solid var(--rule); margin-top: 1.2rem; padding-top: .4rem; }
.theme-body { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.25fr); gap: 1.5rem; }
@media (max-width: 48rem) { .theme-body { grid-template-columns: 1fr; } nav ol { columns: 1; } }
.scroll { overflow-x: auto; }
code { font-size: .85rem; overflow-wrap: anywhere; } code.hash { font-size: .78rem; }
details.data summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
.warn { border-left: 4px solid #E69F00; padding: .3rem .8rem; background: #fff8e6; }
@media print {
  @page { margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; } nav, details.data { display: none; }
  h2 { break-before: page; break-after: avoid; } section#tong-quan h2 { break-before: auto; }
  h3 { break-after: avoid; } .theme { break-inside: avoid-page; }
  blockquote { background: none; } a { color: inherit; text-decoration: none; }
  .theme-body { grid-template-columns: 1fr; gap: 0; } /* charts at full size on paper */
  .scroll { overflow: visible; }
}
""".replace("FONTS", FONT_STACK)

SECTIONS = (
    ("tong-quan", "Tổng quan dữ liệu (Corpus overview)"),
    ("chu-de", "Chủ đề (Themes)"),
    ("chu-de-theo-nhom", "Chủ đề theo nhóm (Themes by group)"),
    ("tu-khoa", "Từ khóa phân biệt (Distinguishing keywords)"),
    ("ma-hoa", "Kết quả mã hóa (Codebook results)"),
    ("phuong-phap", "Phương pháp (Methods)"),
)

#: Most bars / heatmap columns / keyword groups drawn; the rest is named in a note.
MAX_BARS = 25
MAX_GROUPS = 30
MAX_DOCUMENT_ROWS = 500
#: Quotes longer than this are shown as their beginning + ``[…]`` (the reference is the whole span).
MAX_QUOTE_CHARS = 600


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


def _cell(value: Any) -> str:
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return f"<td><code class='hash'>{value}</code></td>"  # a SHA-256: may wrap anywhere
    if isinstance(value, float):
        return f"<td class='num'>{fmt_number(value, 3)}</td>"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"<td class='num'>{fmt_number(value)}</td>"
    return f"<td>{escape('' if value is None or value is pd.NA else str(value))}</td>"


def _table(frame: pd.DataFrame, headers: Iterable[str] | None = None) -> str:
    """HTML table with escaped cells; numbers right-aligned in Vietnamese format."""
    head = "".join(
        f"<th scope='col'>{escape(str(h))}</th>" for h in (headers if headers is not None else frame.columns)
    )
    rows = []
    for rec in frame.itertuples(index=False, name=None):
        cells = []
        for v in rec:
            if hasattr(v, "item") and not isinstance(v, str):  # numpy scalar -> Python
                v = v.item()
            cells.append(_cell(None if isinstance(v, float) and pd.isna(v) else v))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<div class='scroll'><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _terms_text(value: Any) -> str:
    """Top terms as ``a, b, c`` in display form, from a list or a ``;``/``,`` separated string."""
    if isinstance(value, str):
        items = [t.strip() for t in value.replace(";", ",").replace("|", ",").split(",")]
    elif isinstance(value, Iterable):
        items = [str(t) for t in value]
    else:
        items = []
    return ", ".join(display(t) for t in items if t)


def _capped(series: pd.Series, limit: int = MAX_BARS) -> tuple[pd.Series, str]:
    if len(series) <= limit:
        return series, ""
    return series.head(limit), f"{len(series) - limit} giá trị khác không hiển thị (not shown)."


def _overview(data: ReportData) -> str:
    labels = {
        "n_documents": "tài liệu (documents)",
        "n_statements": "phát biểu (statements)",
        "n_speakers": "người nói (speakers)",
        "n_sites": "địa bàn (sites)",
    }
    kpis = "".join(
        f"<div class='kpi'><b>{escape(_kpi(data.overview.get(k)))}</b>{escape(v)}</div>"
        for k, v in labels.items()
    )
    charts = []
    for i, (col, s) in enumerate(data.counts.items()):
        shown, note = _capped(s)
        charts.append(
            bar_chart(
                [str(x) if str(x) else "(trống)" for x in shown.index],
                shown.tolist(),
                title=f"Số phát biểu theo {col} (statements per {col})",
                color=PALETTE[i % len(PALETTE)],
                value_label="statements",
                width=460,
                note=note,
            )
        )
    docs = data.documents.drop(columns=["sha256"], errors="ignore").head(MAX_DOCUMENT_ROWS)
    more = len(data.documents) - len(docs)
    more_note = f"<p class='note'>… và {more} tài liệu khác.</p>" if more > 0 else ""
    return (
        f"<div class='kpis'>{kpis}</div><div class='grid'>{''.join(charts)}</div>"
        f"<h3>Tài liệu (documents)</h3>{_table(docs)}{more_note}"
    )


def _kpi(value: Any) -> str:
    if value is None:
        return "–"
    return fmt_number(value) if isinstance(value, (int, float)) else str(value)


def _quote(row: pd.Series, by: str | None, speakers: bool = True) -> str:
    """One quote with who said it and where; ``speakers=False``: the corpus names no speakers."""
    ref = f"{row['doc_id']}:{int(row['start_char'])}-{int(row['end_char'])}"
    speaker = str(row.get("speaker") or "").strip()
    who = [speaker or "(không rõ người nói)"] if speaker or speakers else []
    for col in ("site", "_by"):
        value = row.get(col)
        if value is not None and not pd.isna(value) and str(value) and str(value) not in who:
            who.append(str(value) if col == "site" or by in (None, "site") else f"{by}: {value}")
    text = escape(_excerpt(str(row["text"])))
    label = escape(", ".join(who)) + (" · " if who else "")
    return (
        f"<blockquote id='q-{escape(str(row['statement_id']))}'><p>{text}</p>"
        f"<footer>— {label}<code>{escape(ref)}</code></footer></blockquote>"
    )


def _excerpt(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """The statement verbatim, or its first ~``limit`` characters cut at a space plus `` […]``."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " […]"


def _theme_summary(topics: pd.DataFrame) -> str:
    cols = [c for c in ("topic", "label", "size", "coherence", "top_terms") if c in topics.columns]
    frame = topics[cols].copy()
    if "top_terms" in frame:
        frame["top_terms"] = frame["top_terms"].map(_terms_text)
    if "label" in frame:
        frame["label"] = frame["label"].map(lambda v: display(str(v)))
    names = {
        "topic": "chủ đề",
        "label": "nhãn (label)",
        "size": "số phát biểu (size)",
        "coherence": "NPMI (coherence)",
        "top_terms": "từ hàng đầu (top words)",
    }
    return _table(frame, [names[c] for c in cols])


def _themes(data: ReportData) -> str:
    if data.topics is None or data.topics.empty:
        return "<p class='muted'>Không có kết quả chủ đề (no themes).</p>"
    out = [_theme_summary(data.topics)]
    percent = data.topic_terms_label.startswith("%")
    term_fmt = (lambda v: f"{v:.0f}%") if percent else fmt_number
    term_note = f"Thanh (bars): {data.topic_terms_label}." if percent else ""
    for i, (_, t) in enumerate(data.topics.iterrows()):
        terms = data.topic_terms.get(t["topic"], [])
        label = display(str(t.get("label", "")))
        chart = bar_chart(
            [display(a) for a, _ in terms],
            [b for _, b in terms],
            title=f"Từ hàng đầu (top words) — chủ đề {t['topic']}",
            value_label=data.topic_terms_label,
            color=PALETTE[i % len(PALETTE)],
            width=400,
            fmt=term_fmt,
            note=term_note,
        )
        quotes = ""
        if data.quotes is not None and not data.quotes.empty:
            qs = data.quotes[data.quotes["topic"].astype(str) == str(t["topic"])].head(5)
            speakers = data.overview.get("n_speakers") != 0
            quotes = "".join(_quote(q, data.by, speakers) for _, q in qs.iterrows())
        quotes = quotes or "<p class='muted'>(không có trích dẫn)</p>"
        coh = t.get("coherence")
        coh_txt = f", NPMI {fmt_number(float(coh), 3)}" if coh is not None and pd.notna(coh) else ""
        out.append(
            f"<section class='theme' id='topic-{escape(str(t['topic']))}'>"
            f"<h3>Chủ đề {escape(str(t['topic']))}: {escape(label)}</h3>"
            f"<p class='muted'>{fmt_number(int(t['size']))} phát biểu (statements){coh_txt}</p>"
            f"<div class='theme-body'><div>{chart}</div><div><h4>Trích dẫn tiêu biểu "
            f"(representative quotes)</h4>{quotes}</div></div></section>"
        )
    return "".join(out)


def _cap_columns(matrix: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    if matrix.shape[1] <= MAX_GROUPS:
        return matrix, ""
    keep = matrix.sum(axis=0).sort_values(ascending=False).index[:MAX_GROUPS]
    note = f"{matrix.shape[1] - MAX_GROUPS} nhóm nhỏ nhất không hiển thị (smallest groups not shown)."
    return matrix[[c for c in matrix.columns if c in set(keep)]], note


def _topic_by(data: ReportData) -> str:
    if data.topic_by is None or data.topic_by.empty:
        return "<p class='muted'>Chưa chọn cột nhóm (no --by column) hoặc không có chủ đề.</p>"
    counts, note = _cap_columns(data.topic_by)
    counts = counts.copy()
    counts.index = [display(str(i)) for i in counts.index]
    totals = counts.sum(axis=0).replace(0, 1)
    share = 100 * counts / totals
    text = (
        "Ô = % số phát biểu của nhóm thuộc chủ đề (cột cộng lại 100%); số đếm trong bảng số liệu. "
        "Cells: % of the group's statements in each theme. " + note
    )
    return heatmap(
        share,
        title=f"Chủ đề × {data.by} (% theo cột)",
        fmt=lambda v: f"{v:.0f}%",
        note=text.strip(),
        table=counts,
    )


def _keywords(data: ReportData) -> str:
    if data.keywords is None or data.keywords.empty:
        return "<p class='muted'>Chưa chọn cột nhóm (no --by column).</p>"
    parts = []
    groups = list(data.keywords.groupby("group", sort=True))
    for i, (group, sub) in enumerate(groups[:MAX_GROUPS]):
        sub = sub.sort_values("z", ascending=False).head(10)
        parts.append(
            bar_chart(
                [display(str(t)) for t in sub["term"]],
                sub["z"].tolist(),
                title=f"{data.by or 'group'} = {group}",
                color=PALETTE[i % len(PALETTE)],
                value_label="z",
                width=420,
            )
        )
    more = (
        f"<p class='note'>{len(groups) - MAX_GROUPS} nhóm khác không hiển thị.</p>"
        if len(groups) > MAX_GROUPS
        else ""
    )
    intro = (
        "<p class='note'>Từ đặc trưng của mỗi nhóm so với phần còn lại: weighted log-odds với "
        "prior Dirichlet (Monroe, Colaresi &amp; Quinn 2008); thanh = z-score, |z| &gt; 1,96 là "
        "khác biệt rõ.</p>"
    )
    return f"{intro}<div class='grid'>{''.join(parts)}</div>{more}"


def _codes(data: ReportData) -> str:
    if data.code_counts is None:
        return "<p class='muted'>Không dùng bộ mã (no --codebook).</p>"
    shown, note = _capped(data.code_counts, 40)
    parts = [
        bar_chart(
            shown.index.astype(str).tolist(),
            shown.tolist(),
            title="Số phát biểu theo mã (statements per code)",
            value_label="statements",
            note=note,
        )
    ]
    if data.codes_by is not None and not data.codes_by.empty:
        matrix, cnote = _cap_columns(data.codes_by)
        col = data.codes_by.columns.name or data.by or "site"
        parts.append(
            heatmap(
                matrix,
                title=f"Mã × {col} (codes per {col})",
                note=("Số phát biểu có mã, theo nhóm. " + cnote).strip(),
            )
        )
    if data.cooccurrence is not None and not data.cooccurrence.empty:
        parts.append(
            heatmap(
                data.cooccurrence,
                title="Đồng xuất hiện mã (code co-occurrence)",
                plain_diagonal=True,
                note="Số phát biểu có cả hai mã; đường chéo (không tô màu): số phát biểu có mã.",
            )
        )
    return "".join(parts)


def _param_value(value: Any) -> str:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _methods(data: ReportData) -> str:
    rows = pd.DataFrame(
        {
            "tham số (parameter)": list(data.params),
            "giá trị (value)": [_param_value(v) for v in data.params.values()],
        }
    )
    scan = ""
    if data.k_scan is not None and not data.k_scan.empty and "k" in data.k_scan:
        series = {
            c: pd.to_numeric(data.k_scan[c], errors="coerce").tolist()
            for c in data.k_scan.columns
            if c not in ("k", "chosen", "n_topics") and pd.api.types.is_numeric_dtype(data.k_scan[c])
        }
        chosen = data.params.get("k")
        if "chosen" in data.k_scan:  # bool, 0/1 or "True"/"false" from a CSV
            mask = data.k_scan["chosen"].astype(str).str.strip().str.lower().isin(("true", "1", "1.0"))
            chosen = data.k_scan.loc[mask, "k"].iloc[0] if mask.any() else chosen
        numeric = isinstance(chosen, (int, float)) or str(chosen).isdigit()
        marked = float(chosen) if chosen is not None and numeric else None
        scan = line_chart(
            data.k_scan["k"].tolist(),
            series,
            title="Chọn số chủ đề k (k scan)",
            marked=marked,
            note="Đường dọc: k được chọn (chosen k).",
        )
    hash_cols = [
        c
        for c in ("doc_id", "source_file", "encoding", "n_statements", "sha256")
        if c in data.documents.columns
    ]
    hashes = _table(data.documents[hash_cols].head(MAX_DOCUMENT_ROWS)) if hash_cols else ""
    stmt = ""
    if data.statements_sha256:
        stmt = (
            f"<p>SHA-256 của các phát biểu (statements): <code>{escape(data.statements_sha256)}"
            "</code><br><span class='note'>= sha256 của các dòng JSON "
            "<code>[statement_id, doc_id, start_char, end_char, speaker, role, text]</code> "
            "(UTF-8, <code>ensure_ascii=False</code>, mỗi dòng kết thúc bằng \\n), theo thứ tự "
            "phát biểu.</span></p>"
        )
    return (
        f"<h3>Tham số (parameters)</h3>{_table(rows)}{scan}"
        f"<h3>Dữ liệu (data hashes)</h3><p class='note'>SHA-256 của từng tệp nguồn (bytes gốc) "
        f"để kiểm tra lại dữ liệu đã phân tích.</p>{hashes}{stmt}"
        "<p class='note'>Mỗi trích dẫn ghi nguồn dạng <code>doc_id:start-end</code>: vị trí ký tự "
        "(code point, end exclusive) trong văn bản gốc chuẩn hoá "
        "<code>sources/&lt;doc_id&gt;.txt</code> của <code>vnqual ingest</code>.</p>"
    )


def render_report(data: ReportData) -> str:
    """Return the complete HTML page for ``data``: inline CSS and SVG, no scripts, no URLs.

    A Content-Security-Policy meta tag forbids every network request, so the page behaves the
    same from ``file://``, an e-mail attachment or a web server.
    """
    bodies = {
        "tong-quan": _overview(data),
        "chu-de": _themes(data),
        "chu-de-theo-nhom": _topic_by(data),
        "tu-khoa": _keywords(data),
        "ma-hoa": _codes(data),
        "phuong-phap": _methods(data),
    }
    nav = "".join(f"<li><a href='#{sid}'>{escape(name)}</a></li>" for sid, name in SECTIONS)
    sections = "".join(
        f"<section id='{sid}'><h2>{escape(name)}</h2>{bodies[sid]}</section>" for sid, name in SECTIONS
    )
    notes = "".join(f"<p class='warn'>{escape(n)}</p>" for n in data.notes)
    version = escape(str(data.params.get("vnqual_version", "")))
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">"
        "<meta name='referrer' content='no-referrer'>"
        f"<meta name='generator' content='vnqual {version}'>"
        f"<title>{escape(data.title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{escape(data.title)}</h1><p class='muted'>Báo cáo tạo bởi vnqual {version} "
        "(generated by vnqual)</p></header>"
        f"<nav aria-label='Mục lục'><ol>{nav}</ol></nav>{notes}<main>{sections}</main></body></html>"
    )
