"""Canonical text, tone-style folding and the length-preserving analysis form."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnqual.text.normalize import analysis_form, canonical, fold_tone_style

NFD = unicodedata.normalize("NFD", "Người điều phối: hôm nay")


@pytest.mark.parametrize(
    "text_in, expected",
    [
        (NFD, "Người điều phối: hôm nay"),
        ("dòng 1\r\ndòng 2\rdòng 3\n", "dòng 1\ndòng 2\ndòng 3\n"),
        ("\r\n\r\n", "\n\n"),
        ("Chị\u00a0Lan", "Chị Lan"),
        ("10\u202f000\u2007đồng", "10 000 đồng"),
        ("cán\u200b bộ\u200c\u200d\u2060", "cán bộ"),
        ("\ufeffHôm nay", "Hôm nay"),
        ("ho\u200ba\u0300", "hoà"),  # zero-width removed before composing
        ("hoà bình, thuỷ lợi, khoẻ", "hoà bình, thuỷ lợi, khoẻ"),  # new style kept
        ("hòa bình, thủy lợi, khỏe", "hòa bình, thủy lợi, khỏe"),  # old style kept
        ("  hai  dấu cách\tvà tab ", "  hai  dấu cách\tvà tab "),
        ("“Trích dẫn” – gạch…", "“Trích dẫn” – gạch…"),
        ("", ""),
    ],
    ids=[
        "nfd",
        "crlf-cr",
        "blank-crlf",
        "nbsp",
        "narrow-figure-nbsp",
        "zero-width",
        "bom",
        "zw-inside-letter",
        "new-style-kept",
        "old-style-kept",
        "whitespace-kept",
        "punct-kept",
        "empty",
    ],
)
def test_canonical(text_in, expected):
    assert canonical(text_in) == expected


def test_canonical_is_idempotent_on_workshop(workshop_text):
    once = canonical(unicodedata.normalize("NFD", workshop_text).replace("\n", "\r\n"))
    assert once == workshop_text
    assert canonical(once) == once


@pytest.mark.parametrize(
    "text_in, old, new",
    [
        ("hoà", "hòa", "hoà"),
        ("hòa", "hòa", "hoà"),
        ("Thuỷ", "Thủy", "Thuỷ"),
        ("KHOẺ", "KHỎE", "KHOẺ"),
        ("uỷ ban", "ủy ban", "uỷ ban"),
        ("tuỳ", "tùy", "tuỳ"),
        ("xoè", "xòe", "xoè"),
        ("hoàng", "hoàng", "hoàng"),  # closed syllable: one placement only
        ("quý", "quý", "quý"),  # qu + y
        ("quà", "quà", "quà"),
        ("khuya", "khuya", "khuya"),
        ("hoa", "hoa", "hoa"),  # no tone
        ("hòà", "hòà", "hòà"),  # two tones: not a syllable, left alone
        ("Hoà2", "Hòa2", "Hoà2"),  # a digit ends the word
    ],
)
def test_fold_tone_style(text_in, old, new):
    assert fold_tone_style(text_in) == old
    assert fold_tone_style(text_in, style="new") == new


def test_fold_tone_style_rejects_unknown_style():
    with pytest.raises(ValueError, match="style must be 'old' or 'new'"):
        fold_tone_style("hoà", style="mới")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text_in, expected",
    [
        ("Hoà bình,\u00a0thuỷ lợi\r\n", "Hòa bình, thủy lợi\n"),
        ("baì tập", "bài tập"),  # underthesea's table fixes a misplaced tone
        ("qúy", "quý"),
        ("nuớc sạch", "nước sạch"),  # ... and a missing horn
        ("loà xoà", "lòa xòa"),  # fold covers words the table lacks or spells new style
        ("nghành", "nghành"),  # table entry that changes the length: not applied
        ("Ông Nguyễn Văn An", "Ông Nguyễn Văn An"),
    ],
)
def test_analysis_form(text_in, expected):
    assert analysis_form(text_in) == expected


@pytest.mark.parametrize("word", ["hoà", "thuỷ", "khoẻ", "Hoà", "baì", "qúy", "toà", "uỷ"])
def test_analysis_form_agrees_with_underthesea(word):
    from underthesea import text_normalize

    assert analysis_form(word) == text_normalize(word)


def test_underthesea_text_normalize_does_not_keep_alignment():
    # Why analysis_form does not call text_normalize on whole texts.
    from underthesea import text_normalize

    text = "Hoà bình, thuỷ lợi.\nChị Lan:  khoẻ"
    assert len(text_normalize(text)) != len(text)
    assert len(analysis_form(text)) == len(text)


def test_analysis_form_keeps_spans_of_workshop(workshop_text):
    text = workshop_text.replace("thiểu số", "thiểu số hoà nhập, thuỷ lợi")
    form = analysis_form(text)
    assert len(form) == len(canonical(text))
    start = text.index("hoà nhập")
    assert form[start : start + len("hoà nhập")] == "hòa nhập"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
@settings(max_examples=300, deadline=None)
def test_analysis_form_has_canonical_length(text):
    assert len(analysis_form(text)) == len(canonical(text))
    assert canonical(canonical(text)) == canonical(text)
