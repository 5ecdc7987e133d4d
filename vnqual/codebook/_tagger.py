"""CodebookTagger: keyword rules plus a multi-label model seeded by keywords, examples and labels."""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from vnqual.codebook._codebook import Codebook
from vnqual.codebook._features import words_many
from vnqual.codebook._match import KeywordMatcher, Match
from vnqual.codebook._model import DEFAULT_THRESHOLD
from vnqual.codebook._targets import (
    POS,
    UNKNOWN,
    PartialLabel,
    fit_rows,
    human_cells,
    matched_negative_weight,
    positive_codes,
    several_codes,
    targets,
)
from vnqual.codings import METHOD_HUMAN, METHOD_KEYWORD, METHOD_MODEL  # noqa: F401  (method values, also here)
from vnqual.corpus import Corpus
from vnqual.errors import CodebookError, VnqualWarning
from vnqual.types import Token

#: Default ``random_state`` of :class:`CodebookTagger` and ``vnqual tag --seed``.
DEFAULT_RANDOM_STATE = 0


class _Params:
    """``get_params``/``set_params`` from the ``__init__`` signature, so sklearn's ``clone`` works
    without importing sklearn when vnqual is imported."""

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params: Any) -> _Params:
        valid = self.get_params()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(f"invalid parameter {key!r} for {type(self).__name__}")
            setattr(self, key, value)
        return self

    def __sklearn_tags__(self) -> Any:
        """scikit-learn's estimator tags (for ``check_is_fitted``, pipelines), sklearn
        imported only when asked."""
        from sklearn.base import BaseEstimator

        return BaseEstimator.__sklearn_tags__(self)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items() if k != "codebook")
        return f"{type(self).__name__}({self.codebook!r}, {args})"  # type: ignore[attr-defined]


#: Most statements a model is fitted on; larger corpora are sampled
#: (:func:`~vnqual.codebook._targets.fit_rows`) and every statement is still scored.
MAX_FIT_ROWS = 10_000


