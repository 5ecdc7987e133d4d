"""The fits of a k scan (every k x seed) on several cores (joblib/loky), same results as one core.

Each fit is independent and seeded (``random_state``), so the order in which workers finish
changes nothing. Workers are started only when the scan is large enough to pay for their start-up
(:data:`MIN_STATEMENTS`) and other processes do not already keep every core busy (the rule of
word segmentation, :func:`vnqual.text._words._effective_jobs`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from vnqual.errors import VnqualWarning
from vnqual.topics._jobs import MIN_STATEMENTS, scan_jobs

__all__ = ["MIN_STATEMENTS", "fit_scan", "scan_jobs"]


def _fit_one(
    k: int,
    seed: int,
    docs: Sequence[Sequence[str]],
    statement_ids: Sequence[str] | None,
    texts: Sequence[str] | None,
    params: dict[str, Any],
    whole: bool,
    ship: bool = False,
) -> Any:
    """One fit; the model itself when ``whole``, else only its top terms (all a seed adds).

    ``ship``: the model goes back through a pipe; its copy of ``docs`` is left out."""
    from vnqual.topics._model import TopicModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", VnqualWarning)  # dropped topics show in n_topics
        model = TopicModel(k, random_state=seed, **params).fit(docs, statement_ids=statement_ids, texts=texts)
    if whole:
        if ship:
            model._train_docs = None  # type: ignore[assignment]  # the caller puts its own list back: no copy through the pipe
        return model
    return [list(t) for t in model.topic_terms_]


def _fit_task(k: int, seed: int, whole: bool, shared: tuple[Any, Any, Any, dict[str, Any]]) -> Any:
    """:func:`_fit_one` as a cluster task: ``shared`` is ``(docs, statement_ids, texts, params)``."""
    docs, statement_ids, texts, params = shared
    return _fit_one(k, seed, docs, statement_ids, texts, params, whole, True)


def fit_scan(
    ks: Sequence[int],
    seeds: Sequence[int],
    docs: Sequence[Sequence[str]],
    *,
    statement_ids: Sequence[str] | None,
    texts: Sequence[str] | None,
    params: dict[str, Any],
    jobs: int | None = None,
) -> Iterator[tuple[int, Any, list[list[str]]]]:
    """For each k in order: ``(k, model of the first seed, top terms of every seed)``."""
    from vnqual import _engine

    engine = _engine.active()
    n_jobs = scan_jobs(jobs, len(docs), len(ks) * len(seeds)) if engine is None else 0
    tasks = [(k, s, i == 0) for k in ks for i, s in enumerate(seeds)]
    results: Iterator[Any]
    if engine is not None:  # a cluster (vnqual.distributed): one task per fit, the data sent once
        results = iter(engine.map(_fit_task, tasks, (docs, statement_ids, texts, params)))
    elif n_jobs <= 1:
        results = (_fit_one(k, s, docs, statement_ids, texts, params, True) for k, s, _ in tasks)
    else:
        from joblib import Parallel, delayed

        parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator", pre_dispatch="all")
        results = iter(
            parallel(
                delayed(_fit_one)(k, s, docs, statement_ids, texts, params, whole, True)
                for k, s, whole in tasks
            )
        )
    per_k = len(seeds)
    for k in ks:
        out = [next(results) for _ in range(per_k)]
        first = out[0]
        if first._train_docs is None:
            first._train_docs = [list(d) for d in docs]
        terms = [first.topic_terms_] + [o if isinstance(o, list) else o.topic_terms_ for o in out[1:]]
        yield k, first, terms
