from __future__ import annotations

from pathlib import Path

import pytest

from tests.topics._data import planted
from vnqual.errors import InputError
from vnqual.topics import TopicModel
from vnqual.topics._themes import read_themes, renamed_labels, theme_entries, themes_yaml


def _write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "themes.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def _fitted():
    docs, _ = planted(20)
    return TopicModel(3, random_state=0).fit(docs), docs


def test_written_file_reads_back_as_the_same_themes(tmp_path):
    tm, _ = _fitted()
    text = themes_yaml(theme_entries(tm.topic_info(), tm.auto_labels_, tm.topic_terms_))
    plan = read_themes(_write(tmp_path, text))
    assert [t.name for t in plan.themes] == tm.labels_
    assert [t.terms for t in plan.themes] == tm.topic_terms_
    assert not any(t.keep_name for t in plan.themes)  # nothing edited: labels follow the data
    assert plan.n_topics("auto") == 3


def test_rename_merge_drop_pin(tmp_path):
    f = _write(
        tmp_path,
        """themes:
  - {id: 0, name: Kinh phí, label: "kinh phí / ngân sách", terms: [kinh phí, ngân sách]}
  - {id: 1, name: "đường / xa", label: "đường / xa", terms: [đường, xa], merge: [3]}
  - {id: 2, name: "tài liệu / dịch", label: "tài liệu / dịch", terms: [tài liệu], drop: true}
  - {id: 3, name: "mưa / núi", label: "mưa / núi", terms: [mưa, núi]}
  - {id: 4, name: "sách", label: "sách", terms: [sách], pin: true}
""",
    )
    plan = read_themes(f)
    assert [(t.name, t.keep_name, t.ids) for t in plan.themes] == [
        ("Kinh phí", True, [0]),
        ("đường / xa", False, [1, 3]),
        ("sách", True, [4]),
    ]
    assert plan.seed_words()["đường / xa"] == ["đường", "xa", "mưa", "núi"]
    assert plan.dropped == [2]
    assert plan.n_topics(5) == 5
    with pytest.raises(InputError, match="keeps 3 themes but `k` is 2"):
        plan.n_topics(2)


@pytest.mark.parametrize(
    "body, message",
    [
        ("- {id: 0, name: a, terms: [x], merge: [0]}", "line 2: theme 0 merges 0, which is itself"),
        ("- {id: 0, name: a, terms: [x], merge: [7]}", "merges 7, which is no theme id"),
        (
            "- {id: 0, name: a, terms: [x]}\n  - {id: 0, name: b, terms: [y]}",
            "line 3: theme id 0 appears twice",
        ),
        ("- {id: 0, name: a, terms: [x], colour: red}", "unknown key 'colour'"),
        ("- {id: 0, name: a, terms: [x], drop: yes please}", "'drop' must be true or false"),
        ("- {id: 0, name: a, terms: []}", "theme 0 has no 'terms'"),
        ("- {id: 0, name: a, terms: [x]}\n  - {id: 1, name: a, terms: [y]}", "two themes are named 'a'"),
        ("- {id: 0, name: a, terms: [x], drop: true}", "every theme is dropped"),
        ("- {id: x, name: a, terms: [x]}", "'id' must be the theme number"),
    ],
)
def test_mistakes_are_one_line_naming_file_and_line(tmp_path, body, message):
    f = _write(tmp_path, "themes:\n  " + body + "\n")
    with pytest.raises(InputError, match=message) as err:
        read_themes(f)
    assert str(f) in str(err.value) and "\n" not in str(err.value)


def test_aliases_in_a_themes_file_are_refused(tmp_path):
    f = _write(tmp_path, "themes:\n  - &t {id: 0, name: a, terms: [x]}\n  - *t\n")
    with pytest.raises(InputError, match="line 3: YAML aliases"):
        read_themes(f)


def test_not_yaml_or_not_themes(tmp_path):
    with pytest.raises(InputError, match="invalid YAML"):
        read_themes(_write(tmp_path, "themes: [\n"))
    with pytest.raises(InputError, match="expected 'themes:'"):
        read_themes(_write(tmp_path, "- a\n- b\n"))


def test_relabel_keeps_edited_names_and_refreshes_others(tmp_path):
    docs, _ = planted(20)
    f = _write(
        tmp_path,
        """themes:
  - {id: 0, name: Chi phí học, label: "kinh phí / ngân sách", terms: [kinh phí, ngân sách, tiền]}
  - {id: 1, name: "đường / mưa", label: "đường / mưa", terms: [đường, mưa, núi]}
  - {id: 2, name: "tài liệu / dịch", label: "tài liệu / dịch", terms: [tài liệu, dịch], drop: true}
""",
    )
    plan = read_themes(f)
    tm = TopicModel(plan.n_topics("auto"), random_state=0, seed_words=plan.seed_words()).fit(docs)
    plan.relabel(tm)
    assert "Chi phí học" in tm.labels_
    assert len(tm.labels_) == 2
    other = [lab for lab in tm.labels_ if lab != "Chi phí học"][0]
    assert other == tm.auto_labels_[tm.labels_.index(other)]
    assert not any("tài liệu" in lab for lab in tm.labels_)


def test_renamed_labels_apply_names_of_an_edited_file(tmp_path):
    _write(
        tmp_path,
        "themes:\n  - {id: 1, name: Đi lại, terms: [x]}\n  - {id: 0, name: a, terms: [y], drop: true}\n",
    )
    with pytest.warns(UserWarning, match="apply only after"):
        assert renamed_labels(tmp_path / "themes.yaml", ["x / y", "u / v"]) == ["a", "Đi lại"]
    assert renamed_labels(tmp_path / "none.yaml", ["x"]) == ["x"]