class CodebookTagger(_Params):
    """Tag statements with the codes of a codebook: one calibrated score per statement and code.

    One model per code (one-vs-rest logistic regression), trained on hand-coded statements
    (``y``), the codebook's examples and -- as weak labels -- the keyword matches of the
    unlabelled statements, gives each (statement, code) its ``score``: the calibrated
    probability that the code applies. A keyword match is evidence the model weighs, not a
    certainty. Each code ``applies`` when its score reaches its threshold
    (:attr:`thresholds_`): the one maximising F1 on cross-validated predictions of the
    hand-coded statements when at least 10 are coded with and 10 without the code, else 0.5.
    ``rank`` 1 is a statement's best code (:meth:`top_codes`). Without a model
    (``use_model=False``, or a code with too few examples) the keyword rule scores: 1 when a
    keyword of the code matched, else 0. Without any hand-coding the model is seeded by
    keywords and examples alone: it learns the words that accompany the keywords and so finds
    statements that use none of them.

    Weak labels: a statement that no one hand-coded is a positive example of each code its
    keywords matched, weighted by the code's share of the matches of the most matched code
    (when the hand-coding gives one code per statement: only of the most matched codes, the
    others left unknown; :func:`~vnqual.codebook._targets.weak_labels`), and a negative
    example of the codes without a match (weight
    ``weak_weight`` when hand-coded statements exist, else 1); a statement with no keyword
    match is a negative example of every code with weight ``weak_weight * unmatched_weight``.
    Without hand-coding, when keywords match 1.5 or more codes per matched statement on average
    (statements speak to several codes each), a matched statement is a negative example of the
    codes it did not match at a tenth of its weight
    (:func:`~vnqual.codebook._targets.matched_negative_weight`).
    Coding a child code says nothing about its parent (the parent's model skips it). Each
    code's model is a class-balanced logistic regression on word features (words, syllables
    of compound words, adjacent word pairs; TF-IDF) plus an LSA projection and the mean of
    word vectors learned from the fitted statements (gensim ``Word2Vec``), calibrated with
    Platt scaling on 3 held-out folds.

    Parameters
    ----------
    codebook : Codebook
        The codes (see :meth:`Codebook.load`).
    min_score : float
        Rows of :meth:`tag` (``codes.csv``) with a lower score are not written; it does not
        change scores, ranks or ``applies``.
    use_model : bool
        False: keyword matching only.
    weak_weight : float
        Weight of a keyword-matched (weakly labelled) statement relative to a hand-coded one,
        used when ``y`` has hand-coded statements.
    unmatched_weight : float
        Relative weight of statements without any keyword match as negatives of every code;
        0 leaves them out of training.
    C : float
        Inverse regularisation strength of the logistic regressions.
    char_ngrams, n_components, embedding_dim, embedding_weight :
        Feature options (character n-grams; LSA dimensions; word-vector size and the weight
        of the statement-vector block; 0 dimensions disables). See
        :class:`~vnqual.codebook._features.Featurizer`.
    user_dict, jobs, cache, progress :
        Passed to :func:`vnqual.text.tokenize.segment`.
    random_state : int
        Seed of the cross-validation, SVD and word vectors; pass an int for reproducible
        results.

    Examples
    --------
    >>> cb = Codebook.load("models/codebook_boi_duong.yaml")  # doctest: +SKIP
    >>> tagger = CodebookTagger(cb, min_score=0.6).fit(corpus)  # doctest: +SKIP
    >>> tagger.tag(corpus)[["statement_id", "code", "method", "score"]]  # doctest: +SKIP
    """

    def __init__(
        self,
        codebook: Codebook,
        *,
        min_score: float = 0.5,
        use_model: bool = True,
        weak_weight: float = 0.1,
        unmatched_weight: float = 0.3,
        C: float = 4.0,
        char_ngrams: bool = False,
        n_components: int = 150,
        embedding_dim: int = 100,
        embedding_weight: float = 0.5,
        user_dict: Sequence[str] | None = None,
        jobs: int | None = None,
        cache: bool = True,
        progress: bool = False,
        random_state: int | None = DEFAULT_RANDOM_STATE,
    ) -> None:
        self.codebook = codebook
        self.min_score = min_score
        self.use_model = use_model
        self.weak_weight = weak_weight
        self.unmatched_weight = unmatched_weight
        self.C = C
        self.char_ngrams = char_ngrams
        self.n_components = n_components
        self.embedding_dim = embedding_dim
        self.embedding_weight = embedding_weight
        self.user_dict = user_dict
        self.jobs = jobs
        self.cache = cache
        self.progress = progress
        self.random_state = random_state

    # ------------------------------------------------------------------ input
    def _docs(self, X: Any) -> tuple[list[list[Token]], list[str]]:
        """Segmented statements and their texts from a Corpus, texts or token lists."""
        if isinstance(X, str):
            raise TypeError("expected a Corpus or a list of texts, got a single str; wrap it in a list")
        if isinstance(X, Corpus):
            X = X.texts()
        elif isinstance(X, pd.DataFrame):
            if "text" not in X.columns:
                raise TypeError(
                    "got a DataFrame without a 'text' column; pass its text column, "
                    "e.g. frame['y_kien'], or a Corpus"
                )
            X = X["text"]
        items = list(X)
        if all(isinstance(x, str) for x in items):
            from vnqual.text.tokenize import segment

            docs = segment(
                items, user_dict=self.user_dict, jobs=self.jobs, cache=self.cache, progress=self.progress
            )
            return docs, items
        docs = []
        for i, doc in enumerate(items):
            if isinstance(doc, str) or not isinstance(doc, Iterable):
                raise TypeError(f"item {i} is {type(doc).__name__}; pass texts or token lists, not a mix")
            docs.append([t if isinstance(t, Token) else Token(str(t), -1, -1) for t in doc])
        return docs, [" ".join(t.form.replace("_", " ") for t in d) for d in docs]

    def _labels(self, y: Any, n: int) -> list[list[str] | None]:
        if y is None:
            return [None] * n
        if isinstance(y, str):
            raise TypeError("y must hold one entry per statement, not a single str")
        labels = list(y)
        if len(labels) != n:
            raise ValueError(f"y has {len(labels)} entries for {n} statements")
        out: list[list[str] | None] = []
        for i, entry in enumerate(labels):
            if entry is None or (np.ndim(entry) == 0 and not isinstance(entry, str) and pd.isna(entry)):
                out.append(None)
                continue
            items = entry.split(";") if isinstance(entry, str) else list(entry)
            codes = []
            for item in (str(x).strip() for x in items):
                if not item:
                    continue
                name = self.codebook.resolve(item)
                if name is None:
                    raise CodebookError(
                        f"labels of statement {i}: unknown code {item!r}; fix it "
                        f"to one of {', '.join(self.codebook.names)}"
                    )
                codes.append(name)
            out.append(codes)
        return out

    # -------------------------------------------------------------------- fit
    def fit(self, X: Any, y: Sequence[Any] | None = None) -> CodebookTagger:
        """Learn from statements ``X`` and, optionally, their hand-coded labels ``y``.

        Parameters
        ----------
        X : Corpus, list of str, or list of token lists
            Statements; unlabelled ones still count (their keyword matches are weak labels).
            A DataFrame is read from its ``text`` column (e.g. ``corpus.frame``).
        y : sequence, optional
            One entry per statement: None (not hand-coded), or the codes a coder gave it --
            a list of code names/paths or a ``;``-separated str; an empty list means "coded,
            and no code applies".

        Returns
        -------
        self
        """
        self._check_params()
        docs, texts = self._docs(X)
        return self._fit_docs(docs, texts, self._labels(y, len(docs)))

    def _check_params(self) -> None:
        if not isinstance(self.codebook, Codebook):
            raise TypeError("codebook must be a vnqual Codebook; use Codebook.load(path)")
        if isinstance(self.min_score, bool) or not isinstance(self.min_score, (int, float)):
            raise TypeError(f"min_score must be a number between 0 and 1, got {self.min_score!r}")
        if not 0.0 <= float(self.min_score) <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, got {self.min_score}")

    def _fit_docs(
        self, docs: list[list[Token]], texts: list[str], labels: Sequence[list[str] | PartialLabel | None]
    ) -> CodebookTagger:
        self._fit_matched(docs, texts, labels)
        return self

    def _fit_matched(
        self, docs: list[list[Token]], texts: list[str], labels: Sequence[list[str] | PartialLabel | None]
    ) -> Matches:
        """Fit on segmented statements; return their keyword matches (reused by the caller)."""
        self._check_params()
        cb = self.codebook
        self.classes_ = np.array(cb.names, dtype=object)
        self.keyword_matcher_ = KeywordMatcher((c.name, k) for c in cb for k in c.keywords)
        self.exclude_matcher_ = KeywordMatcher((c.name, k) for c in cb for k in c.exclude)
        self.estimators_: list[Any] = [None] * len(cb)
        self.thresholds_ = np.full(len(cb), DEFAULT_THRESHOLD)
        self.threshold_learned_ = np.zeros(len(cb), dtype=bool)
        matches = self._match_docs(docs)
        counts = pd.Series([m.key for hs in matches.hits for m in hs[0]], dtype=object).value_counts()
        self.fallback_code_ = next(iter(counts.index), cb.names[0])
        if self.use_model and docs:
            self._fit_model(matches.words, texts, labels, matches.hits)
        return matches

    def _match_docs(self, docs: Sequence[Sequence[Token]]) -> Matches:
        """Keyword and exclude matches of every statement (see :class:`Matches`)."""
        found = self.keyword_matcher_.find_many(docs)
        excluded = self.exclude_matcher_.find_many(docs) if self.exclude_matcher_ else [[] for _ in docs]
        hits = []
        for keys, vetoes in zip(found, excluded):
            vetoed = {m.key for m in vetoes}
            hits.append(([m for m in keys if m.key not in vetoed], vetoed))
        return Matches(hits, found, excluded, words_many(docs))

    def _fit_model(
        self,
        statement_words: list[list[str]],
        texts: list[str],
        labels: Sequence[list[str] | PartialLabel | None],
        hits: list[tuple[list[Match], set[str]]],
    ) -> None:
        from vnqual.codebook import _fitcache
        from vnqual.text.tokenize import segment

        cb = self.codebook
        ex_texts = [e for c in cb for e in c.examples]
        ex_codes: list[list[str] | PartialLabel | None] = [[c.name] for c in cb for _ in c.examples]
        ex_docs = segment(ex_texts, user_dict=self.user_dict, cache=self.cache) if ex_texts else []
        word_docs = statement_words + words_many(ex_docs)
        all_labels = [*labels, *ex_codes]
        has_human = any(lab is not None for lab in labels)
        weak_w = float(self.weak_weight) if has_human else 1.0
        several = several_codes(labels)
        T, W = self._targets(
            all_labels,
            hits + [([], set())] * len(ex_codes),
            weak_w,
            several,
            matched_negative=matched_negative_weight(labels, hits),
        )
        human = human_cells(cb, labels, len(T))
        rows, scale = fit_rows(T, human, len(statement_words), MAX_FIT_ROWS, self.random_state)
        fit_docs = [word_docs[i] for i in rows]
        store = _fitcache.store() if self.cache else None
        params = {
            "char_ngrams": self.char_ngrams,
            "n_components": self.n_components,
            "embedding_dim": self.embedding_dim,
            "embedding_weight": self.embedding_weight,
            "random_state": self.random_state,
        }
        self.featurizer_ = _fitcache.featurizer(store, fit_docs, params)
        weights = W[rows] * scale[:, None]
        key = _fitcache.models_key(self, fit_docs, T[rows], weights, human[rows])
        fitted = _fitcache.get_models(store, key, len(cb))
        if fitted is None:
            self._fit_codes(self.featurizer_.transform(fit_docs), T[rows], weights, human[rows])
            _fitcache.put_models(store, key, self)
        else:
            self.estimators_, self.thresholds_, self.threshold_learned_, skipped = fitted
            self._warn_untrained(skipped)
        coded = [i for i, lab in enumerate(all_labels) if positive_codes(lab)]
        all_texts = texts + ex_texts
        self._store_examples(
            self.featurizer_.word_block([word_docs[i] for i in coded]) if coded else None,
            [all_texts[i] for i in coded],
            [all_labels[i] for i in coded],
        )

    def _targets(
        self,
        labels: Sequence[list[str] | PartialLabel | None],
        hits: Sequence[tuple[list[Match], set[str]]],
        weak_weight: float,
        several: bool = True,
        matched_negative: float = 1.0,
    ) -> tuple[np.ndarray, np.ndarray]:
        """:func:`vnqual.codebook._targets.targets` with this tagger's codebook and options."""
        return targets(
            self.codebook,
            labels,
            hits,
            weak_weight,
            unmatched_weight=self.unmatched_weight,
            several=several,
            matched_negative=matched_negative,
        )

    def _fit_codes(self, F: Any, T: np.ndarray, W: np.ndarray, human: np.ndarray) -> None:
        """One calibrated model per code, fitted in parallel threads (liblinear releases the
        GIL); thresholds learned on the cells people decided (``human``)."""
        from concurrent.futures import ThreadPoolExecutor

        from vnqual.codebook._model import MIN_THRESHOLD_ROWS, best_threshold, fit_code_model

        def fit_one(j: int) -> tuple[Any, float | None]:
            known = T[:, j] != UNKNOWN
            target = (T[known, j] == POS).astype(int)
            n_pos = int(target.sum())
            if n_pos < 2 or len(target) - n_pos < 2:
                return None, None
            # Balanced weights let rare codes be learned; sigmoid calibration on held-out
            # folds then turns the scores back into probabilities.
            model, oof = fit_code_model(
                F[known], target, W[known, j], C=self.C, random_state=self.random_state
            )
            if oof is None:
                return model, None
            coded = human[known, j]
            truth = target[coded]
            if min(int(truth.sum()), int(len(truth) - truth.sum())) >= MIN_THRESHOLD_ROWS:
                return model, best_threshold(oof[coded], truth)
            return model, None

        from vnqual.text._words import default_jobs

        n_jobs = max(1, min(len(self.classes_), self.jobs or default_jobs()))
        # One BLAS thread per fit: liblinear's vector operations are BLAS calls, and threaded
        # OpenBLAS serialises concurrent callers (measured at 10k statements: 10.3 s with
        # 2 fits x 2 BLAS threads, 4.4 s with 2 fits x 1). It also makes the fitted numbers
        # independent of the machine's core count.
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

        with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(n_jobs) as pool:
            fitted = list(pool.map(fit_one, range(len(self.classes_))))
        skipped = []
        for j, (model, threshold) in enumerate(fitted):
            self.estimators_[j] = model
            if model is None:
                skipped.append(str(self.classes_[j]))
            if threshold is not None:
                self.thresholds_[j] = threshold
                self.threshold_learned_[j] = True
        self._warn_untrained(skipped)

    def _warn_untrained(self, skipped: list[str]) -> None:
        self.untrained_codes_ = skipped
        warn_untrained(skipped, stacklevel=5)

    def _store_examples(
        self, X: Any, texts: list[str], labels: list[list[str] | PartialLabel | None]
    ) -> None:
        """Keep hand-coded statements and codebook examples (their word features ``X``) to
        cite as similar examples."""
        from sklearn.preprocessing import normalize

        self._example_texts = list(texts)
        self._example_codes = [set(positive_codes(lab)) for lab in labels]
        self._example_matrix = normalize(X) if X is not None else None

    # ---------------------------------------------------------------- scoring
    def _check_fitted(self) -> None:
        from sklearn.exceptions import NotFittedError

        if not hasattr(self, "classes_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit() first")

    def modelled_codes(self) -> np.ndarray:
        """Boolean mask over :attr:`classes_`: codes scored by the model (not the keyword rule)."""
        if not self.use_model or not hasattr(self, "featurizer_"):
            return np.zeros(len(self.classes_), dtype=bool)
        return np.array([m is not None for m in self.estimators_], dtype=bool)

    def _decide(self, docs: list[list[Token]]) -> Decisions:
        """Scores, ranks and ``applies`` of every (statement, code); see :class:`Decisions`."""
        return self._decide_matched(self._match_docs(docs))

    def _decide_matched(self, matches: Matches) -> Decisions:
        """:meth:`_decide` for statements already matched (their :class:`Matches`).

        Scoring is done by part (:func:`vnqual.codebook._score.score`): here 20,000 statements
        at a time, or partition by partition on a cluster's workers.
        """
        hits = matches.hits
        n, k = len(hits), len(self.classes_)
        index = {name: j for j, name in enumerate(self.classes_)}
        K = np.zeros((n, k), dtype=np.int64)
        for i, (found, _) in enumerate(hits):
            for m in found:
                K[i, index[m.key]] += 1
        modelled = self.modelled_codes()
        F = None
        P = np.zeros((n, k))
        if modelled.any() and n:
            from scipy.sparse import vstack

            from vnqual.codebook._score import score

            blocks = []
            for lo, part, X in score(self.featurizer_, self.estimators_, matches.words):
                P[lo : lo + part.shape[0]] = part
                blocks.append(X)
            F = vstack(blocks).tocsr() if len(blocks) > 1 else blocks[0]
        for i, (_, vetoed) in enumerate(hits):
            for name in vetoed:
                P[i, index[name]] = 0.0
        S = np.where(modelled[None, :], P, (K > 0).astype(float))
        A = np.where(modelled[None, :], self.thresholds_[None, :] <= P, K > 0)
        # Rank: score, then keyword matches, then codebook order; a statement nothing speaks
        # for gets the fallback code (the commonest keyword code) first.
        tie = np.tile(np.arange(k), (n, 1))
        fallback = index.get(self.fallback_code_, 0)
        silent = S.max(axis=1) <= 0 if k else np.zeros(n, dtype=bool)
        tie[silent, fallback] = -1
        order = np.lexsort((tie, -K, -S), axis=-1) if n and k else np.zeros((n, k), dtype=np.int64)
        R = np.empty((n, k), dtype=np.int64)
        np.put_along_axis(R, order, np.arange(1, k + 1)[None, :].repeat(n, axis=0), axis=1)
        return Decisions(S, R, A.astype(bool), K, modelled, hits, F)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Score of each code for each statement: ``(n_statements, n_codes)``, :attr:`classes_` order.

        As :class:`sklearn.multiclass.OneVsRestClassifier` does for multi-label data: column
        ``j`` is the probability that code ``j`` applies (the columns need not sum to 1). A
        modelled code's score is its calibrated probability (keyword matches are evidence the
        model learned from); a code without a model (``use_model=False``, or too few examples)
        scores 1 when a keyword matched, else 0. Codes vetoed by an exclude pattern score 0.
        These are the ``score`` values of ``codes.csv``.
        """
        self._check_fitted()
        docs, _ = self._docs(X)
        return self._decide(docs).scores

    def predict(self, X: Any) -> pd.DataFrame:
        """Multi-label indicator: 1 where the code applies (score >= the code's threshold).

        Returns
        -------
        pandas.DataFrame
            One row per statement, one 0/1 column per code (:attr:`classes_`); ``.to_numpy()``
            is the indicator matrix scikit-learn's multi-label metrics take. Thresholds are in
            :attr:`thresholds_` (learned from hand-coded statements, else 0.5); codes without a
            model apply when a keyword matched.
        """
        self._check_fitted()
        docs, _ = self._docs(X)
        return pd.DataFrame(self._decide(docs).applies.astype(int), columns=list(self.classes_))

    def top_codes(self, X: Any) -> list[str]:
        """Exactly one code per statement: the code ranked 1 (``rank == 1`` in ``codes.csv``).

        With a model, the highest calibrated probability (codes vetoed by an exclude pattern
        score 0). Without one (``use_model=False`` or no code had enough examples), the code
        with most keyword matches wins (ties: codebook order), and a statement with no match
        gets :attr:`fallback_code_`, the code keywords matched most often in the fitted
        statements -- an estimate of the commonest code made without any hand-coding.
        """
        self._check_fitted()
        docs, _ = self._docs(X)
        return self._decide(docs).top(self.classes_)

    # ------------------------------------------------------------ tag frames
    def tag(
        self,
        corpus: Corpus,
        *,
        human: Mapping[str, Sequence[str]] | None = None,
        human_source: str = "hand coding",
    ) -> pd.DataFrame:
        """Coded excerpts of ``corpus``: one row per statement and code (see :mod:`._rows`).

        Parameters
        ----------
        corpus : Corpus
        human : mapping of statement_id to code names, optional
            Hand-coded statements: they get their human codes (``method="human"``) and no
            machine suggestions.
        human_source : str
            Named in the evidence of human rows (e.g. the training file).
        """
        from vnqual.codebook._rows import tag_rows

        self._check_fitted()
        if not isinstance(corpus, Corpus):
            raise TypeError("tag() needs a vnqual Corpus; use vnqual.read_corpus(path)")
        docs, _ = self._docs(corpus)
        return tag_rows(self, corpus, self._decide(docs), human or {}, human_source)

    def keyword_hits(self, corpus: Corpus) -> pd.DataFrame:
        """Every keyword match in ``corpus`` with its span in the source document."""
        from vnqual.codebook._rows import hit_rows

        self._check_fitted()
        docs, _ = self._docs(corpus)
        return hit_rows(self, corpus, self._match_docs(docs))

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "classes_")


class Matches(NamedTuple):
    """Keyword matching of statements, done once per run and shared by fitting, scoring and
    ``hits.csv``: ``hits`` (per statement: matches of codes no exclude pattern vetoed, and the
    vetoed codes), ``keyword`` (every keyword match), ``exclude`` (every exclude match) and
    ``words`` (the statements' word lists)."""

    hits: list[tuple[list[Match], set[str]]]
    keyword: list[list[Match]]
    exclude: list[list[Match]]
    #: Each statement's analysis word list (:func:`~vnqual.codebook._features.words_many`),
    #: computed once for fitting and scoring.
    words: list[list[str]]

    def head(self, n: int) -> Matches:
        """The matches of the first ``n`` statements."""
        return Matches(self.hits[:n], self.keyword[:n], self.exclude[:n], self.words[:n])


class Decisions(NamedTuple):
    """What the tagger decided for statements x codes (columns in ``classes_`` order).

    ``scores`` (float), ``ranks`` (1 = the statement's best code), ``applies`` (bool),
    ``keyword_counts`` (active keyword matches), ``modelled`` (per code), ``hits`` (matches
    and vetoed codes per statement) and ``features`` (the model's rows, or None).
    """

    scores: np.ndarray
    ranks: np.ndarray
    applies: np.ndarray
    keyword_counts: np.ndarray
    modelled: np.ndarray
    hits: list[tuple[list[Match], set[str]]]
    features: Any

    def top(self, classes: np.ndarray) -> list[str]:
        """The rank-1 code of each statement."""
        return [str(classes[j]) for j in np.argmin(self.ranks, axis=1)] if len(self.ranks) else []


def warn_untrained(skipped: Sequence[str], stacklevel: int = 2) -> None:
    """Warn that codes ``skipped`` have no model (too few statements with and without them)."""
    if skipped:
        warnings.warn(
            f"no model for code(s) {', '.join(skipped)}: fewer than 2 statements "
            "coded (or matched by keywords) with and without it; only their "
            "keywords are used",
            VnqualWarning,
            stacklevel=stacklevel,
        )
