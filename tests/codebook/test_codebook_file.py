"""Loading and validating codebooks: YAML (with file:line errors), CSV, JSON, REFI-QDA .qdc."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from vnqual.codebook import Code, Codebook
from vnqual.errors import CodebookError

GOOD = textwrap.dedent("""\
    name: Bồi dưỡng cán bộ xã
    codes:
      - name: Khó khăn
        description: Những khó khăn trong công tác bồi dưỡng
        keywords: [khó khăn, hạn chế]
        examples: ["Kinh phí cho bồi dưỡng còn rất hạn hẹp"]
        exclude: []
        children:
          - name: Thiếu kinh phí
            keywords: [kinh phí, ngân sách]
      - name: Cấp xã
        keywords: [xã, bồi dưỡng*]
        exclude: [xã hội]
    """)


def _write(tmp_path, text, name="ma.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_codebook_gives_codes_table_with_paths(tmp_path):
    cb = Codebook.load(_write(tmp_path, GOOD))
    codes = cb.codes
    assert cb.name == "Bồi dưỡng cán bộ xã"
    assert list(codes.columns[:7]) == [
        "code",
        "path",
        "parent",
        "description",
        "keywords",
        "examples",
        "exclude",
    ]
    row = codes.set_index("code").loc["Thiếu kinh phí"]
    assert row["path"] == "Khó khăn/Thiếu kinh phí"
    assert row["parent"] == "Khó khăn"
    assert row["keywords"] == ["kinh phí", "ngân sách"]
    assert cb.ancestors("Thiếu kinh phí") == ["Khó khăn"]
    assert codes["guid"].str.len().eq(36).all()


def test_resolve_accepts_name_or_path_in_any_case(tmp_path):
    cb = Codebook.load(_write(tmp_path, GOOD))
    assert cb.resolve("khó khăn/thiếu kinh phí") == "Thiếu kinh phí"
    assert cb.resolve("CẤP XÃ") == "Cấp xã"
    assert cb.resolve("Không có") is None


@pytest.mark.parametrize(
    "bad, line, words",
    [
        # duplicate name: reported at the second definition
        (GOOD.replace("- name: Cấp xã", "- name: Khó khăn"), 11, "already used"),
        (GOOD.replace("    exclude: []\n", "    exlude: []\n"), 7, "unknown key 'exlude'"),
        (GOOD.replace("- name: Cấp xã", "- name: ''"), 11, "empty"),
        (GOOD.replace("keywords: [kinh phí, ngân sách]", "keywords: 5"), 10, "must be a list"),
        (GOOD.replace("keywords: [kinh phí, ngân sách]", "keywords: kinh phí"), 10, "fix it to [kinh phí]"),
        (GOOD.replace("[khó khăn, hạn chế]", "[khó khăn, 2020]"), 5, "quoting"),
        (GOOD.replace("exclude: [xã hội]", "exclude: ['*']"), 13, "only wildcards"),
        (GOOD.replace("  - name: Cấp xã\n", "  - name: Cấp xã\n    name: Xã\n"), 12, "appears twice"),
        (GOOD.replace("[xã, bồi dưỡng*]", "[xã, bồi dưỡng*"), 13, "not valid YAML"),
        ("name: trống\n", 1, "no 'codes:'"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path, bad, line, words):
    path = _write(tmp_path, bad)
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message
    assert "fix" in message and "\n" not in message


def test_csv_codebook_with_parents_in_any_order(tmp_path):
    path = tmp_path / "ma.csv"
    path.write_text(
        "code,parent,keywords,description,examples\n"
        'Thiếu kinh phí,Khó khăn,kinh phí; ngân sách,,"Ngân sách eo hẹp; rất khó|Thiếu tiền"\n'
        "Khó khăn,,khó khăn,Các khó khăn,\n",
        encoding="utf-8-sig",
    )
    cb = Codebook.load(path)
    assert cb.path("Thiếu kinh phí") == "Khó khăn/Thiếu kinh phí"
    assert cb["Thiếu kinh phí"].keywords == ("kinh phí", "ngân sách")
    assert cb["Thiếu kinh phí"].examples == ("Ngân sách eo hẹp; rất khó", "Thiếu tiền")


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("code,parent,keywords\nA,,a\nB,Không có,b\n", 3, "parent 'Không có'"),
        ("code,parent,keywords\nA,,a\n,,b\n", 3, "empty code name"),
        ('code,parent,keywords\n"A",,"a\nb"\nA,,c\n', 4, "already used"),
        ("code,cha,keywords\nA,,a\n", 1, "unknown column 'cha'"),
        ("code,parent,keywords\nA,B,a\nB,A,b\n", 2, "own ancestor"),
    ],
)
def test_csv_errors_name_file_and_line(tmp_path, body, line, words):
    path = tmp_path / "ma.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CodebookError, match=words) as err:
        Codebook.load(path)
    assert str(err.value).startswith(f"{path}:{line}: ")


def test_json_round_trip_keeps_every_field(tmp_path):
    cb = Codebook.load(_write(tmp_path, GOOD))
    again = Codebook.load(cb.save_json(tmp_path / "codebook.json"))
    assert again.codes.equals(cb.codes)
    assert again.name == cb.name


def test_qdc_codebook_is_read_through_the_refi_reader(tmp_path):
    from vnqual.export import to_qdc

    cb = Codebook.load(_write(tmp_path, GOOD))
    again = Codebook.load(to_qdc(cb.codes, tmp_path / "ma.qdc"))
    assert again.names == cb.names
    assert again.path("Thiếu kinh phí") == "Khó khăn/Thiếu kinh phí"
    assert again["Thiếu kinh phí"].keywords == ("kinh phí", "ngân sách")


def test_unknown_format_and_missing_file_are_codebook_errors(tmp_path):
    with pytest.raises(CodebookError, match="unknown codebook format"):
        Codebook.load(_write(tmp_path, "x", name="ma.txt"))
    with pytest.raises(CodebookError, match="no such codebook"):
        Codebook.load(tmp_path / "khong_co.yaml")


def test_codes_built_in_python_are_validated():
    with pytest.raises(CodebookError, match="already used"):
        Codebook([Code("Kết quả"), Code("kết quả")])


def test_sample_codebook_has_the_workshop_themes():
    cb = Codebook.load(Path(__file__).resolve().parents[2] / "models" / "codebook_boi_duong.yaml")
    top = [c.name for c in cb if not c.parent]
    assert top == ["Khó khăn", "Vai trò các cấp", "Giải pháp / kiến nghị", "Kinh nghiệm", "Kết quả"]
    assert cb.path("Cấp xã") == "Vai trò các cấp/Cấp xã"
    assert cb.path("Ngôn ngữ / dân tộc thiểu số") == "Khó khăn/Ngôn ngữ / dân tộc thiểu số"
