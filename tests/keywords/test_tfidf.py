from __future__ import annotations

import pandas as pd
import pytest

from vnqual.errors import EmptyVocabularyError, InputError
from vnqual.keywords import tfidf_terms

TOKENS = [["cán_bộ", "xã", "Lai_Châu", "xã"], ["cán_bộ", "tỉnh", "chuyển_đổi_số"], ["cán_bộ", "hòa"]]
FRAME = pd.DataFrame(
    {
        "doc_id": ["lc", "lc", "qn"],
        "statement_id": ["lc-1", "lc-2", "qn-1"],
        "site": ["Lai Châu", "Lai Châu", "Quảng Nam"],
    }
)


def test_words_are_not_retokenised_lowercased_or_stripped():
    got = tfidf_terms(TOKENS, frame=FRAME, level="statement", top=None)
    assert set(got["token"]) == {"cán_bộ", "xã", "Lai_Châu", "tỉnh", "chuyển_đổi_số", "hòa"}
    assert "Lai Châu" in set(got["term"])


def test_weights_equal_sklearn_on_whitespace_joined_words():
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(token_pattern=r"\S+", lowercase=False)
    weights = vec.fit_transform([" ".join(t) for t in TOKENS]).toarray()
    vocab = vec.vocabulary_
    got = tfidf_terms(TOKENS, frame=FRAME, level="statement", top=None)
    rows = {"lc-1": 0, "lc-2": 1, "qn-1": 2}
    for sid, token, value in zip(got["statement_id"], got["token"], got["tfidf"]):
        assert value == pytest.approx(weights[rows[sid], vocab[token]])


def test_statement_level_ranks_the_unshared_word_first_and_counts_raw():
    got = tfidf_terms(TOKENS, frame=FRAME, level="statement", top=1)
    assert got[["statement_id", "token", "count"]].values.tolist() == [
        ["lc-1", "xã", 2],
        ["lc-2", "chuyển_đổi_số", 1],
        ["qn-1", "hòa", 1],
    ]


def test_document_and_group_levels(corpus):
    docs = tfidf_terms(corpus, top=3)
    assert list(docs.columns[:2]) == ["doc_id", "rank"]
    assert set(docs["doc_id"]) == {"LC_toadam", "QN_toadam"}
    groups = tfidf_terms(corpus, by="site", top=3)
    assert list(groups.columns[:2]) == ["group", "rank"]
    assert "xã" in set(groups.loc[groups["group"] == "Lai Châu", "token"])


def test_level_errors():
    with pytest.raises(InputError, match="needs by="):
        tfidf_terms(TOKENS, frame=FRAME, level="group")
    with pytest.raises(InputError, match="unknown level"):
        tfidf_terms(TOKENS, frame=FRAME, level="speaker")
    with pytest.raises(EmptyVocabularyError, match="min_df"):
        tfidf_terms(TOKENS, frame=FRAME, level="statement", min_df=5)
