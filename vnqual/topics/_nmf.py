"""NMF on TF-IDF (scikit-learn): sublinear tf, l2-normalised rows, NNDSVD initialisation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp


def _tfidf(X: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    from sklearn.preprocessing import normalize

    T = X.copy().astype(np.float64)
    T.data = 1.0 + np.log(T.data)  # sublinear tf
    return normalize(T @ sp.diags(idf), norm="l2", copy=False).tocsr()


class NMFBackend:
    """Non-negative matrix factorisation of the TF-IDF matrix.

    Seed words (if any) initialise their topic's row of ``H`` (custom init), so the factorisation
    starts from the researcher's themes; unseeded topics start from NNDSVD.
    """

    name = "nmf"

    def __init__(
        self, n_topics: int, *, max_iter: int = 400, l1_ratio: float = 0.0, random_state: int | None = None
    ) -> None:
        self.n_topics = n_topics
        self.max_iter = max_iter
        self.l1_ratio = l1_ratio
        self.random_state = random_state

    def fit(self, X: sp.csr_matrix, weights: np.ndarray, seeds: Sequence[Sequence[int]] = ()) -> NMFBackend:
        import warnings

        from sklearn.decomposition import NMF
        from sklearn.exceptions import ConvergenceWarning

        n = weights.sum()
        df = np.asarray((X > 0).astype(np.float64).T @ weights).ravel()
        self.idf_ = np.log((1.0 + n) / (1.0 + df)) + 1.0
        T = sp.diags(np.sqrt(weights)) @ _tfidf(X, self.idf_)  # duplicates count fully
        init = "nndsvda"
        W0 = H0 = None
        if seeds:
            init = "custom"
            W0, H0 = self._seeded_init(T, seeds)
        model = NMF(
            self.n_topics,
            init=init,
            max_iter=self.max_iter,
            l1_ratio=self.l1_ratio,
            random_state=self.random_state,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(T, W=W0, H=H0)
        self.H_ = model.components_
        return self

    def _seeded_init(self, T: sp.csr_matrix, seeds: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.decomposition._nmf import _initialize_nmf

        W, H = _initialize_nmf(T, self.n_topics, init="nndsvda", random_state=self.random_state)
        scale = H.max()
        for topic, terms in enumerate(seeds):
            H[topic] = H.mean() * 0.1
            H[topic, list(terms)] = scale
        W = np.maximum(np.asarray(T @ H.T), 1e-6) / (H**2).sum(axis=1)
        return W, H

    @property
    def components_(self) -> np.ndarray:
        return self.H_

    def transform(self, X: sp.csr_matrix) -> np.ndarray:
        """Topic weights of each statement (NMF coefficients with ``H`` fixed)."""
        from sklearn.decomposition import non_negative_factorization

        if X.shape[0] == 0:
            return np.zeros((0, self.n_topics))
        W, _, _ = non_negative_factorization(
            _tfidf(X, self.idf_),
            H=self.H_,
            n_components=self.n_topics,
            init="custom",
            update_H=False,
            max_iter=self.max_iter,
            l1_ratio=self.l1_ratio,
        )
        return W

    def reorder(self, order: Sequence[int]) -> None:
        self.H_ = self.H_[list(order)]
        self.n_topics = len(order)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return ({"max_iter": self.max_iter, "l1_ratio": self.l1_ratio}, {"H": self.H_, "idf": self.idf_})

    @classmethod
    def from_state(cls, n_topics: int, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> NMFBackend:
        self = cls(n_topics, **params)
        self.H_, self.idf_ = arrays["H"], arrays["idf"]
        return self

    @staticmethod
    def array_shapes(n_topics: int, n_terms: int) -> dict[str, tuple[int, ...]]:
        return {"H": (n_topics, n_terms), "idf": (n_terms,)}
