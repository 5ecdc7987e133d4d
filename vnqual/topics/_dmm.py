"""One-topic-per-statement model for short texts: a Dirichlet-multinomial mixture fitted by EM.

Each statement is drawn from ONE topic (a word distribution), mixed with a corpus-wide
background distribution that soaks up words common to every topic (Nigam et al. 2000; Yin &
Wang 2014 GSDMM; Zhao et al. 2011 Twitter-LDA). EM on sparse matrices instead of a Gibbs
sampler: every step is a sparse-dense product, so 100k statements take seconds and the result
is exactly reproducible for a given ``random_state``.

The statements are cut into shards of :data:`EM_SHARD_ROWS` rows (fixed by their number alone).
Each E-step is computed shard by shard (:func:`_shard_stats`): a shard's posteriors give its part
of the sufficient statistics (term counts per topic, topic masses, log-likelihood), which are
summed in shard order. With a cluster engine (:mod:`vnqual.distributed`) and more than one shard,
the shards are sent to the workers once and every E-step is one task per shard there (a
distributed EM); the sums are the same additions in the same order, so the fit is the same as on
this machine. One shard is the plain EM on the whole matrix. The EM runs with one BLAS thread, so
its numbers do not depend on the number of cores either.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import CancelledError
from typing import Any

import numpy as np
import scipy.sparse as sp

#: Relative smoothing of topic-word distributions (a share of the mean count per topic and term).
DEFAULT_SMOOTHING = 0.35
#: Share of every statement's words drawn from the background distribution.
DEFAULT_BACKGROUND = 0.3
#: Power of the statement-length normalisation of the E-step (0 = plain mixture model).
DEFAULT_LENGTH_NORM = 1.0
#: Statements per shard of the EM and of :meth:`DMMBackend.transform` (bounds the dense
#: statements x topics blocks; on a cluster, one task per shard and E-step). Read on the driver
#: only: the workers compute the shards they are given.
EM_SHARD_ROWS = 50_000
#: Above this many distinct statements, the random restarts of a fit run on a sample of this many
#: and only the best one goes on with every statement (measured in benchmarks/stream.md: a fit's
#: cost grows with statements x iterations x restarts; on 1M statements the 8 full restarts took
#: most of a run).
RESTART_SAMPLE_ROWS = 50_000
#: Times in a row an E-step sends the shards to the workers again when a worker holding some of
#: them is lost.
SHARD_RESENDS = 3

#: A shard: rows of the count matrix, of the weighted count matrix, their weights, their
#: length scale (rows x 1) and their log prior over topics (rows x k, or 0.0 for none).
Shard = tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray | float]
#: Sufficient statistics of a shard: term counts per topic (k x v), topic masses (k,),
#: log-likelihood and weighted log of the largest posteriors (the restarts' tie-break).
Stats = tuple[np.ndarray, np.ndarray, float, float]
#: A fitted restart: score (log-likelihood + tie-break), topic-word distributions, topic shares,
#: log-likelihood.
_Fit = tuple[float, np.ndarray, np.ndarray, float]


def _lengths(X: sp.csr_matrix) -> np.ndarray:
    """Words per statement (row sums of the count matrix)."""
    return np.asarray(X.sum(axis=1), dtype=np.float64).ravel()


def _length_scale(lens: np.ndarray, mean_len: float, power: float) -> np.ndarray:
    """Per-statement factor on the log-likelihood: ``(length / mean length) ** -power``."""
    if power == 0.0 or mean_len <= 0:
        return np.ones(len(lens))
    return np.where(lens > 0, (np.maximum(lens, 1e-12) / mean_len) ** -power, 1.0)


def _softmax_rows(logits: np.ndarray) -> tuple[np.ndarray, float]:
    m = logits.max(axis=1, keepdims=True)
    p = np.exp(logits - m)
    s = p.sum(axis=1, keepdims=True)
    return p / s, float((m[:, 0] + np.log(s[:, 0])).sum())


def _shards(n: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the shards of ``n`` statements: :data:`EM_SHARD_ROWS` rows each (the
    last one shorter); one shard of every row when ``n`` is at most that."""
    size = max(1, int(EM_SHARD_ROWS))
    if n <= size:
        return [(0, n)]
    return [(a, min(a + size, n)) for a in range(0, n, size)]


