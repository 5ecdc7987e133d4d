"""Turn a :class:`ReportData` into the variables of ``templates/report.html`` and render the page."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import pandas as pd
from markupsafe import Markup

from vnqual.report._charts import PALETTE, bar_chart, fmt_number, heatmap, line_chart
from vnqual.report._data import ReportData
from vnqual.report._templates import render
from vnqual.text import display
from vnqual.topics._coherence import NPMI_NOTE_VI, coherence_flag

#: Fonts with full Vietnamese coverage (precomposed letters with stacked diacritics such as
#: ``ặ ễ ợ``), tried in order: Noto Sans (Debian ``fonts-noto-core``, Android, Google Fonts),
#: Segoe UI (Windows), system-ui/-apple-system (macOS San Francisco), Roboto (Android, ChromeOS),
#: Helvetica Neue / Arial (macOS, Windows), DejaVu Sans and Liberation Sans (most Linux).
#: Nothing is downloaded: the page only names fonts installed on the reader's computer.
FONT_STACK = (
    '"Noto Sans", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", '
    'Arial, "DejaVu Sans", "Liberation Sans", sans-serif'
)

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


class Cell(NamedTuple):
    """One table cell for the ``table`` macro: ``kind`` is ``"text"``, ``"num"`` or ``"hash"``."""

    kind: str
    text: str


def _cell(value: Any) -> Cell:
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return Cell("hash", value)  # a SHA-256: may wrap anywhere
    if isinstance(value, float):
        return Cell("num", fmt_number(value, 3))
    if isinstance(value, int) and not isinstance(value, bool):
        return Cell("num", fmt_number(value))
    return Cell("text", "" if value is None or value is pd.NA else str(value))


def _table(frame: pd.DataFrame, headers: Iterable[str] | None = None) -> dict[str, Any]:
    """Headers and cells of a table; numbers in Vietnamese format (escaped by the template)."""
    rows = []
    for rec in frame.itertuples(index=False, name=None):
        cells = []
        for v in rec:
            if hasattr(v, "item") and not isinstance(v, str):  # numpy scalar -> Python
                v = v.item()
            cells.append(_cell(None if isinstance(v, float) and pd.isna(v) else v))
        rows.append(cells)
    return {"headers": [str(h) for h in (headers if headers is not None else frame.columns)], "rows": rows}


def _chart(svg: str) -> Markup:
    # _charts.py builds its figures itself and escapes every label, title, note and table cell
    # with html.escape; the rest is numbers and colours of ours. So its HTML may go in as is.
    return Markup(svg)


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


def _overview(data: ReportData) -> dict[str, Any]:
    labels = {
        "n_documents": "tài liệu (documents)",
        "n_statements": "phát biểu (statements)",
        "n_speakers": "người nói (speakers)",
        "n_sites": "địa bàn (sites)",
    }
    charts = []
    for i, (col, s) in enumerate(data.counts.items()):
        shown, note = _capped(s)
        chart = bar_chart(
            [str(x) if str(x) else "(trống)" for x in shown.index],
            shown.tolist(),
            title=f"Số phát biểu theo {col} (statements per {col})",
            color=PALETTE[i % len(PALETTE)],
            value_label="statements",
            width=460,
            note=note,
        )
        charts.append(_chart(chart))
    docs = data.documents.drop(columns=["sha256"], errors="ignore").head(MAX_DOCUMENT_ROWS)
    return {
        "kpis": [(_kpi(data.overview.get(k)), v) for k, v in labels.items()],
        "charts": charts,
        "documents": _table(docs),
        "more_documents": len(data.documents) - len(docs),
    }


def _kpi(value: Any) -> str:
    if value is None:
        return "–"
    return fmt_number(value) if isinstance(value, (int, float)) else str(value)


def _quote(row: pd.Series, by: str | None, speakers: bool = True) -> dict[str, str]:
    """One quote with who said it and where; ``speakers=False``: the corpus names no speakers."""
    speaker = str(row.get("speaker") or "").strip()
    who = [speaker or "(không rõ người nói)"] if speaker or speakers else []
    for col in ("site", "_by"):
        value = row.get(col)
        if value is not None and not pd.isna(value) and str(value) and str(value) not in who:
            who.append(str(value) if col == "site" or by in (None, "site") else f"{by}: {value}")
    return {
        "statement_id": str(row["statement_id"]),
        "text": _excerpt(str(row["text"])),
        "who": ", ".join(who),
        "ref": f"{row['doc_id']}:{int(row['start_char'])}-{int(row['end_char'])}",
    }


def _excerpt(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """The statement verbatim, or its first ~``limit`` characters cut at a space plus `` […]``."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " […]"


