"""Positions by vendor: code points (the standard, QualCoder) or UTF-16 units (NVivo)."""

from __future__ import annotations

import warnings
import zipfile

import pytest

from vnqual.errors import VnqualNote, VnqualWarning
from vnqual.refi import read_qdpx

NS = "urn:QDA-XML:project:1.0"
# Comments with emoji before the coded words, as in an NVivo export of social-media comments.
TEXT = (
    "Bình luận 1: 😀 Kinh phí bồi dưỡng còn thiếu 😀😀\r\n"
    "Bình luận 2: 👍 Giảng viên nhiệt tình, tài liệu song ngữ rất tốt\r\n"
    "Bình luận 3: 😡😡 Đi lại xa xôi, mất cả ngày đường\r\n"
)
PHRASES = [
    "Kinh phí bồi dưỡng",
    "Giảng viên nhiệt tình",
    "tài liệu song ngữ",
    "Đi lại xa xôi",
    "cả ngày đường",
]


def _utf16(pos: int) -> int:
    return len(TEXT[:pos].encode("utf-16-le")) // 2


def _project(path, spans, *, origin="NVivo 12 (Windows)", names=False, text=TEXT):
    sels = "".join(
        f'<PlainTextSelection guid="EEEEEEEE-0000-0000-0000-{i:012d}" startPosition="{a}" endPosition="{b}"'
        + (f' name="{label}"' if names else "")
        + f'><Coding guid="FFFFFFFF-0000-0000-0000-{i:012d}">'
        '<CodeRef targetGUID="BBBBBBBB-0000-0000-0000-000000000001"/></Coding></PlainTextSelection>'
        for i, (a, b, label) in enumerate(spans)
    )
    origin_attr = f' origin="{origin}"' if origin else ""
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="p"{origin_attr}>'
        '<CodeBook><Codes><Code guid="BBBBBBBB-0000-0000-0000-000000000001" name="Ý kiến" isCodable="true"/>'
        "</Codes></CodeBook><Sources>"
        '<TextSource guid="DDDDDDDD-0000-0000-0000-000000000001" name="Bình luận.txt" '
        'plainTextPath="internal://DDDDDDDD-0000-0000-0000-000000000001.txt">'
        f"{sels}</TextSource></Sources></Project>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", xml)
        zf.writestr("sources/DDDDDDDD-0000-0000-0000-000000000001.txt", text.encode("utf-8"))
    return path


def _spans(units):
    out = []
    for phrase in PHRASES:
        start = TEXT.index(phrase)
        a, b = start, start + len(phrase)
        out.append((_utf16(a), _utf16(b), phrase) if units == "utf16" else (a, b, phrase))
    return out


def _read(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        codings, _, _ = read_qdpx(path, **kw)
    return codings, caught


@pytest.mark.parametrize("origin", ["NVivo 12 (Windows)", ""])
def test_nvivo_utf16_positions_with_emoji_are_converted(tmp_path, origin):
    """Without names to compare, the word-boundary check alone finds UTF-16 units."""
    codings, caught = _read(_project(tmp_path / "nv.qdpx", _spans("utf16"), origin=origin))
    assert codings["excerpt"].tolist() == PHRASES
    notes = [str(w.message) for w in caught if issubclass(w.category, VnqualNote)]
    assert len(notes) == 1 and "positions read as UTF-16 code units" in notes[0]
    assert not [w for w in caught if w.category is VnqualWarning]


def test_code_point_positions_with_emoji_stay_code_points(tmp_path):
    codings, caught = _read(_project(tmp_path / "qc.qdpx", _spans("cp"), origin="QualCoder 3.5"))
    assert codings["excerpt"].tolist() == PHRASES
    notes = [str(w.message) for w in caught if issubclass(w.category, VnqualNote)]
    assert len(notes) == 1 and "positions read as code points" in notes[0]


def test_without_characters_outside_the_bmp_nothing_is_said(tmp_path):
    text = TEXT.replace("😀", ":)").replace("👍", "+").replace("😡", ":(")
    start = text.index("Kinh phí")
    path = _project(tmp_path / "a.qdpx", [(start, start + 8, "")], text=text)
    codings, caught = _read(path)
    assert codings["excerpt"].tolist() == ["Kinh phí"] and not caught


def test_even_evidence_is_a_warning_naming_the_source_and_count(tmp_path):
    # Each selection is padded by runs of spaces, so its ends fit words under both readings,
    # and the program is unknown: nothing decides.
    text = "Ý kiến 😀   Kinh phí thiếu   . 😀   Giảng viên tốt   . Hết"
    spans = []
    for phrase in ("Kinh phí thiếu", "Giảng viên tốt"):
        start = text.index(phrase) - 1
        end = start + len(phrase) + 2
        spans.append(
            (len(text[:start].encode("utf-16-le")) // 2, len(text[:end].encode("utf-16-le")) // 2, "")
        )
    start = text.index("Ý kiến")
    spans.append((start, start + 6, ""))  # before any emoji: both readings agree
    codings, caught = _read(_project(tmp_path / "x.qdpx", spans, origin="Some QDA 1.0", text=text))
    doubtful = [str(w.message) for w in caught if w.category is VnqualWarning]
    assert len(doubtful) == 1
    assert "source 'Bình luận.txt'" in doubtful[0] and "2 of 3 selection(s) doubtful" in doubtful[0]
    assert len(codings) == 3


def test_positions_can_be_forced(tmp_path):
    path = _project(tmp_path / "nv.qdpx", _spans("utf16"))
    codings, _ = _read(path, positions="code-points")
    assert codings["excerpt"].tolist() != PHRASES


def test_out_of_range_and_empty_selections_are_warned_not_cut(tmp_path):
    n = len(TEXT)
    spans = [(0, 10, ""), (5, 99999, ""), (n + 3, n + 9, ""), (7, 7, "")]
    codings, caught = _read(_project(tmp_path / "a.qdpx", spans, origin="QualCoder 3.5"))
    assert codings[["start_char", "end_char"]].values.tolist() == [[0, 10]]
    messages = [str(w.message) for w in caught if issubclass(w.category, VnqualWarning)]
    outside = [m for m in messages if "outside their source's text" in m]
    assert len(outside) == 1 and outside[0].count("2 selection(s)") == 1
    assert f"'Bình luận.txt' 5-99999 on a text of {n} characters" in outside[0]
    assert any("1 selection(s) that are empty (start = end)" in m and "7-7" in m for m in messages)
