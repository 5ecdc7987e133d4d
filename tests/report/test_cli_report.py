"""``vnqual report`` on the command line (with earlier topics/tag output folders)."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._report  # noqa: F401  (registers the command if the package has not yet)
from vnqual.cli import cli


def test_help_has_vietnamese_example() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert (
        "vnqual report corpora/toa-dam-boi-duong --codebook models/codebook_boi_duong.yaml" in result.output
    )
    assert "-o bao_cao.html" in result.output
    for option in ("--by", "--codebook", "--topics-dir", "--tag-dir", "--seed", "--title", "-k"):
        assert option in result.output


def test_report_from_result_dirs(
    sample_corpus_dir: Path, result_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "bao cáo" / "bao_cao.html"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(sample_corpus_dir),
            "--topics-dir",
            str(result_dirs[0]),
            "--tag-dir",
            str(result_dirs[1]),
            "--by",
            "site",
            "--title",
            "Tọa đàm 2020",
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Tọa đàm 2020</title>" in html
    assert "<td>input</td><td>toa-dam-boi-duong</td>" in html
    assert "Mã × site" in html and "kinh phí bồi dưỡng" in html


def test_output_is_required(sample_corpus_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(sample_corpus_dir)])
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.output


def test_k_must_be_auto_or_at_least_two(sample_corpus_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", str(sample_corpus_dir), "-k", "1", "-o", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 2 and "give at least 2 (or 'auto')" in result.output
    result = CliRunner().invoke(
        cli, ["report", str(sample_corpus_dir), "-k", "nhiều", "-o", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 2 and "neither 'auto' nor a whole number" in result.output


def test_bad_by_is_one_line_error(
    sample_corpus_dir: Path, result_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(sample_corpus_dir),
            "--topics-dir",
            str(result_dirs[0]),
            "--by",
            "tinh",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: --by 'tinh': no such column")
    assert not out.exists()


@pytest.mark.slow
def test_report_reads_a_real_topics_out_folder(sample_corpus_dir: Path, tmp_path: Path) -> None:
    import vnqual.cli._topics  # noqa: F401  (registers `vnqual topics`)

    runner = CliRunner()
    topics_dir = tmp_path / "ket_qua" / "chu_de"
    result = runner.invoke(
        cli,
        [
            "topics",
            str(sample_corpus_dir),
            "-k",
            "3",
            "--seed",
            "2",
            "--by",
            "site",
            "--out",
            str(topics_dir),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "bao_cao.html"
    result = runner.invoke(
        cli,
        ["report", str(sample_corpus_dir), "--topics-dir", str(topics_dir), "--by", "site", "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    topics = pd.read_csv(topics_dir / "topics.csv", encoding="utf-8-sig")
    quotes = pd.read_csv(topics_dir / "quotes.csv", encoding="utf-8-sig", dtype={"statement_id": str})
    for label in topics["label"]:
        assert escape(label) in html
    for sid in quotes["statement_id"]:
        assert f"id='q-{sid}'" in html
    assert html.count("<section class='theme'") == len(topics)


def test_report_reads_a_real_tag_out_folder(small_inputs: tuple[Path, Path], tmp_path: Path) -> None:
    import vnqual.cli._tag  # noqa: F401  (registers `vnqual tag`)

    table, codebook = small_inputs
    runner = CliRunner()
    tag_dir = tmp_path / "ma_hoa"
    result = runner.invoke(
        cli, ["tag", str(table), "--codebook", str(codebook), "--out", str(tag_dir)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "bao_cao.html"
    result = runner.invoke(
        cli,
        ["report", str(table), "--tag-dir", str(tag_dir), "--by", "site", "-k", "2", "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    codes = pd.read_csv(tag_dir / "codes.csv", encoding="utf-8-sig")
    methods = html.split("<section id='phuong-phap'>")[1]
    assert "<td>tag.random_state</td><td>0</td>" in methods
    section = html.split("<section id='ma-hoa'>")[1].split("</section>")[0]
    for code, n in codes.drop_duplicates(["statement_id", "code"])["code"].value_counts().items():
        assert f"<td>{escape(code)}</td><td>{n}</td>" in section
