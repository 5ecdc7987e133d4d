"""YAML without anchors or aliases: codebooks, seed words and front matter."""

from __future__ import annotations

import pytest

from vnqual._yaml import safe_load_no_aliases
from vnqual.codebook import Codebook
from vnqual.errors import CodebookError, InputError

# Each level doubles the one before: walked in full it is 2**30 codes, from a file of ~1 KB.
BOMB_LEVELS = "\n".join(f"  - &l{i} {{name: m{i}, children: [*l{i - 1}, *l{i - 1}]}}" for i in range(1, 31))
BOMB_CODEBOOK = f"name: Bom\ncodes:\n  - &l0 {{name: m0, keywords: [kinh phí]}}\n{BOMB_LEVELS}\n"


def test_codebook_with_aliases_is_refused_at_the_first_anchor(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_text(BOMB_CODEBOOK, encoding="utf-8")
    assert path.stat().st_size < 2_000
    with pytest.raises(CodebookError) as info:
        Codebook.load(path)
    assert str(info.value) == (
        f"{path}:3: YAML anchors and aliases (&name, *name) are not allowed; write the entries out in full"
    )


def test_an_alias_alone_is_refused_too(tmp_path):
    path = tmp_path / "ma.yaml"
    path.write_text(
        "codes:\n  - name: A\n    keywords: [a]\n  - name: B\n    keywords: *x\n", encoding="utf-8"
    )
    with pytest.raises(CodebookError, match=r"ma\.yaml:5: YAML anchors and aliases"):
        Codebook.load(path)


def test_seed_words_with_aliases_are_refused(tmp_path):
    from vnqual.topics._seeded import read_seed_words

    path = tmp_path / "chu_de.yaml"
    path.write_text("Kinh phí: &k [kinh phí, ngân sách]\nTài chính: *k\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"chu_de\.yaml:1: YAML anchors and aliases"):
        read_seed_words(path)


def test_front_matter_with_aliases_is_read_as_text_with_a_warning():
    from vnqual.io._metadata import front_matter

    said: list[str] = []
    meta, start = front_matter(
        "---\nsite: &s Quảng Nam\nvenue: *s\n---\nChủ trì: Chào.", source="a.md", warn=said.append
    )
    assert (meta, start) == ({}, 0)
    assert said == [
        "a.md:2: YAML anchors and aliases (&name, *name) are not allowed; "
        "write the entries out in full; read as transcript text"
    ]


def test_plain_yaml_still_loads():
    assert safe_load_no_aliases("Kinh phí: [kinh phí, ngân sách]\n", "x.yaml") == {
        "Kinh phí": ["kinh phí", "ngân sách"]
    }
