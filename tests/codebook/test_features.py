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


def test_words_in_the_same_contexts_get_close_vectors():
    feat = Featurizer(char_ngrams=False, n_components=0, embedding_dim=20).fit(DOCS)
    wv = feat.w2v_.wv
    assert wv.similarity("quạt", "máy_lạnh") > wv.similarity("quạt", "nhiệt_tình")
    assert wv.similarity("nhiệt_tình", "tận_tâm") > wv.similarity("nhiệt_tình", "nóng")
    X = feat.transform([["quạt"], ["máy_lạnh"], ["tận_tâm"]]).toarray()
    assert X.shape[1] == feat.n_word_features_ + 20
    # "quạt" and "máy_lạnh" share no TF-IDF column, but their statement vectors are close
    assert X[0, : feat.n_word_features_] @ X[1, : feat.n_word_features_] == 0
    v = X[:, feat.n_word_features_ :]
    assert v[0] @ v[1] > v[0] @ v[2]


def test_no_word_occurs_twice_means_no_word_vectors():
    feat = Featurizer(char_ngrams=False, n_components=0, embedding_dim=20).fit([["một"], ["hai"], ["ba"]])
    assert feat.w2v_ is None
    assert feat.transform([["một"]]).shape == (1, feat.n_word_features_)


_SCRIPT = """
import json, sys
from vnqual.codebook._features import Featurizer
docs = json.loads(sys.stdin.read())
feat = Featurizer(char_ngrams=False, n_components=0, embedding_dim=8, random_state=3).fit(docs)
print(json.dumps(feat.w2v_.wv["quạt"].round(6).tolist()))
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
