"""Small Vietnamese transcripts in every supported format, written to a fresh folder per test."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from vnqual.io._encoding import encode_legacy

# Facilitator + two participants, a continuation paragraph and a colon inside a sentence.
QN_TEXT = (
    "Tọa đàm bồi dưỡng cán bộ cấp xã\n"
    "\n"
    "Người điều phối: Xin mời các đồng chí phát biểu.\n"
    "Ông Nguyễn Văn An (Phó Giám đốc Sở Nội vụ): Kinh phí bồi dưỡng còn hạn hẹp.\n"
    "Nội dung gồm: tài liệu, giảng viên và đi lại.\n"
    "Bà Hà Thị Lan: Xã tôi ở xa, đi lại mất cả ngày.\n"
)
# TCVN3 has no upper-case toned letters, so this text avoids them.
DL_TEXT = (
    "Chủ trì: Hôm nay ta bàn về lớp bồi dưỡng.\n"
    "TLN_DL_01: Lớp học quá dồn dập, cán bộ không về kịp.\n"
    "TLN_DL_02: Tôi đồng ý với ý kiến trên.\n"
)
LC_MD = (
    "---\n"
    "site: Lai Châu\n"
    "date: 2020-07-02\n"
    "---\n"
    "\n"
    "# Tọa đàm tỉnh Lai Châu\n"
    "\n"
    "**Chủ trì:** Xin mời đồng chí Phó Giám đốc.\n"
    "\n"
    "**Bà Tao Thị Nhung:** Lai Châu là tỉnh vùng cao, biên giới.\n"
)
SRT = (
    "1\n"
    "00:00:01,000 --> 00:00:04,500\n"
    "SPEAKER_00: Xin chào các đồng chí.\n"
    "\n"
    "2\n"
    "00:00:05,000 --> 00:00:09,000\n"
    "SPEAKER_01: Kinh phí bồi dưỡng\n"
    "còn rất thiếu.\n"
    "\n"
    "3\n"
    "00:00:09,500 --> 00:00:12,000\n"
    "SPEAKER_01: Đi lại cũng khó khăn.\n"
)
VTT = (
    "WEBVTT\n"
    "\n"
    "NOTE bản ghi thử: không phải phát ngôn\n"
    "\n"
    "00:01.000 --> 00:04.000\n"
    "<v Người điều phối>Mời chị Lan.</v>\n"
    "\n"
    "cue-2\n"
    "00:04.500 --> 00:08.000 align:start\n"
    "<v Lan>Xã tôi thiếu giáo viên.\n"
)


def make_docx(
    path: Path,
    paragraphs: list[str],
    *,
    table: list[list[str]] | None = None,
    after: list[str] = (),
    header: str = "",
    footer: str = "",
) -> Path:
    """Write a .docx with body paragraphs, an optional table, more paragraphs, header/footer."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    for text in after:
        document.add_paragraph(text)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_xlsx(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(str(path))
    return path


@pytest.fixture()
def docx_factory() -> Callable[..., Path]:
    """``make_docx(path, paragraphs, table=..., after=..., header=..., footer=...)``."""
    return make_docx


@pytest.fixture()
def xlsx_factory() -> Callable[..., Path]:
    """``make_xlsx(path, rows)`` (first row is the header)."""
    return make_xlsx


@pytest.fixture()
def qn_file(tmp_path: Path) -> Path:
    path = tmp_path / "QuangNam.txt"
    path.write_bytes(QN_TEXT.encode("utf-8"))
    return path


@pytest.fixture()
def tcvn3_crlf_file(tmp_path: Path) -> Path:
    path = tmp_path / "DakLak.txt"
    path.write_bytes(encode_legacy(DL_TEXT.replace("\n", "\r\n"), "tcvn3"))
    return path


@pytest.fixture()
def transcript_dir(tmp_path: Path) -> Path:
    """A workshop folder: docx in a subfolder, TCVN3 txt, md with front matter, srt, metadata."""
    root = tmp_path / "toa_dam"
    make_docx(
        root / "QuangNam" / "2020-06-23.docx",
        QN_TEXT.split("\n"),
        header="TRƯỜNG ĐẠI HỌC NỘI VỤ",
        footer="Trang 1",
    )
    (root / "DakLak.txt").write_bytes(encode_legacy(DL_TEXT.replace("\n", "\r\n"), "tcvn3"))
    (root / "LaiChau.md").write_text(LC_MD, encoding="utf-8")
    (root / "phong_van.srt").write_text(SRT, encoding="utf-8")
    (root / "metadata.csv").write_text(
        "file,site,group\nQuangNam/2020-06-23.docx,Quảng Nam,tọa đàm tỉnh\nDakLak.txt,Đắk Lắk,tọa đàm xã\n",
        encoding="utf-8",
    )
    (root / "README.md").write_text("Chủ trì: đây là README, không phải bản ghi.\n", "utf-8")
    (root / "~$lock.docx").write_bytes(b"\x00lock")
    (root / ".ghi_chu.txt").write_text("Ông An: ẩn\n", encoding="utf-8")
    (root / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    return root


@pytest.fixture()
def table_files(tmp_path: Path) -> dict[str, Path]:
    """The same three statements as .csv, .xlsx and .jsonl (with an id column)."""
    header = ["id", "speaker", "role", "text", "xa"]
    rows = [
        ["007", "Chủ trì", "", "Mời các đồng chí.", "Tà Tổng"],
        ["008", "Ông An", "participant", "  Kinh phí còn thiếu.  ", "Tà Tổng"],
        ["009", "Ông An", "", "", "Tà Tổng"],
        ["010", "Bà Lan", "", "Đi lại khó. Mùa mưa sạt lở!", "Mường Tè"],
    ]
    out = {}
    csv_path = tmp_path / "y_kien.csv"
    lines = [",".join(header)] + [",".join(f'"{c}"' if " " in c else c for c in r) for r in rows]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out["csv"] = csv_path
    out["jsonl"] = tmp_path / "y_kien.jsonl"
    out["jsonl"].write_text(
        "\n".join(json.dumps(dict(zip(header, r)), ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    out["xlsx"] = make_xlsx(tmp_path / "y_kien.xlsx", [header] + rows)
    return out


def zip_bytes(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture()
def zip_factory() -> Callable[[dict[str, bytes]], bytes]:
    """Bytes of a deflated zip with the given members."""
    return zip_bytes
