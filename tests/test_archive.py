"""Archive bounds shared by .docx, .xlsx and .qdpx: checked from the zip directory, before inflating."""

from __future__ import annotations

import os
import zipfile

import pytest

from vnqual._archive import MAX_UNCOMPRESSED, archive_problem
from vnqual.errors import InputError
from vnqual.refi import read_qdpx

NS = "urn:QDA-XML:project:1.0"
PROJECT = (
    f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="p"><Sources>'
    '<TextSource guid="DDDDDDDD-0000-0000-0000-000000000001" name="bom" '
    'plainTextPath="internal://bom.txt"/></Sources></Project>'
)


def stream_zeros(zf: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of ``size`` zero bytes, written in 1 MB chunks (never held in memory)."""
    chunk = bytes(1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as fh:
        left = size
        while left > 0:
            fh.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)


def test_qdpx_with_a_highly_compressed_source_is_refused_before_reading(tmp_path):
    path = tmp_path / "bom.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", PROJECT)
        stream_zeros(zf, "sources/bom.txt", 40_000_000)
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError) as info:
        read_qdpx(path)
    message = str(info.value)
    assert message.startswith(f"{path}: compression ratio ")
    assert "(possible zip bomb); refusing to read it" in message and "\n" not in message


def test_one_bomb_member_among_incompressible_ones_is_found(tmp_path):
    path = tmp_path / "lan.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", PROJECT)
        zf.writestr("sources/anh.bin", os.urandom(400_000))
        stream_zeros(zf, "sources/bom.txt", 15_000_000)
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    total = sum(i.file_size for i in infos) / sum(i.compress_size for i in infos)
    assert total < 100  # the archive as a whole looks ordinary
    assert "sources/bom.txt has a compression ratio of" in archive_problem(infos)


def test_declared_size_over_the_bound_is_refused(tmp_path):
    info = zipfile.ZipInfo("sources/to.txt")
    info.file_size, info.compress_size = MAX_UNCOMPRESSED + 1, MAX_UNCOMPRESSED // 2
    assert archive_problem([info]) == "expands to 200 MB, over the 200 MB limit (possible zip bomb)"
    assert archive_problem([info], max_total=2 * MAX_UNCOMPRESSED) is None
    small = zipfile.ZipInfo("a.txt")
    small.file_size, small.compress_size = 9_000_000, 1_000  # under the 10 MB ratio floor
    assert archive_problem([small]) is None
