"""term_matrix: the one statements x terms count matrix of keywords and topics."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from vnqual.errors import EmptyVocabularyError
from vnqual.features import term_matrix

DOCS = [
    ["cán_bộ", "xã", "thiếu", "kinh_phí", "xã"],
    ["kinh_phí", "bồi_dưỡng", "cán_bộ"],
    ["Xã", "đào_tạo", "kinh_phí"],
    ["ý_kiến", "cán_bộ", "kinh_phí", "đào_tạo"],
    [],
    ["hoà", "hòa", "ma", "má", "mà"],
]


def _old_vocabulary(docs, *, min_df, max_df, max_terms=None):
    """topics/_vocab.build_vocabulary as it was before term_matrix (reference for equality)."""
    n = len(docs)
    df = Counter(t for doc in docs for t in set(doc))
    limit = max_df * n if max_df < 1.0 else n
    keep = [(c, t) for t, c in df.items() if c >= min_df and c <= limit]
    if max_terms is not None and len(keep) > max_terms:
        keep = sorted(keep, key=lambda ct: (-ct[0], ct[1]))[:max_terms]
    return sorted(t for _, t in keep)


def _old_counts(docs, vocabulary):
    index = {t: i for i, t in enumerate(vocabulary)}
    out = np.zeros((len(docs), len(vocabulary)), dtype=np.int64)
    for i, doc in enumerate(docs):
        for t in doc:
            if t in index:
                out[i, index[t]] += 1
    return out


def test_counts_each_token_of_each_statement():
    X, terms = term_matrix([["cán_bộ", "xã", "xã"], ["xã", "kinh_phí"]])
    assert terms.tolist() == ["cán_bộ", "kinh_phí", "xã"]
    assert X.toarray().tolist() == [[1, 0, 2], [0, 1, 1]]
    assert X.dtype == np.int64 and X.format == "csr"


def test_tokens_are_not_lowercased_split_or_accent_stripped():
    _, terms = term_matrix(DOCS)
    assert {"Xã", "xã", "hoà", "hòa", "ma", "má", "mà", "cán_bộ"} <= set(terms)


def test_vocabulary_is_in_python_string_order():
    _, terms = term_matrix(DOCS)
    assert terms.tolist() == sorted(terms.tolist())


@pytest.mark.parametrize(
    "min_df, max_df, max_terms",
    [(1, 1.0, None), (2, 1.0, None), (1, 0.5, None), (2, 0.5, None), (1, 1.0, 3), (2, 0.7, 2), (1, 0.34, 4)],
)
def test_same_vocabulary_and_counts_as_before(min_df, max_df, max_terms):
    X, terms = term_matrix(DOCS, min_df=min_df, max_df=max_df, max_terms=max_terms)
    vocab = _old_vocabulary(DOCS, min_df=min_df, max_df=max_df, max_terms=max_terms)
    assert terms.tolist() == vocab
    assert (X.toarray() == _old_counts(DOCS, vocab)).all()


def test_min_df_counts_statements_not_occurrences():
    # "xã" occurs twice, but in one statement only ("Xã" is another spelling).
    _, terms = term_matrix(DOCS, min_df=2)
    assert "xã" not in terms
    assert terms.tolist() == ["cán_bộ", "kinh_phí", "đào_tạo"]


def test_max_df_is_a_share_of_statements_even_as_int_one():
    # kinh_phí is in 4 of 6 statements (0.67): dropped at 0.5, kept at 1 (= 100%, not 1 statement).
    assert "kinh_phí" not in term_matrix(DOCS, max_df=0.5)[1]
    assert "kinh_phí" in term_matrix(DOCS, max_df=1)[1]
    assert "kinh_phí" in term_matrix(DOCS, max_df=4 / 6)[1]  # bound included


def test_max_terms_keeps_terms_in_most_statements_ties_alphabetical():
    _, terms = term_matrix(DOCS, max_terms=3)
    # kinh_phí is in 4 statements, cán_bộ in 3, đào_tạo in 2, every other term in 1.
    assert terms.tolist() == ["cán_bộ", "kinh_phí", "đào_tạo"]
    _, four = term_matrix(DOCS, max_terms=4)
    assert four.tolist() == ["Xã", "cán_bộ", "kinh_phí", "đào_tạo"]  # ties in 1 statement: "Xã" first


def test_fixed_vocabulary_keeps_its_order_and_ignores_other_tokens():
    X, terms = term_matrix(DOCS, vocabulary=["xã", "cán_bộ", "không_có"], dtype=np.float64)
    assert terms.tolist() == ["xã", "cán_bộ", "không_có"]
    assert X.dtype == np.float64
    assert X.toarray()[:2].tolist() == [[2.0, 1.0, 0.0], [0.0, 1.0, 0.0]]


def test_empty_fixed_vocabulary_gives_zero_columns():
    X, terms = term_matrix(DOCS, vocabulary=[])
    assert X.shape == (len(DOCS), 0) and terms.size == 0


def test_filtering_everything_names_the_thresholds():
    with pytest.raises(
        EmptyVocabularyError,
        match=r"no terms left after filtering \(min_df=5, max_df=1.0, 6 statements, 13 distinct terms\)",
    ):
        term_matrix(DOCS, min_df=5)


def test_max_df_below_min_df_is_no_terms_not_a_crash():
    with pytest.raises(EmptyVocabularyError, match="lower min_df, raise max_df"):
        term_matrix(DOCS, min_df=3, max_df=0.2)


def test_no_tokens_at_all_says_tokenising():
    with pytest.raises(EmptyVocabularyError, match=r"no terms left after tokenising 2 statement\(s\)"):
        term_matrix([[], []])


@pytest.mark.parametrize("bad", ["cán bộ xã", ["cán_bộ", "xã"]])
def test_texts_instead_of_token_lists_raise_type_error(bad):
    with pytest.raises(TypeError, match="token lists"):
        term_matrix(bad)


@pytest.mark.parametrize(
    "option, match",
    [
        ({"min_df": 0}, "min_df"),
        ({"min_df": 1.5}, "min_df"),
        ({"max_df": 0.0}, "max_df"),
        ({"max_df": 2}, "max_df"),
        ({"max_terms": 0}, "max_terms"),
    ],
)
def test_out_of_range_limits_name_the_parameter(option, match):
    with pytest.raises(ValueError, match=match):
        term_matrix(DOCS, **option)
