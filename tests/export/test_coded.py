from __future__ import annotations

import pandas as pd
import pytest

from vnqual.errors import InputError
from vnqual.export import load_coded, read_codings_csv, write_csv


def test_load_coded_reads_tag_output(coded_dir):
    coded = load_coded(coded_dir)
    assert len(coded.codings) == 7
    assert coded.corpus is not None and set(coded.sources) == {"QN_toadam", "LC_thaoluan"}
    src = coded.sources
    for row in coded.codings.itertuples():
        assert src[row.doc_id][row.start_char : row.end_char] == row.excerpt
    assert coded.codes["code"].tolist()[:2] == ["Nguồn lực", "Kinh phí"]


def test_guarded_excerpts_are_recut_from_sources(corpus, tmp_path):
    st = corpus.frame.iloc[2]  # "=> Giảng viên ..."
    folder = tmp_path / "ma_hoa"
    corpus.save(folder / "corpus")
    write_csv(
        pd.DataFrame(
            {
                "statement_id": [st.statement_id],
                "code": ["Nhân lực"],
                "doc_id": [st.doc_id],
                "start_char": [st.start_char],
                "end_char": [st.end_char],
                "excerpt": [st.text],
            }
        ),
        folder / "codes.csv",
    )
    assert "'=>" in (folder / "codes.csv").read_text(encoding="utf-8-sig")
    coded = load_coded(folder)
    assert coded.codings["excerpt"].tolist() == [st.text]
    assert coded.codings["speaker"].tolist() == ["Bà Hoa"]


def test_missing_columns_error_names_file(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("doc_id,code\nQN,Kinh phí\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"codes\.csv: codings table lacks column\(s\) "
        r"start_char, end_char",
    ):
        read_codings_csv(path)
    # A hand-coding table (statement_id, code) needs the statements it refers to.
    path.write_text("statement_id,code\nQN-0001,Kinh phí\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"codes\.csv: a statement_id, code table needs the "
        r"corpus",
    ):
        read_codings_csv(path)


def test_bad_offset_error_names_line(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("doc_id,code,start_char,end_char\nqn,A,1,5\nqn,A,x,5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"codes\.csv line 3: start_char 'x'"):
        read_codings_csv(path)


def test_folder_without_codes_csv(tmp_path):
    with pytest.raises(InputError, match="no codes.csv inside"):
        load_coded(tmp_path)


def test_codings_outside_the_corpus_are_skipped_with_warning(corpus, tmp_path):
    folder = tmp_path / "ma_hoa"
    corpus.save(folder / "corpus")
    write_csv(
        pd.DataFrame(
            {
                "doc_id": ["QN_toadam", "khong_co", "QN_toadam"],
                "code": ["A", "A", "A"],
                "start_char": [0, 0, 0],
                "end_char": [5, 5, 10**6],
            }
        ),
        folder / "codes.csv",
    )
    with pytest.warns(UserWarning) as record:
        coded = load_coded(folder)
    assert len(coded.codings) == 1
    messages = " ".join(str(w.message) for w in record)
    assert "khong_co" in messages and "does not fit" in messages
