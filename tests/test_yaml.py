from __future__ import annotations

import pytest

from vnqual._yaml import load_yaml_file, safe_yaml_load
from vnqual.errors import InputError


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
