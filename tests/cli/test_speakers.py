"""CLI: speakers.csv written by ingest, --speakers on ingest and analysis commands, --speaker-pattern."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._ingest  # noqa: F401
import vnqual.cli._keywords  # noqa: F401
from vnqual.cli import cli
from vnqual.corpus import Corpus

BO = (
    "LTS: Cuộc trao đổi dưới đây được biên tập cho gọn.\n"
    "PV: Thưa Bộ trưởng, cán bộ cấp xã được bồi dưỡng thế nào?\n"
    "Bộ trưởng Nguyễn Thái Bình: Mỗi năm cán bộ xã học hai lớp bồi dưỡng.\n"
    "PV: Kinh phí lấy từ đâu?\n"
    "Ông Bình: Kinh phí bồi dưỡng do tỉnh cấp.\n"
)
XA = "[Người số 1] Xã thiếu giáo viên dạy nghề.\n[Người số 2] Giáo viên dạy nghề phải đi xa.\n"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def folder(tmp_path):
    root = tmp_path / "phong_van"
    root.mkdir()
    (root / "bo.txt").write_text(BO, encoding="utf-8")
    (root / "xa.txt").write_text(XA, encoding="utf-8")
    return root


def test_ingest_writes_speakers_csv_and_names_unlabelled_file(folder, tmp_path):
    out = tmp_path / "corpus"
    result = run("ingest", folder, "--out", out)
    assert result.exit_code == 0
    assert "xa.txt: no speaker label found while 1 other file(s) have speakers" in result.stderr
    table = pd.read_csv(out / "speakers.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(table.columns) == [
        "label", "speaker", "role", "speaker_title", "n_statements", "first_line", "doc_ids",
        "gender", "position", "unit", "level",
    ]  # fmt: skip
    assert table.set_index("label").loc["Nguyễn Thái Bình", "speaker_title"] == "Bộ trưởng"
    frame = Corpus.load(out).frame
    assert not frame["text"].str.match(r"(PV|Bộ trưởng|Ông Bình)").any()
    assert frame.loc[frame["text"].str.startswith("LTS"), "speaker"].tolist() == [""]


def test_speaker_pattern_is_repeatable_and_adds(folder, tmp_path):
    out = tmp_path / "corpus"
    result = run(
        "ingest", folder, "--out", out,
        "--speaker-pattern", r"\[(?P<speaker>Người số 1)\]",
        "--speaker-pattern", r"\[(?P<speaker>Người số 2)\]",
    )  # fmt: skip
    assert result.exit_code == 0
    speakers = set(Corpus.load(out).frame["speaker"])
    assert {"Người số 1", "Người số 2", "Nguyễn Thái Bình", "PV"} <= speakers


def test_speakers_file_feeds_ingest_and_keywords_by(folder, tmp_path):
    sheet = tmp_path / "nguoi_noi.csv"
    sheet.write_text(
        "label,speaker,role,level\nNguyễn Thái Bình,,,trung ương\nÔng Bình,Nguyễn Thái Bình,,trung ương\n"
        "Người số 1,,,xã\nNgười số 2,,,xã\n",
        encoding="utf-8",
    )
    pattern = r"\[(?P<speaker>Người số \d)\]"
    out = tmp_path / "corpus"
    result = run("ingest", folder, "--out", out, "--speaker-pattern", pattern, "--speakers", sheet)
    assert result.exit_code == 0, result.stderr
    frame = Corpus.load(out).frame
    assert set(frame.loc[frame["level"] == "trung ương", "speaker"]) == {"Nguyễn Thái Bình"}
    written = pd.read_csv(out / "speakers.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "level" in written.columns and "gender" not in written.columns
    result = run("-q", "keywords", folder, "--speaker-pattern", pattern, "--speakers", sheet, "--by", "level")
    assert result.exit_code == 0, result.stderr
    assert "xã" in result.stdout and "trung ương" in result.stdout


def test_bad_speakers_file_is_one_line(folder, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("ten,vai\nPV,x\n", encoding="utf-8")
    result = run("ingest", folder, "--out", tmp_path / "c", "--speakers", sheet)
    assert result.exit_code != 0
    assert "no 'label' column" in result.stderr and "Traceback" not in result.stderr


def test_exclude_role_interviewer(folder, tmp_path):
    result = run("-q", "keywords", folder, "--exclude-role", "interviewer", "--by", "role")
    assert result.exit_code == 0, result.stderr
    assert "interviewer" not in result.stdout
