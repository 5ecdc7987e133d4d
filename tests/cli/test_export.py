from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._export  # noqa: F401  (registers export, agree, crosstab)
from vnqual.cli import cli


def _fixture():
    name = "vnqual_tests_coded_fixture"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).parents[1] / "export" / "coded_fixture.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture()
def coded_dir(tmp_path):
    return _fixture().make_coded_dir(tmp_path / "ma_hoa")


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc"])
def test_export_every_format(coded_dir, tmp_path, fmt):
    out = tmp_path / f"toa_dam.{fmt}"
    result = _run("export", coded_dir, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "qdpx":
        assert "project.qde" in zipfile.ZipFile(out).namelist()


def test_export_format_from_extension(coded_dir, tmp_path):
    out = tmp_path / "trich_doan.xlsx"
    assert _run("export", coded_dir, "-o", out).exit_code == 0
    assert "Summary" in pd.ExcelFile(out).sheet_names


def test_export_unknown_extension_is_one_line_error(coded_dir, tmp_path):
    result = _run("export", coded_dir, "-o", tmp_path / "x.doc")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'x.doc'}: cannot tell the format from the extension; "
        "add --format csv|xlsx|jsonl|parquet|qdpx|qdc"
    ]


def test_export_folder_without_codes(tmp_path):
    result = _run("export", tmp_path, "-o", tmp_path / "a.csv")
    assert result.exit_code == 1
    assert "no codes.csv inside" in result.output


def test_export_qdpx_needs_corpus(coded_dir, tmp_path):
    result = _run("export", coded_dir / "codes.csv", "-o", tmp_path / "a.qdpx")
    assert result.exit_code == 0  # corpus/ is found next to codes.csv
    lone = tmp_path / "lone.csv"
    lone.write_bytes((coded_dir / "codes.csv").read_bytes())
    result = _run("export", lone, "-o", tmp_path / "b.qdpx")
    assert result.exit_code == 1 and "needs the source texts" in result.output


def test_agree_writes_csv(coded_dir, tmp_path):
    qdpx = tmp_path / "ma_hoa_tay.qdpx"
    assert _run("export", coded_dir, "-o", qdpx).exit_code == 0
    out = tmp_path / "do_dong_thuan.csv"
    result = _run("agree", coded_dir, qdpx, "--out", out, "--level", "statement")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert list(table.columns) == [
        "code",
        "level",
        "agreement_pct",
        "kappa",
        "f1",
        "n_a",
        "n_b",
        "n_both",
        "n_units",
    ]
    assert set(table["level"]) == {"statement"}
    assert (table["kappa"] == 1).all()


def test_agree_to_stdout_and_unknown_coder(coded_dir, tmp_path):
    result = _run("agree", coded_dir, coded_dir)
    assert result.exit_code == 0 and result.output.startswith("code,level,")
    result = _run("agree", coded_dir, coded_dir, "--coder-b", "Lan")
    assert result.exit_code == 1
    assert "no codings by coder 'Lan'; coders: vnqual" in result.output


def test_crosstab_by_site_and_cooccurrence(coded_dir, tmp_path):
    out = tmp_path / "ma_x_tinh.csv"
    assert _run("crosstab", coded_dir, "--by", "site", "--out", out).exit_code == 0
    table = pd.read_csv(out, encoding="utf-8-sig", index_col=0)
    assert table.loc["Nhân lực", "Quảng Nam"] == 2 and table.loc["Nhân lực", "All"] == 4
    out = tmp_path / "dong_xuat_hien.csv"
    assert _run("crosstab", coded_dir, "--cooccurrence", "--out", out).exit_code == 0
    matrix = pd.read_csv(out, encoding="utf-8-sig", index_col=0)
    assert matrix.loc["Kinh phí", "Nhân lực"] == 2


def test_crosstab_needs_by_or_cooccurrence(coded_dir):
    result = _run("crosstab", coded_dir)
    assert result.exit_code == 1
    assert "give --by COLUMN" in result.output


