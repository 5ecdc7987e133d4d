"""Keyword matching on segmented words: whole words, phrases across words, globs, spans."""

from __future__ import annotations

import pytest

from vnqual.codebook import KeywordMatcher
from vnqual.codebook._match import compile_pattern, fold_syllable
from vnqual.text.tokenize import segment
from vnqual.types import Token


def _find(keyword, text):
    tokens = segment([text])[0]
    return [text[m.start : m.end] for m in KeywordMatcher([("ma", keyword)]).find(tokens)]


@pytest.mark.parametrize(
    "keyword, text, expected",
    [
        ("xã", "Cán bộ xã thiếu kinh phí.", ["xã"]),
        ("xã", "Cán bộ xã hội cần được bồi dưỡng.", []),
        ("xã hội", "Cán bộ xã hội cần được bồi dưỡng.", ["xã hội"]),
        ("thiếu kinh phí", "Cán bộ xã thiếu kinh phí bồi dưỡng.", ["thiếu kinh phí"]),
        ("thiếu kinh phí", "Thiếu, kinh phí thì có.", []),  # punctuation breaks a phrase
        ("kinh", "Cán bộ xã thiếu kinh phí.", []),  # a syllable is not a word
        ("kinh*", "Cán bộ xã thiếu kinh phí.", ["kinh phí"]),
        ("giảng*", "Giảng viên nói nhanh, tài liệu khó hiểu", ["Giảng viên"]),
        ("KINH PHÍ", "Kinh phí hạn hẹp, ngân quỹ eo hẹp", ["Kinh phí"]),
        ("hoà bình", "Bồi dưỡng cán bộ Hòa Bình", ["Hòa Bình"]),  # tone placement folded
        ("hòa bình", "Bồi dưỡng cán bộ Hoà Bình", ["Hoà Bình"]),
    ],
)
def test_keywords_match_whole_segmented_words(keyword, text, expected):
    assert _find(keyword, text) == expected


def test_globs_may_cut_into_a_word_only_at_the_starred_end():
    # One token "thiếu_kinh_phí" (as a user dictionary would make it).
    toks = [Token("Xã", 0, 2), Token("thiếu_kinh_phí", 3, 17), Token("bồi_dưỡng_cán_bộ", 18, 34)]

    def found(kw):
        return [(m.first_token, m.last_token) for m in KeywordMatcher([("ma", kw)]).find(toks)]

    assert found("kinh phí") == []
    assert found("*kinh phí") == [(1, 1)]
    assert found("thiếu kinh*") == [(1, 1)]
    assert found("bồi dưỡng") == []
    assert found("bồi dưỡng*") == [(2, 2)]
    assert found("xã thiếu*") == [(0, 1)]


def test_every_occurrence_is_reported_with_its_span():
    text = "Kinh phí ít, kinh phí đi lại càng ít."
    tokens = segment([text])[0]
    hits = KeywordMatcher([("Thiếu kinh phí", "kinh phí"), ("Đi lại", "đi lại")]).find(tokens)
    assert [(h.key, text[h.start : h.end]) for h in hits] == [
        ("Thiếu kinh phí", "Kinh phí"),
        ("Thiếu kinh phí", "kinh phí"),
        ("Đi lại", "đi lại"),
    ]


def test_spans_point_into_nfd_text():
    import unicodedata

    text = unicodedata.normalize("NFD", "Cán bộ xã thiếu kinh phí")
    tokens = segment([text])[0]
    (hit,) = KeywordMatcher([("ma", "kinh phí")]).find(tokens)
    assert unicodedata.normalize("NFC", text[hit.start : hit.end]) == "kinh phí"


@pytest.mark.parametrize("bad", ["", "  ", "*", "* *"])
def test_patterns_without_letters_are_rejected(bad):
    with pytest.raises(ValueError):
        compile_pattern(bad)


def test_fold_syllable_lowercases_and_fixes_tone_placement():
    assert fold_syllable("THUỶ") == fold_syllable("thủy") == "thủy"
