"""Parquet tables and folders of CSV/Parquet shards as inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from vnqual.errors import TranscriptFormatError
from vnqual.io import read_corpus

ROWS = pd.DataFrame(
    {
        "text": [
            "Cán bộ xã thiếu kinh phí bồi dưỡng.",
            "",
            "Đường lên huyện xa, mùa mưa sạt lở.",
            "=> Đề nghị tài liệu song ngữ cho đồng bào.",
        ],
        "speaker": ["Bà Lan", "Ông An", "Ông An", None],
        "site": ["Lai Châu", "Quảng Nam", None, "Đắk Lắk"],
        "so_nguoi": [12, 7, 3, 5],
        "diem": [1.5, 2.5, None, 4.25],  # integral floats: "1" from Parquet, "1.0" as CSV text
    }
)
SAME = ["speaker", "role", "text", "start_char", "end_char", "turn", "line", "site", "so_nguoi", "diem"]


def test_parquet_reads_like_the_same_table_as_csv(tmp_path):
    ROWS.to_csv(tmp_path / "y_kien.csv", index=False)
    ROWS.to_parquet(tmp_path / "y_kien.parquet", index=False)
    with pytest.warns(UserWarning, match="line 3"):  # the empty row, numbered as in the CSV
        from_csv = read_corpus(tmp_path / "y_kien.csv").frame
    with pytest.warns(UserWarning, match="line 3"):
        from_parquet = read_corpus(tmp_path / "y_kien.parquet").frame
    assert len(from_parquet) == 3
    pd.testing.assert_frame_equal(from_csv[SAME], from_parquet[SAME])
    assert from_parquet["source_file"].tolist() == ["y_kien.parquet"] * 3


def test_folder_of_csv_and_parquet_shards(tmp_path):
    shards = tmp_path / "shards"
    shards.mkdir()
    full = ROWS.drop(index=1)
    full.iloc[:1].to_csv(shards / "part-000.csv", index=False)
    full.iloc[1:2].to_parquet(shards / "part-001.parquet", index=False)
    full.iloc[2:].to_parquet(shards / "part-002.parquet", index=False)
    frame = read_corpus(shards).frame
    assert frame["text"].tolist() == full["text"].tolist()
    assert frame["source_file"].tolist() == ["part-000.csv", "part-001.parquet", "part-002.parquet"]
    assert frame["site"].tolist() == ["Lai Châu", "", "Đắk Lắk"]


def test_many_batches_keep_order(tmp_path, monkeypatch):
    import vnqual.io._parquet as pq_mod

    monkeypatch.setattr(pq_mod, "BATCH_ROWS", 7)
    texts = [f"Ý kiến số {i}: xã cần thêm kinh phí." for i in range(50)]
    pd.DataFrame({"text": texts}).to_parquet(tmp_path / "nhieu.parquet", index=False, row_group_size=16)
    frame = read_corpus(tmp_path / "nhieu.parquet").frame
    assert frame["text"].tolist() == texts
    assert frame["line"].tolist() == list(range(2, 52))


def test_broken_parquet_is_one_clear_error(tmp_path):
    bad = tmp_path / "hong.parquet"
    bad.write_bytes(b"PAR1 not really parquet")
    with pytest.raises(TranscriptFormatError, match=r"hong\.parquet.*not a readable Parquet file"):
        read_corpus(bad)


def test_missing_text_column_names_the_columns(tmp_path):
    ROWS.rename(columns={"text": "y_kien"}).to_parquet(tmp_path / "y.parquet", index=False)
    with pytest.raises(TranscriptFormatError, match="no column 'text'.*y_kien"):
        read_corpus(tmp_path / "y.parquet")
