"""The output path of every command that writes is checked before any reading or segmenting."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from vnqual.cli import cli
from vnqual.errors import InputError
from vnqual.jobs import outputs


@pytest.fixture()
def transcript(tmp_path):
    path = tmp_path / "toa_dam.txt"
    path.write_text(
        "Chủ trì: Mời các đồng chí.\n\nÔng Nam: Xã còn thiếu kinh phí bồi dưỡng.\n", encoding="utf-8"
    )
    return path


@pytest.fixture()
def read_calls(monkeypatch):
    """Count reads of the input (real reader, only counted)."""
    import vnqual.cli._common as common

    calls = []
    real = common.load_input

    def counted(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(common, "load_input", counted)
    return calls


def test_unrelated_out_folder_fails_before_reading(transcript, tmp_path, read_calls):
    other = tmp_path / "tài_liệu"
    other.mkdir()
    (other / "ghi_chú.txt").write_text("của tôi", encoding="utf-8")
    res = CliRunner().invoke(
        cli, ["tag", str(transcript), "--codebook", "models/codebook_boi_duong.yaml", "--out", str(other)]
    )
    assert res.exit_code != 0
    assert "folder exists and is not a `vnqual tag` output" in res.output
    assert read_calls == []
    assert (other / "ghi_chú.txt").read_text(encoding="utf-8") == "của tôi"


def test_report_under_a_file_fails_before_reading(transcript, tmp_path, monkeypatch):
    import vnqual.cli._report as report

    monkeypatch.setattr(report, "load_input", lambda **kw: pytest.fail("read before the output check"))
    afile = tmp_path / "báo_cáo"
    afile.write_text("x", encoding="utf-8")
    res = CliRunner().invoke(cli, ["report", str(transcript), "-o", str(afile / "r.html")])
    assert res.exit_code != 0
    assert f"{afile} is a file, not a folder" in res.output


def test_checks(tmp_path):
    (tmp_path / "a").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is a file, not a folder"):
        outputs.check_out_file(tmp_path / "a" / "b" / "r.csv")
    with pytest.raises(InputError, match="is a folder"):
        outputs.check_out_file(tmp_path)
    with pytest.raises(InputError, match="exists and is not a folder"):
        outputs.check_command_output("topics", {"out": tmp_path / "a"})
    outputs.check_command_output("topics", {"out": tmp_path / "mới" / "kết_quả"})  # new folder: fine
    outputs.check_command_output("report", {"output": tmp_path / "bao_cao.html"})
