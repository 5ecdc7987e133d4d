"""A small Vietnamese roundtable tagged with a three-code codebook: the folder every review test uses.

The transcript is written for these tests (no real material). It holds a statement with
``<script>`` (escaping) and one starting with ``=`` (formula guard).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TRANSCRIPT = (
    "\n".join(
        [
            "Người điều phối: Xin chào các anh chị, hôm nay chúng ta bàn về bồi dưỡng cán bộ xã.",
            "Ông Trần Văn Bình (Sở Nội vụ): Kinh phí bồi dưỡng năm nay bị cắt giảm một nửa.",
            "Bà Lò Thị Hoa (xã Tà Tổng): Đường lên huyện sạt lở, học viên đi lại mất hai ngày.",
            "Ông Trần Văn Bình (Sở Nội vụ): Ngân sách tỉnh không đủ để mở thêm lớp ở vùng cao.",
            "Bà Lò Thị Hoa (xã Tà Tổng): Tài liệu nên có bản tiếng Thái cho cán bộ người dân tộc.",
            "Người điều phối: Chị có thể nói thêm về nội dung chương trình không?",
            "Bà Lò Thị Hoa (xã Tà Tổng): Chương trình còn nặng lý thuyết, ít tình huống thực tế ở xã.",
            "Ông Vũ Đức Minh (Trường Chính trị): "
            "Giảng viên cần đi thực tế cơ sở nhiều hơn, <script>alert(1)</script> là lỗi gõ.",
            "Ông Vũ Đức Minh (Trường Chính trị): "
            "=SUM(A1) không phải ý kiến, nhưng kinh phí đi lại của giảng viên cũng thiếu.",
            "Bà Lò Thị Hoa (xã Tà Tổng): Mùa mưa đường trơn, cán bộ xã không đi học được.",
            "Ông Trần Văn Bình (Sở Nội vụ): Lớp học trực tuyến giúp giảm chi phí nhưng mạng ở xã yếu.",
            "Người điều phối: Cảm ơn các anh chị đã chia sẻ.",
        ]
    )
    + "\n"
)

CODEBOOK = """\
name: Bồi dưỡng cán bộ xã
codes:
  - name: Thiếu kinh phí
    keywords: [kinh phí, ngân sách, chi phí]
    examples: ["Không có tiền mở lớp bồi dưỡng"]
  - name: Đi lại
    keywords: [đi lại, sạt lở, đường trơn]
    examples: ["Đường xa, học viên đi mấy ngày mới tới"]
  - name: Nội dung chương trình
    keywords: [chương trình, tài liệu, lý thuyết]
    examples: ["Bài giảng xa rời thực tế cơ sở"]
"""


def make_tag_dir(base: Path, file_name: str, transcript: str) -> Path:
    """``transcript`` saved as ``base/file_name``, tagged with :data:`CODEBOOK` into ``base/ma_hoa``."""
    from vnqual import read_corpus
    from vnqual.codebook import Codebook
    from vnqual.jobs.tag import tag_corpus, write_tag_dir

    (base / file_name).write_text(transcript, encoding="utf-8")
    (base / "ma.yaml").write_text(CODEBOOK, encoding="utf-8")
    corpus = read_corpus(base / file_name)
    codebook = Codebook.load(base / "ma.yaml")
    result = tag_corpus(corpus, codebook, min_score=0.3, random_state=0)
    out = base / "ma_hoa"
    write_tag_dir(out, corpus=corpus, codebook=codebook, codes=result.codes, hits=result.hits, run={})
    return out


@pytest.fixture(scope="session")
def tagged_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture transcript tagged once per session (read-only template)."""
    return make_tag_dir(tmp_path_factory.mktemp("review_src"), "toa_dam_lai_chau.txt", TRANSCRIPT)


@pytest.fixture()
def tagged(tagged_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the tagged folder for one test."""
    out = tmp_path / "ma_hoa"
    shutil.copytree(tagged_template, out)
    return out
