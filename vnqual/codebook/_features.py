"""Features of a statement for the code model: words, their syllables, word pairs, characters, LSA."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from vnqual.codebook._match import analysis_form
from vnqual.types import Token

if TYPE_CHECKING:
    from gensim.models import Word2Vec
    from scipy.sparse import csr_matrix

_PUNCT_OR_NUM = re.compile(r"^[\W\d_]+$", re.UNICODE)
# Anonymised names and masks (UIT-VSFC ``wzjwz123``, ``XXX``): one shared feature, since each
# name is rare but "a person was named here" is informative.
_ANON = re.compile(r"^(?:wzjwz\d+|[xX]{3,}|\*+)$")
ANON_FEATURE = "<tên>"
_SYLLABLE_MARK = "#"
_PAIR_SEP = "|"


def words(tokens: Sequence[Token] | Sequence[str]) -> list[str]:
    """Analysis forms of the words of a statement: lower case, no punctuation or numbers.

    Stop words are kept on purpose: negations and hedges (``không``, ``chưa``) carry meaning
    for coding, and TF-IDF already damps frequent words.
    """
    out = []
    for tok in tokens:
        form = tok.form if isinstance(tok, Token) else tok
        if _PUNCT_OR_NUM.match(form):
            continue
        out.append(ANON_FEATURE if _ANON.match(form) else analysis_form(form))
    return out


def _word(form: str) -> str | None:
    """Analysis form of one token form (None: punctuation or a number)."""
    if _PUNCT_OR_NUM.match(form):
        return None
    return ANON_FEATURE if _ANON.match(form) else analysis_form(form)


def words_many(docs: Iterable[Sequence[Token] | Sequence[str]]) -> list[list[str]]:
    """:func:`words` of many statements, each distinct token form analysed once."""
    memo: dict[str, str | None] = {}
    out = []
    for tokens in docs:
        ws = []
        for tok in tokens:
            form = tok.form if isinstance(tok, Token) else tok
            if form in memo:
                word = memo[form]
            else:
                word = memo[form] = _word(form)
            if word is not None:
                ws.append(word)
        out.append(ws)
    return out


def word_features(ws: Sequence[str]) -> list[str]:
    """Words, syllables of compound words (``#kinh``) and adjacent word pairs (``a|b``).

    Syllables let ``kinh_phí`` share evidence with ``kinh_phí_bồi_dưỡng``; pairs keep short
    phrases (``không|hiểu``) that single words miss.
    """
    feats = list(ws)
    feats += [_SYLLABLE_MARK + s for w in ws if "_" in w for s in w.split("_")]
    feats += [a + _PAIR_SEP + b for a, b in zip(ws, ws[1:])]
    return feats


def display_feature(name: str) -> str:
    """A feature as users read it in evidence: ``kinh_phí``, ``không hiểu`` for a pair."""
    return name.lstrip(_SYLLABLE_MARK).replace(_PAIR_SEP, " ")


def _identity(doc: list[str]) -> list[str]:
    return doc


class Featurizer:
    """Sparse TF-IDF of word features, plus character n-grams, an LSA projection and word vectors.

    Parameters
    ----------
    char_ngrams : bool
        Add TF-IDF of character 2-5-grams within words (robust to spelling variants).
    n_components : int
        LSA dimensions (TruncatedSVD of the word TF-IDF) added as dense features; they let a
        model trained on few examples generalise to statements sharing no word with them.
        0 disables; fewer are used on small corpora.
    lsa_weight : float
        Scale of the (unit-length) LSA block relative to the TF-IDF block.
    embedding_dim : int
        Size of skip-gram word vectors (gensim ``Word2Vec``) trained on the fitted statements
        themselves; a statement's vector is the IDF-weighted mean of its words' vectors. Words
        used in the same contexts ("quạt", "máy lạnh", "nóng") get similar vectors, so the model
        learns from an example what it can apply to statements with other words. 0 disables;
        skipped when no word occurs twice.
    embedding_weight : float
        Scale of the (unit-length) statement vector block.
    random_state : int
        Seed of the SVD and the word vectors (trained with one worker thread, so the vectors
        are the same in every run).
    """

    def __init__(
        self,
        *,
        char_ngrams: bool = True,
        n_components: int = 150,
        lsa_weight: float = 0.5,
        embedding_dim: int = 0,
        embedding_weight: float = 0.5,
        random_state: int | None = 0,
    ) -> None:
        self.char_ngrams = char_ngrams
        self.n_components = n_components
        self.lsa_weight = lsa_weight
        self.embedding_dim = embedding_dim
        self.embedding_weight = embedding_weight
        self.random_state = random_state

    def fit(self, docs: Sequence[Sequence[str]]) -> Featurizer:
        """Fit on word lists (the output of :func:`words`).

        The word vectors are trained in a second thread while the vocabularies and the LSA are
        fitted (gensim's training loop releases the GIL); both are deterministic, so the result
        is the same as one after the other.
        """
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            w2v_future = (
                pool.submit(_word2vec, docs, self.embedding_dim, self.random_state)
                if self.embedding_dim > 0
                else None
            )
            self._fit_sparse(docs)
            w2v = w2v_future.result() if w2v_future is not None else None
        self._set_vectors(None, [])
        if w2v is not None:
            self._set_vectors(np.asarray(w2v.wv.vectors), list(w2v.wv.index_to_key))
        return self

    def _fit_sparse(self, docs: Sequence[Sequence[str]]) -> None:
        """Word TF-IDF, character n-grams and the LSA projection."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words_ = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False)
        xw = self.words_.fit_transform([word_features(d) for d in docs])
        self.chars_ = None
        if self.char_ngrams:
            self.chars_ = _char_vectorizer()
            try:
                self.chars_.fit([_char_text(d) for d in docs])
            except ValueError:  # too few documents for min_df=2
                self.chars_ = None
        k = min(self.n_components, xw.shape[0] - 1, xw.shape[1] - 1)
        self.svd_components_: np.ndarray | None = None
        if k >= 10:
            from sklearn.decomposition import TruncatedSVD

            self.svd_components_ = TruncatedSVD(k, random_state=self.random_state).fit(xw).components_
        self.n_word_features_ = xw.shape[1]

    def _set_vectors(self, vectors: np.ndarray | None, vocab: list[str]) -> None:
        """Word vectors (rows in ``vocab`` order) and each word's IDF weight for :meth:`_embed`."""
        self.word_vectors_ = vectors
        self.vector_words_ = vocab
        self._vector_index = {w: i for i, w in enumerate(vocab)}
        if vectors is not None:
            idf = dict(zip(self.words_.get_feature_names_out(), self.words_.idf_))
            self._vector_idf = np.array([idf.get(w, 1.0) for w in vocab])

    def _embed(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        """Unit-length IDF-weighted mean word vector of each statement (zeros if none known).

        One sparse product for all statements: row ``i`` of the (statements x words) matrix
        holds each known word's IDF once per occurrence.
        """
        from scipy.sparse import csr_matrix

        assert self.word_vectors_ is not None, "fit() trains the word vectors before _embed is called"
        index = self._vector_index
        cols: list[int] = []
        indptr = [0]
        for doc in docs:
            cols.extend(j for j in (index.get(w) for w in doc) if j is not None)
            indptr.append(len(cols))
        col = np.asarray(cols, dtype=np.int64)
        weights = csr_matrix(
            (self._vector_idf[col], col, np.asarray(indptr)), shape=(len(docs), len(self.vector_words_))
        )
        vectors = self.word_vectors_.astype(np.float64)
        out = np.asarray(weights @ vectors)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)

    def transform(self, docs: Sequence[Sequence[str]]) -> csr_matrix:
        """Sparse matrix: word TF-IDF columns first, then characters, LSA, statement vectors."""
        from scipy.sparse import csr_matrix, hstack
        from sklearn.preprocessing import normalize

        xw = self.words_.transform([word_features(d) for d in docs])
        blocks = [xw]
        if self.chars_ is not None:
            blocks.append(self.chars_.transform([_char_text(d) for d in docs]))
        if self.svd_components_ is not None:
            z = normalize(np.asarray(xw @ self.svd_components_.T)) * self.lsa_weight
            blocks.append(csr_matrix(z))
        if self.word_vectors_ is not None:
            blocks.append(csr_matrix(self._embed(docs) * self.embedding_weight))
        return hstack(blocks).tocsr() if len(blocks) > 1 else xw.tocsr()

    def word_block(self, docs: Sequence[Sequence[str]]) -> csr_matrix:
        """Only the word TF-IDF columns of :meth:`transform` (what evidence is computed from)."""
        return self.words_.transform([word_features(d) for d in docs]).tocsr()

    def word_names(self) -> np.ndarray:
        """Names of the word-feature columns (the first ``n_word_features_`` columns)."""
        return self.words_.get_feature_names_out()

    # ------------------------------------------------------------------ state
    def state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """The fitted featurizer as JSON values and numpy arrays (no pickle); see :meth:`from_state`."""
        meta: dict[str, Any] = {
            "params": {
                "char_ngrams": self.char_ngrams,
                "n_components": self.n_components,
                "lsa_weight": self.lsa_weight,
                "embedding_dim": self.embedding_dim,
                "embedding_weight": self.embedding_weight,
                "random_state": self.random_state,
            },
            "words": self.words_.get_feature_names_out().tolist(),
            "chars": None if self.chars_ is None else self.chars_.get_feature_names_out().tolist(),
            "vector_words": self.vector_words_,
        }
        arrays = {"words_idf": np.asarray(self.words_.idf_)}
        if self.chars_ is not None:
            arrays["chars_idf"] = np.asarray(self.chars_.idf_)
        if self.svd_components_ is not None:
            arrays["svd_components"] = self.svd_components_
        if self.word_vectors_ is not None:
            arrays["word_vectors"] = self.word_vectors_
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Featurizer:
        """Rebuild a fitted featurizer from :meth:`state`; it transforms exactly as the original."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        self = cls(**meta["params"])
        self.words_ = TfidfVectorizer(
            analyzer=_identity,
            sublinear_tf=True,
            lowercase=False,
            vocabulary={w: i for i, w in enumerate(meta["words"])},
        )
        self.words_.idf_ = arrays["words_idf"]
        self.chars_ = None
        if meta["chars"] is not None:
            self.chars_ = _char_vectorizer(vocabulary={w: i for i, w in enumerate(meta["chars"])})
            self.chars_.idf_ = arrays["chars_idf"]
        self.svd_components_ = arrays.get("svd_components")
        self.n_word_features_ = len(meta["words"])
        self._set_vectors(arrays.get("word_vectors"), list(meta["vector_words"]))
        return self


def _char_vectorizer(vocabulary: dict[str, int] | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        lowercase=False,
        vocabulary=vocabulary,
    )


def _char_text(doc: Sequence[str]) -> str:
    return " ".join(w.replace("_", " ") for w in doc)


def _word2vec(docs: Sequence[Sequence[str]], dim: int, seed: int | None) -> Word2Vec | None:
    """Skip-gram word vectors of the statements themselves, or None if no word occurs twice.

    One worker thread and a fixed seed make the vectors reproducible (gensim 4 draws the
    initial vectors from one seeded generator, not from per-word hashes); epochs shrink with
    corpus size (30 for up to 100k words, 5 from 600k).
    """
    from collections import Counter

    from gensim.models import Word2Vec

    counts = Counter(w for d in docs for w in d)
    if not any(c >= 2 for c in counts.values()):
        return None
    n_tokens = sum(counts.values())
    epochs = int(min(30, max(5, 3_000_000 // max(n_tokens, 1))))
    return Word2Vec(
        [list(d) for d in docs],
        vector_size=dim,
        window=5,
        min_count=2,
        sg=1,
        epochs=epochs,
        seed=seed or 0,
        workers=1,
    )
