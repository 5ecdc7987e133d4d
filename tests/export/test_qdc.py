from __future__ import annotations

import pandas as pd
import pytest

from vnqual.errors import InputError
from vnqual.export import export, load_coded, read_qdc, to_qdc


def test_qdc_round_trip_keeps_tree_and_texts(coded_dir, tmp_path):
    coded = load_coded(coded_dir)
    out = export(coded_dir, tmp_path / "bo_ma.qdc", "qdc")
    head = out.read_text(encoding="utf-8")
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in head and "<CodeBook" in head
    back = read_qdc(out).set_index("code")
    orig = coded.codes.set_index("code")
    assert list(back.index) == list(orig.index)
    assert back["parent"].to_dict() == orig["parent"].to_dict()
    assert back["description"].to_dict() == orig["description"].to_dict()
    assert back["keywords"].to_dict() == orig["keywords"].to_dict()
    assert back["examples"].to_dict() == orig["examples"].to_dict()
    assert back["is_codable"].all()
    assert back["guid"].str.fullmatch(r"[0-9a-f-]{36}").all()


def test_qdc_creates_categories_for_parents_that_are_not_codes(tmp_path):
    codes = pd.DataFrame({"code": ["Kinh phí", "Nhân lực"], "parent": ["Nguồn lực", "Nguồn lực"]})
    back = read_qdc(to_qdc(codes, tmp_path / "a.qdc")).set_index("code")
    assert not back.loc["Nguồn lực", "is_codable"]
    assert back.loc["Kinh phí", "path"] == "Nguồn lực/Kinh phí"
    assert back.loc["Nhân lực", "parent"] == "Nguồn lực"


def test_qdc_ignores_a_parent_cycle(tmp_path):
    codes = pd.DataFrame({"code": ["A", "B"], "parent": ["B", "A"]})
    back = read_qdc(to_qdc(codes, tmp_path / "a.qdc"))
    assert sorted(back["code"]) == ["A", "B"]


def test_read_qdc_accepts_vendor_codebook(tmp_path):
    path = tmp_path / "atlas.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti Win 23.4.0">'
        '<Codes><Code guid="{1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294}" name="Chính sách" '
        'color="#46AA00" isCodable="true"><Description>mô tả</Description></Code></Codes>'
        '<Sets><Set name="nhóm" guid="ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0"/></Sets>'
        "</CodeBook>",
        encoding="utf-8",
    )
    back = read_qdc(path)
    assert back["code"].tolist() == ["Chính sách"]
    assert back["guid"].tolist() == ["1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"]
    assert back["description"].tolist() == ["mô tả"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("<CodeBook", "invalid XML"),
        ("<Project xmlns='urn:QDA-XML:project:1.0' name='p'/>", "not a REFI-QDA codebook"),
        ("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>", "without <Codes>"),
    ],
)
def test_read_qdc_errors_name_the_file(tmp_path, content, message):
    path = tmp_path / "hong.qdc"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=f"hong.qdc: .*{message}"):
        read_qdc(path)


def test_to_qdc_refuses_empty_codebook(tmp_path):
    with pytest.raises(InputError, match="no codes"):
        to_qdc(pd.DataFrame({"code": []}), tmp_path / "a.qdc")
