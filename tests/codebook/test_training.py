"""``--train`` files: coded CSV rows (text or statement_id) and REFI-QDA projects coded by people."""

from __future__ import annotations

import pandas as pd
import pytest

from vnqual.codebook import Code, Codebook
from vnqual.codebook._train import read_training, training_labels
from vnqual.corpus import Corpus
from vnqual.errors import CodebookError, InputError

CODEBOOK = Codebook(
    [
        Code("Khó khăn"),
        Code("Thiếu kinh phí", parent="Khó khăn"),
        Code("Đi lại", parent="Khó khăn"),
        Code("Kết quả"),
    ]
)
SOURCE = "Chủ trì: Xin mời.\n\nÔng An: Kinh phí còn thiếu.\n\nBà Lan: Đi lại rất xa."


def _corpus():
    texts = ["Xin mời.", "Kinh phí còn thiếu.", "Đi lại rất xa."]
    starts = [SOURCE.index(t) for t in texts]
    frame = pd.DataFrame(
        {
            "doc_id": "QN_toadam",
            "statement_id": [f"QN_toadam-000{i}" for i in (1, 2, 3)],
            "speaker": ["Chủ trì", "Ông An", "Bà Lan"],
            "role": ["facilitator", "participant", "participant"],
            "text": texts,
            "start_char": starts,
            "end_char": [s + len(t) for s, t in zip(starts, texts)],
            "source_file": "QN_toadam.txt",
            "turn": [1, 2, 3],
            "line": [1, 3, 5],
        }
    )
    return Corpus(frame, {"QN_toadam": SOURCE})


def _csv(tmp_path, text):
    path = tmp_path / "da_ma_hoa.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_csv_rows_by_statement_id_merge_and_texts_stay_extra(tmp_path):
    path = _csv(
        tmp_path,
        "statement_id,text,code\n"
        "QN_toadam-0002,,Thiếu kinh phí\n"
        "QN_toadam-0002,,khó khăn/thiếu kinh phí; Kết quả\n"
        ",Đường sạt lở mùa mưa,Đi lại\n"
        "QN_toadam-0001,,\n",
    )
    training = read_training(path, _corpus(), CODEBOOK)
    assert training.human == {"QN_toadam-0002": ["Thiếu kinh phí", "Kết quả"], "QN_toadam-0001": []}
    assert training.texts == ["Đường sạt lở mùa mưa"] and training.labels == [["Đi lại"]]
    assert training_labels(training, _corpus()) == [[], ["Thiếu kinh phí", "Kết quả"], None, ["Đi lại"]]


@pytest.mark.parametrize(
    "body, error, words",
    [
        ("text,code\nKinh phí thiếu,Kinh phí\n", CodebookError, r":2: unknown code 'Kinh phí'"),
        ("statement_id,code\nQN_toadam-0009,Kết quả\n", InputError, r":2: statement_id 'QN_toadam-0009'"),
        ("y_kien,code\nKinh phí thiếu,Kết quả\n", InputError, r":1: `train` needs"),
        ('text,code\n"Dòng một\nDòng hai",Kết quả\n,Kết quả\n', InputError, r":4: the row has neither"),
    ],
)
def test_csv_errors_name_the_row(tmp_path, body, error, words):
    path = _csv(tmp_path, body)
    with pytest.raises(error, match=words) as err:
        read_training(path, _corpus(), CODEBOOK)
    assert str(err.value).startswith(str(path))


def test_qdpx_codings_label_the_statements_they_overlap(tmp_path):
    from vnqual.export import to_qdpx

    corpus = _corpus()
    start = SOURCE.index("Kinh phí")
    codings = pd.DataFrame(
        {  # one coding spans part of statement 2 and all of statement 3
            "doc_id": ["QN_toadam", "QN_toadam"],
            "code": ["Thiếu kinh phí", "Đi lại"],
            "start_char": [start, SOURCE.index("Đi lại")],
            "end_char": [start + 8, len(SOURCE)],
            "coder": ["Lan", "Lan"],
        }
    )
    path = to_qdpx(codings, corpus, tmp_path / "nvivo.qdpx", codes=CODEBOOK.codes)
    training = read_training(path, corpus, CODEBOOK)
    assert training.human == {"QN_toadam-0002": ["Thiếu kinh phí"], "QN_toadam-0003": ["Đi lại"]}