def _theme_summary(topics: pd.DataFrame) -> dict[str, Any]:
    cols = [c for c in ("topic", "label", "size", "coherence", "top_terms") if c in topics.columns]
    frame = topics[cols].copy()
    if "top_terms" in frame:
        frame["top_terms"] = frame["top_terms"].map(_terms_text)
    if "label" in frame:
        frame["label"] = frame["label"].map(lambda v: display(str(v)))
    if "coherence" in frame:
        frame["coherence"] = frame["coherence"].map(_coherence_text)
    names = {
        "topic": "chủ đề",
        "label": "nhãn (label)",
        "size": "số phát biểu (size)",
        "coherence": "NPMI (coherence)",
        "top_terms": "từ hàng đầu (top words)",
    }
    return _table(frame, [names[c] for c in cols])


def _coherence_text(value: Any) -> str:
    """NPMI with a plain-words flag: ``-0.021 (yếu / weak)``."""
    if value is None or pd.isna(value):
        return ""
    v = float(value)
    return fmt_number(v, 3) + (" (yếu / weak)" if coherence_flag(v) == "weak" else "")


def _themes(data: ReportData) -> dict[str, Any] | None:
    if data.topics is None or data.topics.empty:
        return None
    percent = data.topic_terms_label.startswith("%")
    term_fmt = (lambda v: f"{v:.0f}%") if percent else fmt_number
    term_note = f"Thanh (bars): {data.topic_terms_label}." if percent else ""
    themes = []
    for i, (_, t) in enumerate(data.topics.iterrows()):
        terms = data.topic_terms.get(t["topic"], [])
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
        quotes = []
        if data.quotes is not None and not data.quotes.empty:
            qs = data.quotes[data.quotes["topic"].astype(str) == str(t["topic"])].head(5)
            speakers = data.overview.get("n_speakers") != 0
            quotes = [_quote(q, data.by, speakers) for _, q in qs.iterrows()]
        coh = t.get("coherence")
        themes.append(
            {
                "topic": str(t["topic"]),
                "label": display(str(t.get("label", ""))),
                "size": fmt_number(int(t["size"])),
                "coherence": _coherence_text(coh) if coh is not None and pd.notna(coh) else None,
                "chart": _chart(chart),
                "quotes": quotes,
            }
        )
    note = NPMI_NOTE_VI if "coherence" in data.topics.columns else None
    return {"summary": _theme_summary(data.topics), "npmi_note": note, "themes": themes}


