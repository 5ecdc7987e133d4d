"""Stop-word lists: canonical form on load, curation, user lists."""

from __future__ import annotations

import unicodedata

import pytest

from vnqual.errors import InputError
from vnqual.text.stopwords import (
    NEGATIONS,
    canonical_form,
    default_stopwords,
    extended_stopwords,
    load_stopwords,
    stopword_set,
)


@pytest.mark.parametrize(
    "entry, expected",
    [
        ("tuy nhiên", "tuy_nhiên"),
        ("tuy_nhiên", "tuy_nhiên"),
        ("  Tuy   Nhiên ", "tuy_nhiên"),
        (unicodedata.normalize("NFD", "kiểu như"), "kiểu_như"),
        ("ờ", "ờ"),
    ],
)
def test_entries_are_converted_to_the_canonical_form(entry, expected):
    assert canonical_form(entry) == expected


def test_user_file_with_bom_comments_and_mixed_spelling(tmp_path):
    path = tmp_path / "tu_dung.txt"
    path.write_text("\ufeff# từ dừng riêng\nnói chung là\nkiểu_như  # đệm\n\nỜ\n", encoding="utf-8")
    assert load_stopwords(path) == {"nói_chung_là", "kiểu_như", "ờ"}


def test_unreadable_user_file_is_a_one_line_input_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("thì là\n".encode("utf-16"))
    with pytest.raises(InputError, match="latin1.txt: cannot read stop-word list"):
        load_stopwords(path)


def test_default_list_is_canonical():
    for word in default_stopwords():
        assert word == canonical_form(word) and " " not in word


def test_default_list_holds_fillers_and_function_words():
    assert {"ờ", "à", "ừ", "dạ", "vâng", "thì_là", "kiểu_như", "của", "và", "là"} <= (default_stopwords())


@pytest.mark.parametrize(
    "word",
    [
        "không",
        "chưa",
        "chẳng",
        "tốt",
        "rất",
        "quá",
        "ít",
        "nhiều",
        "thiếu",
        "cần",
        "khó_khăn",
        "hay",
        "đi",
        "ở",
        "mới",
    ],
)
def test_content_words_are_not_default_stop_words(word):
    assert word not in default_stopwords()


def test_extended_list_adds_generic_words_but_no_negations():
    ext = extended_stopwords()
    assert default_stopwords() < ext and "bỗng_nhiên" in ext
    assert not any(NEGATIONS & set(w.split("_")) for w in ext)
    assert "tốt" not in ext and "vấn_đề" not in ext


def test_stopword_set_options():
    assert stopword_set(None) == frozenset()
    assert stopword_set(["Thì là", "ờ"]) == {"thì_là", "ờ"}
    assert "kinh_phí" in stopword_set("default", extra=["kinh phí"])
    with pytest.raises(ValueError, match="stopwords='all'"):
        stopword_set("all")