def _make_shards(
    X: sp.csr_matrix,
    Xw: sp.csr_matrix,
    weights: np.ndarray,
    scale: np.ndarray,
    log_prior: np.ndarray | float,
    bounds: Sequence[tuple[int, int]],
) -> list[Shard]:
    """The rows ``[a, b)`` of each input for every bound; one shard holds the inputs themselves."""
    if len(bounds) == 1:
        return [(X, Xw, weights, scale, log_prior)]
    return [
        (
            _row_view(X, a, b),
            _row_view(Xw, a, b),
            weights[a:b],
            scale[a:b],
            log_prior[a:b] if isinstance(log_prior, np.ndarray) else log_prior,
        )
        for a, b in bounds
    ]


def _row_view(X: sp.csr_matrix, a: int, b: int) -> sp.csr_matrix:
    """Rows ``[a, b)`` of ``X`` sharing its data (``X[a:b]`` would copy it): the same matrix."""
    s, e = int(X.indptr[a]), int(X.indptr[b])
    return sp.csr_matrix((X.data[s:e], X.indices[s:e], X.indptr[a : b + 1] - s), shape=(b - a, X.shape[1]))


def _posterior_stats(Xw: sp.csr_matrix, weights: np.ndarray, R: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Term counts per topic (k x v) and topic masses (k,) of posteriors ``R`` (rows x k)."""
    return np.asarray(Xw.T @ R).T, R.T @ weights


def _one_blas_thread() -> Any:
    """Context in which BLAS runs on one thread: a threaded matrix-vector product or dot product
    sums in an order that depends on the thread count, so the EM's numbers would depend on the
    machine (and differ between this machine and a worker)."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    return threadpool_limits(1, user_api="blas")


def _shard_stats(shard: Shard, log_mixed_T: np.ndarray, log_pi: np.ndarray) -> Stats:
    """E-step of one shard and its sufficient statistics.

    Parameters
    ----------
    shard : Shard
        Rows of the count matrix, weighted count matrix, weights, length scale and log prior.
    log_mixed_T : numpy.ndarray
        Log of the topic-word distributions mixed with the background, terms x topics.
    log_pi : numpy.ndarray
        Log of the topic shares.

    Returns
    -------
    Stats
        Term counts per topic, topic masses, log-likelihood and the weighted log of every
        statement's largest posterior.
    """
    X, Xw, weights, scale, log_prior = shard
    R, ll = _softmax_rows(np.asarray(X @ log_mixed_T) * scale + log_pi + log_prior)
    counts, mass = _posterior_stats(Xw, weights, R)
    ll_w = float(weights @ np.log(np.maximum(R.max(axis=1), 1e-300)))
    return counts, mass, ll, ll_w


def _shard_task(shard: Shard, params: tuple[np.ndarray, np.ndarray]) -> Stats:
    """:func:`_shard_stats` as a cluster task (one BLAS thread, as on the driver)."""
    with _one_blas_thread():
        return _shard_stats(shard, *params)


def _sum_stats(parts: Sequence[Stats]) -> Stats:
    """Statistics of the shards summed in shard order (one shard: its own)."""
    counts, mass, ll, ll_w = parts[0]
    for c, m, l_b, w_b in parts[1:]:
        counts = counts + c
        mass = mass + m
        ll += l_b
        ll_w += w_b
    return counts, mass, ll, ll_w


def _start_stats(
    R: np.ndarray, bounds: Sequence[tuple[int, int]], shards: Sequence[Shard], seed_mask: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Term counts per topic and topic masses of the starting responsibilities ``R`` (all rows),
    shard by shard; with ``seed_mask`` (k x v), statements containing seed words start in their
    theme."""
    parts: list[Stats] = []
    for (a, b), (X, Xw, weights, _, _) in zip(bounds, shards):
        R_b = R if len(shards) == 1 else R[a:b]
        if seed_mask is not None:
            hits = np.asarray((X > 0).astype(np.float64) @ seed_mask.T)
            R_b = R_b + 4.0 * hits
            R_b /= R_b.sum(axis=1, keepdims=True)
        parts.append((*_posterior_stats(Xw, weights, R_b), 0.0, 0.0))
    counts, mass, _, _ = _sum_stats(parts)
    return counts, mass


class _Estep:
    """The E-steps of a fit: on this machine, or one task per shard on the active cluster engine
    (when there is more than one shard); the shards are sent to the workers once."""

    def __init__(self, shards: list[Shard]) -> None:
        from vnqual import _engine

        self.shards = shards
        self.engine = _engine.active() if len(shards) > 1 else None
        self.handles: list[Any] = []

    def __call__(self, log_mixed_T: np.ndarray, log_pi: np.ndarray) -> Stats:
        """Summed statistics of the E-step with these parameters."""
        if self.engine is None:
            return _sum_stats([_shard_stats(shard, log_mixed_T, log_pi) for shard in self.shards])
        params = (log_mixed_T, log_pi)
        resent = 0
        while True:
            if not self.handles:
                self.handles = self.engine.put(list(self.shards))
            try:
                return _sum_stats(list(self.engine.map(_shard_task, [(h,) for h in self.handles], params)))
            except CancelledError:  # a worker holding shards was lost: send them again
                self.handles = []
                resent += 1
                if resent > SHARD_RESENDS:
                    raise


#: Options of :class:`DMMBackend` besides the number of topics.
_PARAMS = ("smoothing", "background", "n_iter", "n_init", "seed_weight", "length_norm", "random_state")


def _seed_mask(k: int, v: int, seeds: Sequence[Sequence[int]]) -> np.ndarray:
    """Topics x terms: 1 where a term is a seed word of the topic."""
    seed_mask = np.zeros((k, v))
    for topic, terms in enumerate(seeds):
        seed_mask[topic, list(terms)] = 1.0
    return seed_mask


def _random_starts(backend: DMMBackend, X: sp.csr_matrix, seeds: Sequence[Sequence[int]]) -> list[np.ndarray]:
    """The starting responsibilities of ``backend.fit(X, ..., seeds)``'s random restarts (drawn
    from its ``random_state`` in the same order, statements with seed words nudged the same way)."""
    k, n = backend.n_topics, X.shape[0]
    rng = np.random.default_rng(backend.random_state)
    hits = np.asarray((X > 0).astype(np.float64) @ _seed_mask(k, X.shape[1], seeds).T) if seeds else None
    starts = []
    for _ in range(max(1, backend.n_init)):
        R = rng.dirichlet(np.ones(k), size=n)
        if hits is not None:
            R = R + 4.0 * hits
            R /= R.sum(axis=1, keepdims=True)
        starts.append(R)
    return starts


def _restart_task(
    start: np.ndarray, shared: tuple[dict[str, Any], sp.csr_matrix, np.ndarray, list[list[int]]]
) -> _Fit:
    """One random restart as a task: ``(score, phi, pi, log-likelihood)`` of the EM from ``start``."""
    params, X, weights, seeds = shared
    backend = DMMBackend(start.shape[1], **{**params, "n_init": 1}).fit(X, weights, seeds, init=start)
    return backend._score, backend.phi_, backend.pi_, backend.log_likelihood_


class DMMBackend:
    """Mixture of multinomials with a background component (see module docstring).

    Parameters
    ----------
    n_topics : int
        Number of mixture components.
    smoothing : float
        Prior pseudo-counts per topic, relative to the mean count per topic and term; larger
        values give broader topics. The prior is shaped like the square root of the corpus
        term frequencies, so rare terms are not inflated.
    background : float
        Share (0-1) of the words of a statement explained by the background distribution.
    n_iter : int
        EM iterations per restart.
    n_init : int
        Random restarts; the one with the highest likelihood is kept.
    seed_weight : float
        Pseudo-counts given to seed words in their topic, relative to the mean topic size in tokens.
    length_norm : float
        Statement-length normalisation of the topic posterior: each statement's
        log-likelihood is multiplied by ``(length / mean length) ** -length_norm``, so a long
        statement is not assigned with near-certainty just because it has many words (the
        word-independence assumption compounds over its words; cf. length normalisation in
        Rennie et al. 2003). 0 gives the plain mixture model; 1 (default) measured best
        (``benchmarks/topics.md``).
    """

    name = "dmm"

    def __init__(
        self,
        n_topics: int,
        *,
        smoothing: float = DEFAULT_SMOOTHING,
        background: float = DEFAULT_BACKGROUND,
        n_iter: int = 100,
        n_init: int = 8,
        seed_weight: float = 0.05,
        length_norm: float = DEFAULT_LENGTH_NORM,
        random_state: int | None = None,
    ) -> None:
        self.n_topics = n_topics
        self.smoothing = smoothing
        self.background = background
        self.n_iter = n_iter
        self.n_init = n_init
        self.seed_weight = seed_weight
        self.length_norm = length_norm
        self.random_state = random_state
        self.mean_len_ = 0.0

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        X: sp.csr_matrix,
        weights: np.ndarray,
        seeds: Sequence[Sequence[int]] = (),
        *,
        init: np.ndarray | None = None,
        statement_prior: np.ndarray | None = None,
    ) -> DMMBackend:
        """Fit by EM; ``init`` (n x k responsibilities) replaces the random starts (diagnostics).

        ``statement_prior`` (n x k, rows summing to 1, optional): a per-statement prior over topics (an
        earlier run's assignment as the researcher edited it), added to every E-step; it also
        starts the fit when ``init`` is not given.
        """
        k, (n, v) = self.n_topics, X.shape
        Xw = sp.diags(weights) @ X
        tf = np.asarray(Xw.sum(axis=0)).ravel()
        n_tokens = float(tf.sum())
        bg = (tf + 0.5) / (tf + 0.5).sum()
        shape = np.sqrt(bg)
        shape /= shape.mean()
        prior = np.tile(self.smoothing * n_tokens / (k * v) * shape, (k, 1))
        seed_mask = _seed_mask(k, v, seeds)
        if seeds:
            prior += seed_mask * (self.seed_weight * n_tokens / k)
        lam = self.background
        lens = _lengths(X)
        self.mean_len_ = float(np.average(lens, weights=weights)) if n else 0.0
        scale = _length_scale(lens, self.mean_len_, self.length_norm)[:, None]
        rng = np.random.default_rng(self.random_state)
        if statement_prior is not None and init is None:
            init = statement_prior
        log_prior = np.log(statement_prior) if statement_prior is not None else 0.0
        bounds = _shards(n)
        shards = _make_shards(X, Xw, weights, scale, log_prior, bounds)
        del Xw, scale, log_prior  # kept by the shards (one shard: the whole matrices)
        e_step = _Estep(shards)

        def em(counts: np.ndarray, mass: np.ndarray, share: np.ndarray) -> _Fit:
            """EM from these statistics to convergence: (score, phi, pi, log-likelihood)."""
            ll = -np.inf
            for _ in range(self.n_iter):
                phi = counts * share + prior
                phi /= phi.sum(axis=1, keepdims=True)
                mixed = lam * bg + (1.0 - lam) * phi
                share = (1.0 - lam) * phi / mixed
                pi = mass + 1e-3
                pi /= pi.sum()
                counts, mass, new_ll, ll_w = e_step(np.log(mixed).T, np.log(pi))
                converged = abs(new_ll - ll) <= 1e-7 * abs(new_ll)
                ll = new_ll
                if converged:
                    break
            return ll + 1e-9 * ll_w, phi, pi, ll  # ll_w: tie-break only

        n_starts = 1 if init is not None else max(1, self.n_init)
        best: _Fit | None = None
        with _one_blas_thread():  # the same sums on any machine and on the workers
            if n_starts > 1 and n > RESTART_SAMPLE_ROWS:
                # the restarts on a sample; the best one goes on with every statement
                phi_s, pi_s = self._restarts_on_sample(X, weights, seeds, rng)
                mixed = lam * bg + (1.0 - lam) * phi_s
                counts, mass, _, _ = e_step(np.log(mixed).T, np.log(pi_s))
                best = em(counts, mass, (1.0 - lam) * phi_s / mixed)
                n_starts = 0
            elif n_starts > 1 and init is None and len(bounds) == 1:
                # the restarts side by side (the EM of several shards is already spread out)
                best = self._restarts_elsewhere(X, weights, seeds)
                if best is not None:
                    n_starts = 0
            for _ in range(n_starts):
                if init is not None:
                    R = np.array(init, dtype=np.float64)
                else:
                    R = rng.dirichlet(np.ones(k), size=n)
                counts, mass = _start_stats(R, bounds, shards, seed_mask if seeds and init is None else None)
                del R
                result = em(counts, mass, np.ones((k, v)))
                if best is None or result[0] > best[0]:
                    best = result
        assert best is not None
        self._score, self.phi_, self.pi_, self.log_likelihood_ = best
        self.bg_ = bg
        return self

    def _restarts_on_sample(
        self, X: sp.csr_matrix, weights: np.ndarray, seeds: Sequence[Sequence[int]], rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Topic-word distributions and topic shares of the best of the random restarts fitted on
        :data:`RESTART_SAMPLE_ROWS` statements drawn from ``X``."""
        rows = np.sort(rng.choice(X.shape[0], size=RESTART_SAMPLE_ROWS, replace=False))
        sub = DMMBackend(self.n_topics, **{**{p: getattr(self, p) for p in _PARAMS}, "random_state": 0})
        sub.random_state = int(rng.integers(2**32))
        Xs, ws = X[rows], weights[rows]
        best = sub._restarts_elsewhere(Xs, ws, seeds)
        if best is None:
            sub.fit(Xs, ws, seeds)
            return sub.phi_, sub.pi_
        return best[1], best[2]

    def _restarts_elsewhere(
        self, X: sp.csr_matrix, weights: np.ndarray, seeds: Sequence[Sequence[int]]
    ) -> _Fit | None:
        """The best of the random restarts of ``self.fit(X, weights, seeds)``, each restart one
        task on the cluster or on a worker process here, from the starts ``fit`` would draw and
        chosen in restart order as ``fit`` does (the same result); None when they are better run
        here (one restart, one free core, a small input, or already inside a worker)."""
        import multiprocessing

        from vnqual import _engine

        engine = _engine.active()
        if self.n_init <= 1:
            return None
        results: Any
        shared = ({p: getattr(self, p) for p in _PARAMS}, X, weights, [list(t) for t in seeds])
        if engine is not None:
            results = engine.map(_restart_task, [(R,) for R in _random_starts(self, X, seeds)], shared)
        else:
            from vnqual.topics import _jobs

            n_jobs = _jobs.scan_jobs(None, X.shape[0], self.n_init)
            if n_jobs <= 1 or multiprocessing.parent_process() is not None:
                return None
            from joblib import Parallel, delayed

            starts = _random_starts(self, X, seeds)
            results = Parallel(n_jobs=n_jobs, backend="loky")(
                delayed(_restart_task)(R, shared) for R in starts
            )
        best: _Fit | None = None
        for result in results:
            if best is None or result[0] > best[0]:
                best = result
        return best

    # ----------------------------------------------------------- transform
    @property
    def components_(self) -> np.ndarray:
        """Topic-term weights: how much more likely a term is in the topic than in the corpus."""
        return self.phi_

    def transform(self, X: sp.csr_matrix) -> np.ndarray:
        """Posterior probability of each topic for each statement (rows sum to 1)."""
        mixed = self.background * self.bg_ + (1.0 - self.background) * self.phi_
        scale = _length_scale(_lengths(X), self.mean_len_, self.length_norm)[:, None]
        log_mixed_T, log_pi = np.log(mixed).T, np.log(self.pi_)
        bounds = _shards(X.shape[0])
        if len(bounds) == 1:
            R, _ = _softmax_rows(np.asarray(X @ log_mixed_T) * scale + log_pi)
            return R
        out = np.empty((X.shape[0], len(log_pi)))
        for a, b in bounds:  # shard by shard: a statement's posterior depends on its row alone
            out[a:b], _ = _softmax_rows(np.asarray(X[a:b] @ log_mixed_T) * scale[a:b] + log_pi)
        return out

    def reorder(self, order: Sequence[int]) -> None:
        """Permute topics (used to number them by size)."""
        self.phi_ = self.phi_[list(order)]
        self.pi_ = self.pi_[list(order)]
        self.n_topics = len(order)

    # ------------------------------------------------------------- state
    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        params = {
            "smoothing": self.smoothing,
            "background": self.background,
            "n_iter": self.n_iter,
            "n_init": self.n_init,
            "seed_weight": self.seed_weight,
            "length_norm": self.length_norm,
            "mean_len": self.mean_len_,
        }
        return params, {"phi": self.phi_, "pi": self.pi_, "bg": self.bg_}

    @classmethod
    def from_state(cls, n_topics: int, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> DMMBackend:
        params = dict(params)
        mean_len = float(params.pop("mean_len", 0.0))
        params.setdefault("length_norm", 0.0)  # models saved before length_norm existed
        self = cls(n_topics, **params)
        self.phi_, self.pi_, self.bg_ = arrays["phi"], arrays["pi"], arrays["bg"]
        self.mean_len_ = mean_len
        return self

    @staticmethod
    def array_shapes(n_topics: int, n_terms: int) -> dict[str, tuple[int, ...]]:
        return {"phi": (n_topics, n_terms), "pi": (n_topics,), "bg": (n_terms,)}
