"""Scoring statements with fitted code models, here or by partition on a cluster's workers.

The features and probabilities of a statement depend on that statement alone, so any partition
of the statements gives the same scores. On this machine the statements are scored
:data:`SCORE_CHUNK` at a time (memory does not grow with the dense feature blocks of every
statement at once); with a cluster engine (:mod:`vnqual.distributed`), each partition is a task
on a worker, which rebuilds the featurizer and the models once from plain arrays
(:meth:`Featurizer.state`) and keeps them for the run's other partitions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from vnqual.codebook._features import Featurizer
from vnqual.codebook._model import CodeModel, pack_models, unpack_models

#: Statements whose features are computed at once when scoring on this machine.
SCORE_CHUNK = 20_000

#: Per worker process: the scorer of the runs it has served (key -> featurizer and models).
_WORKER_SCORERS: dict[str, tuple[Featurizer, list[CodeModel | None]]] = {}


def proba_matrix(models: Sequence[CodeModel | None], F: Any) -> np.ndarray:
    """Statements x codes probability of each modelled code (0 where a code has no model)."""
    P = np.zeros((F.shape[0], len(models)))
    for j, model in enumerate(models):
        if model is not None:
            P[:, j] = model.predict_proba(F)[:, 1]
    return P


def score_chunk(
    featurizer: Featurizer, models: Sequence[CodeModel | None], words: Sequence[Sequence[str]]
) -> tuple[np.ndarray, Any]:
    """Probabilities and word-feature block (for the evidence) of statements ``words``."""
    X = featurizer.transform(words)
    return proba_matrix(models, X), X[:, : featurizer.n_word_features_]


def score(
    featurizer: Featurizer, models: Sequence[CodeModel | None], words: Sequence[Sequence[str]]
) -> Iterator[tuple[int, np.ndarray, Any]]:
    """``(first row, probabilities, word block)`` of each part of ``words``, in order: on the
    active cluster engine by partition, else :data:`SCORE_CHUNK` rows at a time here."""
    from vnqual import _engine

    n = len(words)
    engine = _engine.active()
    if engine is None or n == 0:
        for lo in range(0, n, SCORE_CHUNK):
            yield (lo, *score_chunk(featurizer, models, words[lo : lo + SCORE_CHUNK]))
        return
    from vnqual._cache_store import digest

    meta, arrays = featurizer.state()
    model_arrays = pack_models(models)
    key = digest("scorer", meta, *arrays.values(), *model_arrays.values())
    shared = (key, meta, arrays, model_arrays)
    parts = engine.partitions(n)
    tasks = [([list(w) for w in words[a:b]],) for a, b in parts]
    for (a, _), (P, X) in zip(parts, engine.map(_score_task, tasks, shared)):
        yield a, P, X


def _score_task(words: list[list[str]], shared: tuple[Any, ...]) -> tuple[np.ndarray, Any]:
    """One partition on a worker (see :func:`score`)."""
    key, meta, arrays, model_arrays = shared
    scorer = _WORKER_SCORERS.get(key)
    if scorer is None:
        _WORKER_SCORERS.clear()  # one run's scorer at a time
        scorer = _WORKER_SCORERS[key] = (Featurizer.from_state(meta, arrays), unpack_models(model_arrays))
    return score_chunk(scorer[0], scorer[1], words)
