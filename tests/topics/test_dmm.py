"""The dmm backend's statement-length normalisation, its persistence and the shards of its EM."""

from __future__ import annotations

import json
import pickle
from concurrent.futures import CancelledError

import numpy as np
import pytest

from tests.topics._data import THEMES, planted
from vnqual.features import term_matrix
from vnqual.topics import TopicModel, _dmm, load_model
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


# -- shards of the EM (the unit of a distributed E-step) --------------------------------------


def _planted_matrix():
    docs, _ = planted()
    vocab = term_matrix(docs)[1].tolist()
    uniq, _, counts = unique_rows(docs)
    return count_matrix(uniq, vocab), counts.astype(float)


def _prior(n: int, k: int) -> np.ndarray:
    P = np.full((n, k), 0.05)
    P[np.arange(n), np.arange(n) % k] += 1.0
    return P / P.sum(axis=1, keepdims=True)


def test_shards_depend_on_the_number_of_rows_only(monkeypatch):
    assert _dmm._shards(0) == [(0, 0)]
    assert _dmm._shards(_dmm.EM_SHARD_ROWS) == [(0, _dmm.EM_SHARD_ROWS)]
    monkeypatch.setattr(_dmm, "EM_SHARD_ROWS", 7)
    assert _dmm._shards(7) == [(0, 7)]
    assert _dmm._shards(20) == [(0, 7), (7, 14), (14, 20)]


@pytest.mark.parametrize("variant", ["plain", "seeds", "statement_prior"])
def test_sharded_em_assigns_like_one_shard_and_is_deterministic(monkeypatch, variant):
    X, w = _planted_matrix()
    seeds = [[0, 1], [5]] if variant == "seeds" else ()
    prior = _prior(X.shape[0], 3) if variant == "statement_prior" else None

    def fit():
        return DMMBackend(3, random_state=0).fit(X, w, seeds, statement_prior=prior)

    whole = fit()
    monkeypatch.setattr(_dmm, "EM_SHARD_ROWS", 7)
    assert len(_dmm._shards(X.shape[0])) > 5
    sharded, again = fit(), fit()
    # the sums over shards differ from the sums over all rows in the last bits only
    np.testing.assert_array_equal(sharded.transform(X).argmax(axis=1), whole.transform(X).argmax(axis=1))
    assert np.allclose(sharded.phi_, whole.phi_) and np.allclose(sharded.pi_, whole.pi_)
    assert sharded.log_likelihood_ == pytest.approx(whole.log_likelihood_, rel=1e-9)
    for name in ("phi_", "pi_", "log_likelihood_", "mean_len_"):
        np.testing.assert_array_equal(getattr(again, name), getattr(sharded, name))


def test_sharded_transform_is_the_transform_of_all_rows(monkeypatch):
    X, w = _planted_matrix()
    backend = DMMBackend(3, random_state=0).fit(X, w)
    whole = backend.transform(X)
    monkeypatch.setattr(_dmm, "EM_SHARD_ROWS", 7)
    np.testing.assert_array_equal(backend.transform(X), whole)  # a row's posterior is its own


class _Handle:
    def __init__(self, value):
        self.value = value


class InProcessEngine:
    """An engine whose 'workers' are this process; put copies values through pickle (as a
    cluster does); with ``lose_at``, that call of map finds its values lost."""

    def __init__(self, lose_at: int | None = None) -> None:
        self.puts = self.maps = 0
        self.lose_at = lose_at

    def put(self, values):
        self.puts += 1
        return [_Handle(pickle.loads(pickle.dumps(v))) for v in values]

    def map(self, func, tasks, shared):
        self.maps += 1
        if self.maps == self.lose_at:
            raise CancelledError("lost dependencies")
        shared = pickle.loads(pickle.dumps(shared))
        for task in tasks:
            args = [t.value if isinstance(t, _Handle) else pickle.loads(pickle.dumps(t)) for t in task]
            yield pickle.loads(pickle.dumps(func(*args, shared)))


@pytest.mark.parametrize("lose_at", [None, 5])
def test_em_through_an_engine_equals_the_sharded_em_here(monkeypatch, lose_at):
    from vnqual import _engine

    X, w = _planted_matrix()
    monkeypatch.setattr(_dmm, "EM_SHARD_ROWS", 7)
    here = DMMBackend(3, random_state=0, n_init=2).fit(X, w)
    engine = InProcessEngine(lose_at)
    with _engine.using(engine):
        remote = DMMBackend(3, random_state=0, n_init=2).fit(X, w)
    for name in ("phi_", "pi_", "log_likelihood_", "bg_", "mean_len_"):
        np.testing.assert_array_equal(getattr(remote, name), getattr(here, name))
    assert engine.maps > 2
    assert engine.puts == (1 if lose_at is None else 2)  # the shards are sent once per fit (lost: again)


