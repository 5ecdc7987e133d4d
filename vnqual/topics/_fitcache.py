"""Fit (or scan k for) a topic model once per input: fitted models in the result cache.

A rerun of ``vnqual topics`` over the same token lists and statement ids with the same modelling
options (method, k, seed, vocabulary filters, top terms, seed words) reads the fitted model, its
statement weights, topic table and k scan from :mod:`vnqual._cache_store` instead of fitting
again; changing only ``--out``, ``--by``, quotes or export options keeps the entry valid.

The model is stored in its saved-model format (:mod:`vnqual.topics._io`: ``model.json`` values
and ``arrays.npz`` arrays, no pickle) and read back through the same checks as ``--model``.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual import _cache_store as store_mod

#: Kind of the fitted-model entries in the result cache.
KIND = "topic_fit"


def fit_topics(
    docs: Sequence[Sequence[str]],
    ids: Sequence[str],
    *,
    texts: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    k: int | str,
    seed: int,
    params: dict[str, Any],
    progress: bool = False,
    cache: bool = True,
) -> tuple[Any, pd.DataFrame | None, np.ndarray, pd.DataFrame]:
    """Fit a :class:`~vnqual.topics.TopicModel` with ``k`` topics (or scan k for ``"auto"``).

    Parameters
    ----------
    docs : sequence of list of str
        Token lists, one per statement.
    ids : sequence of str
        Statement ids (they appear in the topic table's example statements).
    texts : sequence of str, optional
        Verbatim texts of the statements (label phrases come from them).
    doc_ids : sequence of str, optional
        Document of each statement (the k scan compares themes with documents).
    k : int or "auto"
        Number of topics, or ``"auto"`` to scan k (:func:`vnqual.topics._select.scan_k`).
    seed : int
        Random seed.
    params : dict
        Other :class:`TopicModel` parameters (``method``, ``min_df``, ``max_df``,
        ``n_top_terms``, ``seed_words``, ``function_words``).
    progress : bool
        Show progress bars while fitting.
    cache : bool
        Read and write the result cache.

    Returns
    -------
    model : TopicModel
        Fitted (or read back) model.
    scan : pandas.DataFrame or None
        The k scan for ``k="auto"``.
    weights : numpy.ndarray
        Statement x topic weights (``model.doc_topic_`` of a fresh fit).
    info : pandas.DataFrame
        ``model.topic_info()``.
    """
    key = None
    store = store_mod.ResultStore() if cache else None
    if store is not None:
        fw = params.get("function_words")
        key = store_mod.digest(
            KIND,
            store_mod.token_lists_digest(docs),
            store_mod.texts_digest([str(i) for i in ids]),
            store_mod.texts_digest(list(texts)) if texts is not None else None,
            store_mod.texts_digest([str(d) for d in doc_ids]) if doc_ids is not None else None,
            {"k": k, "seed": seed, **{n: v for n, v in params.items() if n != "function_words"}},
            _file_bytes(fw) if isinstance(fw, Path) else fw,
        )
        hit = _read(store, key)
        if hit is not None:
            return hit
    with store_mod.using(cache):  # the statement-term matrix is cached too (vnqual.features)
        model, scan = _fit(docs, ids, texts, doc_ids, k=k, seed=seed, params=params, progress=progress)
    weights = np.asarray(model.doc_topic_, dtype=np.float64)
    info = model.topic_info()
    if store is not None and key is not None:
        _write(store, key, model, scan, weights, info)
    return model, scan, weights, info


def _file_bytes(path: Path) -> bytes | str:
    try:
        return path.read_bytes()
    except OSError:
        return str(path)  # the fit reports the problem


def _fit(
    docs: Sequence[Sequence[str]],
    ids: Sequence[str],
    texts: Sequence[str] | None,
    doc_ids: Sequence[str] | None,
    *,
    k: int | str,
    seed: int,
    params: dict[str, Any],
    progress: bool,
) -> tuple[Any, pd.DataFrame | None]:
    from vnqual.topics._model import TopicModel
    from vnqual.topics._select import scan_k

    if k == "auto":
        scan, model = scan_k(
            docs,
            random_state=seed,
            progress=progress,
            statement_ids=list(ids),
            texts=texts,
            doc_ids=list(doc_ids) if doc_ids is not None else None,
            **params,
        )
        return model, scan
    model = TopicModel(int(k), random_state=seed, **params).fit(docs, statement_ids=list(ids), texts=texts)
    return model, None


def _write(
    store: store_mod.ResultStore,
    key: str,
    model: Any,
    scan: pd.DataFrame | None,
    weights: np.ndarray,
    info: pd.DataFrame,
) -> None:
    from vnqual.errors import ModelError
    from vnqual.topics._io import ARRAYS_FILE, JSON_FILE

    with tempfile.TemporaryDirectory(prefix="vnqual-fit-") as tmp:
        try:
            model.save(tmp)
        except ModelError:  # e.g. a custom backend: nothing to cache
            return
        meta_model = json.loads((Path(tmp) / JSON_FILE).read_text(encoding="utf-8"))
        with np.load(Path(tmp) / ARRAYS_FILE, allow_pickle=False) as data:
            arrays = {f"model.{n}": data[n] for n in data.files}
    arrays["weights"] = weights
    meta = {
        "kind": KIND,
        "model": meta_model,
        "info": store_mod.frame_to_json(info),
        "scan": store_mod.frame_to_json(scan) if scan is not None else None,
    }
    store.put(KIND, key, meta, arrays)


def _read(
    store: store_mod.ResultStore, key: str
) -> tuple[Any, pd.DataFrame | None, np.ndarray, pd.DataFrame] | None:
    from vnqual.errors import ModelError
    from vnqual.topics._io import ARRAYS_FILE, JSON_FILE
    from vnqual.topics._model import load_model

    entry = store.get(KIND, key)
    if entry is None:
        return None
    meta, arrays = entry
    try:
        with tempfile.TemporaryDirectory(prefix="vnqual-fit-") as tmp:
            (Path(tmp) / JSON_FILE).write_text(
                json.dumps(meta["model"], ensure_ascii=False), encoding="utf-8"
            )
            model_arrays = {n[len("model.") :]: a for n, a in arrays.items() if n.startswith("model.")}
            np.savez(Path(tmp) / ARRAYS_FILE, **model_arrays)  # type: ignore[arg-type]
            model = load_model(tmp)
        info = store_mod.frame_from_json(meta["info"])
        scan = store_mod.frame_from_json(meta["scan"]) if meta.get("scan") is not None else None
        weights = np.asarray(arrays["weights"], dtype=np.float64)
    except (ModelError, KeyError, TypeError, ValueError, OSError):
        store.delete(KIND, key)
        return None
    if weights.ndim != 2 or weights.shape[1] != model.n_topics_:
        store.delete(KIND, key)
        return None
    model.doc_topic_ = weights
    return model, scan, weights, info
