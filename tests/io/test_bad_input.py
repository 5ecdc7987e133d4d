"""Bad input: one clear line naming the file; in a folder the other files are still read."""

from __future__ import annotations

import re
import warnings

import pytest

from vnqual.errors import (
    EncodingError,
    InputError,
    StrictWarningError,
    TranscriptFormatError,
    VnqualWarning,
)
from vnqual.io import read_corpus
from vnqual.io._read import read_corpus_report

GOOD = "Chủ trì: Xin mời các đồng chí.\nÔng An: Kinh phí còn thiếu.\n"
_MISSING_TEXT_HINT = "pass the text column with `text_col`"


@pytest.fixture()
def folder(tmp_path):
    """A folder with one good transcript; tests add one bad file next to it."""
    root = tmp_path / "toa_dam"
    root.mkdir()
    (root / "tot.txt").write_text(GOOD, encoding="utf-8")
    return root


def read_folder_expecting(root, pattern: str):
    """Read ``root``; exactly one warning matching ``pattern``; the good file is read."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus, report = read_corpus_report(root)
    messages = [str(w.message) for w in caught if issubclass(w.category, VnqualWarning)]
    assert len(messages) == 1, messages
    assert re.fullmatch(pattern, messages[0]), messages[0]
    assert corpus.texts() == ["Xin mời các đồng chí.", "Kinh phí còn thiếu."]
    return report


def bad_zip_docx(zip_factory, size: int) -> bytes:
    return zip_factory({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * size})


@pytest.mark.parametrize(
    "name, data, error, message",
    [
        ("rong.txt", b"", InputError, "{path}: empty file; add the transcript text or remove the file"),
        (
            "trang.txt",
            b"  \r\n\t\n",
            InputError,
            "{path}: empty file; add the transcript text or remove the file",
        ),
        (
            "anh.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20,
            EncodingError,
            "{path}: looks like a binary file (NUL or control bytes), not text; save it as UTF-8 text, "
            "or pass `encoding` (",
        ),
        (
            "hong.docx",
            b"PK\x03\x04 this is not really a zip",
            InputError,
            "{path}: not a valid .docx (corrupted, password-protected or another format renamed); open "
            "it and save it again as .docx",
        ),
        (
            "hong.xlsx",
            b"PK\x03\x04 not a workbook",
            InputError,
            "{path}: not a valid .xlsx (corrupted, password-protected or another format renamed); open "
            "it and save it again as .xlsx",
        ),
        (
            "tieu_de.md",
            b"# Chi co tieu de\n\n---\n",
            TranscriptFormatError,
            "{path}: no statements found (only headings, front matter or punctuation); add the "
            "transcript text or remove the file",
        ),
        (
            "phu_de.srt",
            "Không có mốc thời gian\n".encode(),
            TranscriptFormatError,
            "{path}: no subtitle cues (timing lines such as '00:00:01,000 --> 00:00:04,000'); check "
            "that it is an .srt/.vtt file",
        ),
        (
            "bang.csv",
            "ma,noi_dung\n1,Ý kiến.\n".encode(),
            TranscriptFormatError,
            "{path}: no column 'text' (columns: ma, noi_dung); " + _MISSING_TEXT_HINT,
        ),
        (
            "hong.jsonl",
            b'{"text": "a"}\n{"text": \n',
            TranscriptFormatError,
            "{path} line 2: not valid JSON (Expecting value); fix or remove that line",
        ),
        (
            "cu.doc",
            b"\xd0\xcf\x11\xe0",
            InputError,
            "{path}: unsupported file type '.doc'; use one of .txt, .md, .docx, .srt, .vtt, .csv, "
            ".xlsx, .jsonl, .parquet (save .doc as .docx, .xls as .xlsx)",
        ),
    ],
)
def test_single_bad_file_is_a_one_line_error(tmp_path, name, data, error, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        read_corpus(path)
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith(message.format(path=path))


def test_undecodable_bytes_ask_for_encoding(tmp_path):
    path = tmp_path / "la.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    with pytest.raises(EncodingError, match=r"la\.txt: .*; pass `encoding`"):
        read_corpus(path)


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "dai.txt"
    path.write_text(GOOD * 100, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_corpus(path, max_bytes=1000)
    assert str(info.value) == (
        f"{path}: 7.4 kB is over the 1.0 kB size limit; split the file or raise `max_size`"
    )


def test_docx_over_uncompressed_limit_is_refused_before_reading(tmp_path, zip_factory):
    path = tmp_path / "bom.docx"
    path.write_bytes(bad_zip_docx(zip_factory, 3_000_000))
    with pytest.raises(InputError) as info:
        read_corpus(path, max_docx_uncompressed=2_000_000)
    assert str(info.value) == (
        f"{path}: expands to 3 MB, over the 2 MB limit (possible zip "
        "bomb); check the file, or save its text as .txt"
    )


def test_docx_with_extreme_compression_ratio_is_refused(tmp_path, zip_factory):
    path = tmp_path / "bom.docx"
    path.write_bytes(bad_zip_docx(zip_factory, 20_000_000))
    assert path.stat().st_size < 100_000
    with pytest.raises(
        InputError,
        match=r"bom\.docx: compression ratio \d+:1 is too high "
        r"\(possible zip bomb\); check the file",
    ):
        read_corpus(path)


def test_docx_with_broken_xml(tmp_path, zip_factory):
    path = tmp_path / "xml_hong.docx"
    path.write_bytes(zip_factory({"[Content_Types].xml": b"<bad", "word/document.xml": b"<w:"}))
    with pytest.raises(
        InputError,
        match=r"xml_hong\.docx: cannot read this \.docx \(.+\); open "
        r"it in Word and save it again as \.docx$",
    ):
        read_corpus(path)


def test_zip_that_is_not_a_word_document(tmp_path, zip_factory):
    path = tmp_path / "nen.docx"
    path.write_bytes(zip_factory({"a.txt": b"abc"}))
    with pytest.raises(
        InputError,
        match=r"nen\.docx: not a \.docx \(no word/document\.xml "
        r"inside\); open it and save it again as \.docx",
    ):
        read_corpus(path)


def test_folder_without_supported_files(tmp_path):
    (tmp_path / "anh.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "README.md").write_text("Chủ trì: không đọc.\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_corpus(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}: no supported files (.txt, .md, .docx, .srt, .vtt, "
        ".csv, .xlsx, .jsonl, .parquet); 1 other file(s) ignored; add transcripts or "
        "pass a file"
    )


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match=r"khong_co: no such file or folder; check the path"):
        read_corpus(tmp_path / "khong_co")


@pytest.mark.parametrize(
    "name, data, pattern",
    [
        (
            "rong.txt",
            b"",
            r".*/rong\.txt: empty file; skipped \(add the transcript text or remove "
            r"the file\)",
        ),
        (
            "anh.txt",
            b"\x00\x01\x02\x03" * 50,
            r".*/anh\.txt: looks like a binary file \(NUL or "
            r"control bytes\), not text; skipped \(save it .*\)",
        ),
        (
            "hong.docx",
            b"PK\x03\x04 broken",
            r".*/hong\.docx: not a valid \.docx \(corrupted, "
            r"password-protected or another format renamed\); "
            r"skipped \(open it and save it again as \.docx\)",
        ),
        (
            "bang.csv",
            b"ma\n1\n",
            r".*/bang\.csv: no column 'text' \(columns: ma\); skipped "
            r"\(pass the text column with `text_col`\)",
        ),
    ],
)
def test_bad_file_in_folder_is_skipped_with_one_warning(folder, name, data, pattern):
    (folder / name).write_bytes(data)
    report = read_folder_expecting(folder, pattern)
    assert [n for n, _ in report.skipped] == [str(folder / name)]


def test_large_file_in_folder_is_skipped(folder):
    (folder / "dai.txt").write_text(GOOD * 1000, encoding="utf-8")
    with pytest.warns(
        VnqualWarning,
        match=r"dai\.txt: 74\.0 kB is over the 50\.0 kB size limit; "
        r"skipped",
    ):
        corpus = read_corpus(folder, max_bytes=50_000)
    assert set(corpus.frame["doc_id"]) == {"tot"}


def test_duplicate_file_is_skipped_naming_both(folder):
    (folder / "z_ban_sao.txt").write_bytes((folder / "tot.txt").read_bytes())
    read_folder_expecting(
        folder,
        rf"{re.escape(str(folder))}/z_ban_sao\.txt: same content as "
        rf"{re.escape(str(folder))}/tot\.txt; skipped",
    )


def test_empty_text_rows_are_named(tmp_path):
    path = tmp_path / "y_kien.csv"
    path.write_text("id,text\n1,Một.\n2,\n3,  \n4,Bốn.\n", encoding="utf-8")
    with pytest.warns(VnqualWarning) as record:
        corpus = read_corpus(path)
    assert [str(w.message) for w in record] == [f"{path}: 2 row(s) (line 3, 4) with empty 'text' skipped"]
    assert corpus.frame["id"].tolist() == ["1", "4"]


def test_strict_turns_a_warning_into_an_error(folder):
    (folder / "rong.txt").write_bytes(b"")
    with pytest.raises(StrictWarningError) as info:
        read_corpus(folder, strict=True)
    assert str(info.value) == (
        f"{folder / 'rong.txt'}: empty file; skipped (add the transcript "
        "text or remove the file) (failing because of `strict`)"
    )
    assert info.value.exit_code == 3


def test_all_files_unreadable_is_an_error(tmp_path):
    (tmp_path / "rong.txt").write_bytes(b"")
    with pytest.warns(VnqualWarning), pytest.raises(InputError) as info:
        read_corpus(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}: none of the 1 supported file(s) could be read (see "
        "the warnings above); fix them and run again"
    )


def test_metadata_csv_without_file_column(folder):
    (folder / "metadata.csv").write_text("ten,site\ntot.txt,Quảng Nam\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as info:
        read_corpus(folder)
    assert str(info.value) == (
        f"{folder / 'metadata.csv'}: no 'file' column (columns: ten, site); "
        "add a column 'file' naming each transcript, e.g. QuangNam.docx"
    )


def test_invalid_speaker_pattern_and_unit(folder):
    with pytest.raises(
        InputError,
        match=r"`speaker_pattern` '\(' is not a valid regular "
        r"expression \(.*\); check brackets and escapes",
    ):
        read_corpus(folder, speaker_pattern="(")
    with pytest.raises(InputError, match="unknown unit 'word'; use one of turn, paragraph, sentence"):
        read_corpus(folder, unit="word")


def test_inputs_are_never_modified(folder, tmp_path):
    (folder / "crlf.txt").write_bytes("Bà Lan: Có\u00a0ý kiến.\r\n".encode())
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    read_corpus(folder).save(tmp_path / "ra")
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before


def test_docx_with_a_dtd_and_external_entity_is_refused(tmp_path):
    import io
    import zipfile

    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Ông An: Kinh phí còn thiếu.")
    document.save(buf)
    path = tmp_path / "thuc_the.docx"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest
                data = data.replace("Kinh phí".encode(), b"&x;")
            dst.writestr(info, data)
    with pytest.raises(InputError) as info:
        read_corpus(path)
    assert str(info.value) == (
        f"{path}: word/document.xml declares a DTD or entities (<!DOCTYPE>), which Office never "
        "writes; refused (it could pull in other files); open it in Word or Excel and save it again as .docx"
    )


def test_symlink_leaving_the_folder_is_skipped_with_a_warning(tmp_path):
    import warnings

    outside = tmp_path / "ngoai" / "mat_khau.txt"
    outside.parent.mkdir()
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = tmp_path / "vao"
    (folder / "con").mkdir(parents=True)
    (folder / "toa_dam.txt").write_text(GOOD, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "ban_sao.txt").symlink_to(folder / "toa_dam.txt")  # inside: read (same content)
    (folder / "thu_muc_ngoai").symlink_to(outside.parent, target_is_directory=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = read_corpus(folder)
    messages = [str(w.message) for w in caught]
    assert any(
        m.startswith(f"{folder / 'passwd.txt'}: symbolic link to a file outside the input folder; skipped")
        for m in messages
    )
    assert any(
        m == f"{folder / 'thu_muc_ngoai'}: symbolic link to a folder outside the input folder; skipped"
        for m in messages
    )
    assert "root:x" not in "".join(corpus.sources.values())
    # the link inside the folder is read (toa_dam.txt is then the same content, skipped)
    assert list(corpus.documents["source_file"]) == ["ban_sao.txt"]


def test_fifo_is_not_a_regular_file(tmp_path):
    import os
    import warnings

    folder = tmp_path / "vao"
    folder.mkdir()
    (folder / "toa_dam.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "ong.txt")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_corpus(folder)
    assert any(
        str(w.message).startswith(
            f"{folder / 'ong.txt'}: not a regular file (a pipe, device or socket); skipped"
        )
        for w in caught
    )
    with pytest.raises(InputError) as info:
        read_corpus(folder / "ong.txt")
    assert str(info.value) == (
        f"{folder / 'ong.txt'}: not a regular file (a pipe, device or socket); give a transcript file or a "
        "folder of them"
    )