def test_one_shard_sends_no_shard_its_restarts_are_tasks():
    from vnqual import _engine

    X, w = _planted_matrix()
    here = DMMBackend(3, random_state=0).fit(X, w)
    engine = InProcessEngine()
    with _engine.using(engine):
        remote = DMMBackend(3, random_state=0).fit(X, w)
        DMMBackend(3, random_state=0, n_init=1).fit(X, w)
    # one shard: the E-steps stay here (no shard is sent); the 8 restarts are one map of tasks
    assert engine.puts == 0 and engine.maps == 1
    for name in ("phi_", "pi_", "log_likelihood_"):
        np.testing.assert_array_equal(getattr(remote, name), getattr(here, name))


def _planted_bags():
    """Count matrix of the distinct bags of 180 planted statements, their counts, the terms,
    each statement's bag and its true theme."""
    docs, truth = planted(60)
    vocab = term_matrix(docs)[1].tolist()
    uniq, inverse, counts = unique_rows(docs)
    return count_matrix(uniq, vocab), counts, vocab, inverse, truth


@pytest.mark.parametrize("seeded", [False, True])
def test_restarts_on_a_sample_find_the_planted_themes(monkeypatch, seeded):
    X, counts, vocab, inverse, truth = _planted_bags()
    seeds = [[vocab.index("kinh_phí")]] if seeded else ()

    def fit():
        return DMMBackend(3, random_state=0).fit(X, counts.astype(float), seeds)

    full = fit()
    monkeypatch.setattr(_dmm, "RESTART_SAMPLE_ROWS", 40)
    calls = []
    real = DMMBackend._restarts_on_sample
    monkeypatch.setattr(DMMBackend, "_restarts_on_sample", lambda self, *a: calls.append(1) or real(self, *a))
    sampled, again = fit(), fit()
    assert len(calls) == 2 and X.shape[0] > 40
    groups = sampled.transform(X).argmax(axis=1)[inverse]
    # every planted theme is one topic, as with the restarts on every statement
    for found in (groups, full.transform(X).argmax(axis=1)[inverse]):
        pairs = set(zip(truth, found.tolist()))
        assert len(pairs) == 3 and len({t for _, t in pairs}) == 3
    assert sampled.log_likelihood_ == pytest.approx(full.log_likelihood_, rel=1e-3)
    for name in ("phi_", "pi_", "log_likelihood_"):
        np.testing.assert_array_equal(getattr(again, name), getattr(sampled, name))


def test_no_sample_for_a_single_start(monkeypatch):
    X, w = _planted_matrix()
    monkeypatch.setattr(_dmm, "RESTART_SAMPLE_ROWS", 5)
    monkeypatch.setattr(DMMBackend, "_restarts_on_sample", lambda *a: pytest.fail("sampled"))
    DMMBackend(3, n_init=1, random_state=0).fit(X, w)
    DMMBackend(3, random_state=0).fit(X, w, statement_prior=_prior(X.shape[0], 3))


@pytest.mark.parametrize("seeded", [False, True])
def test_restarts_on_a_cluster_equal_the_restarts_here(monkeypatch, seeded):
    from vnqual import _engine

    X, counts, vocab, _, _ = _planted_bags()
    seeds = [[vocab.index("kinh_phí")]] if seeded else ()
    monkeypatch.setattr(_dmm, "RESTART_SAMPLE_ROWS", 40)
    here = DMMBackend(3, random_state=0).fit(X, counts.astype(float), seeds)
    engine = InProcessEngine()
    with _engine.using(engine):
        remote = DMMBackend(3, random_state=0).fit(X, counts.astype(float), seeds)
    for name in ("phi_", "pi_", "log_likelihood_"):
        np.testing.assert_array_equal(getattr(remote, name), getattr(here, name))
    assert engine.maps == 1  # the 8 restarts: one map of 8 tasks (the rest: one shard, here)


@pytest.mark.parametrize("sampled", [False, True])
def test_restarts_on_worker_processes_equal_the_restarts_in_one(monkeypatch, sampled):
    from vnqual.topics import _jobs

    X, counts, vocab, _, _ = _planted_bags()
    if sampled:
        monkeypatch.setattr(_dmm, "RESTART_SAMPLE_ROWS", 40)
    fits = {}
    for jobs in (1, 2):
        monkeypatch.setattr(_jobs, "scan_jobs", lambda *a, jobs=jobs: jobs)
        fits[jobs] = DMMBackend(3, random_state=0).fit(X, counts.astype(float))
    for name in ("phi_", "pi_", "log_likelihood_"):
        np.testing.assert_array_equal(getattr(fits[2], name), getattr(fits[1], name))
