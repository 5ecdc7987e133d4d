"""LDA with gensim ``LdaModel`` (single process, so a ``random_state`` gives identical topics).

Inference for new statements is re-implemented in numpy from the saved topic-word
parameters (the same variational update as gensim, started deterministically), so a saved
model is applied without gensim objects or pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp


def _bow(X: sp.csr_matrix) -> list[list[tuple[int, int]]]:
    return [
        list(
            zip(
                X.indices[X.indptr[i] : X.indptr[i + 1]].tolist(),
                X.data[X.indptr[i] : X.indptr[i + 1]].astype(int).tolist(),
            )
        )
        for i in range(X.shape[0])
    ]


class LDABackend:
    """Latent Dirichlet allocation (gensim), several topics per statement.

    Parameters
    ----------
    alpha, eta : float
        Symmetric document-topic and topic-word priors.
    passes, iterations : int
        gensim training passes over the corpus and inference iterations per document.
    seed_weight : float
        Prior pseudo-counts (eta) of seed words in their topic, relative to the mean topic size.
    """

    name = "lda"

    def __init__(
        self,
        n_topics: int,
        *,
        alpha: float = 0.1,
        eta: float = 0.05,
        passes: int = 10,
        iterations: int = 100,
        seed_weight: float = 0.05,
        random_state: int | None = None,
    ) -> None:
        self.n_topics = n_topics
        self.alpha = alpha
        self.eta = eta
        self.passes = passes
        self.iterations = iterations
        self.seed_weight = seed_weight
        self.random_state = random_state

    def fit(self, X: sp.csr_matrix, weights: np.ndarray, seeds: Sequence[Sequence[int]] = ()) -> LDABackend:
        import logging

        from gensim.models import LdaModel

        k, v = self.n_topics, X.shape[1]
        reps = np.repeat(np.arange(X.shape[0]), weights.astype(int))
        corpus = _bow(X[reps])
        eta: Any = self.eta
        if seeds:
            n_tokens = float(X[reps].sum())
            eta = np.full((k, v), self.eta)
            for topic, terms in enumerate(seeds):
                eta[:, list(terms)] = self.eta * 0.01
                eta[topic, list(terms)] = self.seed_weight * n_tokens / k
        level = logging.getLogger("gensim").level
        logging.getLogger("gensim").setLevel(logging.WARNING)
        try:
            model = LdaModel(
                corpus,
                num_topics=k,
                id2word={i: str(i) for i in range(v)},
                alpha=np.full(k, self.alpha),
                eta=eta,
                passes=self.passes,
                iterations=self.iterations,
                random_state=self.random_state,
                chunksize=max(2000, len(corpus) // 10),
                eval_every=None,
            )
        finally:
            logging.getLogger("gensim").setLevel(level)
        self.lambda_ = model.state.get_lambda().astype(np.float64)
        self.alpha_ = np.asarray(model.alpha, dtype=np.float64)
        return self

    @property
    def components_(self) -> np.ndarray:
        return self.lambda_

    def transform(self, X: sp.csr_matrix, *, max_iter: int = 100, tol: float = 1e-3) -> np.ndarray:
        """Topic proportions of each statement (variational E-step, deterministic start)."""
        from scipy.special import digamma

        n, k = X.shape[0], self.n_topics
        if n == 0:
            return np.zeros((0, k))
        X = X.tocsr()
        log_beta = digamma(self.lambda_) - digamma(self.lambda_.sum(axis=1, keepdims=True))
        exp_beta = np.exp(log_beta)  # k x V
        rows = np.repeat(np.arange(n), np.diff(X.indptr))
        cols = X.indices
        lengths = np.asarray(X.sum(axis=1)).ravel()
        gamma = self.alpha_ + lengths[:, None] / k
        for _ in range(max_iter):
            e_theta = np.exp(digamma(gamma) - digamma(gamma.sum(axis=1, keepdims=True)))
            norm = np.einsum("ik,ik->i", e_theta[rows], exp_beta[:, cols].T) + 1e-100
            S = sp.csr_matrix((X.data / norm, cols, X.indptr), shape=X.shape)
            new = self.alpha_ + e_theta * np.asarray(S @ exp_beta.T)
            change = np.abs(new - gamma).mean()
            gamma = new
            if change < tol:
                break
        return gamma / gamma.sum(axis=1, keepdims=True)

    def reorder(self, order: Sequence[int]) -> None:
        self.lambda_ = self.lambda_[list(order)]
        self.alpha_ = self.alpha_[list(order)]
        self.n_topics = len(order)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        params = {
            "alpha": self.alpha,
            "eta": self.eta,
            "passes": self.passes,
            "iterations": self.iterations,
            "seed_weight": self.seed_weight,
        }
        return params, {"lambda": self.lambda_, "alpha": self.alpha_}

    @classmethod
    def from_state(cls, n_topics: int, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> LDABackend:
        self = cls(n_topics, **params)
        self.lambda_, self.alpha_ = arrays["lambda"], arrays["alpha"]
        return self

    @staticmethod
    def array_shapes(n_topics: int, n_terms: int) -> dict[str, tuple[int, ...]]:
        return {"lambda": (n_topics, n_terms), "alpha": (n_topics,)}
