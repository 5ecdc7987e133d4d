"""Readers for every format give the same statement records, with exact source spans."""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnqual.corpus import Corpus
from vnqual.errors import VnqualWarning
from vnqual.io import read_corpus
from vnqual.io._encoding import encode_legacy
from vnqual.io._read import make_doc_id, read_corpus_report

from .conftest import LC_MD, QN_TEXT, SRT, VTT


def assert_spans(corpus: Corpus, *, source_lines: bool = True) -> None:
    """The core invariant: every statement is its source slice, stripped and non-empty.

    ``line`` is the source line, except for tables (line of the row in the table file).
    """
    assert len(corpus) > 0
    for stmt in corpus:
        assert corpus.sources[stmt.doc_id][stmt.start_char : stmt.end_char] == stmt.text
        assert stmt.text == stmt.text.strip() and stmt.text
        if source_lines:
            assert stmt.line == corpus.sources[stmt.doc_id].count("\n", 0, stmt.start_char) + 1


def rows(corpus: Corpus, *cols: str) -> list[tuple]:
    return list(corpus.frame[list(cols)].itertuples(index=False, name=None))


# ----------------------------------------------------------------------------- text files
def test_txt_speakers_roles_and_continuations(qn_file):
    corpus = read_corpus(qn_file)
    assert_spans(corpus)
    assert rows(corpus, "speaker", "role", "turn", "line", "text") == [
        ("", "", 1, 1, "Tọa đàm bồi dưỡng cán bộ cấp xã"),
        ("Người điều phối", "facilitator", 2, 3, "Xin mời các đồng chí phát biểu."),
        ("Ông Nguyễn Văn An", "participant", 3, 4, "Kinh phí bồi dưỡng còn hạn hẹp."),
        ("Ông Nguyễn Văn An", "participant", 3, 5, "Nội dung gồm: tài liệu, giảng viên và đi lại."),
        ("Bà Hà Thị Lan", "participant", 4, 6, "Xã tôi ở xa, đi lại mất cả ngày."),
    ]
    assert corpus.frame["statement_id"].tolist()[:2] == ["QuangNam-0001", "QuangNam-0002"]
    assert corpus.documents.loc[0, "encoding"] == "utf-8"


def test_unit_turn_joins_continuation_paragraphs(qn_file):
    corpus = read_corpus(qn_file, unit="turn")
    assert_spans(corpus)
    an = corpus.filter(speaker="Ông Nguyễn Văn An").texts()
    assert an == ["Kinh phí bồi dưỡng còn hạn hẹp.\nNội dung gồm: tài liệu, giảng viên và đi lại."]


def test_unit_sentence_splits_inside_paragraphs(tmp_path):
    path = tmp_path / "cau.txt"
    path.write_text("Chủ trì: TS. Hà đã nói ngày 22/6. Còn ý kiến nào không? Xin mời!\n", "utf-8")
    corpus = read_corpus(path, unit="sentence")
    assert_spans(corpus)
    assert corpus.texts() == ["TS. Hà đã nói ngày 22/6.", "Còn ý kiến nào không?", "Xin mời!"]
    assert set(corpus.frame["turn"]) == {1}


def test_nfd_crlf_nbsp_text_is_canonical_with_exact_spans(tmp_path):
    raw = unicodedata.normalize("NFD", QN_TEXT).replace("\n", "\r\n").replace("Kinh phí", "Kinh\u00a0phí")
    path = tmp_path / "nfd.txt"
    path.write_bytes(raw.encode("utf-8"))
    corpus = read_corpus(path)
    assert_spans(corpus)
    source = corpus.sources["nfd"]
    assert "\r" not in source and "\u00a0" not in source
    assert source == unicodedata.normalize("NFC", source)
    assert corpus.texts() == read_corpus(tmp_path / "nfd.txt").texts()
    assert "Kinh phí bồi dưỡng còn hạn hẹp." in corpus.texts()


def test_tcvn3_with_crlf_is_detected_and_recorded(tcvn3_crlf_file):
    corpus = read_corpus(tcvn3_crlf_file)
    assert_spans(corpus)
    assert corpus.documents.loc[0, "encoding"] == "tcvn3"
    assert corpus.texts()[1] == "Lớp học quá dồn dập, cán bộ không về kịp."
    assert rows(corpus, "speaker", "role")[:2] == [("Chủ trì", "facilitator"), ("TLN_DL_01", "participant")]


