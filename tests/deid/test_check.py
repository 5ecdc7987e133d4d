"""check_outputs(): leftovers of the key are found in every output shape, clean outputs pass."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from vnqual.deid import Registry, check_outputs, write_key
from vnqual.errors import InputError


@pytest.fixture()
def key(tmp_path):
    reg = Registry()
    reg.add("person", "Lê Thị Thu Sương")
    reg.add("phone", "0912 345 678")
    reg.add("place", "Tam Xuân")
    (tmp_path / "bi_mat").mkdir()
    return write_key(reg, tmp_path / "bi_mat" / "deid-key.csv")


@pytest.mark.parametrize(
    "name, content",
    [
        ("ma_hoa.csv", "speaker,excerpt\n[NGƯỜI 01],Cảm ơn chị Sương nhiều.\n"),
        ("tokens.csv", "statement_id,tokens\nqn-1,bà lê_thị_thu_sương nói\n"),
        ("bao_cao.html", "<p>B&agrave; L&ecirc; Th&#7883; Thu S&#432;&#417;ng: kinh phí</p>"),
        ("ghi_chu.txt", "gọi số 0912345678 để hỏi"),
        ("ghi_chu_2.txt", "gọi +84 912 345 678 để hỏi"),
        ("dia_ban.json", '{"venue": "xã tam xuân"}'),
    ],
)
def test_leftover_is_found(tmp_path, key, name, content):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / name).write_text(content, encoding="utf-8")
    findings = check_outputs(tmp_path / "out", key)
    assert len(findings) == 1
    assert findings[0].file.endswith(name)


def test_leftover_inside_xlsx_and_qdpx(tmp_path, key):
    tmp_path = tmp_path / "chia_se"
    tmp_path.mkdir()
    xlsx = tmp_path / "trich_doan.xlsx"
    pd.DataFrame({"excerpt": ["Bà Lê Thị Thu Sương phát biểu"]}).to_excel(xlsx, index=False)
    qdpx = tmp_path / "du_an.qdpx"
    with zipfile.ZipFile(qdpx, "w") as zf:
        zf.writestr("project.qde", '<Project name="x"><Cases><Case name="[NGƯỜI 01]"/></Cases></Project>')
        zf.writestr("sources/a.txt", "Người phỏng vấn: Mời chị.\nChị Lê Thị Thu Sương: Dạ.")
    found = {f.file.split("!")[0] for f in check_outputs(tmp_path, key)}
    assert found == {str(xlsx), str(qdpx)}
    assert any(f.file.endswith("!sources/a.txt") for f in check_outputs(qdpx, key))


def test_a_name_in_a_file_name_is_found(tmp_path, key):
    (tmp_path / "out" / "sources").mkdir(parents=True)
    (tmp_path / "out" / "sources" / "pv_Lê_Thị_Thu_Sương.txt").write_text("Dạ.", encoding="utf-8")
    findings = check_outputs(tmp_path / "out", key)
    assert [f.file.endswith("(file name)") for f in findings] == [True]


def test_clean_outputs_and_ordinary_words_pass(tmp_path, key):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.csv").write_text(
        "excerpt\nSương mù dày đặc ở [ĐỊA DANH 01].\nBà [NGƯỜI 01] gọi [SĐT 01].\n", encoding="utf-8"
    )
    assert check_outputs(tmp_path / "out", key) == []


def test_the_key_itself_in_a_shared_folder_is_reported(tmp_path, key):
    findings = check_outputs(tmp_path, key)
    assert [(f.category, f.file) for f in findings] == [("key", str(key))]


def test_missing_key_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="key file not found"):
        check_outputs(tmp_path, tmp_path / "khong_co.csv")


def test_leftover_in_parquet(tmp_path, key):
    pytest.importorskip("pyarrow")
    (tmp_path / "out").mkdir()
    pd.DataFrame({"excerpt": ["gặp bà Lê Thị Thu Sương"]}).to_parquet(tmp_path / "out" / "ma_hoa.parquet")
    assert [f.file.endswith("ma_hoa.parquet") for f in check_outputs(tmp_path / "out", key)] == [True]
