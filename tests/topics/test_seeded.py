from __future__ import annotations

import pytest

from tests.topics._data import planted
from vnqual.errors import InputError, ModelError, VnqualWarning
from vnqual.topics import METHODS, TopicModel, read_seed_words


def test_read_seed_words_normalises_phrases(tmp_path):
    f = tmp_path / "chu_de.yaml"
    f.write_text("Kinh phí: [kinh phí, Ngân sách]\nĐi lại: đường\n", encoding="utf-8")
    assert read_seed_words(f) == {"Kinh phí": ["kinh_phí", "ngân_sách"], "Đi lại": ["đường"]}


@pytest.mark.parametrize(
    "text, message",
    [
        ("Kinh phí: [kinh phí\n", r"chu_de.yaml line \d+: invalid YAML"),
        ("- kinh phí\n- tiền\n", r"chu_de.yaml: expected a mapping 'theme name: \[word, ...\]'"),
        ("Kinh phí: []\n", r"theme 'Kinh phí' must have a non-empty list of words"),
    ],
)
def test_read_seed_words_errors_name_file_and_fix(tmp_path, text, message):
    f = tmp_path / "chu_de.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_seed_words(f)


@pytest.mark.parametrize("method", METHODS)
def test_seeded_topics_land_on_seed_words(method):
    tokens, truth = planted()
    seeds = {"Chuyện tiền": ["kinh phí", "ngân sách"], "Giao thông": ["sạt lở"]}
    tm = TopicModel(3, method=method, seed_words=seeds, random_state=0).fit(tokens)
    info = tm.topic_info().set_index("label")
    assert {"Chuyện tiền", "Giao thông"} <= set(info.index)
    money = int(info.loc["Chuyện tiền", "topic"])
    assert "kinh_phí" in tm.topic_terms_[money][:6]
    assign = tm.document_topics()["topic"].to_numpy()
    money_docs = [a for a, t in zip(assign, truth) if t == 0]
    assert sum(a == money for a in money_docs) / len(money_docs) > 0.9


def test_missing_seed_word_warns_and_empty_theme_fails():
    tokens, _ = planted()
    with pytest.warns(VnqualWarning, match="'Kinh phí' not in the vocabulary.*máy bay"):
        TopicModel(3, seed_words={"Kinh phí": ["kinh phí", "máy bay"]}, random_state=0).fit(tokens)
    with pytest.raises(ModelError, match="no seed word of theme .Bay. occurs"), pytest.warns(VnqualWarning):
        TopicModel(3, seed_words={"Bay": ["máy bay"]}).fit(tokens)


def test_more_themes_than_topics_fails():
    tokens, _ = planted()
    seeds = {"a": ["tiền"], "b": ["xa"], "c": ["sách"]}
    with pytest.raises(ModelError, match="3 seeded themes but k=2"):
        TopicModel(2, seed_words=seeds).fit(tokens)


def test_seed_words_may_be_a_file(tmp_path):
    tokens, _ = planted()
    f = tmp_path / "chu_de.yaml"
    f.write_text("Chuyện tiền: [kinh phí, ngân sách]\nGiao thông: [sạt lở]\n", encoding="utf-8")
    from_file = TopicModel(3, seed_words=str(f), random_state=0).fit(tokens).topic_info()
    inline = TopicModel(
        3, seed_words={"Chuyện tiền": ["kinh phí", "ngân sách"], "Giao thông": ["sạt lở"]}, random_state=0
    ).fit(tokens)
    assert from_file.equals(inline.topic_info())
    with pytest.raises(TypeError, match="expected a vnqual Corpus, got str"):
        TopicModel(3).fit_corpus("corpora/toa-dam-boi-duong")


def test_seed_word_file_refuses_aliases(tmp_path):
    f = tmp_path / "chu_de.yaml"
    f.write_text("Kinh phí: &k [kinh phí, ngân sách]\nTiền: *k\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"chu_de.yaml line 2: YAML aliases"):
        read_seed_words(f)
