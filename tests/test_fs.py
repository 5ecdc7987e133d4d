"""Atomic writes: complete-or-nothing, and ordinary permissions on the result."""

from __future__ import annotations

import os
import stat

import pytest

from vnqual._fs import atomic_dir, atomic_write
from vnqual.errors import InputError, OutputError


def test_atomic_write_replaces_only_on_success(tmp_path):
    target = tmp_path / "ket_qua.csv"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("mới")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["ket_qua.csv"]
    with atomic_write(target) as fh:
        fh.write("mới")
    assert target.read_text(encoding="utf-8") == "mới"


def test_outputs_get_umask_permissions_not_private_temp_ones(tmp_path):
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "a.txt") as fh:
            fh.write("x")
        with atomic_dir(tmp_path / "out", replaceable=lambda p: False, what="x") as d:
            (d / "b.txt").write_text("y")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755


def test_atomic_dir_never_replaces_an_unrelated_folder(tmp_path):
    out = tmp_path / "luan_van"
    out.mkdir()
    (out / "chương_1.docx").write_text("bản thảo", encoding="utf-8")
    with (
        pytest.raises(InputError, match="is not a vnqual corpus; choose a new `out` folder"),
        atomic_dir(out, replaceable=lambda p: False, what="a vnqual corpus"),
    ):
        pass
    assert (out / "chương_1.docx").read_text(encoding="utf-8") == "bản thảo"
    with atomic_dir(out, replaceable=lambda p: True, what="a vnqual corpus") as d:
        (d / "statements.csv").write_text("x", encoding="utf-8")
    assert [p.name for p in out.iterdir()] == ["statements.csv"]


def test_write_below_a_file_names_the_target_and_the_file(tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OutputError) as err, atomic_write(blocker / "x" / "ket_qua.csv") as fh:
        fh.write("x")
    assert str(err.value) == (
        f"{blocker / 'x' / 'ket_qua.csv'}: cannot write, {blocker} is a "
        "file, not a folder; choose another output path"
    )
    with (
        pytest.raises(OutputError, match="is a file, not a folder"),
        atomic_dir(blocker / "thu_muc", replaceable=lambda p: False, what="x"),
    ):
        pass


def test_write_onto_a_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="is a folder; give a file name"), atomic_write(tmp_path) as fh:
        fh.write("x")


def test_os_errors_while_publishing_name_the_target_not_the_temp_file(tmp_path, monkeypatch):
    def full_disk(src, dst):
        raise OSError(28, "No space left on device", str(src))

    monkeypatch.setattr(os, "replace", full_disk)
    target = tmp_path / "bao_cao.html"
    with pytest.raises(OutputError) as err, atomic_write(target) as fh:
        fh.write("x")
    assert str(err.value).startswith(f"{target}: cannot write (no space left on device)")
    assert list(tmp_path.iterdir()) == []  # the temporary file is removed


def test_other_os_errors_in_the_block_are_not_blamed_on_the_output(tmp_path):
    with pytest.raises(FileNotFoundError), atomic_write(tmp_path / "a.txt") as fh:
        fh.write((tmp_path / "khong_co.txt").read_text())  # an input error


def test_atomic_dir_names_the_callers_parameter(tmp_path):
    target = tmp_path / "mo_hinh"
    target.write_text("x", encoding="utf-8")
    with (
        pytest.raises(InputError, match="exists and is not a folder; choose another `save`$"),
        atomic_dir(target, replaceable=lambda p: False, what="x", param="save"),
    ):
        pass
