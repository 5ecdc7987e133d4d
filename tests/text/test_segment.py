"""Speaker labels, turns, paragraphs and sentences, always as exact spans of the source."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnqual.errors import InputError
from vnqual.text.normalize import canonical
from vnqual.text.segment import sentence_spans, speaker_turns, split_units


def test_continuations_belong_to_previous_speaker_and_headings_are_skipped():
    src = "# Phiên 1\nChủ trì: Mời.\nAnh Minh:\n\nXã thiếu nước.\n  Mùa khô dài.  \n"
    units = split_units(src)
    assert [(u.speaker, u.turn, u.line, u.text) for u in units] == [
        ("Chủ trì", 1, 2, "Mời."),
        ("Anh Minh", 2, 5, "Xã thiếu nước."),
        ("Anh Minh", 2, 6, "Mùa khô dài."),
    ]
    turns = speaker_turns(src)
    assert [src[t.start : t.end] for t in turns] == ["Mời.", "Xã thiếu nước.\n  Mùa khô dài."]


def test_label_wrapped_over_two_lines_is_one_label():
    src = (
        "Chủ trì: Mời xã Gio Mỹ.\nÔng Đặng Văn Bình (Phó Chủ tịch\nUBND xã Gio Mỹ): Tôi đề nghị "
        "rút ngắn thời gian.\nChủ trì: Cảm ơn."
    )
    units = split_units(src)
    assert [(u.speaker, u.role, u.line, u.text) for u in units] == [
        ("Chủ trì", "facilitator", 1, "Mời xã Gio Mỹ."),
        ("Ông Đặng Văn Bình", "participant", 3, "Tôi đề nghị rút ngắn thời gian."),
        ("Chủ trì", "facilitator", 4, "Cảm ơn."),
    ]
    assert all(src[u.start : u.end] == u.text for u in units)
    # An open bracket without a closing label on the next line is ordinary text.
    src = "Chủ trì: Mời.\nCác xã (nhất là vùng cao\nvẫn thiếu giảng viên)."
    assert [u.speaker for u in split_units(src)] == ["Chủ trì", "Chủ trì", "Chủ trì"]


def test_text_without_labels_is_one_statement_per_paragraph():
    src = "Xã thiếu nước.\n\nMùa khô dài.\n"
    for unit in ("paragraph", "turn"):
        units = split_units(src, unit=unit)
        assert [(u.speaker, u.role, u.turn, u.text) for u in units] == [
            ("", "", 1, "Xã thiếu nước."),
            ("", "", 2, "Mùa khô dài."),
        ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lớp học tốt. Giảng viên nhiệt tình!", ["Lớp học tốt.", "Giảng viên nhiệt tình!"]),
        ("Theo TS. Hà thì đúng. ThS. Lan cũng vậy.", ["Theo TS. Hà thì đúng.", "ThS. Lan cũng vậy."]),
        ("Ngày 22/6. Họp tiếp.", ["Ngày 22/6.", "Họp tiếp."]),
        ("Giá 1.200.000 đồng. Hơi cao.", ["Giá 1.200.000 đồng.", "Hơi cao."]),
        ("Ông Nguyễn V. An nói vậy.", ["Ông Nguyễn V. An nói vậy."]),
        ("1. Kinh phí thiếu.", ["1. Kinh phí thiếu."]),
        ("Sao vậy? “Không biết.” Rồi thôi…  Hết", ["Sao vậy?", "“Không biết.”", "Rồi thôi…", "Hết"]),
        ("nói xong. rồi đi", ["nói xong. rồi đi"]),
    ],
)
def test_sentences(text, expected):
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


def test_unknown_unit():
    with pytest.raises(InputError, match="unknown unit 'câu'"):
        split_units("Chủ trì: Mời.", unit="câu")


# ----------------------------------------------------------------- property: exact spans
LABELS = [  # (label as written, speaker)
    ("Chủ trì:", "Chủ trì"),
    ("**Người điều phối:**", "Người điều phối"),
    ("Ông Nguyễn Văn An (Phó Giám đốc Sở Nội vụ):", "Ông Nguyễn Văn An"),
    ("Bà Hà Thị Lan:", "Bà Hà Thị Lan"),
    ("TLN_QN_01:", "TLN_QN_01"),
    ("NPV:", "NPV"),
    ("[00:12:34] Chị Mai:", "Chị Mai"),
    ("SPEAKER_02:", "SPEAKER_02"),
    ("Đ/c Hùng:", "Đ/c Hùng"),
]
WORDS = [
    "kinh phí",
    "bồi dưỡng",
    "cán bộ",
    "xã",
    "thiếu",
    "giảng viên",
    "đi lại",
    "mùa mưa",
    "tài liệu",
    "như sau:",
    "nội dung:",
    "22/6",
    "hoà giải",
    "thuỷ lợi",
    "người",
    "ý kiến",
]
sentence = st.builds(
    lambda ws, end: " ".join(ws).capitalize() + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
    st.sampled_from([".", "?", "!", "…", ""]),
)
paragraph = st.builds(" ".join, st.lists(sentence, min_size=1, max_size=3))
turn = st.tuples(st.sampled_from(LABELS), st.lists(paragraph, min_size=1, max_size=3), st.booleans())


@settings(max_examples=150, deadline=None)
@given(
    turns=st.lists(turn, min_size=1, max_size=6),
    crlf=st.booleans(),
    nfd=st.booleans(),
    nbsp=st.booleans(),
    blank=st.sampled_from(["\n", "\n\n", "\n \n"]),
)
def test_property_spans_are_exact_and_labels_excluded(turns, crlf, nfd, nbsp, blank):
    lines, expected, firsts = [], [], []
    for (label, speaker), paras, own_line in turns:
        first, *rest = paras
        if own_line:
            lines += [label, first]
        else:
            lines.append(f"{label} {first}")
        lines += rest
        expected += [(speaker, p) for p in paras]
        firsts.append(len(expected) - len(paras))
    raw = blank.join(lines) + "\n"
    if nbsp:
        raw = raw.replace(" ", "\u00a0", 3)
    if nfd:
        raw = unicodedata.normalize("NFD", raw)
    if crlf:
        raw = raw.replace("\n", "\r\n")
    text = canonical(raw)
    for unit in ("paragraph", "turn", "sentence"):
        units = split_units(text, unit=unit)
        for u in units:
            assert text[u.start : u.end] == u.text == u.text.strip() != ""
            assert not any(u.text.startswith(label.strip("*")) for label, _ in LABELS)
        if unit == "paragraph":
            got = [(u.speaker, u.text) for u in units]
            want = [(s, canonical(p).strip()) for s, p in expected]
            if any(p.rstrip().endswith("?") for _, p in expected):
                # Questions set apart may start an interviewer's or an answerer's turn (tested
                # in test_turns.py); every labelled paragraph still has its label's speaker.
                assert [t for _, t in got] == [t for _, t in want]
                assert [got[i] for i in firsts] == [want[i] for i in firsts]
            else:
                assert got == want


def test_release_workers_stops_idle_worker_processes():
    import psutil
    from joblib import Parallel, delayed

    from vnqual.text._words import release_workers

    assert Parallel(n_jobs=2, backend="loky")(delayed(abs)(-i) for i in range(4)) == [0, 1, 2, 3]
    workers = [p for p in psutil.Process().children(recursive=True) if "LokyProcess" in " ".join(p.cmdline())]
    assert workers
    release_workers()
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in workers)
    release_workers()  # nothing left to stop: no error
