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


def test_a_full_disk_inside_an_output_folder_names_the_target_file(tmp_path):
    """A real write error (file size limit, EFBIG) while a table is written into the temporary
    folder of atomic_dir names out/assignments.csv, not the hidden temporary path."""
    import subprocess
    import sys
    import textwrap

    out = tmp_path / "chu_de"
    script = textwrap.dedent(
        f"""
        import resource, signal
        import pandas as pd
        from pathlib import Path
        from vnqual._fs import atomic_dir
        from vnqual.errors import OutputError
        from vnqual.tables import write_csv
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        table = pd.DataFrame({{"text": ["Kinh phí bồi dưỡng còn thiếu"] * 2000}})
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            with atomic_dir(Path({str(out)!r}), replaceable=lambda p: True, what="x") as tmp:
                write_csv(table, tmp / "assignments.csv")
        except OutputError as err:
            print(err)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == (
        f"{out / 'assignments.csv'}: cannot write (file too large); choose another output path or check "
        "its permissions"
    )
    assert list(tmp_path.iterdir()) == []  # no temporary folder left


def test_stale_temporary_outputs_of_killed_runs_are_removed_on_the_next_run(tmp_path):
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    pid = int(dead.stdout)
    stale_file = tmp_path / f".codes.csv.vnq{pid}-ab12.tmp"
    stale_file.write_text("nửa chừng", encoding="utf-8")
    stale_dir = tmp_path / f".chu_de.vnq{pid}-cd34.tmp"
    (stale_dir / "sub").mkdir(parents=True)
    live = tmp_path / f".khac.csv.vnq{os.getpid()}-ef56.tmp"  # this process: in use
    live.write_text("x", encoding="utf-8")
    old_unmarked = tmp_path / ".bao_cao.html.x1y2.tmp"  # an older vnqual's leftover
    old_unmarked.write_text("x", encoding="utf-8")
    os.utime(old_unmarked, (1_000_000_000, 1_000_000_000))
    fresh_unmarked = tmp_path / ".bao_cao.html.z3w4.tmp"  # maybe another run right now
    fresh_unmarked.write_text("x", encoding="utf-8")
    someone_else = tmp_path / ".ghi_chu.tmp"
    someone_else.write_text("x", encoding="utf-8")
    with atomic_write(tmp_path / "bao_cao.html") as fh:
        fh.write("<p>Báo cáo</p>")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["bao_cao.html", live.name, fresh_unmarked.name, someone_else.name])
