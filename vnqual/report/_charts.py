"""Inline SVG charts: no JavaScript, no external files, readable in Vietnamese, colour-blind safe.

Every chart is an ``<figure>`` with an SVG (``role="img"``, ``<title>``/``<desc>``) and a
``<details>`` table holding the same numbers, so screen readers and printouts get the data too.
Labels are shown verbatim (pass display forms such as ``"cán bộ"``); a label too long for its
slot is shortened with ``…`` and the full text stays in a tooltip and in the data table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from html import escape

import pandas as pd

#: Okabe & Ito (2008) qualitative palette, safe for the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: Sequential light-to-dark blue ramp (monotone lightness, readable in greyscale print).
_RAMP = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594")
#: Dash patterns paired with the palette, so lines differ without colour too.
_DASHES = ("", "6,3", "2,3", "8,3,2,3")

_CHAR_W = 7.4  # generous average glyph width (px) of 12px sans-serif labels (capitals included)
_EMPTY = "<p class='muted'>(không có dữ liệu)</p>"


def fmt_number(value: float, digits: int = 2) -> str:
    """Vietnamese number format: ``1.234`` for thousands, ``0,25`` for decimals."""
    value = float(value)
    if math.isnan(value):
        return "–"
    if value.is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _text_width(label: str) -> float:
    return len(label) * _CHAR_W


def _shorten(label: str, max_px: float) -> str:
    """``label`` cut to about ``max_px`` pixels, ending with ``…`` when cut."""
    max_chars = max(3, int(max_px / _CHAR_W))
    return label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"


def _label(x: float, y: float, label: str, max_px: float, anchor: str = "end", extra: str = "") -> str:
    shown = _shorten(label, max_px)
    tip = f"<title>{escape(label)}</title>" if shown != label else ""
    return f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}'{extra}>{tip}{escape(shown)}</text>"


def _data_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th scope='col'>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<details class='data'><summary>Số liệu (data table)</summary><table><thead><tr>"
        f"{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def _figure(title: str, svg: str, table: str, note: str = "") -> str:
    note_html = f"<p class='note'>{escape(note)}</p>" if note else ""
    return f"<figure><figcaption>{escape(title)}</figcaption>{svg}{note_html}{table}</figure>"


def _svg(width: float, height: float, title: str, desc: str, body: str) -> str:
    return (
        f"<svg role='img' viewBox='0 0 {width:.0f} {height:.0f}' width='{width:.0f}' "
        f"height='{height:.0f}' class='chart'>"
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{body}</svg>"
    )


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    color: str = PALETTE[0],
    value_label: str = "value",
    width: int = 560,
    note: str = "",
    fmt: Callable[[float], str] = fmt_number,
) -> str:
    """Horizontal bar chart as an accessible ``<figure>``.

    Parameters
    ----------
    labels : sequence of str
        Bar labels, shown verbatim (pass display forms such as ``"cán bộ"``).
    values : sequence of float
        Bar lengths; negative values are drawn as zero-length bars (the number is still shown).
    title : str
        Caption and SVG title.
    color : str
        Bar colour (one of :data:`PALETTE`).
    value_label : str
        Header of the value column in the data table.
    width : int
        Drawing width in px (the SVG scales down on narrow screens and paper).
    note : str
        Optional sentence under the chart (what the bars measure).
    fmt : callable
        Formats a value for display (default: Vietnamese number format).
    """
    labels = [str(x) for x in labels]
    values = [float(v) for v in values]
    if not labels:
        return f"<figure><figcaption>{escape(title)}</figcaption>{_EMPTY}</figure>"
    texts = [fmt(v) for v in values]
    label_w = min(0.45 * width, max(_text_width(x) for x in labels) + 14)
    value_w = max(_text_width(t) for t in texts) + 8
    bar_h, gap, top = 18, 6, 4
    height = top + len(labels) * (bar_h + gap)
    vmax = max(max(values), 0.0) or 1.0
    plot_w = width - label_w - value_w
    parts = []
    for i, (lab, val, txt) in enumerate(zip(labels, values, texts)):
        y = top + i * (bar_h + gap)
        w = max(1.0, plot_w * max(val, 0.0) / vmax)
        parts.append(
            _label(label_w - 6, y + 13, lab, label_w - 8)
            + f"<rect x='{label_w:.1f}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{color}'>"
            f"<title>{escape(lab)}: {txt}</title></rect>"
            f"<text x='{label_w + w + 4:.1f}' y='{y + 13}'>{txt}</text>"
        )
    desc = "; ".join(f"{lab}: {t}" for lab, t in zip(labels, texts))
    table = _data_table(["", value_label], list(zip(labels, texts)))
    return _figure(title, _svg(width, height, title, desc, "".join(parts)), table, note)


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    cell: int = 40,
    fmt: Callable[[float], str] = fmt_number,
    note: str = "",
    table: pd.DataFrame | None = None,
    plain_diagonal: bool = False,
) -> str:
    """Heatmap of a small numeric table (rows x columns) with the values printed in the cells.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Numbers to shade; the index gives the row labels, the columns the column labels.
    title : str
        Caption and SVG title.
    cell : int
        Cell size in px.
    fmt : callable
        Formats a cell value for display.
    note : str
        Optional sentence under the chart (what the numbers are).
    table : pandas.DataFrame, optional
        Numbers for the data table instead of ``matrix`` (e.g. counts behind percentages).
    plain_diagonal : bool
        Leave the diagonal unshaded and out of the colour scale (a co-occurrence matrix's
        diagonal holds each row's total and would wash out the other cells).
    """
    if matrix.empty:
        return f"<figure><figcaption>{escape(title)}</figcaption>{_EMPTY}</figure>"
    rows = [str(r) for r in matrix.index]
    cols = [str(c) for c in matrix.columns]
    label_w = min(260.0, max(_text_width(r) for r in rows) + 10)
    col_len = min(170.0, max(_text_width(c) for c in cols))
    col_h = col_len * 0.71 + 14  # labels rotated by -45 degrees
    width = label_w + len(cols) * cell + col_len * 0.71 + 10
    height = col_h + len(rows) * cell + 4
    numbers = matrix.to_numpy(dtype=float)
    shade = numbers.copy()
    if plain_diagonal:
        n = min(shade.shape)
        shade[range(n), range(n)] = float("nan")
    finite = shade[~pd.isna(shade)]
    vmax = float(finite.max()) if finite.size else 0.0
    vmax = vmax if vmax > 0 else 1.0
    parts = []
    for j, col in enumerate(cols):
        x = label_w + j * cell + cell / 2
        parts.append(
            _label(
                0,
                0,
                col,
                170,
                anchor="start",
                extra=f" transform='translate({x - 4:.1f},{col_h - 6:.1f}) rotate(-45)'",
            )
        )
    for i, row in enumerate(rows):
        y = col_h + i * cell
        parts.append(_label(label_w - 6, y + cell / 2 + 4, row, label_w - 8))
        for j, col in enumerate(cols):
            val, tone = float(numbers[i, j]), float(shade[i, j])
            shown = fmt(val)
            level = (
                0 if math.isnan(tone) else min(len(_RAMP) - 1, max(0, round(tone / vmax * (len(_RAMP) - 1))))
            )
            ink = "#fff" if level >= 5 else "#000"
            fill = "#ffffff" if math.isnan(tone) and not math.isnan(val) else _RAMP[level]
            x = label_w + j * cell
            parts.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{cell - 2}' height='{cell - 2}' "
                f"fill='{fill}' stroke='#999' stroke-width='0.5'>"
                f"<title>{escape(row)} × {escape(col)}: {escape(shown)}</title></rect>"
                f"<text x='{x + cell / 2 - 1:.1f}' y='{y + cell / 2 + 4:.1f}' text-anchor='middle' "
                f"class='cell' style='fill:{ink}'>{escape(shown)}</text>"
            )
    desc = f"{title}: {len(rows)} × {len(cols)}"
    tab = matrix if table is None else table
    tab_fmt = fmt if table is None else fmt_number
    data = _data_table(
        [""] + [str(c) for c in tab.columns],
        [[str(r)] + [tab_fmt(float(v)) for v in tab.iloc[i]] for i, r in enumerate(tab.index)],
    )
    return _figure(title, _svg(width, height, title, desc, "".join(parts)), data, note)


def _ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """About ``n`` round tick values covering ``[lo, hi]``."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / n
    step = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * step:
            step *= mult
            break
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + i * step, 10) for i in range(int((hi - first) / step + 1e-9) + 1)]


