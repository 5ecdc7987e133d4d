"""One-topic-per-statement model for short texts: a Dirichlet-multinomial mixture fitted by EM.

Each statement is drawn from ONE topic (a word distribution), mixed with a corpus-wide
background distribution that soaks up words common to every topic (Nigam et al. 2000; Yin &
Wang 2014 GSDMM; Zhao et al. 2011 Twitter-LDA). EM on sparse matrices instead of a Gibbs
sampler: every step is a sparse-dense product, so 100k statements take seconds and the result
is exactly reproducible for a given ``random_state``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

#: Relative smoothing of topic-word distributions (a share of the mean count per topic and term).
DEFAULT_SMOOTHING = 0.35
#: Share of every statement's words drawn from the background distribution.
DEFAULT_BACKGROUND = 0.3
#: Power of the statement-length normalisation of the E-step (0 = plain mixture model).
DEFAULT_LENGTH_NORM = 1.0


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
        seed_mask = np.zeros((k, v))
        for topic, terms in enumerate(seeds):
            seed_mask[topic, list(terms)] = 1.0
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
        best: tuple[float, np.ndarray, np.ndarray, float] | None = None
        for _ in range(1 if init is not None else max(1, self.n_init)):
            R = np.array(init, dtype=np.float64) if init is not None else rng.dirichlet(np.ones(k), size=n)
            if seeds and init is None:  # statements containing seed words start in their theme
                hits = np.asarray((X > 0).astype(np.float64) @ seed_mask.T)
                R = R + 4.0 * hits
                R /= R.sum(axis=1, keepdims=True)
            share = np.ones((k, v))
            ll = -np.inf
            for _ in range(self.n_iter):
                counts = np.asarray(Xw.T @ R).T
                phi = counts * share + prior
                phi /= phi.sum(axis=1, keepdims=True)
                mixed = lam * bg + (1.0 - lam) * phi
                share = (1.0 - lam) * phi / mixed
                pi = R.T @ weights + 1e-3
                pi /= pi.sum()
                R, new_ll = _softmax_rows(np.asarray(X @ np.log(mixed).T) * scale + np.log(pi) + log_prior)
                converged = abs(new_ll - ll) <= 1e-7 * abs(new_ll)
                ll = new_ll
                if converged:
                    break
            ll_w = float(weights @ np.log(np.maximum(R.max(axis=1), 1e-300)))  # tie-break only
            score = ll + 1e-9 * ll_w
            if best is None or score > best[0]:
                best = (score, phi, pi, ll)
        assert best is not None
        _, self.phi_, self.pi_, self.log_likelihood_ = best
        self.bg_ = bg
        return self

    # ----------------------------------------------------------- transform
    @property
    def components_(self) -> np.ndarray:
        """Topic-term weights: how much more likely a term is in the topic than in the corpus."""
        return self.phi_

    def transform(self, X: sp.csr_matrix) -> np.ndarray:
        """Posterior probability of each topic for each statement (rows sum to 1)."""
        mixed = self.background * self.bg_ + (1.0 - self.background) * self.phi_
        scale = _length_scale(_lengths(X), self.mean_len_, self.length_norm)[:, None]
        R, _ = _softmax_rows(np.asarray(X @ np.log(mixed).T) * scale + np.log(self.pi_))
        return R

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
