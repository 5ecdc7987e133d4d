"""Numeric options are checked by click on every command: a usage error (exit 2), no traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import vnqual.cli._export  # noqa: F401  (registers agree)
import vnqual.cli._report  # noqa: F401
import vnqual.cli._tag  # noqa: F401
import vnqual.cli._topics  # noqa: F401
from vnqual.cli import cli


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "toa_dam.txt").write_text("Ông An: Kinh phí còn thiếu.\n", encoding="utf-8")
    (tmp_path / "x.yaml").write_text(
        "codes:\n  - name: Kinh phí\n    keywords: [kinh phí]\n", encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    "args, option",
    [
        (["topics", "{f}", "--seed", "-1"], "--seed"),
        (["tag", "{f}", "--codebook", "{f}/x.yaml", "--seed", "-1"], "--seed"),
        (["report", "{f}", "--seed", "-1"], "--seed"),
        (["topics", "{f}", "--max-size", "nan"], "--max-size"),
        (["topics", "{f}", "--max-size", "inf"], "--max-size"),
        (["tag", "{f}", "--codebook", "{f}/x.yaml", "--max-size", "inf"], "--max-size"),
        (["agree", "{f}", "{f}", "--max-size", "nan"], "--max-size"),
        (["tokens", "{f}", "--max-size", "-1"], "--max-size"),
    ],
)
def test_bad_numbers_are_usage_errors(folder, args, option):
    result = CliRunner().invoke(cli, [a.format(f=folder) for a in args])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
