"""Fixtures of the de-identification tests: two small interviews naming the same people."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnqual import read_corpus

#: First interview: the speaker label carries the full name, speech uses short forms.
PV_QN = (
    "Người phỏng vấn: Chị giới thiệu về mình được không ạ?\n"
    "Bà Lê Thị Thu Sương (Phó Chủ tịch UBND xã Tam Xuân): Dạ, tôi sinh năm 1979, ở thôn Phú Hòa, "
    "xã Tam Xuân, huyện Núi Thành, tỉnh Quảng Nam. Điện thoại 0912 345 678.\n"
    "Người phỏng vấn: Cảm ơn bà Sương. Ở xã ai phụ trách bồi dưỡng?\n"
    "Bà Lê Thị Thu Sương (Phó Chủ tịch UBND xã Tam Xuân): Đồng chí Tâm bí thư xã với anh Trần Văn Khải "
    "bên văn phòng. Sở Nội vụ tỉnh gửi kế hoạch sau Tết, chương trình Nông thôn mới cũng vậy.\n"
)
#: Second interview: the same people, named differently; new numbers.
PV_DL = (
    "Người phỏng vấn: Anh kể về lớp học vừa rồi được không?\n"
    "Anh Trần Văn Khải: Dạ, em học cùng chị Sương ở huyện Núi Thành. Anh Khải là em, CCCD 049085001234, "
    "email khai.tv@gmail.com, hoặc gọi +84 987 654 321.\n"
    "Người phỏng vấn: Còn ai nữa không anh?\n"
    "Anh Trần Văn Khải: Có ông Nguyễn Hữu Phước ở buôn Ea Lê nữa ạ.\n"
)


@pytest.fixture()
def interviews(tmp_path: Path) -> Path:
    """Folder with the two interviews as UTF-8 .txt files."""
    folder = tmp_path / "phong_van"
    folder.mkdir()
    (folder / "pv_quang_nam.txt").write_text(PV_QN, encoding="utf-8")
    (folder / "pv_dak_lak.txt").write_text(PV_DL, encoding="utf-8")
    return folder


@pytest.fixture()
def interview_corpus(interviews: Path):
    return read_corpus(interviews)
