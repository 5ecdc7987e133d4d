"""Fitted code models in the result cache, so a rerun with the same inputs refits nothing.

Three kinds of entries (:mod:`vnqual._cache_store`: JSON + ``.npz`` arrays, never a pickle):

* ``code_features``: the fitted :class:`~vnqual.codebook._features.Featurizer` (word vocabulary
  and IDF, LSA components, word vectors), keyed by the word lists it was fitted on and its
  options -- a rerun with another codebook or other hand-coding over the same statements reuses
  the word vectors and the LSA;
* ``code_models``: each code's calibrated model and threshold, keyed by the same word lists, the
  training targets and weights (which encode the codebook's keywords, the hand-coding and the
  weak labels) and the model options;
* ``tag_result``: the rows of ``codes.csv`` and ``hits.csv`` of a whole run, keyed by the
  statements (ids and texts), the codebook, the hand-coding, the options, the underthesea
  version and the weak-label rules' revision -- a rerun of ``vnqual tag`` or ``vnqual report``
  over the same statements segments, matches and scores nothing. Texts, spans and metadata are
  read back from the corpus.

Every key includes the vnqual version (:func:`vnqual._cache_store.digest`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vnqual import _cache_store as store_mod
from vnqual.codebook._features import Featurizer
from vnqual.codebook._model import pack_models, unpack_models
from vnqual.codings import APPLIES, METHOD, RANK, SCORE
from vnqual.types import END_CHAR, START_CHAR, STATEMENT_ID, TEXT

if TYPE_CHECKING:
    from vnqual.codebook._codebook import Codebook
    from vnqual.codebook._tagger import CodebookTagger
    from vnqual.codebook._train import Training
    from vnqual.corpus import Corpus

FEATURES_KIND = "code_features"
MODELS_KIND = "code_models"
RESULT_KIND = "tag_result"


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
        estimators: list[Any] = unpack_models(arrays)
        if len(estimators) != n_codes:
            raise ValueError("code count")
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
    arrays = {
        **pack_models(tagger.estimators_),
        "thresholds": np.asarray(tagger.thresholds_, dtype=np.float64),
        "threshold_learned": np.asarray(tagger.threshold_learned_, dtype=bool),
    }
    store.put(MODELS_KIND, key, {"skipped": list(tagger.untrained_codes_)}, arrays)


# ------------------------------------------------------------------------- whole results
def result_key(corpus: Corpus, codebook: Codebook, training: Training | None, options: dict[str, Any]) -> str:
    """Key of a whole ``vnqual tag`` result: the statements (ids and texts), the codebook,
    the hand-coding, the options and the underthesea version (segmentation)."""
    from vnqual.codebook._targets import RULES_REVISION
    from vnqual.text._cache import underthesea_version

    frame = corpus.frame
    hand: dict[str, Any] | None = None
    if training is not None:
        hand = {
            "source": training.source,
            "human": sorted((sid, list(codes)) for sid, codes in training.human.items()),
            "partial": sorted((sid, list(p.pos), list(p.neg)) for sid, p in training.partial.items()),
            "labels": [_label_json(lab) for lab in training.labels],
        }
    return store_mod.digest(
        RESULT_KIND,
        f"underthesea={underthesea_version()}",
        f"rules={RULES_REVISION}",
        store_mod.texts_digest(frame[STATEMENT_ID].astype(str).tolist()),
        store_mod.texts_digest(frame[TEXT].tolist()),
        store_mod.texts_digest(training.texts) if training is not None else None,
        hand,
        codebook.to_dict(),
        options,
    )


def _label_json(label: Any) -> Any:
    """A training label as JSON (a list of codes, or the accepted and rejected codes)."""
    pos, neg = getattr(label, "pos", None), getattr(label, "neg", None)  # a PartialLabel
    if pos is not None and neg is not None:
        return {"pos": list(pos), "neg": list(neg)}
    return list(label)


def put_result(
    store: store_mod.ResultStore | None,
    key: str,
    corpus: Corpus,
    codes: pd.DataFrame,
    hits: pd.DataFrame,
    untrained: list[str],
) -> None:
    """Store a tag result: per row its statement, code, score, rank, applies, method and
    evidence (``codes``) or its keyword match (``hits``); what the corpus holds (text, spans,
    metadata) is not stored but read back from ``corpus``."""
    if store is None:
        return
    position = {sid: i for i, sid in enumerate(corpus.frame[STATEMENT_ID])}
    starts = corpus.frame[START_CHAR].astype(int).to_numpy()
    names = sorted(set(codes["code"]) | set(hits["code"]))
    methods = sorted(set(codes[METHOD]))
    code_index = {name: i for i, name in enumerate(names)}
    method_index = {name: i for i, name in enumerate(methods)}
    evidence, evidence_len = store_mod.pack_strings(codes["evidence"].tolist())
    keyword, keyword_len = store_mod.pack_strings(hits["keyword"].tolist())
    vetoes, vetoes_len = store_mod.pack_strings(hits["excluded_by"].tolist())
    hit_rows = np.array([position[s] for s in hits[STATEMENT_ID]], dtype=np.int64)
    arrays = {
        "row": np.array([position[s] for s in codes[STATEMENT_ID]], dtype=np.int64),
        "code": np.array([code_index[c] for c in codes["code"]], dtype=np.int64),
        "score": codes[SCORE].to_numpy(dtype=np.float64),
        "rank": codes[RANK].to_numpy(dtype=np.int64),
        "applies": codes[APPLIES].to_numpy(dtype=bool),
        "method": np.array([method_index[m] for m in codes[METHOD]], dtype=np.int64),
        "evidence_utf8": evidence,
        "evidence_len": evidence_len,
        "hit_row": hit_rows,
        "hit_code": np.array([code_index[c] for c in hits["code"]], dtype=np.int64),
        "hit_start": hits[START_CHAR].to_numpy(dtype=np.int64) - starts[hit_rows],
        "hit_end": hits[END_CHAR].to_numpy(dtype=np.int64) - starts[hit_rows],
        "keyword_utf8": keyword,
        "keyword_len": keyword_len,
        "vetoes_utf8": vetoes,
        "vetoes_len": vetoes_len,
    }
    meta = {"codes": names, "methods": methods, "untrained": list(untrained), "n": len(corpus)}
    store.put(RESULT_KIND, key, meta, arrays)


def get_result(
    store: store_mod.ResultStore | None, key: str, corpus: Corpus
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]] | None:
    """Cached ``(codes, hits, codes without a model)`` of ``corpus``, or None."""
    from vnqual.codebook._rows import CODE_ROW_COLUMNS, HIT_COLUMNS, context_columns

    entry = store.get(RESULT_KIND, key) if store is not None else None
    if entry is None:
        return None
    meta, a = entry
    try:
        if meta["n"] != len(corpus):
            raise ValueError("statement count")
        frame = corpus.frame
        names = np.array(meta["codes"], dtype=object)
        methods = np.array(meta["methods"], dtype=object)
        ids = frame[STATEMENT_ID].to_numpy(dtype=object)
        texts = frame[TEXT].to_numpy(dtype=object)
        starts = frame[START_CHAR].astype(int).to_numpy()
        ends = starts + frame[TEXT].str.len().to_numpy()
        rows = a["row"]
        context = context_columns(corpus)
        codes = pd.DataFrame(
            {
                STATEMENT_ID: ids[rows],
                "code": names[a["code"]],
                SCORE: a["score"].astype(np.float64),
                METHOD: methods[a["method"]],
                "evidence": store_mod.unpack_strings(a["evidence_utf8"], a["evidence_len"]),
                START_CHAR: starts[rows],
                END_CHAR: ends[rows],
                "excerpt": texts[rows],
                RANK: a["rank"].astype(np.int64),
                APPLIES: a["applies"].astype(bool),
            },
            columns=list(CODE_ROW_COLUMNS),
        )
        ctx = frame[context].iloc[rows].reset_index(drop=True)
        codes = pd.concat([codes, ctx], axis=1)
        hit_rows = a["hit_row"]
        matched = [t[s:e] for t, s, e in zip(texts[hit_rows], a["hit_start"].tolist(), a["hit_end"].tolist())]
        hits = pd.DataFrame(
            {
                STATEMENT_ID: ids[hit_rows],
                "code": names[a["hit_code"]],
                "keyword": store_mod.unpack_strings(a["keyword_utf8"], a["keyword_len"]),
                "matched": matched,
                START_CHAR: starts[hit_rows] + a["hit_start"],
                END_CHAR: starts[hit_rows] + a["hit_end"],
                "excluded_by": store_mod.unpack_strings(a["vetoes_utf8"], a["vetoes_len"]),
            },
            columns=list(HIT_COLUMNS),
        )
        return codes, hits, [str(c) for c in meta["untrained"]]
    except (KeyError, IndexError, ValueError, TypeError):
        assert store is not None
        store.delete(RESULT_KIND, key)
        return None
