"""`vnqual deidentify` and `--deidentify` on export/report, through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from vnqual.cli import cli
from vnqual.corpus import Corpus

REPO = Path(__file__).resolve().parents[2]


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_deidentify_writes_the_ingest_layout_and_the_key_beside_it(interviews, tmp_path):
    out = tmp_path / "ket_qua" / "an_danh"
    res = _run("deidentify", interviews, "--out", out, "--no-ner")
    assert res.exit_code == 0, res.output
    assert Corpus.is_corpus_dir(out)
    assert sorted(p.name for p in out.iterdir()) == [
        "corpus.json",
        "deid-report.csv",
        "deid.json",
        "documents.csv",
        "offset-map.csv",
        "sources",
        "statements.csv",
    ]
    key = tmp_path / "ket_qua" / "deid-key.csv"
    assert key.is_file()
    assert "Lê Thị Thu Sương" in key.read_text(encoding="utf-8-sig")
    corpus = Corpus.load(out)  # checks offsets
    assert not any("Sương" in s for s in corpus.frame["speaker"])
    params = json.loads((out / "deid.json").read_text(encoding="utf-8"))
    assert params["keep_level"] == "tỉnh" and params["n_replacements"] > 10
    offsets = pd.read_csv(out / "offset-map.csv", encoding="utf-8-sig")
    assert list(offsets.columns) == ["doc_id", "orig_start", "orig_end", "new_start", "new_end"]
    check = _run("deidentify", "--check", out, "--key", key)
    assert check.exit_code == 0, check.output


def test_key_inside_the_output_is_refused(interviews, tmp_path):
    out = tmp_path / "an_danh"
    res = CliRunner().invoke(
        cli, ["deidentify", str(interviews), "--out", str(out), "--key", str(out / "k.csv")]
    )
    assert res.exit_code == 1
    assert "lies inside the output folder" in res.output
    assert not out.exists()


def test_check_finds_a_leftover_and_exits_non_zero(interviews, tmp_path):
    out = tmp_path / "an_danh"
    key = tmp_path / "khoa.csv"
    assert _run("deidentify", interviews, "--out", out, "--key", key, "--no-ner").exit_code == 0
    leak = out / "ghi_chu.txt"
    leak.write_text("Ghi chú: gặp lại chị Sương tuần sau.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["deidentify", "--check", str(out), "--key", str(key)])
    assert res.exit_code == 1
    assert "ghi_chu.txt: person of [NGƯỜI" in res.output
    assert "gặp lại chị Sương" in res.output


def test_rerun_with_the_same_key_gives_identical_output(interviews, tmp_path):
    key = tmp_path / "khoa.csv"
    for out in ("a", "b"):
        assert (
            _run("deidentify", interviews, "--out", tmp_path / out, "--key", key, "--no-ner").exit_code == 0
        )
    for name in ("statements.csv", "deid-report.csv", "offset-map.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_usage_errors_are_one_line(tmp_path, interviews):
    res = CliRunner().invoke(cli, ["deidentify", str(interviews)])
    assert res.exit_code == 1 and "give PATH and --out DIR" in res.output
    res = CliRunner().invoke(cli, ["deidentify", "--check", str(interviews)])
    assert res.exit_code == 1 and "--check needs --key FILE" in res.output
    res = CliRunner().invoke(
        cli, ["deidentify", str(interviews), "--out", str(tmp_path / "x"), "--categories", "ten"]
    )
    assert res.exit_code == 1 and "--categories: unknown ten" in res.output


PLANTED = (
    "Người phỏng vấn: Chị giới thiệu về mình được không ạ?\n"
    "Chị Hoàng Thị Mỹ Duyên: Dạ, em là Hoàng Thị Mỹ Duyên, sinh năm 1988, công chức văn hóa xã Ia Lốp, "
    "huyện Ea Súp. Số điện thoại 0912 345 678, CCCD 066188001234, email myduyen.ialop@gmail.com.\n"
    "Người phỏng vấn: Cảm ơn chị Duyên. Ở xã ai phụ trách bồi dưỡng cán bộ?\n"
    "Chị Hoàng Thị Mỹ Duyên: Dạ, đồng chí Tâm bí thư xã với anh Đàm Quang Khải bên văn phòng. Anh Khải "
    "gọi em ở số +84 987 654 321 báo lịch học, kinh phí bồi dưỡng thì năm nay thiếu.\n"
)


@pytest.mark.slow
def test_sample_corpus_with_planted_identifiers_leaves_nothing_in_any_output(tmp_path):
    corpus = tmp_path / "toa_dam"
    shutil.copytree(REPO / "corpora" / "toa-dam-boi-duong", corpus)
    (corpus / "PV_planted.txt").write_text(PLANTED, encoding="utf-8")
    key = tmp_path / "bi_mat" / "khoa.csv"
    codebook = REPO / "models" / "codebook_boi_duong.yaml"
    assert _run("deidentify", corpus, "--out", tmp_path / "an_danh", "--key", key).exit_code == 0
    assert _run("tag", corpus, "--codebook", codebook, "--out", tmp_path / "ma_hoa").exit_code == 0
    share = tmp_path / "chia_se"
    share.mkdir()
    for fmt in ("csv", "xlsx", "qdpx"):
        res = _run(
            "export", tmp_path / "ma_hoa", "-o", share / f"trich_doan.{fmt}", "--deidentify", "--key", key
        )
        assert res.exit_code == 0, res.output
    res = _run(
        "report",
        corpus,
        "--codebook",
        codebook,
        "-k",
        "3",
        "-o",
        share / "bao_cao.html",
        "--deidentify",
        "--key",
        key,
    )
    assert res.exit_code == 0, res.output
    shutil.copytree(tmp_path / "an_danh", share / "an_danh")
    originals = pd.read_csv(key, encoding="utf-8-sig")["original"].tolist()
    for planted in (
        "Hoàng Thị Mỹ Duyên",
        "Đàm Quang Khải",
        "Tâm",
        "0912 345 678",
        "066188001234",
        "myduyen.ialop@gmail.com",
        "Ia Lốp",
        "Nguyễn Thị Kim Oanh",
        "Lê Thị Thu Sương",
    ):
        assert planted in originals  # each planted identifier and speaker name is in the key ...
    res = CliRunner().invoke(cli, ["deidentify", "--check", str(share), "--key", str(key)])
    assert res.exit_code == 0, res.output  # ... and none is left in any shared output
    # and the same check on the un-de-identified tag output does find them
    res = CliRunner().invoke(cli, ["deidentify", "--check", str(tmp_path / "ma_hoa"), "--key", str(key)])
    assert res.exit_code == 1 and "Hoàng Thị Mỹ Duyên" in res.output


def test_report_deidentify_refuses_earlier_analyses_and_key_needs_the_flag(interviews, tmp_path):
    tag_dir = tmp_path / "ma_hoa"
    tag_dir.mkdir()
    res = CliRunner().invoke(
        cli,
        [
            "report",
            str(interviews),
            "-o",
            str(tmp_path / "r.html"),
            "--deidentify",
            "--tag-dir",
            str(tag_dir),
        ],
    )
    assert res.exit_code == 1
    assert "--deidentify cannot use --topics-dir/--tag-dir" in res.output
    res = CliRunner().invoke(
        cli, ["report", str(interviews), "-o", str(tmp_path / "r.html"), "--key", "k.csv"]
    )
    assert res.exit_code == 1 and "--key is used with --deidentify" in res.output
    assert not (tmp_path / "r.html").exists()


def test_export_key_needs_deidentify_and_cannot_be_the_output(interviews, tmp_path):
    codebook = REPO / "models" / "codebook_boi_duong.yaml"
    assert _run("tag", interviews, "--codebook", codebook, "--out", tmp_path / "ma_hoa").exit_code == 0
    out = tmp_path / "trich_doan.csv"
    res = CliRunner().invoke(cli, ["export", str(tmp_path / "ma_hoa"), "-o", str(out), "--key", "k.csv"])
    assert res.exit_code == 1 and "--key is used with --deidentify" in res.output
    res = CliRunner().invoke(
        cli, ["export", str(tmp_path / "ma_hoa"), "-o", str(out), "--deidentify", "--key", str(out)]
    )
    assert res.exit_code == 1 and "is the output" in res.output
    assert not out.exists()
