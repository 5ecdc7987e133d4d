"""`vnqual export --format xlsx` gives the same bytes for the same input, like the other formats."""

from __future__ import annotations

import os
import time
import zipfile
from datetime import datetime, timezone

import openpyxl
import pandas as pd

from vnqual.export import export, load_coded, to_xlsx

EPOCH = 1593000000  # 2020-06-24T12:00:00Z
EPOCH_UTC = datetime(2020, 6, 24, 12, 0, 0)  # openpyxl reads dcterms dates as naive UTC
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # as in .qdpx


def _core_xml(path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("docProps/core.xml").decode("utf-8")


def test_xlsx_export_is_byte_identical_across_runs(coded_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = export(coded_dir, tmp_path / "a.xlsx", "xlsx")
    time.sleep(1.1)  # zip entry times and openpyxl's "modified" have one-second resolution
    second = export(coded_dir, tmp_path / "b.xlsx", "xlsx")
    assert first.read_bytes() == second.read_bytes()
    core = _core_xml(first)
    assert ">2020-06-24T12:00:00Z</dcterms:created>" in core
    assert ">2020-06-24T12:00:00Z</dcterms:modified>" in core
    with zipfile.ZipFile(first) as zf:
        assert zf.testzip() is None
        assert all(info.date_time == ZIP_DATE for info in zf.infolist())
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in zf.infolist())
    props = openpyxl.load_workbook(first).properties
    assert props.created == EPOCH_UTC and props.modified == EPOCH_UTC


def test_exports_do_not_change_when_the_folder_is_copied(coded_dir, tmp_path, monkeypatch):
    """No clock, no file times: a copy of the folder (new mtimes) exports the same bytes."""
    import shutil

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = export(coded_dir, tmp_path / "a.xlsx", "xlsx")
    qdpx = export(coded_dir, tmp_path / "a.qdpx", "qdpx")
    copy = tmp_path / "ban_sao"
    shutil.copytree(coded_dir, copy)
    later = time.time() + 86_400
    for file in copy.rglob("*"):
        os.utime(file, (later, later))
    again = tmp_path / "lan_2"  # same file names: a .qdpx is named after its file
    assert export(copy, again / "a.xlsx", "xlsx").read_bytes() == out.read_bytes()
    assert export(copy, again / "a.qdpx", "qdpx").read_bytes() == qdpx.read_bytes()
    with zipfile.ZipFile(qdpx) as zf:
        assert 'creationDateTime="1980-01-01T00:00:00Z"' in zf.read("project.qde").decode("utf-8")
    props = openpyxl.load_workbook(out).properties
    assert props.created == props.modified == datetime(1980, 1, 1)


def test_source_date_epoch_wins_over_created(coded_dir, tmp_path, monkeypatch):
    coded = load_coded(coded_dir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    out = to_xlsx(
        coded.codings,
        tmp_path / "a.xlsx",
        codes=coded.codes,
        created=datetime(2001, 2, 3, tzinfo=timezone.utc),
    )
    assert openpyxl.load_workbook(out).properties.created == EPOCH_UTC


def test_reproducible_xlsx_keeps_content_order_and_writes_atomically(coded_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    coded = load_coded(coded_dir)
    out = to_xlsx(coded.codings, tmp_path / "a.xlsx", codes=coded.codes)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert names[0] == "docProps/app.xml" and "[Content_Types].xml" in names
    assert len(names) == len(set(names))
    summary = pd.read_excel(out, sheet_name="Summary")
    assert summary.set_index("code")["n_codings"]["Nhân lực"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "ma_hoa"]  # no temp left
