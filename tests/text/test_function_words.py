from __future__ import annotations

from pathlib import Path

import pytest

from vnqual.text.function_words import default_function_words, function_word_set, load_function_words
from vnqual.text.stopwords import default_stopwords


def test_shipped_list_has_each_category_in_canonical_form():
    words = default_function_words()
    for w in ("chúng_tôi", "anh", "làm", "được", "nhiều", "các", "ạ", "nhé", "thì", "việc", "năm", "ý_kiến"):
        assert w in words, w
    assert all(w == w.lower() and " " not in w for w in words)


def test_content_words_of_feedback_are_not_function_words():
    words = default_function_words()
    for w in (
        "thầy",
        "cô",
        "tốt",
        "khó",
        "dễ",
        "hay",
        "rõ",
        "kinh_phí",
        "mới",
        "năm_học",
        "thời_gian",
        "giờ",
    ):
        assert w not in words, w


def test_function_words_differ_from_stop_words():
    # light verbs and quantifiers are kept by the stop-word list (they carry opinions) but never label a theme
    assert {"làm", "nhiều", "cần", "phải"} <= default_function_words()
    assert not {"làm", "nhiều", "cần", "phải"} & default_stopwords()


def test_user_file_replaces_the_list(tmp_path: Path):
    f = tmp_path / "hu_tu.txt"
    f.write_text("# riêng của nhóm\nKiểu như\nđồng bào\n", encoding="utf-8")
    assert load_function_words(f) == {"kiểu_như", "đồng_bào"}
    assert function_word_set(f) == {"kiểu_như", "đồng_bào"}
    assert function_word_set(None) == frozenset()
    assert function_word_set(["Chúng tôi"]) == {"chúng_tôi"}


def test_bad_argument_and_bad_file_name_the_problem(tmp_path: Path):
    with pytest.raises(ValueError, match="function_words="):
        function_word_set("extended")
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    from vnqual.errors import InputError

    with pytest.raises(InputError, match="x.txt: cannot read function-word list"):
        load_function_words(bad)
