"""Result folders: schema_version is written, folders without it (before 0.2.0) still read."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from vnqual.cli import cli
from vnqual.jobs import folders
from vnqual.jobs.report import read_tag_dir, read_topics_dir

CODEBOOK = """\
name: Bồi dưỡng
codes:
  - name: Kinh phí
    keywords: [kinh phí, ngân sách]
  - name: Đi lại
    keywords: [đường, sạt lở]
"""
TEXTS = [
    "Kinh phí bồi dưỡng của xã còn thiếu, ngân sách hỗ trợ rất hạn hẹp.",
    "Đường từ xã lên huyện rất xa, mùa mưa hay sạt lở.",
    "Ngân sách tỉnh chưa đủ kinh phí chi trả cho học viên đi học.",
    "Mùa mưa đường núi sạt lở, học viên đi lại rất vất vả.",
] * 3


@pytest.fixture()
def table(tmp_path: Path) -> Path:
    path = tmp_path / "y_kien.csv"
    pd.DataFrame({"y_kien": TEXTS, "site": ["Quảng Nam", "Lai Châu"] * 6}).to_csv(path, index=False)
    return path


def _run(*args: object) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_tag_run_json_has_schema_version_first_and_old_folders_read(table: Path, tmp_path: Path) -> None:
    codebook = tmp_path / "ma.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    out = tmp_path / "ma_hoa"
    _run("tag", table, "--text-col", "y_kien", "--codebook", codebook, "--keywords-only", "--out", out, "-q")
    run = json.loads((out / folders.RUN_FILE).read_text(encoding="utf-8"))
    assert list(run)[:2] == ["schema_version", "vnqual_version"]
    assert folders.schema_version(run) == folders.SCHEMA_VERSION == 1
    assert list(run)[2:] == list(folders.RUN_KEYS)
    new = read_tag_dir(out)
    # A folder of vnqual 0.1 (no schema_version) reads the same.
    (out / folders.RUN_FILE).write_text(json.dumps(folders.without_schema(run)), encoding="utf-8")
    assert folders.schema_version(json.loads((out / folders.RUN_FILE).read_text(encoding="utf-8"))) == 0
    old = read_tag_dir(out)
    assert new[1:] == old[1:] and new[0].equals(old[0])


def test_topics_params_json_has_schema_version_and_old_folders_read(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "chu_de"
    _run("topics", table, "--text-col", "y_kien", "-k", "2", "--min-df", "1", "--out", out, "-q")
    params = json.loads((out / folders.PARAMS_FILE).read_text(encoding="utf-8"))
    assert params["schema_version"] == 1
    assert set(params) == {"schema_version", "vnqual_version", *folders.PARAMS_KEYS}
    assert list(pd.read_csv(out / folders.TOPICS_FILE, encoding="utf-8-sig").columns) == list(
        folders.TOPICS_COLUMNS
    )
    assigned = pd.read_csv(out / folders.ASSIGNMENTS_FILE, encoding="utf-8-sig")
    assert list(assigned.columns[: len(folders.ASSIGNMENTS_COLUMNS)]) == list(folders.ASSIGNMENTS_COLUMNS)
    new = read_topics_dir(out)
    assert "schema_version" not in new.params  # the folder's format, not a parameter of the run
    (out / folders.PARAMS_FILE).write_text(json.dumps(folders.without_schema(params)), encoding="utf-8")
    old = read_topics_dir(out)
    assert old.params == new.params and old.topics.equals(new.topics)


def test_crosstab_file_names_are_file_safe() -> None:
    assert folders.crosstab_file("site") == "topic_by_site.csv"
    assert folders.crosstab_file("tỉnh/thành") == "topic_by_t_nh_th_nh.csv"
    assert folders.crosstab_file("///") == "topic_by_col.csv"
