"""``vnqual tag``: codes.csv with metadata and exact excerpts, training files, errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._tag  # noqa: F401  (registers `vnqual tag` until the lead imports it)
from vnqual.cli import cli
from vnqual.codebook import Codebook, read_codes
from vnqual.corpus import Corpus

pytestmark = pytest.mark.filterwarnings("ignore:no model for code")

CODEBOOK = """\
name: Bồi dưỡng cán bộ xã
codes:
  - name: Khó khăn
    keywords: [khó khăn]
    children:
      - name: Thiếu kinh phí
        keywords: [kinh phí, ngân sách]
      - name: Đi lại
        keywords: [đi lại, sạt lở]
  - name: Cấp xã
    keywords: [xã]
"""
ROWS = pd.DataFrame(
    {
        "id": ["PV-01", "PV-02", "PV-03", "PV-04", "PV-05", "PV-06"],
        "y_kien": [
            "Kinh phí bồi dưỡng của xã còn hạn hẹp.",
            "=> Đi lại khó khăn, đường sạt lở mùa mưa.",
            "- Ngân sách hạn hẹp, học viên tự bỏ tiền.",
            "Cán bộ xã hội học tập tốt.",
            "Đường đèo sạt lở, đi lại vất vả.",
            "Học viên tự bỏ tiền vì hạn hẹp.",
        ],
    }
)


@pytest.fixture()
def files(tmp_path):
    table = tmp_path / "phieu_y_kien.csv"
    ROWS.to_csv(table, index=False)
    codebook = tmp_path / "ma.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    return table, codebook


def _run(*args):
    return CliRunner().invoke(cli, ["-q", "tag", *map(str, args)], catch_exceptions=False)


def test_tag_writes_codes_with_metadata_and_exact_excerpts(files, tmp_path):
    table, codebook = files
    out = tmp_path / "ket_qua" / "ma_hoa"
    result = _run(table, "--text-col", "y_kien", "--codebook", codebook, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "codebook.json",
        "codes.csv",
        "corpus",
        "hits.csv",
        "run.json",
    ]
    raw = (out / "codes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    assert b"\"'=> " in raw and b"'- Ng" in raw  # formula guard
    codes = read_codes(out)
    assert list(codes.columns[:8]) == [
        "statement_id",
        "code",
        "score",
        "method",
        "evidence",
        "start_char",
        "end_char",
        "excerpt",
    ]
    assert {"id", "doc_id", "speaker", "role", "source_file"} <= set(codes.columns)
    corpus = Corpus.load(out / "corpus")
    for row in codes.itertuples():
        assert corpus.sources[row.doc_id][row.start_char : row.end_char] == row.excerpt
    pairs = set(zip(codes["id"], codes["code"]))
    assert {("PV-01", "Thiếu kinh phí"), ("PV-01", "Cấp xã"), ("PV-02", "Đi lại")} <= pairs
    assert ("PV-04", "Cấp xã") not in pairs  # "xã hội" is not "xã"
    assert Codebook.load(out / "codebook.json").names == ["Khó khăn", "Thiếu kinh phí", "Đi lại", "Cấp xã"]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["n_rows"] == len(codes)


def test_tag_output_is_read_by_export(files, tmp_path):
    from vnqual.export import load_coded

    table, codebook = files
    out = tmp_path / "ma_hoa"
    _run(table, "--text-col", "y_kien", "--codebook", codebook, "--out", out, "--keywords-only")
    coded = load_coded(out)
    assert len(coded.codings) == len(read_codes(out))
    assert set(coded.codings["method"]) == {"keyword"}
    assert list(coded.codes["code"]) == ["Khó khăn", "Thiếu kinh phí", "Đi lại", "Cấp xã"]


def test_tag_to_stdout_without_out(files):
    table, codebook = files
    result = _run(table, "--text-col", "y_kien", "--codebook", codebook, "--keywords-only")
    assert result.exit_code == 0
    assert result.stdout.startswith("statement_id,code,score,method,evidence")
    assert "keywords: Kinh phí [0-8]" in result.stdout


def test_train_csv_gives_human_rows(files, tmp_path):
    table, codebook = files
    train = tmp_path / "da_ma_hoa.csv"
    pd.DataFrame({"statement_id": ["phieu_y_kien-0006"], "code": ["Thiếu kinh phí;Cấp xã"]}).to_csv(
        train, index=False
    )
    result = _run(
        table, "--text-col", "y_kien", "--codebook", codebook, "--train", train, "--out", tmp_path / "ma_hoa"
    )
    assert result.exit_code == 0, result.output
    codes = read_codes(tmp_path / "ma_hoa")
    human = codes[codes["method"] == "human"]
    assert human[["id", "code"]].values.tolist() == [["PV-06", "Thiếu kinh phí"], ["PV-06", "Cấp xã"]]


def test_unknown_code_in_train_names_the_row(files, tmp_path):
    table, codebook = files
    train = tmp_path / "da_ma_hoa.csv"
    train.write_text("text,code\nKinh phí thiếu,Thiếu kinh phí\nĐường xa,Giao thông\n", encoding="utf-8")
    result = _run(table, "--text-col", "y_kien", "--codebook", codebook, "--train", train)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {train}:3: unknown code 'Giao thông'")


def test_codebook_error_names_file_and_line(files, tmp_path):
    table, _ = files
    bad = tmp_path / "ma_sai.yaml"
    bad.write_text(CODEBOOK.replace("keywords: [xã]", "keyword: [xã]"), encoding="utf-8")
    result = _run(table, "--text-col", "y_kien", "--codebook", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:11: unknown key 'keyword'")


def test_out_refuses_an_unrelated_folder(files, tmp_path):
    table, codebook = files
    other = tmp_path / "tai_lieu"
    other.mkdir()
    (other / "bao_cao.docx").write_text("x", encoding="utf-8")
    result = _run(table, "--text-col", "y_kien", "--codebook", codebook, "--out", other, "--keywords-only")
    assert result.exit_code == 1
    assert "not a `vnqual tag` output" in result.stderr
    assert (other / "bao_cao.docx").exists()


def test_help_has_a_vietnamese_example():
    result = CliRunner().invoke(cli, ["tag", "--help"])
    assert "vnqual tag corpora/toa-dam-boi-duong --codebook models/codebook_boi_duong.yaml" in result.output


def test_seed_is_an_alias_of_random_state(files, tmp_path):
    table, codebook = files
    outs = []
    for flag in ("--seed", "--random-state"):
        out = tmp_path / flag.strip("-")
        result = _run(table, "--text-col", "y_kien", "--codebook", codebook, flag, "7", "--out", out)
        assert result.exit_code == 0, result.output
        assert json.loads((out / "run.json").read_text(encoding="utf-8"))["random_state"] == 7
        outs.append((out / "codes.csv").read_bytes())
    assert outs[0] == outs[1]


def test_user_dict_takes_the_builtin_admin_dictionary(files, tmp_path):
    table, codebook = files
    result = _run(
        table,
        "--text-col",
        "y_kien",
        "--codebook",
        codebook,
        "--keywords-only",
        "--user-dict",
        "admin",
        "--out",
        tmp_path / "o",
    )
    assert result.exit_code == 0, result.output
    result = _run(
        table, "--text-col", "y_kien", "--codebook", codebook, "--user-dict", tmp_path / "khong_co.txt"
    )
    assert result.exit_code == 1 and "--user-dict" in result.output and "admin" in result.output


def test_out_into_an_unrelated_folder_names_the_flag(files, tmp_path):
    # the library (vnqual._fs.atomic_dir) names the parameter `out`; the command line shows --out
    table, codebook = files
    other = tmp_path / "luan_van"
    other.mkdir()
    (other / "chương_1.docx").write_bytes(b"x")
    result = _run(table, "--text-col", "y_kien", "--codebook", codebook, "--out", other)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {other}: folder exists and is not a `vnqual tag` output; choose a new --out folder"
    )
    assert (other / "chương_1.docx").read_bytes() == b"x"


def test_tag_with_repeated_code_names_writes_code_path_and_exports_them(files, tmp_path):
    """A code name under two parents: codes.csv says which by `code` (its path) and `code_path`."""
    import zipfile

    import vnqual.cli._export  # noqa: F401

    table, codebook = files
    codebook.write_text(
        CODEBOOK.replace(
            "  - name: Cấp xã\n    keywords: [xã]\n",
            "  - name: Cấp xã\n    keywords: [xã]\n    children:\n"
            "      - name: Đi lại\n        keywords: [đường đèo]\n",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "ma_hoa"
    result = _run(table, "--text-col", "y_kien", "--codebook", codebook, "--out", out, "--keywords-only")
    assert result.exit_code == 0, result.output
    codes = read_codes(out)
    assert list(codes.columns[:3]) == ["statement_id", "code", "code_path"]
    assert {"Khó khăn/Đi lại", "Cấp xã/Đi lại"} <= set(codes["code"])
    paths = dict(zip(codes["code"], codes["code_path"]))
    assert paths["Cấp xã/Đi lại"] == "Cấp xã/Đi lại" and paths["Thiếu kinh phí"] == "Khó khăn/Thiếu kinh phí"
    qdpx = tmp_path / "a.qdpx"
    result = _run_export(out, qdpx)
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile(qdpx).read("project.qde").decode("utf-8")
    assert xml.count('name="Đi lại"') == 2 and 'name="Cấp xã/Đi lại"' not in xml


def _run_export(path, out):
    return CliRunner().invoke(cli, ["-q", "export", str(path), "-o", str(out)], catch_exceptions=False)