@pytest.mark.parametrize(
    "data, forced, label",
    [
        ("\ufeffChủ trì: Chào.\n".encode("utf-8"), None, "utf-8-sig"),
        ("Chủ trì: Chào.\n".encode("utf-16"), None, "utf-16-le"),
        (b"Chu\xd2 tri\xcc: Cha\xcco.\n", None, "cp1258"),  # cp1258 writes tones as marks
        (encode_legacy("Chủ trì: Chào.\n", "vni"), None, "vni"),
        (b"Chu\xcc\x89 tri\xcc\x80: Cha\xcc\x80o.\n", None, "utf-8"),
        (b"Chu? tri`: Cha`o.\n", "viqr", "viqr"),
    ],
)
def test_encodings_decode_to_the_same_statement(tmp_path, data, forced, label):
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    corpus = read_corpus(path, encoding=forced)
    assert_spans(corpus)
    assert rows(corpus, "speaker", "text") == [("Chủ trì", "Chào.")]
    assert corpus.documents.loc[0, "encoding"] == label


def test_front_matter_is_metadata_not_statements(tmp_path):
    path = tmp_path / "LaiChau.md"
    path.write_text(LC_MD, encoding="utf-8")
    corpus = read_corpus(path)
    assert_spans(corpus)
    assert corpus.sources["LaiChau"].startswith("---\nsite: Lai Châu")  # kept in the source
    assert rows(corpus, "speaker", "text", "site", "date") == [
        ("Chủ trì", "Xin mời đồng chí Phó Giám đốc.", "Lai Châu", "2020-07-02"),
        ("Bà Tao Thị Nhung", "Lai Châu là tỉnh vùng cao, biên giới.", "Lai Châu", "2020-07-02"),
    ]  # the "# ..." heading is skipped
    assert corpus.documents.loc[0, "site"] == "Lai Châu"


def test_invalid_front_matter_warns_and_is_read_as_text(tmp_path):
    path = tmp_path / "loi.md"
    path.write_text("---\nsite: [Lai Châu\n---\nChủ trì: Chào.\n", encoding="utf-8")
    with pytest.warns(VnqualWarning, match=r"loi\.md: front matter is not valid YAML"):
        corpus = read_corpus(path)
    assert corpus.texts()[-1] == "Chào."


def test_user_speaker_pattern(tmp_path):
    path = tmp_path / "mau.txt"
    path.write_text("#A# Mời anh.\n#B# Tôi đồng ý: được.\nnói thêm\n", encoding="utf-8")
    corpus = read_corpus(path, speaker_pattern=r"#(?P<speaker>\w)#")
    assert rows(corpus, "speaker", "text", "turn") == [
        ("A", "Mời anh.", 1),
        ("B", "Tôi đồng ý: được.", 2),
        ("B", "nói thêm", 2),
    ]


def test_timestamp_labels_fill_start_time(tmp_path):
    path = tmp_path / "gio.txt"
    path.write_text("[00:12:34] Lan: Xin chào.\n[00:13:00] Người phỏng vấn: Cảm ơn.\n", "utf-8")
    corpus = read_corpus(path)
    assert rows(corpus, "speaker", "role", "start_time", "text") == [
        ("Lan", "participant", "00:12:34", "Xin chào."),
        ("Người phỏng vấn", "interviewer", "00:13:00", "Cảm ơn."),
    ]


# ------------------------------------------------------------------------------------- docx
def test_docx_paragraphs_and_table_rows_in_order_without_header_footer(tmp_path, docx_factory):
    path = docx_factory(
        tmp_path / "bien_ban.docx",
        ["Chủ trì: Mời giới thiệu.", ""],
        table=[["Họ và tên", "Chức vụ"], ["Nguyễn Văn An", "Phó Giám đốc"]],
        after=["Ông An: Tôi xin phát biểu.", "Bổ sung thêm ý."],
        header="TRƯỜNG ĐẠI HỌC NỘI VỤ",
        footer="Trang 1",
    )
    corpus = read_corpus(path)
    assert_spans(corpus)
    assert corpus.texts() == [
        "Mời giới thiệu.",
        "Họ và tên\tChức vụ",
        "Nguyễn Văn An\tPhó Giám đốc",
        "Tôi xin phát biểu.",
        "Bổ sung thêm ý.",
    ]
    source = corpus.sources["bien_ban"]
    assert "TRƯỜNG" not in source and "Trang 1" not in source
    # the attendance table is nobody's speech: it does not join the chair's turn
    assert rows(corpus, "speaker", "turn") == [("Chủ trì", 1), ("", 2), ("", 3), ("Ông An", 4), ("Ông An", 4)]
    assert corpus.documents.loc[0, "encoding"] == "docx"


