from __future__ import annotations

import unicodedata

import pytest

from vnqual._realign import offset_maps


@pytest.mark.parametrize(
    "old, new",
    [
        ("Kinh phí thiếu.\nGiảng viên ít.\n", "Kinh phí thiếu.\r\nGiảng viên ít.\r\n"),
        ("Kinh phí thiếu.\nGiảng viên ít.\n", "\n\nKinh phí thiếu.\nGiảng viên  ít.\n"),
        (
            "Kinh phí thiếu.\nGiảng viên ít.\n",
            unicodedata.normalize("NFD", "Kinh phí thiếu.\nGiảng viên ít.\n"),
        ),
    ],
)
def test_offset_maps_keep_unchanged_words(old, new):
    start_map, end_map, ratio = offset_maps(old, new)
    s = old.index("Giảng")
    e = s + len("Giảng")
    assert unicodedata.normalize("NFC", new[start_map[s] : end_map[e]]) == "Giảng"
    assert ratio > 0.5


def test_offset_maps_identity():
    text = "Nhân lực thiếu."
    start_map, end_map, ratio = offset_maps(text, text)
    assert list(start_map) == list(range(len(text) + 1)) == list(end_map)
    assert ratio == 1.0
