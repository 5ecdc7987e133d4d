"""Inline SVG charts: accessible markup, escaping, label fitting, number format."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from vnqual.report._charts import PALETTE, _ticks, bar_chart, fmt_number, heatmap, line_chart


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, "3"),
        (1234, "1.234"),
        (0.25, "0,25"),
        (1234.5, "1.234,50"),
        (-0.05, "-0,05"),
        (float("nan"), "–"),
    ],
)
def test_fmt_number_uses_vietnamese_separators(value: float, expected: str) -> None:
    assert fmt_number(value) == expected


def test_bar_chart_is_an_accessible_figure_with_a_data_table() -> None:
    html = bar_chart(["cán bộ", "kinh phí"], [12, 3], title="Từ hàng đầu")
    assert html.startswith("<figure>") and "<figcaption>Từ hàng đầu</figcaption>" in html
    assert "role='img'" in html and "<title>Từ hàng đầu</title>" in html
    assert "<desc>cán bộ: 12; kinh phí: 3</desc>" in html
    table = re.search(r"<table>.*</table>", html).group(0)
    assert "<td>cán bộ</td><td>12</td>" in table and "<td>kinh phí</td><td>3</td>" in table


def test_bar_chart_bar_lengths_are_proportional() -> None:
    html = bar_chart(["a", "b"], [10, 5], title="t")
    widths = [float(w) for w in re.findall(r"<rect [^>]*width='([\d.]+)'", html)]
    assert len(widths) == 2 and widths[0] == pytest.approx(2 * widths[1], rel=0.01)


def test_bar_chart_escapes_labels_and_title() -> None:
    html = bar_chart(["<script>x</script>"], [1], title="a & <b>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a &amp; &lt;b&gt;" in html


def test_bar_chart_shortens_long_labels_but_keeps_full_text() -> None:
    long = "chương trình bồi dưỡng cán bộ công chức cấp xã đáp ứng yêu cầu nông thôn mới " * 2
    html = bar_chart([long.strip()], [1], title="t", width=400)
    shown = re.search(r"text-anchor='end'><title>[^<]*</title>([^<]*)</text>", html).group(1)
    assert shown.endswith("…") and len(shown) < len(long)
    assert f"<td>{long.strip()}</td>" in html  # the data table keeps the whole label


def test_bar_chart_negative_values_draw_no_bar_but_show_number() -> None:
    html = bar_chart(["a", "b"], [2, -1.5], title="t")
    assert ">-1,50</text>" in html
    widths = [float(w) for w in re.findall(r"<rect [^>]*width='([\d.]+)'", html)]
    assert widths[1] == pytest.approx(1.0)


def test_empty_chart_says_no_data() -> None:
    assert "không có dữ liệu" in bar_chart([], [], title="t")
    assert "không có dữ liệu" in heatmap(pd.DataFrame(), title="t")
    assert "không có dữ liệu" in line_chart([], {}, title="t")


def test_heatmap_has_one_cell_per_value_and_dark_cells_use_white_ink() -> None:
    m = pd.DataFrame([[0, 5], [10, 1]], index=["Kinh phí", "Tài liệu"], columns=["Lai Châu", "Đắk Lắk"])
    html = heatmap(m, title="Mã × site")
    assert html.count("<rect ") == 4
    assert re.search(r"style='fill:#fff'>10</text>", html)  # darkest cell
    assert re.search(r"style='fill:#000'>0</text>", html)
    assert "<title>Tài liệu × Lai Châu: 10</title>" in html


def test_heatmap_custom_format_and_separate_table() -> None:
    share = pd.DataFrame([[75.0, 25.0]], index=["0: kinh phí"], columns=["x", "y"])
    counts = pd.DataFrame([[3, 1]], index=["0: kinh phí"], columns=["x", "y"])
    html = heatmap(share, title="t", fmt=lambda v: f"{v:.0f}%", table=counts)
    assert ">75%</text>" in html and "<td>3</td><td>1</td>" in html


def test_heatmap_tolerates_nan() -> None:
    m = pd.DataFrame([[math.nan, 1.0]], index=["a"], columns=["x", "y"])
    assert ">–</text>" in heatmap(m, title="t")


def test_line_chart_marks_the_chosen_k_and_has_a_legend() -> None:
    html = line_chart(
        [2, 3, 4], {"npmi": [0.1, 0.2, 0.15], "stability": [0.9, 0.8, 0.5]}, title="k scan", marked=3
    )
    assert html.count("<polyline") == 2
    assert "<title>k = 3</title>" in html
    assert ">npmi</text>" in html and ">stability</text>" in html
    assert "stroke-dasharray='6,3'" in html  # second series differs without colour too
    assert PALETTE[0] in html and PALETTE[1] in html


def test_line_chart_nan_breaks_the_line() -> None:
    html = line_chart([2, 3, 4, 5], {"npmi": [0.1, math.nan, 0.2, 0.3]}, title="t")
    assert html.count("<polyline") == 2


@pytest.mark.parametrize("lo, hi", [(0.0, 1.0), (-0.05, 0.12), (0.0, 37.0), (2.0, 2.5)])
def test_ticks_cover_range_with_round_steps(lo: float, hi: float) -> None:
    ticks = _ticks(lo, hi)
    assert 2 <= len(ticks) <= 7
    assert ticks[0] >= lo - 1e-9 and ticks[-1] <= hi + 1e-9
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1


def test_plain_diagonal_is_left_out_of_the_colour_scale() -> None:
    m = pd.DataFrame([[100, 4], [4, 9]], index=["Kinh phí", "Đi lại"], columns=["Kinh phí", "Đi lại"])
    html = heatmap(m, title="t", plain_diagonal=True)
    fills = re.findall(r"<rect [^>]*fill='(#[0-9a-fA-F]+)'", html)
    assert fills[0] == "#ffffff" and fills[3] == "#ffffff"  # diagonal: no shade
    assert fills[1] == fills[2] == "#084594"  # the off-diagonal maximum gets the darkest tone
    assert ">100</text>" in html  # the number is still shown