def test_docx_table_inside_a_turn_is_its_own_statement_and_the_turn_resumes(tmp_path, docx_factory):
    path = docx_factory(
        tmp_path / "pv.docx",
        ["Ông An: Số lớp mở được như sau:"],
        table=[["Năm", "Số lớp"], ["2019", "3"]],
        after=["Như vậy là còn ít so với nhu cầu."],
    )
    for unit in ("paragraph", "turn"):
        corpus = read_corpus(path, unit=unit)
        assert_spans(corpus)
        assert rows(corpus, "speaker", "role", "turn", "text") == [
            ("Ông An", "participant", 1, "Số lớp mở được như sau:"),
            ("", "", 2, "Năm\tSố lớp"),
            ("", "", 3, "2019\t3"),
            ("Ông An", "participant", 4, "Như vậy là còn ít so với nhu cầu."),
        ]


SPEAKER_TABLE = [
    ["STT", "Thời gian", "Người nói", "Nội dung"],
    ["1", "00:01:05", "PV", "Anh cho biết khó khăn lớn nhất?"],
    ["2", "00:01:20", "Ông Lò Văn Pảo (cán bộ xã)", "Kinh phí đi học còn thiếu."],
    ["3", "00:01:31", "", "Đường lên huyện cũng xa."],
    ["4", "00:01:40", "PV", "Cảm ơn anh."],
]


@pytest.mark.parametrize("unit", ["paragraph", "turn"])
def test_docx_speaker_table_rows_are_turns_with_speaker_and_time(tmp_path, docx_factory, unit):
    path = docx_factory(
        tmp_path / "pvs.docx",
        ["Gỡ băng phỏng vấn sâu, Lai Châu"],
        table=SPEAKER_TABLE,
        after=["Kết thúc lúc 11 giờ."],
    )
    corpus = read_corpus(path, unit=unit)
    assert_spans(corpus)
    # the header row is skipped; an empty speaker cell continues the row above; each row's
    # statement is its text cell only (never the number/time cells); a paragraph after the
    # table is nobody's turn
    assert rows(corpus, "speaker", "role", "turn", "start_time", "text") == [
        ("", "", 1, "", "Gỡ băng phỏng vấn sâu, Lai Châu"),
        ("PV", "interviewer", 2, "00:01:05", "Anh cho biết khó khăn lớn nhất?"),
        ("Ông Lò Văn Pảo", "participant", 3, "00:01:20", "Kinh phí đi học còn thiếu."),
        ("Ông Lò Văn Pảo", "participant", 3, "00:01:31", "Đường lên huyện cũng xa."),
        ("PV", "interviewer", 4, "00:01:40", "Cảm ơn anh."),
        ("", "", 5, "", "Kết thúc lúc 11 giờ."),
    ]


def test_docx_speaker_table_with_a_title_row_above_the_header(tmp_path, docx_factory):
    table = [["BIÊN BẢN GỠ BĂNG", "", "", ""]] + SPEAKER_TABLE
    corpus = read_corpus(docx_factory(tmp_path / "pvs.docx", [], table=table))
    assert_spans(corpus)
    assert corpus.texts()[0] == "Anh cho biết khó khăn lớn nhất?"
    assert corpus.frame["speaker"].tolist() == ["PV", "Ông Lò Văn Pảo", "Ông Lò Văn Pảo", "PV"]