def line_chart(
    x: Sequence[float],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    marked: float | None = None,
    x_label: str = "k",
    width: int = 560,
    height: int = 240,
    note: str = "",
) -> str:
    """Line chart (e.g. the k scan: coherence and stability per k), with an optional marked x.

    Parameters
    ----------
    x : sequence of float
        Shared x values, increasing.
    series : dict of str to sequence of float
        Named y series (NaN values leave a gap).
    title : str
        Caption and SVG title.
    marked : float, optional
        An x value to mark with a vertical line (the chosen k).
    x_label : str
        Name of the x axis.
    """
    if not len(x) or not series:
        return f"<figure><figcaption>{escape(title)}</figcaption>{_EMPTY}</figure>"
    legend_w = min(200.0, max(_text_width(n) for n in series) + 34)
    left, right, top, bottom = 46, legend_w + 10, 10, 34
    xs = [float(v) for v in x]
    all_y = [float(v) for s in series.values() for v in s if not math.isnan(float(v))]
    ymin, ymax = min(all_y + [0.0]), max(all_y + [0.0])
    if ymax == ymin:
        ymax = ymin + 1.0
    x0, x1 = min(xs), max(xs)
    span_x = (x1 - x0) or 1.0

    def px(v: float) -> float:
        return left + (v - x0) / span_x * (width - left - right)

    def py(v: float) -> float:
        return top + (ymax - v) / (ymax - ymin) * (height - top - bottom)

    parts = []
    for t in _ticks(ymin, ymax):
        parts.append(
            f"<line x1='{left}' y1='{py(t):.1f}' x2='{width - right}' y2='{py(t):.1f}' "
            f"stroke='{'#888' if t == 0 else '#e3e3e3'}'/>"
            f"<text x='{left - 4}' y='{py(t) + 4:.1f}' text-anchor='end'>"
            f"{fmt_number(t)}</text>"
        )
    for v in xs:
        parts.append(
            f"<text x='{px(v):.1f}' y='{height - bottom + 16}' text-anchor='middle'>{fmt_number(v)}</text>"
        )
    parts.append(
        f"<text x='{(left + width - right) / 2:.1f}' y='{height - 2}' "
        f"text-anchor='middle'>{escape(x_label)}</text>"
    )
    if marked is not None and x0 <= float(marked) <= x1:
        parts.append(
            f"<line x1='{px(float(marked)):.1f}' y1='{top}' x2='{px(float(marked)):.1f}' "
            f"y2='{height - bottom}' stroke='#D55E00' stroke-width='2' "
            f"stroke-dasharray='2,2'><title>{escape(x_label)} = "
            f"{fmt_number(float(marked))}</title></line>"
        )
    for idx, (name, ys) in enumerate(series.items()):
        color = PALETTE[idx % len(PALETTE)]
        dash = _DASHES[idx % len(_DASHES)]
        dash_attr = f" stroke-dasharray='{dash}'" if dash else ""
        segment: list[str] = []
        segments = []
        for a, b in zip(xs, ys):
            if math.isnan(float(b)):
                segments.append(segment)
                segment = []
            else:
                segment.append(f"{px(a):.1f},{py(float(b)):.1f}")
        segments.append(segment)
        for seg in segments:
            if seg:
                parts.append(
                    f"<polyline points='{' '.join(seg)}' fill='none' stroke='{color}' "
                    f"stroke-width='2'{dash_attr}/>"
                )
                parts.extend(
                    f"<circle cx='{p.split(',')[0]}' cy='{p.split(',')[1]}' r='2.5' fill='{color}'/>"
                    for p in seg
                )
        ly = top + 10 + idx * 18
        parts.append(
            f"<line x1='{width - right + 8}' y1='{ly - 4}' x2='{width - right + 30}' "
            f"y2='{ly - 4}' stroke='{color}' stroke-width='2'{dash_attr}/>"
        )
        parts.append(_label(width - right + 34, ly, name, legend_w - 34, anchor="start"))
    desc = f"{title}. " + "; ".join(
        f"{name}: " + ", ".join(f"{fmt_number(a)} → {fmt_number(float(b))}" for a, b in zip(xs, ys))
        for name, ys in series.items()
    )
    rows = [[fmt_number(v)] + [fmt_number(float(s[i]), 3) for s in series.values()] for i, v in enumerate(xs)]
    table = _data_table([x_label] + list(series), rows)
    return _figure(title, _svg(width, height, title, desc, "".join(parts)), table, note)
