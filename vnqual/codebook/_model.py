"""One code's model: a class-balanced logistic regression with Platt scaling, and its threshold.

The calibration is fitted on out-of-fold decision values (as scikit-learn's
``CalibratedClassifierCV(ensemble=False)`` does), and those out-of-fold probabilities are kept:
they choose the code's ``applies`` threshold on the hand-coded statements without refitting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: Fewest hand-coded statements with and without a code needed to learn its threshold.
MIN_THRESHOLD_ROWS = 10
#: Threshold of a code whose threshold is not learned: the calibrated 0.5.
DEFAULT_THRESHOLD = 0.5


class CodeModel:
    """Linear model of one code: ``p = 1 / (1 + exp(a * (X @ coef + intercept) + b))``.

    Holds only arrays (coefficients and two calibration numbers), no fitted sklearn objects.
    """

    def __init__(self, coef: np.ndarray, intercept: float, a: float, b: float) -> None:
        self.coef_ = np.asarray(coef, dtype=float).ravel()
        self.intercept_ = float(intercept)
        self.a_ = float(a)
        self.b_ = float(b)

    def decision_function(self, X: Any) -> np.ndarray:
        """Raw linear score of each row."""
        return np.asarray(X @ self.coef_).ravel() + self.intercept_

    def predict_proba(self, X: Any) -> np.ndarray:
        """``(n, 2)`` probabilities of "does not apply" / "applies" (scikit-learn layout)."""
        p = _sigmoid(-(self.a_ * self.decision_function(X) + self.b_))
        return np.column_stack([1.0 - p, p])


def pack_models(models: Sequence[CodeModel | None]) -> dict[str, np.ndarray]:
    """One model per code (None: no model) as plain arrays (no pickle); see :func:`unpack_models`."""
    present = [m for m in models if m is not None]
    width = len(present[0].coef_) if present else 0
    return {
        "modelled": np.array([m is not None for m in models], dtype=bool),
        "coef": np.array([m.coef_ for m in present]).reshape(len(present), width),
        "intercept": np.array([m.intercept_ for m in present], dtype=np.float64),
        "a": np.array([m.a_ for m in present], dtype=np.float64),
        "b": np.array([m.b_ for m in present], dtype=np.float64),
    }


def unpack_models(arrays: dict[str, np.ndarray]) -> list[CodeModel | None]:
    """Inverse of :func:`pack_models`."""
    modelled = arrays["modelled"].astype(bool)
    models: list[CodeModel | None] = [None] * len(modelled)
    for row, j in enumerate(np.flatnonzero(modelled)):
        models[j] = CodeModel(
            arrays["coef"][row], arrays["intercept"][row], arrays["a"][row], arrays["b"][row]
        )
    return models


def _sigmoid(z: np.ndarray) -> np.ndarray:
    from scipy.special import expit

    return np.asarray(expit(z))


def fit_code_model(
    F: Any, target: np.ndarray, weight: np.ndarray, *, C: float, random_state: int | None
) -> tuple[CodeModel, np.ndarray | None]:
    """Fit one code's calibrated model; return it and the out-of-fold probabilities (or None).

    With at least 3 positive and 3 negative rows, the decision values of 3 stratified folds
    fit Platt's sigmoid; otherwise the logistic regression's own probabilities are used.
    """
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    base = LogisticRegression(C=C, class_weight="balanced", solver="liblinear")
    n_pos = int(target.sum())
    n_neg = len(target) - n_pos
    oof: np.ndarray | None = None
    a, b = -1.0, 0.0  # p = sigmoid(decision): the regression's own probability
    if min(n_pos, n_neg) >= 3:
        from sklearn.calibration import _sigmoid_calibration

        cv = StratifiedKFold(3, shuffle=True, random_state=random_state)
        dec = np.empty(len(target))
        for train, test in cv.split(np.zeros(len(target)), target):
            fold = clone(base).fit(F[train], target[train], sample_weight=weight[train])
            dec[test] = fold.decision_function(F[test])
        a, b = _sigmoid_calibration(dec, target, weight)
        oof = _sigmoid(-(a * dec + b))
    base.fit(F, target, sample_weight=weight)
    return CodeModel(base.coef_, float(base.intercept_[0]), a, b), oof


def best_threshold(proba: np.ndarray, truth: np.ndarray) -> float:
    """Threshold on ``proba`` that maximises F1 against ``truth`` (0/1); ties: the higher one.

    The threshold sits halfway between the lowest probability predicted positive and the next
    lower one, so it does not hug a single training statement.
    """
    order = np.argsort(-proba, kind="stable")
    p, t = proba[order], truth[order].astype(float)
    tp = np.cumsum(t)
    k = np.arange(1, len(p) + 1)
    f1 = 2 * tp / (k + t.sum())
    # Only cut between distinct probabilities.
    valid = np.append(p[1:] < p[:-1], True)
    f1 = np.where(valid, f1, -1.0)
    best = int(np.argmax(f1))
    if best + 1 < len(p):
        return float((p[best] + p[best + 1]) / 2)
    return float(p[best])
