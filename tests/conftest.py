"""Session-wide fixtures: small Vietnamese transcripts and an isolated segmentation cache."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import pytest

# Tests never touch the user's cache folder.
os.environ.setdefault("VNQUAL_CACHE_DIR", tempfile.mkdtemp(prefix="vnqual-test-cache-"))

WORKSHOP = (
    "Người điều phối: Hôm nay chúng ta thảo luận về công tác bồi dưỡng cán bộ, công chức cấp xã.\n"
    "Ông Nguyễn Văn An (Phó Giám đốc Sở Nội vụ): Kinh phí bồi dưỡng của tỉnh còn rất hạn hẹp.\n"
    "Bà Hà Thị Lan (Chủ tịch UBND xã Tà Tổng): Xã chúng tôi ở xa, đi lại mất cả ngày.\n"
    "Cán bộ người dân tộc thiểu số cần tài liệu song ngữ.\n"
)

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = REPO / "corpora" / "toa-dam-boi-duong"


@pytest.fixture(scope="session")
def workshop_text() -> str:
    """A four-paragraph roundtable excerpt with a facilitator and two participants."""
    return WORKSHOP


@pytest.fixture()
def workshop_file(tmp_path: Path) -> Path:
    """The workshop excerpt written as UTF-8 .txt in a fresh folder."""
    path = tmp_path / "toa_dam_QN.txt"
    path.write_text(WORKSHOP, encoding="utf-8")
    return path


@pytest.fixture()
def workshop_nfd_file(tmp_path: Path) -> Path:
    """The same excerpt in decomposed (NFD) Unicode, as some macOS editors write it."""
    path = tmp_path / "toa_dam_nfd.txt"
    path.write_text(unicodedata.normalize("NFD", WORKSHOP), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def sample_corpus_dir() -> Path:
    """The bundled illustrative sample corpus."""
    return SAMPLE_CORPUS
