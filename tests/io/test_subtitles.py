"""Damaged .srt/.vtt files: bad timing lines and missing blank lines lose no cue text."""

from __future__ import annotations

import itertools
import re
import warnings
from pathlib import Path

import pytest

from vnqual.corpus import Corpus
from vnqual.errors import VnqualWarning
from vnqual.io import read_corpus

from .conftest import SRT

CUES = [
    ("1", "00:00:01,000 --> 00:00:04,500", "SPEAKER_00: Xin chào các đồng chí."),
    ("2", "00:00:05,000 --> 00:00:09,000", "SPEAKER_01: Kinh phí bồi dưỡng\ncòn rất thiếu."),
    ("3", "00:00:09,500 --> 00:00:12,000", "SPEAKER_01: Tài liệu dày quá."),
    ("4", "00:00:12,500 --> 00:00:14,000", "SPEAKER_00: Cảm ơn đồng chí, 2020 là năm khó."),
]


def srt(cues=CUES, separators=None) -> str:
    """The cues joined by ``separators`` (default: a blank line between every two)."""
    separators = separators or ["\n\n"] * (len(cues) - 1)
    out = ""
    for (number, timing, text), sep in zip(cues, [*separators, "\n"]):
        out += f"{number}\n{timing}\n{text}{sep}"
    return out


