"""`vnqual export TOPICS_DIR`: themes exported as codes (CliRunner, real files)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import vnqual.cli._export  # noqa: F401  (registers export)
import vnqual.cli._topics  # noqa: F401
from vnqual.cli import cli
from vnqual.errors import InputError
from vnqual.jobs.export import topics_coded
from vnqual.refi import read_qdc, read_qdpx

TRANSCRIPT = """Người điều phối: Xin chào các anh chị. Hôm nay ta bàn về bồi dưỡng cán bộ xã.
Anh Minh: Kinh phí bồi dưỡng của xã còn thiếu, ngân sách hỗ trợ học viên rất hạn hẹp.
Chị Lan: Đường từ xã lên huyện rất xa, mùa mưa sạt lở, học viên đi lại vất vả.
Anh Minh: Ngân sách tỉnh chưa đủ kinh phí chi trả tiền ăn ở cho học viên đi học.
Chị Lan: Mùa mưa đường núi sạt lở, nhà học viên ở xa nên đi lại mất cả ngày đường.
Ông Tài: Xã thiếu tiền, kinh phí hỗ trợ học viên quá thấp, ngân sách không đủ.
Ông Tài: Đường đèo dốc, mưa lũ sạt lở nên học viên không đến lớp được.
"""


@pytest.fixture()
def topics_dir(tmp_path: Path) -> Path:
    src = tmp_path / "tx"
    src.mkdir()
    for i in range(3):
        site = ["Quảng Nam", "Đắk Lắk", "Lai Châu"][i]
        text = TRANSCRIPT.replace("Hôm nay", f"Tại {site}, hôm nay")
        (src / f"toa_dam_{i}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "chu_de"
    res = CliRunner().invoke(
        cli, ["topics", str(src), "-k", "2", "--min-df", "2", "--out", str(out)], catch_exceptions=False
    )
    assert res.exit_code == 0, res.output
    return out


def _export(path: Path, out: Path, fmt: str) -> None:
    res = CliRunner().invoke(
        cli, ["export", str(path), "--format", fmt, "-o", str(out)], catch_exceptions=False
    )
    assert res.exit_code == 0, res.output


def test_csv_codes_every_statement_with_its_theme(topics_dir, tmp_path):
    _export(topics_dir, tmp_path / "c.csv", "csv")
    codes = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", keep_default_na=False)
    assign = pd.read_csv(topics_dir / "assignments.csv", encoding="utf-8-sig", keep_default_na=False)
    themed = assign[assign["topic"] >= 0]
    assert len(codes) == len(themed)
    assert set(codes["method"]) == {"topic"}
    merged = codes.merge(themed, on="statement_id")
    assert (merged["code"] == merged["label"]).all()
    assert (merged["score"] == merged["weight"]).all()
    statements = pd.read_csv(
        topics_dir / "corpus" / "statements.csv", encoding="utf-8-sig", keep_default_na=False
    )
    text = statements.set_index("statement_id")["text"]
    assert all(codes["excerpt"] == text.loc[codes["statement_id"]].to_numpy())


def test_edited_names_are_the_codes_in_qdpx_qdc_and_xlsx(topics_dir, tmp_path):
    data = yaml.safe_load((topics_dir / "themes.yaml").read_text(encoding="utf-8"))
    data["themes"][0]["name"] = "Thiếu kinh phí"
    (topics_dir / "themes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _export(topics_dir, tmp_path / "p.qdpx", "qdpx")
    codings, sources, codes = read_qdpx(tmp_path / "p.qdpx")
    assert "Thiếu kinh phí" in set(codings["code"])
    assert len(sources) == 3
    _export(topics_dir, tmp_path / "b.qdc", "qdc")
    assert "Thiếu kinh phí" in set(read_qdc(tmp_path / "b.qdc")["code"])
    _export(topics_dir, tmp_path / "a.xlsx", "xlsx")
    _export(topics_dir, tmp_path / "b.xlsx", "xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    sheets = pd.read_excel(tmp_path / "a.xlsx", sheet_name=None)
    assert any("Thiếu kinh phí" in str(df.to_numpy()) for df in sheets.values())


def test_folder_without_corpus_is_one_line_error(topics_dir):
    import shutil

    shutil.rmtree(topics_dir / "corpus")
    with pytest.raises(InputError, match="no corpus/ folder"):
        topics_coded(topics_dir)


def test_report_shows_the_edited_names(topics_dir):
    from vnqual.jobs.report import read_topics_dir

    data = yaml.safe_load((topics_dir / "themes.yaml").read_text(encoding="utf-8"))
    data["themes"][1]["name"] = "Đi lại khó khăn"
    (topics_dir / "themes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    themes = read_topics_dir(topics_dir)
    assert themes.topics.loc[1, "label"] == "Đi lại khó khăn"
