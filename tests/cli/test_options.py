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


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "{t}", "--out", "{f}/ra"],
        ["tokens", "{t}"],
        ["keywords", "{t}"],
        ["collocations", "{t}"],
        ["kwic", "{t}", "kinh phí"],
        ["topics", "{t}", "-k", "2"],
        ["tag", "{t}", "--codebook", "{f}/x.yaml"],
        ["report", "{t}", "--output", "{f}/bao_cao.html"],
        ["deidentify", "{t}", "--out", "{f}/an_danh"],
    ],
    ids=lambda args: args[0],
)
def test_every_reader_of_transcripts_names_its_own_max_size(folder, args):
    """A file over the limit: one line naming the file and ``--max-size``, which the command has."""
    transcript = folder / "toa_dam.txt"
    command = [a.format(f=folder, t=transcript) for a in args]
    result = CliRunner().invoke(cli, [*command, "--max-size", "0.00001"])
    assert result.exit_code == 1, result.output
    size = transcript.stat().st_size
    assert result.stderr == (
        f"Error: {transcript}: {size} bytes is over the 10 bytes size limit; "
        "split the file or raise --max-size\n"
    )
    assert "--max-size" in CliRunner().invoke(cli, [args[0], "--help"]).output
