"""Regenerate the bundled sample corpus ``corpora/toa-dam-boi-duong/`` from the UTF-8 sources here.

The four documents are ILLUSTRATIVE (written for vnqual, not real records). Sources, one paragraph
per blank-line-separated block, header paragraphs first:

- ``quangnam.txt`` -> ``QuangNam_2020-06-23.docx`` (python-docx; title, date line, attendance table,
  one paragraph per turn; header/footer "Tài liệu minh họa - vnqual")
- ``daklak.txt``   -> ``DakLak_2020-06-26.txt`` (TCVN3/ABC via glibc ``iconv -t TCVN5712-1``, CRLF)
- ``laichau.txt``  -> ``LaiChau_2020-07-02.md`` (UTF-8, YAML front matter; ``{NBSP}`` becomes U+00A0)
- ``dienbien.txt`` -> ``DienBien_2020-07-10.txt`` (UTF-8, LF: a press interview as published online,
  with an editor's note, ``PV:`` questions, one unlabelled question and a photo caption)

plus ``metadata.csv``. Run ``python corpora/_tools/make_sample.py`` (needs python-docx and glibc
iconv); ``--check`` only verifies the existing files and prints the counts. Output is deterministic
(the .docx zip entries get a fixed timestamp).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
OUT = TOOLS.parent / "toa-dam-boi-duong"
FOOTER = "Tài liệu minh họa - vnqual"
NBSP_MARK = "{NBSP}"

#: Speaker labels used in the sources (the conventions the vnqual reader recognises).
LABEL_RE = re.compile(
    r"^(?P<label>Chủ trì|Người điều phối|PV|Giám đốc Sở Nội vụ [^:()]{2,40}?|TD_[A-Z]{2}_\d{2}"
    r"|(?:Ông|Bà|Đ/c|Anh|Chị) [^\s:()][^:()]{0,40}?(?: \([^()]{2,80}\))?): "
)

DOCS = [
    {
        "source": "quangnam.txt", "file": "QuangNam_2020-06-23.docx", "site": "Quảng Nam",
        "province_code": "QN", "date": "2020-06-23",
        "venue": "Hội trường Sở Nội vụ tỉnh Quảng Nam, TP. Tam Kỳ",
    },
    {
        "source": "daklak.txt", "file": "DakLak_2020-06-26.txt", "site": "Đắk Lắk",
        "province_code": "DL", "date": "2020-06-26",
        "venue": "Hội trường Trường Chính trị tỉnh Đắk Lắk, TP. Buôn Ma Thuột",
    },
    {
        "source": "laichau.txt", "file": "LaiChau_2020-07-02.md", "site": "Lai Châu",
        "province_code": "LC", "date": "2020-07-02",
        "venue": "Hội trường Sở Nội vụ tỉnh Lai Châu, TP. Lai Châu",
    },
    {
        "source": "dienbien.txt", "file": "DienBien_2020-07-10.txt", "site": "Điện Biên",
        "province_code": "DB", "date": "2020-07-10", "venue": "Trụ sở Sở Nội vụ tỉnh Điện Biên",
        "event": "Phỏng vấn Giám đốc Sở Nội vụ về bồi dưỡng cán bộ, công chức cấp xã",
        "writer": "utf8",
    },
]
EVENT = "Tọa đàm bồi dưỡng cán bộ, công chức cấp xã đáp ứng yêu cầu xây dựng nông thôn mới"

#: Attendance table of the .docx (invented names, as in the transcript).
ATTENDANCE = [
    ("Họ và tên", "Chức vụ", "Đơn vị"),
    ("TS. Phạm Thu Hà", "Chủ trì, trưởng nhóm nghiên cứu", "Trường Đại học Nội vụ Hà Nội"),
    ("Nguyễn Văn An", "Phó Giám đốc", "Sở Nội vụ tỉnh Quảng Nam"),
    ("Lê Thị Thu Sương", "Trưởng phòng Công chức, viên chức", "Sở Nội vụ tỉnh Quảng Nam"),
    ("Huỳnh Tấn Lực", "Phó Hiệu trưởng", "Trường Chính trị tỉnh Quảng Nam"),
    ("Trần Thị Bình", "Trưởng phòng Nội vụ", "UBND huyện Phước Sơn"),
    ("Võ Văn Thạnh", "Phó Trưởng phòng Nội vụ", "UBND thị xã Điện Bàn"),
    ("Zơ Râm Hùng", "Chủ tịch UBND xã", "Xã A Xan, huyện Tây Giang"),
    ("Hồ Văn Bảy", "Chủ tịch UBND xã", "Xã Trà Mai, huyện Nam Trà My"),
    ("Nguyễn Thị Mỹ Hạnh", "Công chức Văn phòng - Thống kê", "Xã Duy Phước, huyện Duy Xuyên"),
    ("Đinh Văn Tài", "Công chức Địa chính - Xây dựng", "Xã Phước Kim, huyện Phước Sơn"),
    ("Phan Thị Ngọc Ánh", "Công chức Tư pháp - Hộ tịch", "Xã Bình Minh, huyện Thăng Bình"),
    ("Bhling Thoại", "Công chức Văn hóa - Xã hội", "Xã Ga Ri, huyện Tây Giang"),
]

# Uppercase letters that exist in the TCVN3 (ABC, .VnTime) chart besides ASCII A-Z.
TCVN3_UPPER = set("ĂÂÊÔƠƯĐ")


def read_source(name: str) -> tuple[list[str], list[str]]:
    """Return (header paragraphs, body paragraphs) of a source file."""
    text = (TOOLS / name).read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", text) != text:
        sys.exit(f"{name}: not NFC")
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    first = next(i for i, p in enumerate(paras) if LABEL_RE.match(p))
    return paras[:first], paras[first:]


# --------------------------------------------------------------------------- writers
def write_docx(doc: dict, header: list[str], body: list[str]) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    section = d.sections[0]
    section.header.paragraphs[0].text = FOOTER
    section.footer.paragraphs[0].text = FOOTER
    title = d.add_paragraph(header[0], style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in header[1:]:
        p = d.add_paragraph()
        p.add_run(line).italic = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = d.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for i, row in enumerate(ATTENDANCE):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
            if i == 0:
                cell.paragraphs[0].runs[0].bold = True
    for para in body:
        d.add_paragraph(para)
    props = d.core_properties
    props.title = header[0]
    props.author = "vnqual"
    props.last_modified_by = "vnqual"
    props.comments = "Illustrative transcript written for vnqual; CC0-1.0"
    props.language = "vi-VN"
    props.revision = 1
    stamp = dt.datetime(2020, 6, 23, 8, 0, 0)
    props.created = stamp
    props.modified = stamp
    buf = io.BytesIO()
    d.save(buf)
    (OUT / doc["file"]).write_bytes(_fixed_zip(buf.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps so regenerating gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 6, 23, 8, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def tcvn3_problems(text: str) -> list[str]:
    """Characters a real TCVN3 (ABC) font cannot show: uppercase toned/marked vowels."""
    bad = sorted({c for c in text if c.isupper() and not c.isascii() and c not in TCVN3_UPPER})
    return bad


def iconv(data: bytes, src: str, dst: str) -> bytes:
    return subprocess.run(["iconv", "-f", src, "-t", dst], input=data, capture_output=True,
                          check=True).stdout


def write_tcvn3(doc: dict, header: list[str], body: list[str]) -> None:
    text = "\r\n\r\n".join(header + body) + "\r\n"
    bad = tcvn3_problems(text)
    if bad:
        sys.exit(f"{doc['source']}: not representable in TCVN3 ABC: {''.join(bad)}")
    utf8 = text.encode("utf-8")
    data = iconv(utf8, "UTF-8", "TCVN5712-1")
    (OUT / doc["file"]).write_bytes(data)


def write_utf8(doc: dict, header: list[str], body: list[str]) -> None:
    """A press interview as published online: UTF-8 text, LF, a blank line between paragraphs."""
    text = "\n\n".join(header + body) + "\n"
    (OUT / doc["file"]).write_text(text, encoding="utf-8", newline="\n")


def write_md(doc: dict, header: list[str], body: list[str]) -> None:
    front = f"---\nsite: {doc['site']}\ndate: {doc['date']}\ngroup: tọa đàm cấp xã\n---\n\n"
    parts = ["# " + header[0], *header[1:], *body]
    text = front + "\n\n".join(parts).replace(NBSP_MARK, "\u00a0") + "\n"
    (OUT / doc["file"]).write_text(text, encoding="utf-8", newline="\n")


def write_metadata() -> None:
    with open(OUT / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "site", "province_code", "date", "event", "venue"])
        for doc in DOCS:
            w.writerow([doc["file"], doc["site"], doc["province_code"], doc["date"],
                        doc.get("event", EVENT), doc["venue"]])


# --------------------------------------------------------------------------- checks
def read_back(doc: dict) -> list[str]:
    """Paragraphs of a generated file, read back independently of the writers."""
    path = OUT / doc["file"]
    if doc.get("writer") == "utf8":
        text = path.read_text(encoding="utf-8")
        if text != "\n\n".join(sum(read_source(doc["source"]), [])) + "\n":
            sys.exit(f"{path.name}: differs from the UTF-8 source")
        return [p for p in text.split("\n\n") if p.strip()]
    if path.suffix == ".docx":
        import docx

        return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    if path.suffix == ".txt":
        raw = path.read_bytes()
        back = iconv(raw, "TCVN5712-1", "UTF-8")
        expected = ("\r\n\r\n".join(sum(read_source(doc["source"]), [])) + "\r\n").encode()
        if back != expected:
            sys.exit(f"{path.name}: TCVN3 round trip differs from the UTF-8 source")
        if b"\n" in raw.replace(b"\r\n", b""):
            sys.exit(f"{path.name}: bare LF found (expected CRLF only)")
        ctrl = {b for b in raw if b < 0x20 and b not in (0x0D, 0x0A)}
        if ctrl:
            sys.exit(f"{path.name}: VN1-only control bytes {sorted(ctrl)}")
        return back.decode("utf-8").replace("\r\n", "\n").split("\n\n")
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    return [p for p in body.split("\n\n") if p.strip()]


def check(doc: dict) -> dict:
    paras = read_back(doc)
    header, body = read_source(doc["source"])
    n_labelled = n_cont = 0
    speakers: Counter[str] = Counter()
    lengths: list[int] = []
    for i, p in enumerate(paras):
        m = LABEL_RE.match(p)
        if m:
            n_labelled += 1
            speakers[m["label"]] += 1
            lengths.append(len(p[m.end():].split()))
        elif n_labelled:
            n_cont += 1
            lengths.append(len(p.split()))
            if ":" in p:
                sys.exit(f"{doc['file']} paragraph {i}: continuation paragraph contains ':'")
    return {
        "file": doc["file"], "header": len(paras) - n_labelled - n_cont, "labelled": n_labelled,
        "continuation": n_cont, "statements": n_labelled + n_cont, "speakers": len(speakers),
        "short(<15)": sum(n < 15 for n in lengths), "15-80": sum(15 <= n <= 80 for n in lengths),
        "long(>80)": sum(n > 80 for n in lengths), "speaker_counts": speakers,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only verify the files and print counts")
    ap.add_argument("-v", "--verbose", action="store_true", help="list speakers per file")
    args = ap.parse_args(argv)
    if not args.check:
        OUT.mkdir(exist_ok=True)
        writers = {".docx": write_docx, ".txt": write_tcvn3, ".md": write_md}
        for doc in DOCS:
            header, body = read_source(doc["source"])
            write = write_utf8 if doc.get("writer") == "utf8" else writers[Path(doc["file"]).suffix]
            write(doc, header, body)
        write_metadata()
    total = 0
    for doc in DOCS:
        res = check(doc)
        total += res["statements"]
        counts = res.pop("speaker_counts")
        print("  ".join(f"{k}={v}" for k, v in res.items()))
        if args.verbose:
            for label, n in counts.most_common():
                print(f"    {n:3d}  {label}")
    print(f"total statements={total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