def _cap_columns(matrix: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    if matrix.shape[1] <= MAX_GROUPS:
        return matrix, ""
    keep = matrix.sum(axis=0).sort_values(ascending=False).index[:MAX_GROUPS]
    note = f"{matrix.shape[1] - MAX_GROUPS} nhóm nhỏ nhất không hiển thị (smallest groups not shown)."
    return matrix[[c for c in matrix.columns if c in set(keep)]], note


def _topic_by(data: ReportData) -> Markup | None:
    if data.topic_by is None or data.topic_by.empty:
        return None
    counts, note = _cap_columns(data.topic_by)
    counts = counts.copy()
    counts.index = [display(str(i)) for i in counts.index]
    totals = counts.sum(axis=0).replace(0, 1)
    share = 100 * counts / totals
    text = (
        "Ô = % số phát biểu của nhóm thuộc chủ đề (cột cộng lại 100%); số đếm trong bảng số liệu. "
        "Cells: % of the group's statements in each theme. " + note
    )
    chart = heatmap(
        share,
        title=f"Chủ đề × {data.by} (% theo cột)",
        fmt=lambda v: f"{v:.0f}%",
        note=text.strip(),
        table=counts,
    )
    return _chart(chart)


def _keywords(data: ReportData) -> dict[str, Any] | None:
    if data.keywords is None or data.keywords.empty:
        return None
    charts = []
    groups = list(data.keywords.groupby("group", sort=True))
    for i, (group, sub) in enumerate(groups[:MAX_GROUPS]):
        sub = sub.sort_values("z", ascending=False).head(10)
        chart = bar_chart(
            [display(str(t)) for t in sub["term"]],
            sub["z"].tolist(),
            title=f"{data.by or 'group'} = {group}",
            color=PALETTE[i % len(PALETTE)],
            value_label="z",
            width=420,
        )
        charts.append(_chart(chart))
    return {"charts": charts, "more_groups": len(groups) - MAX_GROUPS}


def _codes(data: ReportData) -> dict[str, Any] | None:
    if data.code_counts is None:
        return None
    shown, note = _capped(data.code_counts, 40)
    charts = [
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
        charts.append(
            heatmap(
                matrix,
                title=f"Mã × {col} (codes per {col})",
                note=("Số phát biểu có mã, theo nhóm. " + cnote).strip(),
            )
        )
    if data.cooccurrence is not None and not data.cooccurrence.empty:
        charts.append(
            heatmap(
                data.cooccurrence,
                title="Đồng xuất hiện mã (code co-occurrence)",
                plain_diagonal=True,
                note="Số phát biểu có cả hai mã; đường chéo (không tô màu): số phát biểu có mã.",
            )
        )
    return {"charts": [_chart(c) for c in charts]}


def _param_value(value: Any) -> str:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _k_scan(data: ReportData) -> Markup | None:
    if data.k_scan is None or data.k_scan.empty or "k" not in data.k_scan:
        return None
    series: dict[str, Sequence[float]] = {
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
    chart = line_chart(
        data.k_scan["k"].tolist(),
        series,
        title="Chọn số chủ đề k (k scan)",
        marked=marked,
        note="Đường dọc: k được chọn (chosen k).",
    )
    return _chart(chart)


def _methods(data: ReportData) -> dict[str, Any]:
    rows = pd.DataFrame(
        {
            "tham số (parameter)": list(data.params),
            "giá trị (value)": [_param_value(v) for v in data.params.values()],
        }
    )
    hash_cols = [
        c
        for c in ("doc_id", "source_file", "encoding", "n_statements", "sha256")
        if c in data.documents.columns
    ]
    return {
        "params": _table(rows),
        "k_scan": _k_scan(data),
        "hashes": _table(data.documents[hash_cols].head(MAX_DOCUMENT_ROWS)) if hash_cols else None,
        "statements_sha256": data.statements_sha256,
    }


def render_report(data: ReportData) -> str:
    """Return the complete HTML page for ``data``: inline CSS and SVG, no scripts, no URLs.

    The page is ``templates/report.html`` (which extends ``base.html``). A
    Content-Security-Policy meta tag forbids every network request, so the page behaves the
    same from ``file://``, an e-mail attachment or a web server.
    """
    return render(
        "report.html",
        title=data.title,
        version=str(data.params.get("vnqual_version", "")),
        # FONT_STACK is our constant: CSS, not text, so it must not be HTML-escaped.
        font_stack=Markup(FONT_STACK),
        sections=SECTIONS,
        notes=data.notes,
        overview=_overview(data),
        themes=_themes(data),
        topic_by=_topic_by(data),
        keywords=_keywords(data),
        codes=_codes(data),
        methods=_methods(data),
    )
