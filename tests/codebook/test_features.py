"""Statement features of the code model: word vectors learned from the statements themselves."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from vnqual.codebook._features import Featurizer

HOT = [
    "phòng học rất nóng quạt hỏng",
    "phòng học nóng bức quạt không chạy",
    "phòng máy rất nóng máy_lạnh hỏng",
    "phòng máy nóng bức máy_lạnh không chạy",
]
KIND = [
    "thầy giảng rất nhiệt_tình dễ hiểu",
    "cô giảng nhiệt_tình vui vẻ dễ hiểu",
    "thầy dạy rất tận_tâm dễ hiểu",
    "cô dạy tận_tâm vui vẻ dễ hiểu",
]
DOCS = [s.split() for s in (HOT + KIND) * 25]


def _similarity(feat: Featurizer, a: str, b: str) -> float:
    assert feat.word_vectors_ is not None
    va, vb = (feat.word_vectors_[feat.vector_words_.index(w)] for w in (a, b))
    return float(va @ vb / np.linalg.norm(va) / np.linalg.norm(vb))


def test_words_in_the_same_contexts_get_close_vectors():
    feat = Featurizer(char_ngrams=False, n_components=0, embedding_dim=20).fit(DOCS)
    assert _similarity(feat, "quạt", "máy_lạnh") > _similarity(feat, "quạt", "nhiệt_tình")
    assert _similarity(feat, "nhiệt_tình", "tận_tâm") > _similarity(feat, "nhiệt_tình", "nóng")
    X = feat.transform([["quạt"], ["máy_lạnh"], ["tận_tâm"]]).toarray()
    assert X.shape[1] == feat.n_word_features_ + 20
    # "quạt" and "máy_lạnh" share no TF-IDF column, but their statement vectors are close
    assert X[0, : feat.n_word_features_] @ X[1, : feat.n_word_features_] == 0
    v = X[:, feat.n_word_features_ :]
    assert v[0] @ v[1] > v[0] @ v[2]


def test_no_word_occurs_twice_means_no_word_vectors():
    feat = Featurizer(char_ngrams=False, n_components=0, embedding_dim=20).fit([["một"], ["hai"], ["ba"]])
    assert feat.word_vectors_ is None
    assert feat.transform([["một"]]).shape == (1, feat.n_word_features_)


_SCRIPT = """
import json, sys
from vnqual.codebook._features import Featurizer
docs = json.loads(sys.stdin.read())
feat = Featurizer(char_ngrams=False, n_components=0, embedding_dim=8, random_state=3).fit(docs)
print(json.dumps(feat.word_vectors_[feat.vector_words_.index("quạt")].round(6).tolist()))
"""


def test_word_vectors_are_the_same_in_every_process():
    """Python salts str hashes per process; the vectors must not depend on it."""
    runs = []
    for hash_seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            input=json.dumps(DOCS),
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
        )
        runs.append(np.array(json.loads(out.stdout)))
    assert np.array_equal(runs[0], runs[1])


def test_statement_vectors_are_gensims_idf_weighted_means():
    """The vectorised statement vectors equal gensim's ``get_mean_vector`` (the former code)."""
    from gensim.models import KeyedVectors

    feat = Featurizer(char_ngrams=False, n_components=0, embedding_dim=16).fit(DOCS)
    assert feat.word_vectors_ is not None
    kv = KeyedVectors(16)
    kv.add_vectors(feat.vector_words_, feat.word_vectors_)
    idf = dict(zip(feat.words_.get_feature_names_out(), feat.words_.idf_))
    docs = [["quạt", "hỏng", "quạt", "từ_lạ"], ["thầy", "dễ", "hiểu"], ["từ_lạ"]]
    got = feat._embed(docs)
    for doc, row in zip(docs[:2], got):
        known = [w for w in doc if w in kv.key_to_index]
        want = kv.get_mean_vector(
            known, weights=[idf.get(w, 1.0) for w in known], pre_normalize=False, post_normalize=True
        )
        assert np.allclose(row, want, atol=1e-6)
    assert not got[2].any()  # no known word: zeros


def test_state_round_trip_transforms_identically():
    docs = [d + ["xã", "cấp_xã"] for d in DOCS[:40]] + DOCS[40:]
    feat = Featurizer(char_ngrams=True, n_components=12, embedding_dim=8).fit(docs)
    meta, arrays = feat.state()
    json.dumps(meta)  # plain JSON values
    assert all(not a.dtype.hasobject for a in arrays.values())
    back = Featurizer.from_state(json.loads(json.dumps(meta)), arrays)
    probe = [["quạt", "nóng", "xã"], ["cô", "giảng", "từ_lạ"]]
    assert (feat.transform(probe) != back.transform(probe)).nnz == 0
    assert back.n_word_features_ == feat.n_word_features_


def test_words_many_equals_words_statement_by_statement():
    from vnqual.codebook._features import words, words_many
    from vnqual.text.tokenize import segment

    texts = [
        "Cán bộ xã thiếu kinh phí, 3 lớp/năm.",
        "Ông XXX nói: kinh phí bồi dưỡng còn hạn hẹp!",
        "",
        "Cán bộ, công chức cấp xã.",
    ]
    docs = segment(texts)
    assert words_many(docs) == [words(d) for d in docs]
    forms = [[t.form for t in d] for d in docs]
    assert words_many(forms) == [words(f) for f in forms]
    assert words_many(docs)[1][1] == "<tên>"
