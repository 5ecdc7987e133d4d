"""``vnqual ingest``: corpus folder out, summary on stderr, one-line errors and exit codes."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._ingest  # noqa: F401  (registers the command if vnqual.cli does not yet)
from vnqual.cli import cli
from vnqual.corpus import Corpus

TEXT = (
    "Người điều phối: Xin mời các đồng chí.\n"
    "Ông Nguyễn Văn An: Kinh phí bồi dưỡng còn thiếu.\n"
    "Bà Hà Thị Lan: Xã tôi ở xa. Đi lại mất cả ngày.\n"
)


@pytest.fixture()
def folder(tmp_path):
    root = tmp_path / "toa_dam"
    (root / "QuangNam").mkdir(parents=True)
    (root / "QuangNam" / "buoi_1.txt").write_text(TEXT, encoding="utf-8")
    (root / "LaiChau.txt").write_bytes("Chủ trì: Mời đồng chí Phó Giám đốc.\n".encode("utf-16"))
    (root / "metadata.csv").write_text("file,site\nQuangNam/buoi_1.txt,Quảng Nam\n", "utf-8")
    (root / "bia.pdf").write_bytes(b"%PDF")
    return root


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_ingest_folder_writes_corpus_and_summary(folder, tmp_path):
    out = tmp_path / "ket_qua" / "corpus"
    result = run("ingest", folder, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    corpus = Corpus.load(out)  # checks every span against sources/
    assert sorted((out / "sources").iterdir()) == [
        out / "sources" / "LaiChau.txt",
        out / "sources" / "QuangNam_buoi_1.txt",
    ]
    frame = pd.read_csv(out / "statements.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert frame["site"].tolist() == ["", "Quảng Nam", "Quảng Nam", "Quảng Nam"]
    assert len(corpus) == 4
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig").set_index("doc_id")
    assert docs["encoding"].to_dict() == {"LaiChau": "utf-16-le", "QuangNam_buoi_1": "utf-8"}
    err = result.stderr
    assert err.startswith(f"Read 2 file(s) from {folder}: 4 statements, 4 speakers (unit: paragraph)\n")
    assert "utf-16-le" in err and "QuangNam/buoi_1.txt" in err
    assert "Ignored 1 other file(s) (.pdf 1)" in err
    assert err.endswith(f"Wrote {out}\n")


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_prints_nothing(folder, tmp_path, where):
    args = ["ingest", folder, "--out", tmp_path / "ra"]
    result = run("--quiet", *args) if where == "before" else run(*args, "-q")
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""


def test_input_options_are_passed_on(folder, tmp_path):
    out = tmp_path / "ra"
    result = run(
        "-q",
        "ingest",
        folder / "QuangNam" / "buoi_1.txt",
        "--out",
        out,
        "--unit",
        "sentence",
        "--exclude-role",
        "facilitator",
    )
    assert result.exit_code == 0, result.stderr
    corpus = Corpus.load(out)
    assert corpus.texts() == ["Kinh phí bồi dưỡng còn thiếu.", "Xã tôi ở xa.", "Đi lại mất cả ngày."]
    assert corpus.documents["n_statements"].tolist() == [3]
    assert "site" not in corpus.frame  # metadata.csv is not next to this file


def test_table_with_text_col_and_speaker_pattern(tmp_path):
    table = tmp_path / "y_kien.csv"
    table.write_text("id,noi_dung\n007,Học phí cao.\n", encoding="utf-8")
    result = run("-q", "ingest", table, "--text-col", "noi_dung", "--out", tmp_path / "a")
    assert result.exit_code == 0, result.stderr
    assert Corpus.load(tmp_path / "a").frame[["id", "text"]].values.tolist() == [["007", "Học phí cao."]]
    script = tmp_path / "kich_ban.txt"
    script.write_text("<<Lan>> Chào anh.\n<<Minh>> Chào chị.\n", encoding="utf-8")
    result = run("-q", "ingest", script, "--speaker-pattern", r"<<(\w+)>>", "--out", tmp_path / "b")
    assert result.exit_code == 0, result.stderr
    assert Corpus.load(tmp_path / "b").frame["speaker"].tolist() == ["Lan", "Minh"]


def test_forced_encoding(tmp_path):
    path = tmp_path / "viqr.txt"
    path.write_bytes(b"Chu? tri`: Cha`o ca'c ddo^`ng chi'.\n")
    result = run("-q", "ingest", path, "--encoding", "viqr", "--out", tmp_path / "ra")
    assert result.exit_code == 0, result.stderr
    assert Corpus.load(tmp_path / "ra").texts() == ["Chào các đồng chí."]


def test_single_bad_file_is_error_exit_1_without_traceback(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    out = tmp_path / "ra"
    result = run("ingest", path, "--out", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: empty file; add the transcript text or remove the file\n"
    assert not out.exists()


def test_folder_warning_and_strict_exit_3(folder, tmp_path):
    (folder / "rong.txt").write_bytes(b"")
    result = run("ingest", folder, "--out", tmp_path / "ra")
    assert result.exit_code == 0
    warning = f"{folder / 'rong.txt'}: empty file; skipped (add the transcript text or remove the file)"
    assert f"Warning: {warning}\n" in result.stderr
    assert f"Skipped {folder / 'rong.txt'}: empty file\n" in result.stderr
    strict = run("ingest", folder, "--out", tmp_path / "strict", "--strict")
    assert strict.exit_code == 3
    assert strict.stderr == f"Error: {warning} (failing because of --strict)\n"
    assert not (tmp_path / "strict").exists()


def test_max_size(folder, tmp_path):
    path = folder / "QuangNam" / "buoi_1.txt"
    result = run("ingest", path, "--out", tmp_path / "ra", "--max-size", "0.0001")
    assert result.exit_code == 1
    size = path.stat().st_size
    assert size < 1000
    assert result.stderr == (
        f"Error: {path}: {size} bytes is over the 100 bytes size limit; split the file or raise --max-size\n"
    )
    usage = run("ingest", folder, "--out", tmp_path / "ra", "--max-size", "0")
    assert usage.exit_code == 2


def test_out_must_not_replace_input_or_unrelated_folder(folder, tmp_path):
    result = run("ingest", folder, "--out", folder)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --out {folder}: would replace the input {folder}; choose a folder outside it\n"
    )
    other = tmp_path / "tai_lieu"
    other.mkdir()
    (other / "quan_trong.docx").write_bytes(b"x")
    result = run("ingest", folder, "--out", other)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --out {other}: exists and is not a vnqual corpus folder; choose a new or empty folder\n"
    )
    assert (other / "quan_trong.docx").read_bytes() == b"x"


def test_reingest_replaces_corpus_and_reads_corpus_dir(folder, tmp_path):
    out = tmp_path / "ra"
    assert run("-q", "ingest", folder, "--out", out).exit_code == 0
    (folder / "LaiChau.txt").unlink()
    assert run("-q", "ingest", folder, "--out", out).exit_code == 0  # replaces the old corpus
    assert Corpus.load(out).documents["doc_id"].tolist() == ["QuangNam_buoi_1"]
    copy = tmp_path / "ban_sao"
    result = run("ingest", out, "--out", copy)
    assert result.exit_code == 0
    assert "(unit: as saved)" in result.stderr
    assert Corpus.load(copy).texts() == Corpus.load(out).texts()


def test_out_inside_input_folder_is_ignored_next_time(folder):
    out = folder / "ket_qua"
    assert run("-q", "ingest", folder, "--out", out).exit_code == 0
    result = run("ingest", folder, "--out", out)
    assert result.exit_code == 0
    assert "ingested corpus folder 1" in result.stderr
    assert len(Corpus.load(out).documents) == 2


def test_help_has_vietnamese_example():
    result = run("ingest", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "vnqual ingest corpora/toa-dam-boi-duong" in result.output
    for option in (
        "--max-size",
        "--text-col",
        "--encoding",
        "--unit",
        "--speaker-pattern",
        "--strict",
        "--exclude-role",
        "--out",
    ):
        assert option in result.output


def test_ingest_docx_speaker_table(tmp_path):
    from tests.io.conftest import make_docx

    path = make_docx(
        tmp_path / "pvs_laichau.docx",
        ["Gỡ băng phỏng vấn sâu"],
        table=[
            ["Người nói", "Nội dung"],
            ["PV", "Anh cho biết khó khăn lớn nhất?"],
            ["Ông Pảo", "Kinh phí đi học còn thiếu."],
        ],
    )
    out = tmp_path / "corpus"
    result = run("ingest", path, "--out", out)
    assert result.exit_code == 0, result.stderr
    corpus = Corpus.load(out)  # every span checked against the stored source
    assert corpus.frame[["speaker", "role", "text"]].values.tolist() == [
        ["", "", "Gỡ băng phỏng vấn sâu"],
        ["PV", "interviewer", "Anh cho biết khó khăn lớn nhất?"],
        ["Ông Pảo", "participant", "Kinh phí đi học còn thiếu."],
    ]


def test_bad_speaker_pattern_names_the_flag(folder, tmp_path):
    # the library names the parameter `speaker_pattern`; the command line shows --speaker-pattern
    result = run("ingest", folder, "--speaker-pattern", "(", "--out", tmp_path / "o")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --speaker-pattern '(' is not a valid regular expression (")
    assert result.stderr.endswith("; check brackets and escapes\n")


def test_library_messages_name_the_flags_the_user_has(tmp_path):
    """io messages name parameters (`text_col`, `encoding`); the CLI shows the flags."""
    folder = tmp_path / "bien_ban"
    folder.mkdir()
    (folder / "bang.csv").write_text("ma,noi_dung\n1,Ý kiến về kinh phí.\n", encoding="utf-8")
    (folder / "ghi_chep.txt").write_text("Ông Hòa: Ý kiến về kinh phí bồi dưỡng.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["ingest", str(folder), "--out", str(tmp_path / "kq")])
    assert res.exit_code == 0, res.output
    assert "pass the text column with --text-col" in res.output and "`text_col`" not in res.output
    binary = tmp_path / "anh.txt"
    binary.write_bytes(b"\x00\x01\x02 abc \x00")
    res = CliRunner().invoke(cli, ["ingest", str(binary), "--out", str(tmp_path / "kq2")])
    assert res.exit_code != 0 and "pass --encoding (" in res.output and "`encoding`" not in res.output
