from __future__ import annotations

from collections import Counter

import numpy as np

from vnqual.text.function_words import default_function_words
from vnqual.topics import TopicModel
from vnqual.topics._labels import distinctive_terms, label_topics, make_label, share_function_words

FW = default_function_words()

# Statements of three planted themes drowned in pronouns, light verbs, quantifiers and particles.
MONEY = "tôi thấy kinh_phí bồi_dưỡng còn thiếu , ngân_sách xã làm nhiều việc phải chi_trả"
ROAD = "chúng_tôi đi lại rất xa , đường núi mùa mưa sạt_lở nhiều , phải đi cả ngày"
BOOK = "em nghĩ tài_liệu song_ngữ cần dịch sang tiếng đồng_bào , các bạn làm được"


def _docs(n: int = 12) -> tuple[list[list[str]], list[str]]:
    docs, texts = [], []
    rng = np.random.default_rng(0)
    for _ in range(n):
        for s in (MONEY, ROAD, BOOK):
            words = [w for w in s.split() if w != ","]
            keep = [w for w in words if rng.random() > 0.15 or "_" in w]
            docs.append(keep)
            texts.append(" ".join(w.replace("_", " ") for w in s.split()))
    return docs, texts


def test_labels_and_top_terms_hold_no_function_word():
    docs, texts = _docs()
    tm = TopicModel(3, random_state=0, max_df=0.9).fit(docs, texts=texts)
    for label, terms in zip(tm.labels_, tm.topic_terms_):
        parts = [p for part in label.split(" / ") for p in [part]]
        assert share_function_words(parts, FW) == 0.0, label
        assert not [t for t in terms if t.lower() in FW], terms
    assert {"kinh phí bồi dưỡng"} & {p for lab in tm.labels_ for p in lab.split(" / ")}


def test_same_model_without_the_list_labels_with_function_words():
    # the behaviour the list changes: without it the most relevant words include light verbs
    docs, texts = _docs()
    tm = TopicModel(3, random_state=0, max_df=0.9, function_words=None).fit(docs, texts=texts)
    assert any(t.lower() in FW for terms in tm.topic_terms_ for t in terms)


def test_relevance_ranks_distinctive_over_frequent():
    vocab = ["xã", "kinh_phí", "đường"]
    comp = np.array([[0.5, 0.45, 0.05], [0.5, 0.05, 0.45]])
    tf = np.array([0.5, 0.25, 0.25])  # "xã" is everywhere
    assert distinctive_terms(comp, tf, vocab, n=2) == [["kinh_phí", "xã"], ["đường", "xã"]]
    assert distinctive_terms(comp, tf, vocab, n=2, function_words=frozenset({"xã"})) == [
        ["kinh_phí", "đường"],
        ["đường", "kinh_phí"],
    ]


def test_phrase_needs_to_be_written_together_and_recurrent():
    docs = [["kinh_phí", "bồi_dưỡng", "thiếu"]] * 4 + [["thiếu", "ngân_sách"]] * 4
    together = ["Kinh phí bồi dưỡng thiếu."] * 4 + ["Thiếu ngân sách."] * 4
    apart = ["Kinh phí, bồi dưỡng thiếu."] * 4 + ["Thiếu ngân sách."] * 4
    terms = [["kinh_phí", "bồi_dưỡng", "thiếu", "ngân_sách"]]
    assert label_topics(terms, docs, [0] * 8, texts=together) == ["kinh phí bồi dưỡng / thiếu"]
    assert label_topics(terms, docs, [0] * 8, texts=apart) == ["kinh phí / bồi dưỡng / thiếu"]
    assert label_topics(terms, docs[:2] + docs[4:], [0] * 6, texts=together[:2] + together[4:]) == [
        "kinh phí / bồi dưỡng / thiếu"  # seen twice only: not a phrase yet
    ]


def test_a_word_is_used_once_in_a_label():
    phrases = Counter({("đạt", "chuẩn"): 5, ("chuẩn", "trình_độ"): 5})
    counts = Counter({"đạt": 5, "chuẩn": 8, "trình_độ": 6})
    assert make_label(["đạt", "chuẩn", "trình_độ"], phrases, counts) == "đạt chuẩn / trình độ"


def test_sample_corpus_labels_have_no_function_word(sample_corpus):
    tm = TopicModel(6, random_state=1).fit_corpus(sample_corpus, pos="content")
    parts = [p for lab in tm.labels_ for p in lab.split(" / ")]
    assert share_function_words(parts, FW) == 0.0, tm.labels_
    assert any(" " in p and p.replace(" ", "_") not in tm.vocabulary_ for p in parts), tm.labels_  # a phrase