def test_speaker_table_pasted_into_a_txt_file(tmp_path):
    """Word copies a table as tab-separated lines; a .txt of them reads like the .docx."""
    path = tmp_path / "pvs.txt"
    lines = (
        ["Gỡ băng phỏng vấn sâu, Lai Châu", ""]
        + ["\t".join(r) for r in SPEAKER_TABLE]
        + ["", "Kết thúc lúc 11 giờ."]
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert_spans(corpus)
    assert rows(corpus, "speaker", "turn", "start_time", "text") == [
        ("", 1, "", "Gỡ băng phỏng vấn sâu, Lai Châu"),
        ("PV", 2, "00:01:05", "Anh cho biết khó khăn lớn nhất?"),
        ("Ông Lò Văn Pảo", 3, "00:01:20", "Kinh phí đi học còn thiếu."),
        ("Ông Lò Văn Pảo", 3, "00:01:31", "Đường lên huyện cũng xa."),
        ("PV", 4, "00:01:40", "Cảm ơn anh."),
        ("", 5, "", "Kết thúc lúc 11 giờ."),
    ]


def test_tab_lines_that_are_not_a_speaker_table_read_as_before(tmp_path):
    path = tmp_path / "bb.txt"
    path.write_text("Chủ trì: Số lớp như sau.\nNăm\tSố lớp\n2019\t3\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert rows(corpus, "speaker", "text") == [
        ("Chủ trì", "Số lớp như sau."),
        ("Chủ trì", "Năm\tSố lớp"),
        ("Chủ trì", "2019\t3"),
    ]


def test_docx_speaker_table_without_header(tmp_path, docx_factory):
    table = [
        ["NPV:", "Anh làm cán bộ xã bao lâu rồi ạ?"],
        ["TLN_LC_02:", "Tôi làm được mười năm rồi, từ năm 2010."],
        ["NPV:", "Anh có được đi bồi dưỡng hằng năm không?"],
        ["TLN_LC_02:", "Có, mỗi năm một lần ở huyện."],
    ]
    corpus = read_corpus(docx_factory(tmp_path / "pvs.docx", [], table=table))
    assert_spans(corpus)
    assert rows(corpus, "speaker", "role", "turn") == [
        ("NPV", "interviewer", 1),
        ("TLN_LC_02", "participant", 2),
        ("NPV", "interviewer", 3),
        ("TLN_LC_02", "participant", 4),
    ]
    assert corpus.texts()[1] == "Tôi làm được mười năm rồi, từ năm 2010."
    assert set(corpus.exclude_roles(["facilitator"]).frame["speaker"]) == {"TLN_LC_02"}


# -------------------------------------------------------------------------------- subtitles
def test_srt_cues_times_and_speakers(tmp_path):
    path = tmp_path / "pv.srt"
    path.write_text(SRT, encoding="utf-8")
    corpus = read_corpus(path)
    assert_spans(corpus)
    assert rows(corpus, "speaker", "start_time", "end_time", "turn", "text") == [
        ("SPEAKER_00", "00:00:01.000", "00:00:04.500", 1, "Xin chào các đồng chí."),
        ("SPEAKER_01", "00:00:05.000", "00:00:09.000", 2, "Kinh phí bồi dưỡng\ncòn rất thiếu."),
        ("SPEAKER_01", "00:00:09.500", "00:00:12.000", 2, "Đi lại cũng khó khăn."),
    ]
    assert corpus.sources["pv"] == SRT  # the file itself, timings included
    assert corpus.metadata_columns() == []


def test_vtt_voice_tags_are_labels_and_notes_are_ignored(tmp_path):
    path = tmp_path / "nhom.vtt"
    path.write_text(VTT, encoding="utf-8")
    corpus = read_corpus(path)
    assert_spans(corpus)
    assert rows(corpus, "speaker", "role", "start_time", "text") == [
        ("Người điều phối", "facilitator", "00:00:01.000", "Mời chị Lan."),
        ("Lan", "participant", "00:00:04.500", "Xã tôi thiếu giáo viên."),
    ]


# ----------------------------------------------------------------------------------- tables
@pytest.mark.parametrize("kind, first_line", [("csv", 2), ("jsonl", 1), ("xlsx", 2)])
def test_tables_keep_other_columns_as_strings(table_files, kind, first_line):
    with pytest.warns(
        VnqualWarning,
        match=r"y_kien\.\w+: 1 row\(s\) \(line \d\) with empty "
        r"'text' skipped",
    ):
        corpus = read_corpus(table_files[kind])
    assert_spans(corpus, source_lines=False)
    assert rows(corpus, "id", "speaker", "role", "text", "xa") == [
        ("007", "Chủ trì", "facilitator", "Mời các đồng chí.", "Tà Tổng"),
        ("008", "Ông An", "participant", "Kinh phí còn thiếu.", "Tà Tổng"),
        ("010", "Bà Lan", "participant", "Đi lại khó. Mùa mưa sạt lở!", "Mường Tè"),
    ]
    assert corpus.frame["line"].tolist() == [first_line, first_line + 1, first_line + 3]
    assert corpus.sources["y_kien"].split("\n\n")[1] == "  Kinh phí còn thiếu.  "


def test_table_sentence_unit_and_text_col(tmp_path):
    path = tmp_path / "gop_y.csv"
    path.write_text("ma,noi_dung\nA1,Học phí cao. Tài liệu cũ.\n", encoding="utf-8")
    corpus = read_corpus(path, text_col="noi_dung", unit="sentence")
    assert_spans(corpus, source_lines=False)
    assert rows(corpus, "ma", "text", "speaker", "role") == [
        ("A1", "Học phí cao.", "", ""),
        ("A1", "Tài liệu cũ.", "", ""),
    ]


def test_table_column_named_like_a_core_column_is_renamed(tmp_path):
    path = tmp_path / "bang.csv"
    path.write_text("line,text\n7,Ý kiến một.\n", encoding="utf-8")
    with pytest.warns(VnqualWarning, match="column\\(s\\) line clash"):
        corpus = read_corpus(path)
    assert rows(corpus, "line", "meta_line") == [(2, "7")]


# ---------------------------------------------------------------------- folders & metadata
def test_folder_reads_every_format_with_metadata(transcript_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error", VnqualWarning)  # this folder gives no warning
        corpus, report = read_corpus_report(transcript_dir)
    assert_spans(corpus)
    docs = corpus.documents.set_index("doc_id")
    assert sorted(docs.index) == ["DakLak", "LaiChau", "QuangNam_2020-06-23", "phong_van"]
    assert docs.loc["QuangNam_2020-06-23", "source_file"] == "QuangNam/2020-06-23.docx"
    assert docs["encoding"].to_dict() == {
        "DakLak": "tcvn3",
        "LaiChau": "utf-8",
        "QuangNam_2020-06-23": "docx",
        "phong_van": "utf-8",
    }
    assert docs["site"].to_dict() == {
        "DakLak": "Đắk Lắk",
        "LaiChau": "Lai Châu",
        "QuangNam_2020-06-23": "Quảng Nam",
        "phong_van": "",
    }
    by_doc = corpus.frame.groupby("doc_id")
    assert set(by_doc.get_group("DakLak")["group"]) == {"tọa đàm xã"}
    assert set(by_doc.get_group("phong_van")["site"]) == {""}
    assert "README" not in " ".join(corpus.texts()) and "ẩn" not in corpus.texts()
    assert report.ignored == {".jpg": 1, ".pdf": 1}


def test_metadata_row_for_missing_file_warns(transcript_dir):
    with open(transcript_dir / "metadata.csv", "a", encoding="utf-8") as fh:
        fh.write("KonTum.docx,Kon Tum,tọa đàm\n")
    with pytest.warns(
        VnqualWarning,
        match=r"metadata\.csv line 4: no transcript named "
        r"'KonTum\.docx' under .*; row ignored",
    ):
        corpus = read_corpus(transcript_dir)
    assert "Kon Tum" not in set(corpus.frame["site"])


def test_metadata_csv_overrides_front_matter_with_warning(tmp_path):
    (tmp_path / "LaiChau.md").write_text(LC_MD, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file;site\nLaiChau.md;TP. Lai Châu\n", "utf-8")
    with pytest.warns(
        VnqualWarning, match="site is 'Lai Châu' in the front matter but 'TP. Lai Châu' in metadata.csv"
    ):
        corpus = read_corpus(tmp_path)
    assert set(corpus.frame["site"]) == {"TP. Lai Châu"}
    assert set(corpus.frame["date"]) == {"2020-07-02"}


def test_single_file_uses_metadata_csv_next_to_it(transcript_dir):
    corpus = read_corpus(transcript_dir / "DakLak.txt")
    assert set(corpus.frame["site"]) == {"Đắk Lắk"}
    assert set(corpus.frame["source_file"]) == {"DakLak.txt"}


def test_doc_ids_are_safe_unique_and_keep_vietnamese(tmp_path):
    (tmp_path / "Tọa đàm.txt").write_text("Chủ trì: Một.\n", encoding="utf-8")
    (tmp_path / "Tọa đàm.md").write_text("Chủ trì: Hai.\n", encoding="utf-8")
    (tmp_path / "tọa_đàm.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nBa.\n", "utf-8")
    corpus = read_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["Tọa_đàm", "Tọa_đàm-2", "tọa_đàm-3"]
    assert make_doc_id("a/b:c?.txt") == "a_b_c"
    assert make_doc_id("CON.txt") == "CON_"


def test_ingested_corpus_folder_is_loaded_as_saved(transcript_dir, tmp_path):
    corpus = read_corpus(transcript_dir, unit="sentence")
    out = corpus.save(tmp_path / "corpus")
    again = read_corpus(out, unit="turn")  # options do not apply to a saved corpus
    assert again.frame.equals(Corpus.load(out).frame)
    assert again.texts() == corpus.texts()
    assert again.frame["site"].tolist() == corpus.frame["site"].tolist()


# ---------------------------------------------------------------------------- sample corpus
def test_sample_corpus_end_to_end(sample_corpus_dir):
    if not sample_corpus_dir.is_dir():
        pytest.skip("sample corpus not present")
    corpus = read_corpus(sample_corpus_dir)
    assert_spans(corpus)
    docs = corpus.documents.set_index("source_file")
    assert docs.loc["DakLak_2020-06-26.txt", "encoding"] == "tcvn3"
    assert set(corpus.frame["site"]) == {"Quảng Nam", "Đắk Lắk", "Lai Châu", "Điện Biên"}
    assert set(corpus.frame["role"]) == {"facilitator", "interviewer", "participant", ""}
    # No label is left at the start of a statement.
    assert not corpus.frame["text"].str.match(r"(Chủ trì|Người điều phối|TD_LC_\d+|PV|Ông Khải):").any()
    # The press interview: title in speaker_title, note and caption nobody's speech.
    interview = corpus.frame[corpus.frame["source_file"] == "DienBien_2020-07-10.txt"]
    first = interview[interview["speaker"] == "Trần Văn Khải"]
    assert set(first["speaker_title"]) == {"Giám đốc Sở Nội vụ"}
    assert interview.loc[interview["text"].str.startswith(("LTS:", "Giám đốc Sở")), "role"].tolist() == [
        "",
        "",
    ]
    asked = interview[interview["text"].str.startswith("Thưa ông, kinh phí")]
    assert asked["role"].tolist() == ["interviewer"]


def test_ids_never_depend_on_directory_listing_order(transcript_dir):
    first = read_corpus(transcript_dir)
    (transcript_dir / "aaa.txt").write_text("Chủ trì: Thêm.\n", encoding="utf-8")
    second = read_corpus(transcript_dir)
    kept = second.frame[second.frame["doc_id"] != "aaa"].reset_index(drop=True)
    assert kept["statement_id"].tolist() == first.frame["statement_id"].tolist()


def test_paths_given_as_str_and_path_agree(qn_file):
    assert read_corpus(str(qn_file)).texts() == read_corpus(Path(qn_file)).texts()


# ------------------------------------------------------------- property: files to corpus
_LABELS = ["Chủ trì", "Ông Nguyễn Văn An", "TLN_QN_01", "Bà Hà Thị Lan (xã Tà Tổng)", "NPV"]
_WORDS = ["kinh phí", "bồi dưỡng", "cán bộ", "xã", "nội dung:", "hoà giải", "Quảng Nam", "22/6"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    turns=st.lists(
        st.tuples(
            st.sampled_from(_LABELS),
            st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=5,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    crlf=st.booleans(),
    nfd=st.booleans(),
    nbsp=st.booleans(),
)
def test_property_any_transcript_file_reads_to_exact_spans(tmp_path, turns, encoding, crlf, nfd, nbsp):
    lines, expected = [], []
    for label, paras in turns:
        bodies = [" ".join(words).capitalize() + "." for words in paras]
        lines.append(f"{label}: {bodies[0]}")
        lines += bodies[1:]
        expected += [(label.split(" (")[0], b) for b in bodies]
    raw = "\n".join(lines) + "\n"
    raw = raw.replace(" ", "\u00a0", 2) if nbsp else raw
    raw = unicodedata.normalize("NFD", raw) if nfd else raw
    raw = raw.replace("\n", "\r\n") if crlf else raw
    path = tmp_path / "ngau_nhien.txt"
    path.write_bytes(raw.encode(encoding))
    corpus = read_corpus(path)
    assert_spans(corpus)
    assert rows(corpus, "speaker", "text") == expected
