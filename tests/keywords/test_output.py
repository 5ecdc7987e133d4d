from __future__ import annotations

import json

import pandas as pd

from vnqual.keywords._output import format_table, resolve_format, write_frame
from vnqual.tables import guard_cell as _csv_safe

FRAME = pd.DataFrame(
    {
        "term": ["=SUM(A1)", "-xã", "bồi dưỡng", "@cán bộ"],
        "log_odds": [-1.5, 0.25, 2.0, 1.0],
        "count": [1, 2, 3, 4],
    }
)


def test_csv_safe_guards_text_cells_only():
    assert _csv_safe("=1+1") == "'=1+1"
    assert _csv_safe("+84 912") == "'+84 912"
    assert _csv_safe("bồi dưỡng") == "bồi dưỡng"
    assert _csv_safe(-2.5) == -2.5


def test_csv_file_has_bom_and_guarded_cells(tmp_path):
    out = tmp_path / "kq.csv"
    write_frame(FRAME, fmt="csv", out=out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert back["term"].tolist() == ["'=SUM(A1)", "'-xã", "bồi dưỡng", "'@cán bộ"]
    assert back["log_odds"].tolist() == [-1.5, 0.25, 2.0, 1.0]


def test_json_keeps_vietnamese_unescaped(tmp_path):
    out = tmp_path / "kq.json"
    write_frame(FRAME, fmt="json", out=out)
    text = out.read_text(encoding="utf-8")
    assert "bồi dưỡng" in text
    assert json.loads(text)[0]["term"] == "=SUM(A1)"


def test_table_is_aligned_and_cuts_long_cells():
    long = pd.DataFrame({"left": ["a " * 50, "ngắn"], "keyword": ["xã", "xã"]})
    lines = format_table(long, right_align=("left",), max_width=10).splitlines()
    assert lines[1].startswith("…")
    assert lines[2].index("xã") == lines[1].index("xã")
    assert format_table(FRAME).splitlines()[1].split()[-2] == "-1.500"


def test_format_from_out_suffix(tmp_path):
    from pathlib import Path

    assert resolve_format(None, None) == "table"
    assert resolve_format(None, Path("a.json")) == "json"
    assert resolve_format(None, Path("a.csv")) == "csv"
    assert resolve_format("table", Path("a.csv")) == "table"
