"""The dmm backend's statement-length normalisation and its persistence."""

from __future__ import annotations

import json

import numpy as np

from tests.topics._data import THEMES, planted
from vnqual.features import term_matrix
from vnqual.topics import TopicModel, load_model
from vnqual.topics._dmm import DMMBackend
from vnqual.topics._vocab import unique_rows


def count_matrix(docs, vocab):
    return term_matrix(docs, vocabulary=vocab, dtype=np.float64)[0]


def _fitted(length_norm: float = 1.0):
    docs, _ = planted()
    vocab = term_matrix(docs)[1].tolist()
    uniq, _, counts = unique_rows(docs)
    X = count_matrix(uniq, vocab)
    backend = DMMBackend(3, length_norm=length_norm, random_state=0).fit(X, counts.astype(float))
    return backend, vocab


def test_long_statements_get_softer_posteriors_than_without_normalisation():
    backend, vocab = _fitted()
    theme0, theme1 = list(THEMES.values())[:2]
    mixed = (theme0[:3] + theme1[:2]) * 8  # long, mostly one theme
    X = count_matrix([mixed], vocab)
    soft = backend.transform(X)[0]
    backend.length_norm = 0.0
    hard = backend.transform(X)[0]
    assert soft.argmax() == hard.argmax()
    assert hard.max() > 0.999 and soft.max() < hard.max()


def test_normalised_posterior_is_the_plain_one_tempered_by_length():
    backend, vocab = _fitted()
    assert backend.mean_len_ > 0
    words = list(THEMES.values())[0]
    n = int(round(backend.mean_len_))
    X = count_matrix([[words[i % len(words)] for i in range(n)]], vocab)
    expected = backend.transform(X)[0]
    backend.length_norm = 0.0
    plain = backend.transform(X)[0]
    scale = (n / backend.mean_len_) ** -1.0
    # the normalised posterior is the plain one with log-likelihoods times `scale`
    logp = np.log(plain) - np.log(backend.pi_)
    manual = np.exp(scale * logp + np.log(backend.pi_))
    np.testing.assert_allclose(expected, manual / manual.sum(), rtol=1e-6)


def test_length_norm_is_saved_and_old_models_load_without_it(tmp_path):
    docs, _ = planted()
    model = TopicModel(3, random_state=0).fit(docs)
    model.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert meta["backend_params"]["length_norm"] == 1.0
    assert meta["backend_params"]["mean_len"] > 0
    np.testing.assert_array_equal(load_model(tmp_path / "m").transform(docs), model.transform(docs))
    # a model saved before length_norm existed was fitted without it
    del meta["backend_params"]["length_norm"], meta["backend_params"]["mean_len"]
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    assert load_model(tmp_path / "m").backend_.length_norm == 0.0