@pytest.mark.parametrize("command", ["export", "agree", "crosstab"])
def test_help_has_vietnamese_example(command):
    result = _run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "ma_hoa" in result.output


def _with_applies(coded_dir):
    """The fixture folder as 0.2.0 writes it: rank and applies; the 0.55 model row does not apply."""
    from vnqual.tables import write_csv

    codes = pd.read_csv(coded_dir / "codes.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    codes["rank"] = 1
    codes["applies"] = codes["score"].astype(float) >= 0.6
    write_csv(codes, coded_dir / "codes.csv")
    return coded_dir


def test_crosstab_and_agree_count_only_codings_that_apply(coded_dir, tmp_path):
    old = tmp_path / "cu.csv"
    assert _run("crosstab", coded_dir, "--by", "site", "--out", old).exit_code == 0
    before = pd.read_csv(old, encoding="utf-8-sig", index_col=0)
    import shutil

    old_dir = shutil.copytree(coded_dir, tmp_path / "ma_hoa_cu")  # as written before 0.2.0
    _with_applies(coded_dir)
    new = tmp_path / "moi.csv"
    assert _run("crosstab", coded_dir, "--by", "site", "--out", new).exit_code == 0
    after = pd.read_csv(new, encoding="utf-8-sig", index_col=0)
    # "cán bộ trẻ" (Lào Cai, score 0.55) is a score below its threshold, not a coding.
    assert after.loc["Nhân lực", "All"] == before.loc["Nhân lực", "All"] - 1
    out = tmp_path / "dong_thuan.csv"
    assert _run("agree", coded_dir, old_dir, "--out", out, "--level", "statement").exit_code == 0
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("code")
    assert table.loc["Nhân lực", "n_a"] == table.loc["Nhân lực", "n_b"] - 1
    assert table.loc["Kinh phí", "n_a"] == table.loc["Kinh phí", "n_b"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "qdpx"])
def test_exports_carry_score_rank_and_applies(coded_dir, tmp_path, fmt):
    _with_applies(coded_dir)
    out = tmp_path / f"ma_hoa.{fmt}"
    assert _run("export", coded_dir, "-o", out).exit_code == 0
    if fmt == "csv":
        table = pd.read_csv(out, encoding="utf-8-sig")
        assert {"score", "rank", "applies"} <= set(table.columns)
        assert sorted(table["applies"].tolist()) == [False] + [True] * (len(table) - 1)
    elif fmt == "xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        coded = [s for name, s in sheets.items() if name != "Summary"]
        assert all({"score", "rank", "applies"} <= set(s.columns) for s in coded)
    else:
        with zipfile.ZipFile(out) as zf:
            xml = zf.read("project.qde").decode("utf-8")
        assert "rank: 1" in xml and "applies: False" in xml


def test_agree_with_a_hand_coded_sample_says_which_statements(coded_dir, tmp_path):
    sample = tmp_path / "tay.csv"
    pd.DataFrame({"statement_id": ["QN_toadam-0002", "QN_toadam-0001"], "code": ["Kinh phí", ""]}).to_csv(
        sample, index=False
    )
    res = CliRunner().invoke(cli, ["agree", str(coded_dir), str(sample), "--level", "statement"])
    assert res.exit_code == 0, res.output
    assert "compared on the 2 statements coded in tay.csv (--all-units: on all statements)" in res.stderr
    out = res.stdout
    res = CliRunner().invoke(
        cli, ["agree", str(coded_dir), str(sample), "--level", "statement", "--all-units"]
    )
    assert res.exit_code == 0, res.output
    assert "compared on" not in res.stderr
    assert res.stdout != out


def test_agree_refuses_a_zip_bomb_qdpx_in_one_line(tmp_path):
    import zipfile

    from click.testing import CliRunner

    from vnqual.cli import cli

    path = tmp_path / "bom.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>')
        info = zipfile.ZipInfo("sources/bom.txt")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            for _ in range(20):
                fh.write(bytes(1 << 20))
    result = CliRunner().invoke(cli, ["agree", str(path), str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: compression ratio ")
    assert lines[0].endswith("(possible zip bomb); refusing to read it")
