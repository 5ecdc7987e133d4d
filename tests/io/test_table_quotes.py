"""A CSV double quote that is never closed swallows the rows after it: warn where it opened."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from vnqual.corpus import Corpus
from vnqual.errors import TranscriptFormatError, VnqualWarning
from vnqual.io import read_corpus

HINT = "; close the quote or remove it"


def read(path: Path, **kwargs) -> tuple[Corpus, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = read_corpus(path, **kwargs)
    return corpus, [str(w.message) for w in caught if issubclass(w.category, VnqualWarning)]


def write(tmp_path: Path, text: str, name: str = "y_kien.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check_spans(corpus: Corpus) -> None:
    for stmt in corpus:
        assert corpus.sources[stmt.doc_id][stmt.start_char : stmt.end_char] == stmt.text


def test_quote_never_closed_warns_where_it_opened(tmp_path):
    path = write(
        tmp_path,
        "id,text,site\n"
        "1,Mời các đồng chí.,Tà Tổng\n"
        '3,"Tài liệu dày quá,Lai Châu\n'
        "4,Đi lại khó.,Mường Tè\n"
        "5,Học phí cao.,Sìn Hồ\n",
    )
    corpus, messages = read(path)
    assert messages == [
        f"{path} line 3: a double quote opening a cell here is never closed, so "
        "lines 3-5 (the end of the file) were read as one cell" + HINT
    ]
    check_spans(corpus)
    assert corpus.frame["line"].tolist() == [2, 3]  # the rows are kept as read


def test_quote_closed_by_a_later_cell_warns(tmp_path):
    path = write(
        tmp_path,
        "id,text,site\n"
        '3,"Tài liệu dày quá,Lai Châu\n'
        "4,Đi lại khó.,Mường Tè\n"
        '5,"Ý kiến khác",Sìn Hồ\n'
        "6,Học phí cao.,Phong Thổ\n",
    )
    corpus, messages = read(path)
    assert messages == [
        f"{path} line 2: a double quote opening a cell here is only closed on "
        "line 4, so lines 2-4 were read as one cell" + HINT
    ]
    check_spans(corpus)
    assert corpus.texts()[-1] == "Học phí cao."


def test_semicolon_table_and_quote_opening_inside_a_multiline_row(tmp_path):
    # Row 2 has a proper multi-line cell, then a quote on line 3 that is never closed.
    path = write(
        tmp_path, 'id;text;ghi_chu\n1;"Dòng một\nDòng hai";"ghi chú\n2;Đi lại khó.;x\n', name="hai_dong.csv"
    )
    corpus, messages = read(path)
    assert messages == [
        f"{path} line 3: a double quote opening a cell here is never closed, so "
        "lines 3-4 (the end of the file) were read as one cell" + HINT
    ]
    assert corpus.texts() == ["Dòng một\nDòng hai"]


def test_several_runaway_quotes_give_one_warning(tmp_path):
    path = write(tmp_path, 'id,text\n1,"Tài liệu\n2,"Ý kiến" nữa\n3,"Giảng viên\n4,Đi lại\n')
    _, messages = read(path)
    assert messages == [
        f"{path} line 2: a double quote opening a cell here is only closed on "
        "line 3, so lines 2-3 were read as one cell (and 1 more: line 4)" + HINT
    ]


def test_excel_multiline_and_quoted_cells_give_no_warning(tmp_path):
    path = write(
        tmp_path,
        "id,text,site\n"
        '1,"Kinh phí còn thiếu,\ntài liệu cũ.",Lai Châu\n'
        '2,"Ông nói: ""đi lại khó""\n\nmùa mưa sạt lở",Mường Tè\n'
        '3,"Một dòng, có dấu phẩy",Sìn Hồ\n'
        '4,"Cuối\nbảng"\n',
    )
    corpus, messages = read(path)
    assert messages == []
    check_spans(corpus)
    assert corpus.texts() == [
        "Kinh phí còn thiếu,\ntài liệu cũ.",
        'Ông nói: "đi lại khó"\n\nmùa mưa sạt lở',
        "Một dòng, có dấu phẩy",
        "Cuối\nbảng",
    ]
    assert corpus.frame["line"].tolist() == [2, 4, 7, 8]


def test_csv_error_names_the_line_where_the_row_started(tmp_path):
    path = write(
        tmp_path, 'id,text\n1,Mời các đồng chí.\n2,"Tài liệu dày quá\n' + "3,Đi lại khó và xa.\n" * 8000
    )
    with pytest.raises(TranscriptFormatError) as info:
        read_corpus(path)
    assert str(info.value).startswith(f"{path} line 3: not readable as CSV (field larger than field limit")