def read(path: Path, **kwargs) -> tuple[Corpus, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = read_corpus(path, **kwargs)
    return corpus, [str(w.message) for w in caught if issubclass(w.category, VnqualWarning)]


def check_spans(corpus: Corpus) -> None:
    """Every statement is its source slice; no cue number or timing line inside it."""
    assert len(corpus) > 0
    for stmt in corpus:
        assert corpus.sources[stmt.doc_id][stmt.start_char : stmt.end_char] == stmt.text
        assert stmt.text == stmt.text.strip() and stmt.text
        assert stmt.line == corpus.sources[stmt.doc_id].count("\n", 0, stmt.start_char) + 1
        assert "-->" not in stmt.text
        assert not re.search(r"^\d+$", stmt.text, flags=re.MULTILINE), stmt.text


def rows(corpus: Corpus, *cols: str) -> list[tuple]:
    return list(corpus.frame[list(cols)].itertuples(index=False, name=None))


EXPECTED = [
    ("SPEAKER_00", "00:00:01.000", "00:00:04.500", "Xin chào các đồng chí."),
    ("SPEAKER_01", "00:00:05.000", "00:00:09.000", "Kinh phí bồi dưỡng\ncòn rất thiếu."),
    ("SPEAKER_01", "00:00:09.500", "00:00:12.000", "Tài liệu dày quá."),
    ("SPEAKER_00", "00:00:12.500", "00:00:14.000", "Cảm ơn đồng chí, 2020 là năm khó."),
]


def test_well_formed_srt_gives_no_warning(tmp_path):
    path = tmp_path / "pv.srt"
    path.write_text(SRT, encoding="utf-8")
    corpus, messages = read(path)
    assert messages == []
    check_spans(corpus)


# ------------------------------------------------------------------- timing lines not understood
def test_malformed_timing_line_keeps_cue_text_without_times(tmp_path):
    path = tmp_path / "hong.srt"
    cues = [CUES[0], ("2", "00:00:05,000 --> 00:00:0X,500", CUES[1][2]), *CUES[2:]]
    path.write_text(srt(cues), encoding="utf-8")
    corpus, messages = read(path)
    assert messages == [
        f"{path} line 6: timing line not understood ('00:00:05,000 --> 00:00:0X,500'); the cue "
        "text is kept with empty start_time/end_time (write the times as 00:00:01,000 --> "
        "00:00:04,000 to get them)"
    ]
    check_spans(corpus)
    assert rows(corpus, "speaker", "start_time", "end_time", "text") == [
        EXPECTED[0],
        ("SPEAKER_01", "", "", "Kinh phí bồi dưỡng\ncòn rất thiếu."),
        *EXPECTED[2:],
    ]
    assert corpus.frame["turn"].tolist() == [1, 2, 2, 3]
    assert corpus.frame["line"].tolist() == [3, 7, 12, 16]


def test_several_malformed_timing_lines_give_one_warning(tmp_path):
    path = tmp_path / "hong.vtt"
    path.write_text(
        "WEBVTT\n\n"
        "00:01.000 --> 00:04.000\n<v Người điều phối>Mời chị Lan.</v>\n\n"
        "00:0a.500 --> 00:08.000\n<v Lan>Xã tôi thiếu giáo viên.\n\n"
        "00:09 --> 00:12\n<v Lan>Đi lại cũng khó.\n\n"
        "00:13.000 --> 00:15.000 align:start\n<v Người điều phối>Cảm ơn chị.\n",
        "utf-8",
    )
    corpus, messages = read(path)
    assert messages == [
        f"{path} line 6: timing line not understood ('00:0a.500 --> 00:08.000') (and 1 more: "
        "line 9); the cue text is kept with empty start_time/end_time (write the times as "
        "00:00:01,000 --> 00:00:04,000 to get them)"
    ]
    check_spans(corpus)
    assert rows(corpus, "speaker", "start_time", "text") == [
        ("Người điều phối", "00:00:01.000", "Mời chị Lan."),
        ("Lan", "", "Xã tôi thiếu giáo viên."),
        ("Lan", "", "Đi lại cũng khó."),
        ("Người điều phối", "00:00:13.000", "Cảm ơn chị."),
    ]


def test_only_malformed_timing_lines_still_give_statements(tmp_path):
    path = tmp_path / "hong.srt"
    path.write_text("1\n00:00:01 --> 00:00:04\nTài liệu dày quá.\n", encoding="utf-8")
    corpus, messages = read(path)
    assert len(messages) == 1 and "line 2: timing line not understood" in messages[0]
    assert rows(corpus, "start_time", "end_time", "text") == [("", "", "Tài liệu dày quá.")]


def test_arrow_inside_cue_text_is_text(tmp_path):
    path = tmp_path / "mui_ten.srt"
    text = "Kinh phí tăng 20% --> 30%, vẫn thiếu.\nGiảng viên --> chưa đủ."
    path.write_text(srt([("1", CUES[0][1], text)]), encoding="utf-8")
    corpus, messages = read(path)
    assert messages == []
    assert corpus.texts() == [text]


# -------------------------------------------------------------------------- missing blank lines
def test_missing_blank_line_starts_a_new_cue(tmp_path):
    path = tmp_path / "dinh.srt"
    path.write_text(srt(separators=["\n\n", "\n\n", "\n"]), encoding="utf-8")
    corpus, messages = read(path)
    assert messages == [
        f"{path} line 13: no blank line between this cue and the one above; cues were split at "
        "their timing lines (add the blank lines if a cue's text looks wrong)"
    ]
    check_spans(corpus)
    assert rows(corpus, "speaker", "start_time", "end_time", "text") == EXPECTED
    assert corpus.frame["line"].tolist() == [3, 7, 12, 15]


def test_missing_blank_lines_without_cue_numbers(tmp_path):
    path = tmp_path / "dinh.vtt"
    path.write_text(
        "WEBVTT\n\n"
        "00:01.000 --> 00:04.000\n<v Người điều phối>Mời chị Lan.</v>\n"
        "00:04.500 --> 00:08.000\n<v Lan>Xã tôi thiếu giáo viên.\n"
        "00:08.500 --> 00:09.000\n"
        "00:09.500 --> 00:12.000\nĐi lại cũng khó.\n",
        "utf-8",
    )
    corpus, messages = read(path)
    assert messages == [
        f"{path} line 5: no blank line between this cue and the one above (and 2 more: line 7, "
        "8); cues were split at their timing lines (add the blank lines if a cue's text looks "
        "wrong)"
    ]
    check_spans(corpus)
    assert rows(corpus, "speaker", "start_time", "text") == [
        ("Người điều phối", "00:00:01.000", "Mời chị Lan."),
        ("Lan", "00:00:04.500", "Xã tôi thiếu giáo viên."),
        ("", "00:00:09.500", "Đi lại cũng khó."),
    ]


def test_missing_blank_line_and_malformed_timing_line_together(tmp_path):
    path = tmp_path / "ca_hai.srt"
    cues = [*CUES[:3], ("4", "00:00:12,500 --> 00:00:1,4000", CUES[3][2])]
    path.write_text(srt(cues, separators=["\n\n", "\n", "\n"]), encoding="utf-8")
    corpus, messages = read(path, unit="sentence")
    assert [m.split(": ", 1)[1].split(" (")[0].split(";")[0] for m in messages] == [
        "timing line not understood",
        "no blank line between this cue and the one above",
    ]
    assert messages[0].startswith(f"{path} line 13: ")
    assert messages[1].startswith(f"{path} line 9: ")
    assert "(and 1 more: line 12)" in messages[1]
    check_spans(corpus)
    assert rows(corpus, "start_time", "text") == [
        ("00:00:01.000", "Xin chào các đồng chí."),
        ("00:00:05.000", "Kinh phí bồi dưỡng\ncòn rất thiếu."),
        ("00:00:09.500", "Tài liệu dày quá."),
        ("", "Cảm ơn đồng chí, 2020 là năm khó."),
    ]


GAPS = {"\n\n": "blank", "\n": "none", "\n\n\n": "two"}


@pytest.mark.parametrize(
    "separators",
    [list(s) for s in itertools.product(GAPS, repeat=3)],
    ids=lambda seps: "-".join(GAPS[s] for s in seps),
)
def test_any_missing_blank_lines_give_the_same_statements(tmp_path, separators):
    path = tmp_path / "pv.srt"
    path.write_text(srt(separators=separators), encoding="utf-8")
    corpus, messages = read(path)
    check_spans(corpus)
    assert rows(corpus, "speaker", "start_time", "end_time", "text") == EXPECTED
    assert len(messages) == ("\n" in separators)
