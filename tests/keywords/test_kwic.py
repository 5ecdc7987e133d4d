from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.keywords import kwic
from vnqual.keywords._kwic import analysis_form
from vnqual.text.tokenize import segment


def test_every_keyword_is_its_source_slice(corpus):
    for query in ("bồi dưỡng", "xã", "cán bộ", "hoà hợp", "kinh phí bồi dưỡng"):
        got = kwic(corpus, query)
        assert len(got) > 0, query
        for doc_id, start, end, keyword in got[["doc_id", "start_char", "end_char", "keyword"]].values:
            assert corpus.sources[doc_id][start:end] == keyword


def test_finds_the_segmented_word_not_syllables_inside_other_words(corpus):
    xa = kwic(corpus, "xã")
    assert len(xa) == 6
    assert set(xa["keyword"].str.lower()) == {"xã"} and set(xa["token"]) == {"xã"}
    society = kwic(corpus, "xã hội")
    assert society["keyword"].tolist() == ["xã hội"] and society["token"].tolist() == ["xã_hội"]
    training = kwic(corpus, "bồi dưỡng")
    expected = sum(t.count("bồi_dưỡng") for t in corpus.tokens(stopwords=None))
    assert len(training) == expected == 9


def test_phrase_of_several_words(corpus):
    got = kwic(corpus, "kinh phí bồi dưỡng")
    assert len(got) == 4
    assert set(got["token"]) == {"kinh_phí bồi_dưỡng"}
    assert {k.lower() for k in got["keyword"]} == {"kinh phí bồi dưỡng"}


def test_case_and_tone_placement_are_ignored(corpus):
    assert len(kwic(corpus, "XÃ")) == 6
    old = kwic(corpus, "hoà hợp")
    new = kwic(corpus, "hòa hợp")
    assert old["statement_id"].tolist() == new["statement_id"].tolist() == ["QN_toadam-0005"]
    assert old["keyword"].tolist() == ["hoà hợp"]  # verbatim spelling of the transcript
    assert analysis_form("Thuỷ  Lợi") == analysis_form("thủy lợi") == "thủy_lợi"


def test_window_counts_words_not_punctuation(corpus):
    got = kwic(corpus, "tiếng Mông", window=2)
    row = got.iloc[0]
    assert row["left"] == "cần học"
    assert row["right"] == "để làm"
    wide = kwic(corpus, "Đường", window=3).iloc[0]
    assert wide["right"] == "lên bản xa,"  # punctuation up to the next word is kept
    assert wide["left"] == "thiếu kinh phí bồi dưỡng."
    zero = kwic(corpus, "xã", window=0).iloc[0]
    assert zero["statement_id"] == "LC_toadam-0001"
    assert zero["left"] == "" and zero["right"] == "."


def test_context_includes_punctuation_and_stays_in_the_statement(corpus):
    got = kwic(corpus, "Quảng Nam", window=5)
    row = got[got["statement_id"] == "QN_toadam-0002"].iloc[0]
    assert row["left"] == "Ở"
    assert row["right"].startswith(", chương trình bồi dưỡng")
    text = corpus.frame.set_index("statement_id").loc["QN_toadam-0002", "text"]
    assert row["right"] in text


def test_glob_and_regex_match_one_whole_word(corpus):
    glob = kwic(corpus, "bồi*", mode="glob")
    assert set(glob["token"]) == {"bồi_dưỡng"}
    two_letters = kwic(corpus, "x?", mode="glob")
    assert set(two_letters["token"].str.lower()) == {"xã", "xa"}
    regex = kwic(corpus, "xã|xa", mode="regex")
    assert regex["start_char"].tolist() == two_letters["start_char"].tolist()
    assert kwic(corpus, "x", mode="regex").empty  # full match, not search
    hoa = kwic(corpus, "hoà.*", mode="regex")
    assert set(hoa["token"]) == {"hòa_hợp", "hòa_nhập"}


def test_by_puts_the_column_first_and_sorts(corpus):
    got = kwic(corpus, "cán bộ", by="site")
    assert got.columns[0] == "site"
    assert got["site"].tolist() == sorted(got["site"])
    assert {
        "statement_id",
        "speaker",
        "role",
        "level",
        "start_char",
        "end_char",
        "left",
        "keyword",
        "right",
    } <= set(got.columns)


def test_nfd_source_keeps_exact_offsets():
    src = unicodedata.normalize("NFD", "Ông Hùng: Cán bộ xã thiếu kinh phí bồi dưỡng.")
    start = src.index(":") + 2
    frame = pd.DataFrame(
        {
            "doc_id": ["d"],
            "statement_id": ["d-0001"],
            "speaker": ["Ông Hùng"],
            "role": ["participant"],
            "text": [src[start:]],
            "start_char": [start],
            "end_char": [len(src)],
            "source_file": ["d.txt"],
            "turn": [1],
            "line": [1],
        }
    )
    corpus = Corpus(frame, {"d": src})
    got = kwic(corpus, "bồi dưỡng").iloc[0]
    assert src[got["start_char"] : got["end_char"]] == got["keyword"]
    assert unicodedata.normalize("NFC", got["keyword"]) == "bồi dưỡng"


def test_segments_plus_frame_input():
    texts = ["Cán bộ xã thiếu kinh phí.", "Công tác xã hội."]
    frame = pd.DataFrame({"statement_id": ["a", "b"], "text": texts, "start_char": [0, 27]})
    got = kwic(segment(texts), "xã", frame=frame)
    assert got[["statement_id", "start_char", "end_char"]].values.tolist() == [["a", 7, 9]]
    with pytest.raises(InputError, match="'text'"):
        kwic(segment(texts), "xã")


def test_bad_queries(corpus):
    with pytest.raises(
        InputError, match=r"invalid regular expression .*; escape special characters or use mode='glob'$"
    ):
        kwic(corpus, "xã(", mode="regex")
    with pytest.raises(InputError, match="empty search word"):
        kwic(corpus, "  ")
    with pytest.raises(InputError, match="no column 'tinh'"):
        kwic(corpus, "xã", by="tinh")
