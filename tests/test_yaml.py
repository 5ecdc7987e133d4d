"""YAML without aliases: codebooks, seed words, themes and front matter."""

from __future__ import annotations

import pytest

from vnqual._yaml import load_yaml_file, safe_load_no_aliases, safe_yaml_load
from vnqual.codebook import Codebook
from vnqual.errors import CodebookError, InputError


def test_aliases_are_refused_before_they_expand():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b]\n'
    with pytest.raises(InputError, match="bomb.yaml line 2: YAML aliases"):
        safe_yaml_load(bomb, "bomb.yaml")


def test_plain_yaml_reads_like_safe_load_with_line_marks():
    node, data = safe_yaml_load("themes:\n  - {id: 0, name: Kinh phí}\n", "t.yaml")
    assert data == {"themes": [{"id": 0, "name": "Kinh phí"}]}
    assert node.value[0][1].value[0].start_mark.line == 1
    assert safe_yaml_load("", "empty.yaml") == (None, None)


def test_invalid_yaml_and_bad_files_are_one_line(tmp_path):
    with pytest.raises(InputError, match=r"t.yaml line \d+: invalid YAML"):
        safe_yaml_load("a: [1,\n", "t.yaml")
    with pytest.raises(InputError, match="themes file not found"):
        load_yaml_file(tmp_path / "none.yaml", what="themes file")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("tên: Nguyễn".encode("utf-16"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_yaml_file(bad, what="themes file")


# Each level doubles the one before: walked in full it is 2**30 codes, from a file of ~1 KB.
BOMB_LEVELS = "\n".join(f"  - &l{i} {{name: m{i}, children: [*l{i - 1}, *l{i - 1}]}}" for i in range(1, 31))
BOMB_CODEBOOK = f"name: Bom\ncodes:\n  - &l0 {{name: m0, keywords: [kinh phí]}}\n{BOMB_LEVELS}\n"


def test_codebook_with_aliases_is_refused_at_the_first_anchor(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_text(BOMB_CODEBOOK, encoding="utf-8")
    assert path.stat().st_size < 2_000
    with pytest.raises(CodebookError) as info:
        Codebook.load(path)
    assert str(info.value) == f"{path}:4: YAML aliases (*name) are not allowed; write the value out instead"


def test_an_alias_alone_is_refused_too(tmp_path):
    path = tmp_path / "ma.yaml"
    path.write_text(
        "codes:\n  - name: A\n    keywords: [a]\n  - name: B\n    keywords: *x\n", encoding="utf-8"
    )
    with pytest.raises(CodebookError, match=r"ma\.yaml:5: YAML aliases"):
        Codebook.load(path)


def test_seed_words_with_aliases_are_refused(tmp_path):
    from vnqual.topics._seeded import read_seed_words

    path = tmp_path / "chu_de.yaml"
    path.write_text("Kinh phí: &k [kinh phí, ngân sách]\nTài chính: *k\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"chu_de\.yaml line 2: YAML aliases"):
        read_seed_words(path)


def test_front_matter_with_aliases_is_read_as_text_with_a_warning():
    from vnqual.io._metadata import front_matter

    said: list[str] = []
    meta, start = front_matter(
        "---\nsite: &s Quảng Nam\nvenue: *s\n---\nChủ trì: Chào.", source="a.md", warn=said.append
    )
    assert (meta, start) == ({}, 0)
    assert said == [
        "a.md:3: YAML aliases (*name) are not allowed; write the value out instead; read as transcript text"
    ]


def test_plain_yaml_still_loads():
    assert safe_load_no_aliases("Kinh phí: [kinh phí, ngân sách]\n", "x.yaml") == {
        "Kinh phí": ["kinh phí", "ngân sách"]
    }
