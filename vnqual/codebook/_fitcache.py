"""Fitted code models in the result cache, so a rerun with the same inputs refits nothing.

Two kinds of entries (:mod:`vnqual._cache_store`: JSON + ``.npz`` arrays, never a pickle):

* ``code_features``: the fitted :class:`~vnqual.codebook._features.Featurizer` (word vocabulary
  and IDF, LSA components, word vectors), keyed by the word lists it was fitted on and its
  options -- a rerun with another codebook or other hand-coding over the same statements reuses
  the word vectors and the LSA;
* ``code_models``: each code's calibrated model and threshold, keyed by the same word lists, the
  training targets and weights (which encode the codebook's keywords, the hand-coding and the
  weak labels) and the model options.

Both keys include the vnqual version (:func:`vnqual._cache_store.digest`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from vnqual import _cache_store as store_mod
from vnqual.codebook._features import Featurizer
from vnqual.codebook._model import CodeModel

if TYPE_CHECKING:
    from vnqual.codebook._tagger import CodebookTagger

FEATURES_KIND = "code_features"
MODELS_KIND = "code_models"


def store() -> store_mod.ResultStore:
    """The result cache (``VNQUAL_CACHE_DIR`` or the user's cache folder)."""
    return store_mod.ResultStore()


def featurizer(
    store: store_mod.ResultStore | None, docs: Sequence[Sequence[str]], params: dict[str, Any]
) -> Featurizer:
    """``Featurizer(**params).fit(docs)``, read from the cache when it was fitted before."""
    if store is None:
        return Featurizer(**params).fit(docs)
    key = store_mod.digest(FEATURES_KIND, store_mod.token_lists_digest(docs), params)
    entry = store.get(FEATURES_KIND, key)
    if entry is not None:
        try:
            return Featurizer.from_state(*entry)
        except (KeyError, TypeError, ValueError):
            store.delete(FEATURES_KIND, key)
    fitted = Featurizer(**params).fit(docs)
    store.put(FEATURES_KIND, key, *fitted.state())
    return fitted


def models_key(
    tagger: CodebookTagger,
    docs: Sequence[Sequence[str]],
    targets: np.ndarray,
    weights: np.ndarray,
    human: np.ndarray,
) -> str:
    """Key of the code models fitted on ``docs`` with these targets, weights and options."""
    options = {
        "C": tagger.C,
        "random_state": tagger.random_state,
        "char_ngrams": tagger.char_ngrams,
        "n_components": tagger.n_components,
        "embedding_dim": tagger.embedding_dim,
        "embedding_weight": tagger.embedding_weight,
        "codes": [str(c) for c in tagger.classes_],
    }
    return store_mod.digest(
        MODELS_KIND,
        store_mod.token_lists_digest(docs),
        np.ascontiguousarray(targets),
        np.ascontiguousarray(weights, dtype=np.float64),
        np.ascontiguousarray(human),
        options,
    )


def get_models(
    store: store_mod.ResultStore | None, key: str, n_codes: int
) -> tuple[list[Any], np.ndarray, np.ndarray, list[str]] | None:
    """Cached ``(estimators, thresholds, threshold_learned, codes without a model)``, or None."""
    entry = store.get(MODELS_KIND, key) if store is not None else None
    if entry is None:
        return None
    meta, arrays = entry
    try:
        modelled = arrays["modelled"].astype(bool)
        if len(modelled) != n_codes:
            raise ValueError("code count")
        estimators: list[Any] = [None] * n_codes
        for row, j in enumerate(np.flatnonzero(modelled)):
            estimators[j] = CodeModel(
                arrays["coef"][row], arrays["intercept"][row], arrays["a"][row], arrays["b"][row]
            )
        return (
            estimators,
            arrays["thresholds"],
            arrays["threshold_learned"].astype(bool),
            list(meta["skipped"]),
        )
    except (KeyError, IndexError, ValueError, TypeError):
        assert store is not None
        store.delete(MODELS_KIND, key)
        return None


def put_models(store: store_mod.ResultStore | None, key: str, tagger: CodebookTagger) -> None:
    """Store the fitted code models of ``tagger`` under ``key``."""
    if store is None:
        return
    models = [m for m in tagger.estimators_ if m is not None]
    width = len(models[0].coef_) if models else 0
    arrays = {
        "modelled": np.array([m is not None for m in tagger.estimators_], dtype=bool),
        "coef": np.array([m.coef_ for m in models]).reshape(len(models), width),
        "intercept": np.array([m.intercept_ for m in models], dtype=np.float64),
        "a": np.array([m.a_ for m in models], dtype=np.float64),
        "b": np.array([m.b_ for m in models], dtype=np.float64),
        "thresholds": np.asarray(tagger.thresholds_, dtype=np.float64),
        "threshold_learned": np.asarray(tagger.threshold_learned_, dtype=bool),
    }
    store.put(MODELS_KIND, key, {"skipped": list(tagger.untrained_codes_)}, arrays)
