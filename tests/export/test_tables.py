from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from vnqual.export import load_coded, sheet_names, to_csv, to_jsonl, to_parquet, to_xlsx


def test_sheet_names_respect_excel_rules():
    names = sheet_names(
        [
            "Kinh phí/ngân sách",
            "kinh phí/ngân sách",
            "a" * 40,
            "a" * 40,
            "[Nhân:lực]*?",
            "summary",
            "History",
            "'",
        ]
    )
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names} | {"summary"}) == len(names) + 1
    assert names[0] == "Kinh phí_ngân sách"
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert names[5].casefold() != "summary"
    assert names[6] != "History"
    assert names[7]  # never empty


def test_csv_keeps_vietnamese_and_guards_formulas(coded_dir, tmp_path):
    coded = load_coded(coded_dir)
    out = to_csv(coded.codings, tmp_path / "trich_doan.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns[:8]) == [
        "statement_id",
        "code",
        "score",
        "method",
        "evidence",
        "start_char",
        "end_char",
        "excerpt",
    ]
    assert "Kinh phí" in set(back["excerpt"])
    assert set(back["site"]) == {"Quảng Nam", "Lai Châu"}


def test_csv_guards_formula_excerpt(corpus, tmp_path):
    # "=> Giảng viên ..." starts with "=": the whole statement coded
    st = corpus.frame.iloc[2]
    codings = pd.DataFrame(
        {
            "doc_id": [st.doc_id],
            "code": ["Nhân lực"],
            "start_char": [st.start_char],
            "end_char": [st.end_char],
            "excerpt": [st.text],
        }
    )
    out = to_csv(codings, tmp_path / "a.csv")
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert back["excerpt"].iloc[0] == "'" + st.text


def test_jsonl_and_parquet_keep_verbatim_text(corpus, tmp_path):
    texts = corpus.frame["text"].tolist()
    codings = corpus.frame.assign(code="Nhân lực", excerpt=corpus.frame["text"])
    lines = to_jsonl(codings, tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["excerpt"] for x in lines] == texts
    assert "\\u" not in lines[1]  # Vietnamese written as UTF-8, not escaped
    back = pd.read_parquet(to_parquet(codings, tmp_path / "a.parquet"))
    assert back["excerpt"].tolist() == texts
    assert back["start_char"].dtype.kind == "i"


def test_xlsx_one_sheet_per_code_and_summary(coded_dir, tmp_path):
    coded = load_coded(coded_dir)
    out = to_xlsx(coded.codings, tmp_path / "trich_doan.xlsx", codes=coded.codes)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary"
    assert len(wb.sheetnames) == 4  # summary + three used codes
    assert all(len(n) <= 31 and "/" not in n for n in wb.sheetnames)
    summary = pd.read_excel(out, sheet_name="Summary")
    n = summary.set_index("code")["n_codings"]
    assert n["Nhân lực"] == 4 and n["Kinh phí"] == 2 and n["Nguồn lực"] == 0
    sheet = summary.set_index("code")["sheet"]["Nhân lực"]
    quotes = pd.read_excel(out, sheet_name=sheet)
    assert list(quotes.columns[:4]) == ["quote", "speaker", "role", "doc_id"]
    assert set(quotes["quote"]) == {"cán bộ xã", "Giảng viên", "Nhân lực", "cán bộ trẻ"}


def test_xlsx_guards_formulas_and_drops_xml_illegal_chars(corpus, tmp_path):
    frame = corpus.frame
    codings = frame.assign(code="Ý kiến", excerpt=frame["text"])
    out = to_xlsx(codings, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(out)["Ý kiến"]
    quotes = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert "'=> Giảng viên thiếu kinh nghiệm thực tế ở thôn bản." in quotes
    assert "'@cán bộ trẻ cần được bồi dưỡng kỹ năng số." in quotes
    assert "'- Chính sách hỗ trợ đi lại chưa rõ ràng. Cần sửa." in quotes  # \x0b -> space
    assert all(isinstance(q, str) and not q.startswith(("=", "+", "-", "@")) for q in quotes)


def test_xlsx_cuts_cells_longer_than_excel_allows(tmp_path):
    codings = pd.DataFrame(
        {"doc_id": ["d"], "code": ["Dài"], "start_char": [0], "end_char": [40000], "excerpt": ["ạ" * 40000]}
    )
    with pytest.warns(UserWarning, match="longer than Excel"):
        out = to_xlsx(codings, tmp_path / "long.xlsx")
    ws = openpyxl.load_workbook(out)["Dài"]
    assert len(ws.cell(row=2, column=1).value) == 32767
