"""Which tables (.docx, or tab-separated text lines) hold speech: speaker, text, time columns."""

from __future__ import annotations

import pytest

from vnqual.io._speaker_table import SpeakerColumns, row_hint, speaker_cell, speaker_columns

HEADED = [
    ["STT", "Thời gian", "Người nói", "Nội dung"],
    ["1", "00:01:05", "PV", "Anh cho biết khó khăn lớn nhất?"],
    ["2", "00:01:20", "Ông Lò Văn Pảo", "Kinh phí đi học còn thiếu nhiều."],
]
UNHEADED = [
    ["NPV:", "Anh làm cán bộ xã bao lâu rồi ạ?"],
    ["TLN_LC_02:", "Tôi làm được mười năm rồi, từ năm 2010."],
    ["NPV:", "Anh có được đi bồi dưỡng hằng năm không?"],
    ["TLN_LC_02:", "Có, mỗi năm một lần ở huyện."],
]
ATTENDANCE = [
    ["Họ và tên", "Chức vụ", "Đơn vị"],
    ["Nguyễn Văn An", "Phó Giám đốc", "Sở Nội vụ"],
    ["Trần Thị Bích", "Chủ tịch UBND xã", "Xã Tam Kỳ"],
]


def test_header_names_speaker_text_and_time_columns():
    found = speaker_columns(HEADED)
    assert (found.speaker, found.text, found.time, found.header) == (2, 3, 1, 1)


@pytest.mark.parametrize(
    "speaker,text",
    [("Speaker", "Transcript"), ("Người phát biểu:", "Ý kiến"), ("NGƯỜI NÓI", "NỘI DUNG PHÁT BIỂU")],
)
def test_header_words_in_any_case_and_language(speaker, text):
    found = speaker_columns([[speaker, text], ["A", "Xin chào các anh chị."]])
    assert (found.speaker, found.text, found.header) == (0, 1, 1)


def test_title_row_above_the_header():
    rows = [["BIÊN BẢN GỠ BĂNG THẢO LUẬN NHÓM"], ["", ""]] + HEADED
    found = speaker_columns(rows)
    assert (found.speaker, found.text, found.header) == (2, 3, 3)  # utterances from row 3


def test_text_header_left_of_the_speaker_header_is_not_a_speaker_table():
    assert speaker_columns([["Nội dung", "Người nói"], ["Xin chào các anh chị.", "Lan"]]) is None


def test_labels_that_repeat_beside_longer_text_make_a_table_without_header():
    found = speaker_columns(UNHEADED)
    assert (found.speaker, found.text, found.time, found.header) == (0, 1, None, 0)


def test_start_of_a_time_range_is_the_start_time():
    cells = ["00:01:05 - 00:01:20", "PV", "Anh cho biết khó khăn lớn nhất?"]
    hint = row_hint(cells, 100, SpeakerColumns(speaker=1, text=2, time=0, header=0), False)
    assert (hint.kind, hint.speaker, hint.time) == ("speaker", "PV", "00:01:05")
    # the statement is the text cell: 100 + len("00:01:05 - 00:01:20\tPV\t")
    assert (hint.body_start, hint.body_end) == (123, 123 + len(cells[2]))


def test_time_column_found_in_a_table_without_header():
    rows = [
        ["[00:00:05]", "SPEAKER_00", "Xin chào, hôm nay chúng ta bàn về bồi dưỡng."],
        ["[00:00:12]", "SPEAKER_01", "Dạ, xã tôi năm nay chưa có lớp nào cả."],
        ["[00:00:20]", "SPEAKER_00", "Vì sao lại chưa mở được lớp ạ?"],
    ]
    found = speaker_columns(rows)
    assert (found.speaker, found.text, found.time) == (1, 2, 0)


@pytest.mark.parametrize(
    "rows",
    [
        ATTENDANCE,
        ATTENDANCE[1:],  # no header: every person named once is a list, not turns
        [["Chủ trì", "Có"], ["Ông An", "Không"], ["Chủ trì", "Có"]],  # short answers: a grid
        [["Chỉ tiêu", "2019", "2020"], ["Số lớp", "3", "5"], ["Số học viên", "120", "210"]],
        [["Người nói", "Nội dung"]],  # a header alone
    ],
)
def test_tables_that_are_not_speech(rows):
    assert speaker_columns(rows) is None


def test_speaker_cell_shapes():
    assert speaker_cell("Bà Hoa (chủ trì, Sở Nội vụ):", strict=True) == (
        "Bà Hoa",
        "facilitator",
        "chủ trì, Sở Nội vụ",
    )
    assert speaker_cell("**PV**", strict=True) == ("PV", "interviewer", "")
    assert speaker_cell("Bộ trưởng Nguyễn Thái Bình", strict=True) == (
        "Nguyễn Thái Bình",
        "participant",
        "Bộ trưởng",
    )
    assert speaker_cell("phụ trách lớp học", strict=True) is None  # not a label shape
    assert speaker_cell("Kinh phí: thiếu", strict=True) is None
    # under a "Người nói" header any non-empty cell is the speaker
    assert speaker_cell("cán bộ tư pháp xã", strict=False)[:2] == ("cán bộ tư pháp xã", "participant")
    assert speaker_cell("  ", strict=False) is None
