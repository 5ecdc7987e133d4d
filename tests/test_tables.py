from __future__ import annotations

import pandas as pd
import pytest

from vnqual.tables import guard_cell, guard_frame, unguard_cell, write_csv


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("- Ý kiến thứ hai", "'- Ý kiến thứ hai"),
        ("@cán bộ", "'@cán bộ"),
        ("\tthụt lề", "'\tthụt lề"),
        ("\rxuống dòng", "'\rxuống dòng"),
        ("Kinh phí = 0", "Kinh phí = 0"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_guard_cell_neutralises_only_leading_triggers(value, expected):
    assert guard_cell(value) == expected


@pytest.mark.parametrize("text", ["=1+1", "- gạch đầu dòng", "'bình thường", "@x", "plain"])
def test_unguard_inverts_guard(text):
    assert unguard_cell(guard_cell(text)) == text


def test_guard_frame_leaves_numbers_and_input_alone():
    frame = pd.DataFrame({"excerpt": ["=> kết luận", "ổn"], "score": [-1.0, 0.5]})
    out = guard_frame(frame)
    assert out["excerpt"].tolist() == ["'=> kết luận", "ổn"]
    assert out["score"].tolist() == [-1.0, 0.5]
    assert frame["excerpt"].iloc[0] == "=> kết luận"


def test_write_csv_has_bom_and_guarded_cells(tmp_path):
    out = tmp_path / "trich_doan.csv"
    write_csv(pd.DataFrame({"quote": ['=HYPERLINK("x")', "Bồi dưỡng cán bộ"]}), out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert back["quote"].tolist() == ['\'=HYPERLINK("x")', "Bồi dưỡng cán bộ"]


def test_write_csv_without_guard_keeps_text(tmp_path):
    out = tmp_path / "raw.csv"
    write_csv(pd.DataFrame({"quote": ["=1"]}), out, guard=False)
    assert pd.read_csv(out, encoding="utf-8-sig")["quote"].tolist() == ["=1"]
