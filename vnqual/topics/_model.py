"""``TopicModel``: vectorise -> factorise -> label, behind one scikit-learn style estimator."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from vnqual.errors import ModelError, VnqualWarning
from vnqual.features import term_matrix
from vnqual.topics import METHODS
from vnqual.topics._dmm import DMMBackend
from vnqual.topics._labels import display as _display
from vnqual.topics._lda import LDABackend
from vnqual.topics._nmf import NMFBackend
from vnqual.topics._vocab import check_token_lists, unique_rows
from vnqual.types import STATEMENT_ID

#: Backend of each method in :data:`vnqual.topics.METHODS`.
BACKENDS: dict[str, type[DMMBackend] | type[NMFBackend] | type[LDABackend]] = {
    "dmm": DMMBackend,
    "nmf": NMFBackend,
    "lda": LDABackend,
}


#: Columns of :meth:`TopicModel.topic_info`, in order.
TOPIC_INFO_COLUMNS = ("topic", "size", "label", "top_terms", "coherence", "example_statement_ids")


class TopicModel(BaseEstimator):
    """Themes of short statements: a topic model with labels, sizes and example statements.

    Parameters
    ----------
    n_topics : int
        Number of topics (at least 2). Topics that attract no statement are dropped after
        fitting (with a warning), so ``n_topics_`` can be smaller.
    method : {"dmm", "nmf", "lda"}
        ``"dmm"``: one topic per statement (Dirichlet-multinomial mixture with a background word
        distribution, fitted by EM) -- made for short statements and the best measured method.
        ``"nmf"``: NMF of the TF-IDF matrix (scikit-learn). ``"lda"``: gensim ``LdaModel``.
    min_df : int
        Drop terms found in fewer statements.
    max_df : float
        Drop terms found in more than this share of statements (0-1].
    max_terms : int, optional
        Keep only this many most frequent terms.
    seed_words : mapping of str to list of str, or path, optional
        Theme name -> words/phrases (``"kinh phí"`` or ``"kinh_phí"``), or the path of a
        seed-word YAML file (:func:`~vnqual.topics.read_seed_words`). As many topics as there
        are themes are pulled toward them and labelled with their names; the rest are free.
        Topics are then numbered by size, so a seeded topic need not come first.
    n_top_terms : int
        Top terms kept per topic (labels use the first three).
    function_words : "default", None, path or list of str
        Words that never make a label or a top term (pronouns, light verbs, particles,
        quantifiers, ...): ``"default"`` is vnqual's curated list
        (``vnqual/data/function_words_vi.txt``), a :class:`~pathlib.Path` a word-list file that
        replaces it, None no list. They stay in the statements the model is fitted on.
    method_params : dict, optional
        Extra options of the method (``smoothing``, ``background``, ``n_init`` for dmm;
        ``alpha``, ``eta``, ``passes`` for lda; ``max_iter``, ``l1_ratio`` for nmf).
    random_state : int, optional
        Pass an int for reproducible results.
    model : object, optional
        Any factoriser with ``fit(X)``, ``transform(X)`` and ``components_`` (scikit-learn
        decomposition protocol, e.g. ``LatentDirichletAllocation``); it receives the
        statement-term count matrix and replaces ``method``. Such a model cannot be saved.

    Attributes
    ----------
    vocabulary_ : list of str
        Terms (canonical tokens) in column order.
    components_ : ndarray of shape (n_topics_, n_terms)
        p(term | topic), each row sums to 1.
    topic_terms_ : list of list of str
        Top terms of each topic, best first: ranked by relevance (distinctiveness, see
        :mod:`vnqual.topics._labels`), function words left out.
    labels_ : list of str
        Theme name (seeded topics), else :attr:`auto_labels_`.
    auto_labels_ : list of str
        2-3 most distinctive terms joined by " / "; a recurring pair of adjacent words of the
        theme's statements (``kinh phí bồi dưỡng``) replaces its parts.
    n_topics_ : int
        Number of topics kept.

    Examples
    --------
    >>> docs = [["kinh_phí", "thiếu", "ngân_sách"], ["kinh_phí", "ngân_sách"],
    ...         ["tài_liệu", "bồi_dưỡng", "song_ngữ"], ["tài_liệu", "song_ngữ"]] * 5
    >>> tm = TopicModel(2, random_state=0).fit(docs)
    >>> sorted(tm.topic_info()["label"])
    ['bồi dưỡng song ngữ / tài liệu', 'kinh phí thiếu / ngân sách']
    >>> tm.document_topics()["topic"].tolist()[:4]
    [0, 0, 1, 1]
    """

    def __init__(
        self,
        n_topics: int = 8,
        *,
        method: str = "dmm",
        min_df: int = 2,
        max_df: float = 0.5,
        max_terms: int | None = None,
        seed_words: Mapping[str, Sequence[str]] | None = None,
        n_top_terms: int = 10,
        function_words: Any = "default",
        method_params: Mapping[str, Any] | None = None,
        random_state: int | None = None,
        model: Any = None,
    ) -> None:
        self.n_topics = n_topics
        self.method = method
        self.min_df = min_df
        self.max_df = max_df
        self.max_terms = max_terms
        self.seed_words = seed_words
        self.n_top_terms = n_top_terms
        self.function_words = function_words
        self.method_params = method_params
        self.random_state = random_state
        self.model = model

    # ---------------------------------------------------------------- checks
    def _check_params(self) -> None:
        if isinstance(self.n_topics, bool) or not isinstance(self.n_topics, (int, np.integer)):
            raise ModelError(f"n_topics must be an integer >= 2, got {self.n_topics!r}")
        if self.n_topics < 2:
            raise ModelError(
                f"k must be at least 2 (got {self.n_topics}); a single topic is the "
                f"whole corpus, use `vnqual keywords` instead"
            )
        if self.model is None and self.method not in BACKENDS:
            raise ModelError(f"unknown topic method {self.method!r}; choose one of {', '.join(METHODS)}")
        if not (0.0 < float(self.max_df) <= 1.0):
            raise ModelError(f"max_df must be in (0, 1], got {self.max_df}")
        if int(self.min_df) < 1:
            raise ModelError(f"min_df must be >= 1, got {self.min_df}")

    def _make_backend(self, n_topics: int) -> Any:
        if self.model is not None:
            from sklearn.base import clone

            return _ExternalBackend(clone(self.model), n_topics)
        return BACKENDS[self.method](
            n_topics, random_state=self.random_state, **dict(self.method_params or {})
        )

    # ------------------------------------------------------------------- fit
    def fit(
        self,
        X: Sequence[Sequence[str]],
        y: None = None,
        *,
        statement_ids: Sequence[str] | None = None,
        texts: Sequence[str] | None = None,
        initial_topics: Sequence[int] | None = None,
    ) -> TopicModel:
        """Fit topics to token lists (one list of canonical tokens per statement).

        Parameters
        ----------
        X : sequence of list of str
            Analysis tokens, e.g. ``corpus.tokens()`` (a Series indexed by statement_id) or
            ``vnqual.tokenize(texts)``. Use :meth:`fit_corpus` to start from a corpus.
        statement_ids : sequence of str, optional
            Ids of the statements (default: the Series index, else ``"0"``, ``"1"``, ...).
        texts : sequence of str, optional
            Verbatim texts of the statements: a pair of words becomes a label phrase only where
            it is written as such (without them, adjacent tokens count).
        initial_topics : sequence of int, optional
            Where the fit starts (dmm only): for each statement, the seeded theme (position in
            ``seed_words``) it belongs to, or -1 to let the model place it. Used to bring back
            the themes of an earlier run (:meth:`vnqual.topics._themes.ThemePlan.initial_topics`).

        Returns
        -------
        TopicModel
            ``self``.

        Raises
        ------
        TypeError
            If ``X`` is a str or holds str items instead of token lists.
        vnqual.errors.ModelError
            Bad options, or too few statements for ``n_topics``.
        vnqual.errors.EmptyVocabularyError
            No term passes ``min_df``/``max_df``.
        """
        from vnqual.topics._seeded import normalize_term, seed_indices

        docs = check_token_lists(X)
        self._check_params()
        ids = _statement_ids(X, statement_ids, len(docs))
        X_all, terms = term_matrix(
            docs,
            min_df=int(self.min_df),
            max_df=float(self.max_df),
            max_terms=self.max_terms,
            dtype=np.float64,
        )
        vocab = terms.tolist()
        uniq, inverse, counts = unique_rows(docs)
        # Identical bags of words have identical rows: keep the first statement of each.
        Xu = X_all[np.unique(inverse, return_index=True)[1]]
        del X_all
        content = np.asarray(Xu.sum(axis=1)).ravel() > 0
        Xc = Xu[content]
        n_content = int(counts[content].sum())
        if int(content.sum()) < 2 * self.n_topics:
            raise ModelError(
                f"too few statements for k={self.n_topics}: {n_content} statements "
                f"({int(content.sum())} distinct) have terms after filtering; need at least "
                f"{2 * self.n_topics} distinct ones; lower -k or add statements"
            )
        seed_words = self.seed_words
        if isinstance(seed_words, (str, Path)):  # a seed-word file, as `--seed-words FILE`
            from vnqual.topics._seeded import read_seed_words

            seed_words = read_seed_words(seed_words)
        themes = {str(k): [normalize_term(w) for w in v] for k, v in (seed_words or {}).items()}
        seeds = seed_indices(themes, vocab) if themes else []
        if len(seeds) > self.n_topics:
            raise ModelError(
                f"{len(seeds)} seeded themes but k={self.n_topics}; raise -k to at least {len(seeds)}"
            )
        backend = self._make_backend(int(self.n_topics))
        first = np.unique(inverse, return_index=True)[1]
        if initial_topics is not None and getattr(backend, "name", "") == "dmm":
            if len(initial_topics) != len(docs):
                raise ModelError(f"{len(initial_topics)} initial topics for {len(docs)} statements")
            start = _start_weights(np.asarray(initial_topics, dtype=int)[first][content], backend.n_topics)
            backend.fit(Xc, counts[content], seeds, statement_prior=start)
        else:
            start = None
            backend.fit(Xc, counts[content], seeds)
        weights_u = np.zeros((len(uniq), backend.n_topics))
        posterior = backend.transform(Xc)
        weights_u[content] = _row_normalize(posterior if start is None else posterior * start)
        assign_u = np.where(content, weights_u.argmax(axis=1), -1)
        sizes = np.bincount(assign_u[inverse][assign_u[inverse] >= 0], minlength=backend.n_topics)
        seeded = np.arange(backend.n_topics) < len(seeds)
        keep = [t for t in range(backend.n_topics) if sizes[t] > 0 or seeded[t]]
        order = sorted(keep, key=lambda t: (-sizes[t], t))
        if len(order) < backend.n_topics:
            warnings.warn(
                f"{backend.n_topics - len(order)} of {backend.n_topics} topics got no "
                f"statement and were dropped; a smaller k fits these statements",
                VnqualWarning,
                stacklevel=2,
            )
        backend.reorder(order)
        names = list(themes)
        self.seed_themes_ = [names[t] if t < len(seeds) else None for t in order]
        self.backend_ = backend
        self.vocabulary_ = vocab
        tf = np.asarray(Xc.T @ counts[content]).ravel()
        del Xu, Xc
        self.term_frequency_ = (tf + 0.5) / (tf + 0.5).sum()
        self.n_topics_ = len(order)
        self._finish_topics()
        weights_u = _row_normalize(weights_u[:, order]) * content[:, None]
        self.doc_topic_ = weights_u[inverse]
        self.statement_ids_ = ids
        self._train_rows = (inverse, content)
        self._train_docs = docs
        if texts is not None and len(texts) != len(docs):
            raise ModelError(f"{len(texts)} texts for {len(docs)} statements")
        self._label_topics(docs, _assignments(self.doc_topic_, ids)["topic"].to_numpy(), texts)
        self.coherence_: np.ndarray | None = None
        self._loaded_info: pd.DataFrame | None = None
        return self

    def fit_corpus(self, corpus: Any, **token_options: Any) -> TopicModel:
        """Fit on ``corpus.tokens(**token_options)`` (ids are the corpus statement ids)."""
        if not hasattr(corpus, "tokens"):
            raise TypeError(
                f"expected a vnqual Corpus, got {type(corpus).__name__}; read one "
                "with vnqual.read_corpus(path)"
            )
        tokens = corpus.tokens(**token_options)
        return self.fit(list(tokens), statement_ids=list(tokens.index), texts=list(corpus.texts()))

    def _function_words(self) -> frozenset[str]:
        from vnqual.text.function_words import function_word_set

        return function_word_set(self.function_words)

    def _finish_topics(self) -> None:
        from vnqual.topics._labels import PHRASE_POOL, distinctive_terms

        comp = np.maximum(np.asarray(self.backend_.components_, dtype=np.float64), 0.0)
        comp = comp + 1e-12
        self.components_ = comp / comp.sum(axis=1, keepdims=True)
        n = int(self.n_top_terms)
        pools = distinctive_terms(
            self.components_,
            self.term_frequency_,
            self.vocabulary_,
            n=max(n, PHRASE_POOL),
            function_words=self._function_words(),
        )
        self.topic_terms_ = [p[:n] for p in pools]
        self._term_pools = pools
        self._label_topics()

    def _label_topics(
        self, docs: Sequence[Sequence[str]] | None = None, assign: Any = None, texts: Any = None
    ) -> None:
        from vnqual.topics._labels import label_topics

        self.auto_labels_ = label_topics(
            self.topic_terms_,
            docs,
            assign,
            function_words=self._function_words(),
            texts=texts,
            pools=getattr(self, "_term_pools", None),
        )
        self.labels_ = [
            theme if theme is not None else auto for theme, auto in zip(self.seed_themes_, self.auto_labels_)
        ]

    # ------------------------------------------------------------- transform
    def transform(self, X: Sequence[Sequence[str]]) -> np.ndarray:
        """Topic weights of new token lists, shape ``(n_statements, n_topics_)``.

        Rows sum to 1; a statement without any vocabulary term gets a row of zeros.
        """
        check_is_fitted(self, "components_")
        docs = check_token_lists(X)
        M = term_matrix(docs, vocabulary=self.vocabulary_, dtype=np.float64)[0]
        out = np.zeros((len(docs), self.n_topics_))
        content = np.asarray(M.sum(axis=1)).ravel() > 0
        if content.any():
            out[content] = _row_normalize(self.backend_.transform(M[content]))
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Column names of :meth:`transform`: ``topic0``, ``topic1``, ..."""
        check_is_fitted(self, "components_")
        return np.asarray([f"topic{i}" for i in range(self.n_topics_)], dtype=object)

    # ---------------------------------------------------------------- tables
    def document_topics(
        self, X: Sequence[Sequence[str]] | None = None, *, statement_ids: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """``statement_id, topic, weight`` for the training statements (or for ``X``).

        ``topic`` is the topic with the largest weight, ``-1`` for a statement without any
        vocabulary term (e.g. "Vâng."), whose weight is 0.
        """
        check_is_fitted(self, "components_")
        if X is None:
            if not hasattr(self, "doc_topic_"):
                raise ModelError("a loaded model has no training statements; pass X")
            W, ids = self.doc_topic_, self.statement_ids_
        else:
            W = self.transform(X)
            ids = _statement_ids(X, statement_ids, len(W))
        return _assignments(W, ids)

    def topic_info(self) -> pd.DataFrame:
        """One row per topic: ``topic, size, label, top_terms, coherence, example_statement_ids``.

        ``top_terms`` shows terms with spaces (``cán bộ xã``), comma separated; ``coherence`` is
        the NPMI of the top terms in the training statements; ``example_statement_ids`` are up
        to three typical statements (largest weight, then most top terms).
        """
        check_is_fitted(self, "components_")
        loaded = getattr(self, "_loaded_info", None)
        if loaded is not None:
            return loaded.copy()
        if self.coherence_ is None:
            from vnqual.topics._coherence import npmi_coherence

            vocab = set(self.vocabulary_)
            texts = [[t for t in d if t in vocab] for d in self._train_docs]
            self.coherence_ = npmi_coherence(self.topic_terms_, texts)
        assign = _assignments(self.doc_topic_, self.statement_ids_)
        sizes = np.bincount(assign["topic"][assign["topic"] >= 0], minlength=self.n_topics_)
        return pd.DataFrame(
            {  # column order: TOPIC_INFO_COLUMNS
                "topic": np.arange(self.n_topics_),
                "size": sizes,
                "label": self.labels_,
                "top_terms": [", ".join(_display(t) for t in terms) for terms in self.topic_terms_],
                "coherence": np.round(self.coherence_, 4),
                "example_statement_ids": self.representative_ids(3),
            }
        )

    def representative_ids(self, n: int = 3) -> list[list[str]]:
        """Ids of the ``n`` most typical distinct training statements of each topic."""
        check_is_fitted(self, "components_")
        rows = representative_rows(self.doc_topic_, self._train_docs, self.topic_terms_, n)
        return [[str(self.statement_ids_[i]) for i in r] for r in rows]

    # ------------------------------------------------------------- save/load
    def save(self, path: Any, *, metadata: dict[str, Any] | None = None) -> Any:
        """Write the fitted model to folder ``path`` (``model.json`` + ``arrays.npz``, no pickle)."""
        from vnqual.topics._io import save_model

        return save_model(self, path, metadata=metadata)

    @classmethod
    def load(cls, path: Any) -> TopicModel:
        """Read a model written by :meth:`save`; raises ModelError on a corrupt/foreign file."""
        from vnqual.topics._io import read_model

        return read_model(path, cls, BACKENDS, TOPIC_INFO_COLUMNS)


def _start_weights(topics: np.ndarray, k: int, hold: float = 0.9) -> np.ndarray:
    """Per-statement prior over topics: ``hold`` on the given topic, the rest spread; -1 rows uniform."""
    R = np.full((len(topics), k), 1.0 / k)
    known = (topics >= 0) & (topics < k)
    R[known] = (1.0 - hold) / k
    R[np.flatnonzero(known), topics[known]] += hold
    return R


class _ExternalBackend:
    """Adapter for a user-supplied scikit-learn style factoriser (``model=``)."""

    name = "custom"

    def __init__(self, model: Any, n_topics: int) -> None:
        self.model = model
        self.n_topics = n_topics
        self._order: list[int] | None = None
        if "n_components" in model.get_params():
            model.set_params(n_components=n_topics)

    def fit(self, X: Any, weights: np.ndarray, seeds: Sequence[Sequence[int]] = ()) -> Any:
        if seeds:
            raise ModelError("seed words need one of the built-in methods (dmm, nmf, lda)")
        reps = np.repeat(np.arange(X.shape[0]), weights.astype(int))
        self.model.fit(X[reps])
        return self

    @property
    def components_(self) -> np.ndarray:
        comp = np.asarray(self.model.components_)
        return comp if self._order is None else comp[self._order]

    def transform(self, X: Any) -> np.ndarray:
        W = np.asarray(self.model.transform(X))
        return W if self._order is None else W[:, self._order]

    def reorder(self, order: Sequence[int]) -> None:
        base = self._order or list(range(self.n_topics))
        self._order = [base[i] for i in order]
        self.n_topics = len(order)


def representative_rows(
    W: np.ndarray, docs: Sequence[Sequence[str]], topic_terms: Sequence[Sequence[str]], n: int = 3
) -> list[list[int]]:
    """Row numbers of the ``n`` most typical statements of each topic.

    A statement belongs to its largest-weight topic; candidates are ranked by that weight, then
    by how many of the topic's top terms they contain, then by position. Statements with the
    same bag of words are shown once.
    """
    W = np.asarray(W)
    has = W.sum(axis=1) > 0
    assign = np.where(has, W.argmax(axis=1), -1)
    out = []
    for t, terms in enumerate(topic_terms):
        top = set(terms)
        rows = np.flatnonzero(assign == t)
        hits = np.array([len(top.intersection(docs[int(i)])) for i in rows], dtype=np.float64)
        order = rows[np.lexsort((rows, -hits, -np.round(W[rows, t], 6)))] if len(rows) else rows
        seen: set[tuple[str, ...]] = set()
        picked: list[int] = []
        for i in order:
            key = tuple(sorted(docs[i]))
            if key in seen:
                continue
            seen.add(key)
            picked.append(int(i))
            if len(picked) == n:
                break
        out.append(picked)
    return out


def _row_normalize(W: np.ndarray) -> np.ndarray:
    W = np.maximum(np.asarray(W, dtype=np.float64), 0.0)
    s = W.sum(axis=1, keepdims=True)
    return np.divide(W, s, out=np.full_like(W, 1.0 / max(W.shape[1], 1)), where=s > 0)


def _statement_ids(X: Any, ids: Sequence[str] | None, n: int) -> list[str]:
    if ids is None and isinstance(X, pd.Series) and X.index.name == STATEMENT_ID:
        ids = list(X.index)
    if ids is None:
        return [str(i) for i in range(n)]
    ids = [str(i) for i in ids]
    if len(ids) != n:
        raise ModelError(f"{len(ids)} statement ids for {n} statements")
    return ids


def _assignments(W: np.ndarray, ids: Sequence[str]) -> pd.DataFrame:
    has = W.sum(axis=1) > 0
    topic = np.where(has, W.argmax(axis=1), -1) if W.shape[1] else np.full(len(W), -1)
    weight = np.where(has, W.max(axis=1) if W.shape[1] else 0.0, 0.0)
    return pd.DataFrame({STATEMENT_ID: list(ids), "topic": topic.astype(int), "weight": np.round(weight, 4)})


def load_model(path: Any) -> TopicModel:
    """Read a model written by :meth:`TopicModel.save` (see :meth:`TopicModel.load`)."""
    return TopicModel.load(path)
