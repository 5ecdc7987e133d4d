from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from tests.topics._data import THEMES, planted
from vnqual.errors import EmptyVocabularyError, ModelError, VnqualError
from vnqual.topics import METHODS, TopicModel


@pytest.fixture(scope="module")
def docs():
    return planted()


def purity(assign, truth):
    tab = pd.crosstab(pd.Series(assign), pd.Series(truth))
    return tab.max(axis=1).sum() / tab.to_numpy().sum()


@pytest.mark.parametrize("method", METHODS)
def test_fit_recovers_planted_themes(docs, method):
    tokens, truth = docs
    tm = TopicModel(3, method=method, random_state=0).fit(tokens)
    assign = tm.document_topics()["topic"].to_numpy()
    assert tm.n_topics_ == 3
    assert purity(assign, truth) > 0.9


@pytest.mark.parametrize("method", METHODS)
def test_same_random_state_gives_same_topics(docs, method):
    tokens, _ = docs
    a = TopicModel(3, method=method, random_state=5).fit(tokens)
    b = TopicModel(3, method=method, random_state=5).fit(tokens)
    assert a.topic_terms_ == b.topic_terms_
    np.testing.assert_array_equal(a.doc_topic_, b.doc_topic_)
    pd.testing.assert_frame_equal(a.topic_info(), b.topic_info())


def test_topic_info_and_document_topics_columns(docs):
    tokens, _ = docs
    tm = TopicModel(3, random_state=0).fit(tokens, statement_ids=[f"QN-{i:04d}" for i in range(len(tokens))])
    info = tm.topic_info()
    assert list(info.columns) == ["topic", "size", "label", "top_terms", "coherence", "example_statement_ids"]
    assert info["size"].sum() == len(tokens)
    assert list(info["size"]) == sorted(info["size"], reverse=True)  # numbered by size
    assert all(" " in terms or "_" not in terms for terms in info["top_terms"])
    dt = tm.document_topics()
    assert list(dt.columns) == ["statement_id", "topic", "weight"]
    assert dt["statement_id"].iloc[0] == "QN-0000"
    assert dt["weight"].between(0, 1).all()
    for ids in info["example_statement_ids"]:
        assert 1 <= len(ids) <= 3 and len(set(ids)) == len(ids)


def test_labels_show_multiword_terms_with_spaces(docs):
    tokens, _ = docs
    tm = TopicModel(3, random_state=0).fit(tokens)
    joined = " ".join(tm.labels_) + " ".join(tm.topic_info()["top_terms"])
    assert "_" not in joined
    assert tm.topic_terms_[0][0] in {w for ws in THEMES.values() for w in ws}


def test_series_index_gives_statement_ids(docs):
    tokens, _ = docs
    series = pd.Series(tokens, index=pd.Index([f"s{i}" for i in range(len(tokens))], name="statement_id"))
    dt = TopicModel(3, random_state=0).fit(series).document_topics()
    assert dt["statement_id"].tolist()[:2] == ["s0", "s1"]


def test_statement_without_terms_gets_topic_minus_one(docs):
    tokens, _ = docs
    tm = TopicModel(3, random_state=0).fit(tokens + [[], ["từ_hiếm"]])
    dt = tm.document_topics()
    assert dt["topic"].iloc[-2:].tolist() == [-1, -1]
    assert dt["weight"].iloc[-2:].tolist() == [0.0, 0.0]
    W = tm.transform([["kinh_phí", "tiền"], ["không_có"]])
    assert W[0].sum() == pytest.approx(1.0) and W[1].sum() == 0.0


def test_transform_matches_training_assignment(docs):
    tokens, _ = docs
    tm = TopicModel(3, random_state=0).fit(tokens)
    np.testing.assert_allclose(tm.transform(tokens), tm.doc_topic_, atol=1e-9)
    assert list(tm.get_feature_names_out()) == ["topic0", "topic1", "topic2"]


def test_clone_and_get_params_round_trip():
    tm = TopicModel(5, method="nmf", min_df=3, seed_words={"Kinh phí": ["kinh phí"]}, random_state=2)
    params = tm.get_params()
    assert TopicModel(**params).get_params() == params
    twin = clone(tm)
    assert twin.get_params() == params and twin is not tm


def test_not_fitted_error_before_fit():
    tm = TopicModel(3)
    for call in (lambda: tm.transform([["a"]]), tm.topic_info, tm.document_topics, tm.get_feature_names_out):
        with pytest.raises(NotFittedError):
            call()


@pytest.mark.parametrize("bad", ["Kinh phí còn thiếu.", ["Kinh phí còn thiếu.", "Xa quá."]])
def test_str_input_raises_type_error(bad):
    with pytest.raises(TypeError, match="token lists|single str"):
        TopicModel(2).fit(bad)


def test_k_below_two_is_an_error(docs):
    with pytest.raises(ModelError, match="k must be at least 2"):
        TopicModel(1).fit(docs[0])


def test_unknown_method_is_an_error(docs):
    with pytest.raises(ModelError, match="unknown topic method 'bertopic'; choose one of dmm"):
        TopicModel(3, method="bertopic").fit(docs[0])


def test_too_few_statements_for_k(docs):
    with pytest.raises(ModelError, match=r"too few statements for k=10: .* lower -k"):
        TopicModel(10, min_df=1).fit(docs[0][:12])


def test_empty_vocabulary_after_filtering():
    with pytest.raises(EmptyVocabularyError, match=r"no terms left after filtering \(min_df=2"):
        TopicModel(2).fit([["một"], ["hai"], ["ba"]])
    assert issubclass(EmptyVocabularyError, VnqualError)


def test_custom_sklearn_model(docs):
    from sklearn.decomposition import LatentDirichletAllocation

    tokens, truth = docs
    tm = TopicModel(3, model=LatentDirichletAllocation(random_state=0)).fit(tokens)
    assert tm.components_.shape == (tm.n_topics_, len(tm.vocabulary_))
    assert purity(tm.document_topics()["topic"], truth) > 0.8


def test_fit_corpus_uses_statement_ids():
    from vnqual.corpus import Corpus

    texts = [
        "Kinh phí bồi dưỡng còn thiếu.",
        "Ngân sách hỗ trợ kinh phí còn thiếu.",
        "Đường lên xã xa, mùa mưa sạt lở.",
        "Mùa mưa đường sạt lở, đi lại xa.",
    ] * 3
    src = "\n".join(texts)
    starts = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
    frame = pd.DataFrame(
        {
            "doc_id": "QN",
            "statement_id": [f"QN-{i + 1:04d}" for i in range(len(texts))],
            "speaker": "Ông An",
            "role": "participant",
            "text": texts,
            "start_char": starts,
            "end_char": [s + len(t) for s, t in zip(starts, texts)],
            "source_file": "QN.txt",
            "turn": range(1, len(texts) + 1),
            "line": range(1, len(texts) + 1),
        }
    )
    tm = TopicModel(2, random_state=0).fit_corpus(Corpus(frame, {"QN": src}))
    dt = tm.document_topics()
    assert dt["statement_id"].tolist() == frame["statement_id"].tolist()
    assert dt["topic"].iloc[0] == dt["topic"].iloc[1] != dt["topic"].iloc[2]
