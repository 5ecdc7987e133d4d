"""Codes identified by path: the same name under different parents (normal in NVivo)."""

from __future__ import annotations

import textwrap
import zipfile

import pytest

from vnqual.codebook import Codebook
from vnqual.errors import CodebookError

YAML = textwrap.dedent("""\
    name: Bồi dưỡng
    codes:
      - name: Khó khăn
        keywords: [khó khăn]
        children:
          - name: Kinh phí
            keywords: [thiếu kinh phí]
      - name: Giải pháp
        keywords: [giải pháp]
        children:
          - name: Kinh phí
            keywords: [tăng kinh phí]
          - name: Đào tạo
            keywords: [đào tạo]
            children:
              - name: Kinh phí
                keywords: [kinh phí đào tạo]
    """)


def test_repeated_names_under_different_parents_are_known_by_path(tmp_path):
    path = tmp_path / "ma.yaml"
    path.write_text(YAML, encoding="utf-8")
    cb = Codebook.load(path)
    assert cb.names == [
        "Khó khăn",
        "Khó khăn/Kinh phí",
        "Giải pháp",
        "Giải pháp/Kinh phí",
        "Đào tạo",
        "Giải pháp/Đào tạo/Kinh phí",
    ]
    assert cb.has_repeated_names
    assert cb.written_name("Giải pháp/Đào tạo/Kinh phí") == "Kinh phí"
    assert cb.ancestors("Giải pháp/Đào tạo/Kinh phí") == ["Đào tạo", "Giải pháp"]
    assert cb["Giải pháp/Kinh phí"].keywords == ("tăng kinh phí",)
    assert cb.resolve("giải pháp/kinh phí") == "Giải pháp/Kinh phí"
    assert cb.resolve("Kinh phí") is None  # ambiguous: only a path says which
    codes = cb.codes.set_index("code")
    assert codes.loc["Giải pháp/Đào tạo/Kinh phí", "name"] == "Kinh phí"
    assert codes.loc["Giải pháp/Đào tạo/Kinh phí", "parent"] == "Đào tạo"
    assert codes["guid"].nunique() == 6
    # codebook.json keeps it all
    again = Codebook.load(cb.save_json(tmp_path / "codebook.json"))
    assert again.codes.equals(cb.codes)


def test_same_name_under_the_same_parent_is_still_refused(tmp_path):
    path = tmp_path / "ma.yaml"
    path.write_text(YAML.replace("- name: Đào tạo", "- name: Kinh phí"), encoding="utf-8")
    with pytest.raises(
        CodebookError, match=r"ma\.yaml:13: code name 'Kinh phí' is already used under 'Giải pháp'"
    ):
        Codebook.load(path)


def test_csv_parent_given_by_path_or_refused_as_ambiguous(tmp_path):
    path = tmp_path / "ma.csv"
    path.write_text(
        "code,parent,keywords\nKhó khăn,,a\nKinh phí,Khó khăn,b\nGiải pháp,,c\nKinh phí,Giải pháp,d\n"
        "Ngân sách,Giải pháp/Kinh phí,e\n",
        encoding="utf-8",
    )
    cb = Codebook.load(path)
    assert cb.path("Ngân sách") == "Giải pháp/Kinh phí/Ngân sách"
    assert cb["Ngân sách"].parent == "Giải pháp/Kinh phí"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Giải pháp/Kinh phí", "Kinh phí"), encoding="utf-8"
    )
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert str(err.value).startswith(f"{path}:6: parent 'Kinh phí' of 'Ngân sách' is ambiguous")


def test_nvivo_qdc_with_repeated_names_loads_and_exports_names_as_written(tmp_path):
    from vnqual.export import to_qdc

    qdc = tmp_path / "nvivo.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 12">'
        "<Codes>"
        '<Code guid="A0000000-0000-0000-0000-000000000001" name="rq1_definition" isCodable="true">'
        '<Code guid="A0000000-0000-0000-0000-000000000002" name="competencies" isCodable="true">'
        '<Code guid="A0000000-0000-0000-0000-000000000003" name="programming" isCodable="true"/></Code>'
        '<Code guid="A0000000-0000-0000-0000-000000000004" name="skills" isCodable="true">'
        '<Code guid="A0000000-0000-0000-0000-000000000005" name="programming" isCodable="true"/></Code>'
        "</Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    cb = Codebook.load(qdc)
    assert "rq1_definition/competencies/programming" in cb.names
    assert "rq1_definition/skills/programming" in cb.names
    assert cb.codes.set_index("code").loc["rq1_definition/skills/programming", "guid"] == (
        "a0000000-0000-0000-0000-000000000005"
    )
    out = to_qdc(cb.codes, tmp_path / "lai.qdc")
    xml = out.read_text(encoding="utf-8")
    assert xml.count('name="programming"') == 2 and "rq1_definition/" not in xml
    assert Codebook.load(out).names == cb.names


def test_qdpx_codings_under_repeated_names_keep_their_code(tmp_path):
    from vnqual.refi import read_qdpx

    ns = "urn:QDA-XML:project:1.0"
    text = "Thiếu kinh phí bồi dưỡng. Đề nghị tăng kinh phí."
    sel = (
        '<PlainTextSelection guid="E0000000-0000-0000-0000-00000000000{i}" startPosition="{a}" '
        'endPosition="{b}"><Coding guid="F0000000-0000-0000-0000-00000000000{i}">'
        '<CodeRef targetGUID="B0000000-0000-0000-0000-00000000000{c}"/></Coding></PlainTextSelection>'
    )
    sels = sel.format(i=1, a=0, b=24, c=2) + sel.format(i=2, a=26, b=48, c=4)
    xml = (
        f'<Project xmlns="{ns}" name="p" origin="NVivo 12"><CodeBook><Codes>'
        '<Code guid="B0000000-0000-0000-0000-000000000001" name="Khó khăn" isCodable="true">'
        '<Code guid="B0000000-0000-0000-0000-000000000002" name="Kinh phí" isCodable="true"/></Code>'
        '<Code guid="B0000000-0000-0000-0000-000000000003" name="Giải pháp" isCodable="true">'
        '<Code guid="B0000000-0000-0000-0000-000000000004" name="Kinh phí" isCodable="true"/></Code>'
        '</Codes></CodeBook><Sources><TextSource guid="D0000000-0000-0000-0000-000000000001" name="a" '
        f'plainTextPath="internal://a.txt">{sels}</TextSource></Sources></Project>'
    )
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", xml)
        zf.writestr("sources/a.txt", text)
    codings, _, codes = read_qdpx(path)
    assert codings[["code", "code_path"]].values.tolist() == [
        ["Khó khăn/Kinh phí", "Khó khăn/Kinh phí"],
        ["Giải pháp/Kinh phí", "Giải pháp/Kinh phí"],
    ]
    assert codes.set_index("code").loc["Giải pháp/Kinh phí", "name"] == "Kinh phí"
