"""Atomic writes: complete-or-nothing, and ordinary permissions on the result."""
from __future__ import annotations

import os
import stat

import pytest

from vnqual._fs import atomic_dir, atomic_write
from vnqual.errors import InputError


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
    with pytest.raises(InputError, match="is not a vnqual corpus; choose a new --out folder"), \
            atomic_dir(out, replaceable=lambda p: False, what="a vnqual corpus"):
        pass
    assert (out / "chương_1.docx").read_text(encoding="utf-8") == "bản thảo"
    with atomic_dir(out, replaceable=lambda p: True, what="a vnqual corpus") as d:
        (d / "statements.csv").write_text("x", encoding="utf-8")
    assert [p.name for p in out.iterdir()] == ["statements.csv"]
