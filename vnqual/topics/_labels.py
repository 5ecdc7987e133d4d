"""Theme labels in the researcher's words: distinctive content terms and phrases.

Terms are ranked by relevance (Sievert & Shirley 2014, LDAvis) with ``lambda = 0.6``:
``lambda * log p(term | topic) + (1 - lambda) * log(p(term | topic) / p(term))``, so a term
frequent everywhere (``xã`` in a corpus about communes) ranks below one typical of the theme.
Function words (:mod:`vnqual.text.function_words`: pronouns, light verbs, particles,
quantifiers, ...) are never ranked. A label is the 2-3 best terms; a recurring pair of adjacent
words of the theme's statements (``kinh phí bồi dưỡng``, ``Sở Nội vụ``) replaces its parts.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np

#: Weight of p(term | topic) against lift p(term | topic) / p(term) when ranking terms.
RELEVANCE_LAMBDA = 0.6
#: Separator of the parts of a label.
LABEL_SEP = " / "
#: Parts of a label (2 when one of them is a phrase).
LABEL_PARTS = 3
#: A pair of adjacent words is a phrase of a theme when it occurs in at least this many of the
#: theme's statements...
PHRASE_MIN_STATEMENTS = 3
#: ...and in at least this share of the theme's statements holding its rarer word.
PHRASE_MIN_SHARE = 0.5
#: ...and together at least this many times as often as chance (statement counts over the
#: corpus: ``n(a b) * N / (n(a) * n(b))``), so ``xã đạt`` (``xã`` is in most statements) is no phrase.
PHRASE_MIN_LIFT = 1.3
#: Only the best-ranked terms of a theme are looked at for labels.
LABEL_CANDIDATES = 6
#: Both words of a label phrase must be among this many best-ranked terms of the theme, so a
#: distinctive word is not glued to an incidental neighbour (``thầy tiếp tục``, ``bài tập hàng``).
PHRASE_POOL = 30


def display(term: str) -> str:
    """How a canonical token is shown: syllables separated by spaces (``cán bộ``)."""
    return term.replace("_", " ")


def relevance(
    components: np.ndarray, term_frequency: np.ndarray, lam: float = RELEVANCE_LAMBDA
) -> np.ndarray:
    """Relevance of every term in every topic, shape ``(n_topics, n_terms)``."""
    comp = np.maximum(np.asarray(components, dtype=np.float64), 1e-300)
    return lam * np.log(comp) + (1 - lam) * np.log(comp / np.asarray(term_frequency, dtype=np.float64))


def distinctive_terms(
    components: np.ndarray,
    term_frequency: np.ndarray,
    vocabulary: Sequence[str],
    *,
    n: int = 10,
    function_words: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """The ``n`` most relevant terms of each topic that are not function words, best first.

    Ties are broken by spelling, so the result is deterministic.
    """
    vocab = np.asarray(vocabulary, dtype=object)
    ok = np.array([t.lower() not in function_words for t in vocab], dtype=bool)
    out = []
    for row in relevance(components, term_frequency):
        order = np.lexsort((vocab, -row))
        out.append([str(vocab[j]) for j in order if ok[j]][:n])
    return out


def topic_phrases(
    docs: Sequence[Sequence[str]],
    assign: Sequence[int],
    n_topics: int,
    *,
    function_words: frozenset[str] = frozenset(),
    texts: Sequence[str] | None = None,
) -> list[Counter[tuple[str, str]]]:
    """Statements of each topic holding each pair of adjacent content words (``(a, b)``).

    Pairs with a function word, or of the same word twice, are not counted. With ``texts``
    (the statements' verbatim texts), a pair counts only where the two words are written next
    to each other (``kinh phí bồi dưỡng``, not ``kinh phí, bồi dưỡng`` or ``kinh phí cho
    bồi dưỡng``).
    """
    out: list[Counter[tuple[str, str]]] = [Counter() for _ in range(n_topics)]
    for i, (doc, t) in enumerate(zip(docs, assign)):
        if t < 0:
            continue
        pairs = {
            (a, b)
            for a, b in zip(doc, doc[1:])
            if a != b and a.lower() not in function_words and b.lower() not in function_words
        }
        if texts is not None:
            text = " ".join(unicodedata.normalize("NFC", str(texts[i])).lower().split())
            pairs = {p for p in pairs if f"{display(p[0])} {display(p[1])}".lower() in text}
        out[t].update(pairs)
    return out


def topic_term_counts(
    docs: Sequence[Sequence[str]], assign: Sequence[int], n_topics: int
) -> list[Counter[str]]:
    """Statements of each topic holding each term."""
    out: list[Counter[str]] = [Counter() for _ in range(n_topics)]
    for doc, t in zip(docs, assign):
        if t >= 0:
            out[t].update(set(doc))
    return out


def make_label(
    terms: Sequence[str],
    phrases: Counter[tuple[str, str]] | None = None,
    term_counts: Counter[str] | None = None,
    pool: Sequence[str] | None = None,
) -> str:
    """Label of one theme from its ranked ``terms`` (and the pair counts of its statements).

    The best terms are taken in order; a term that is part of a recurring phrase of the theme
    (see :data:`PHRASE_MIN_STATEMENTS`, :data:`PHRASE_MIN_SHARE`) is shown as that phrase,
    provided both its words are in ``pool`` (the theme's best-ranked terms; default ``terms``).
    Three parts, or two when one is a phrase.

    Examples
    --------
    >>> make_label(["kinh_phí", "ngân_sách", "thiếu"])
    'kinh phí / ngân sách / thiếu'
    >>> from collections import Counter
    >>> make_label(["kinh_phí", "thiếu", "bồi_dưỡng"], Counter({("kinh_phí", "bồi_dưỡng"): 4}),
    ...            Counter({"kinh_phí": 5, "bồi_dưỡng": 6, "thiếu": 3}))
    'kinh phí bồi dưỡng / thiếu'
    """
    parts: list[str] = []
    used: set[str] = set()
    has_phrase = False
    allowed = set(terms if pool is None else pool)
    if phrases:
        phrases = Counter({p: n for p, n in phrases.items() if p[0] in allowed and p[1] in allowed})
    for term in terms[:LABEL_CANDIDATES]:
        if term in used:
            continue
        phrase = _best_phrase(term, phrases, term_counts, used) if phrases else None
        if phrase is not None:
            parts.append(display(phrase[0]) + " " + display(phrase[1]))
            used.update(phrase)
            has_phrase = True
        else:
            parts.append(display(term))
            used.add(term)
        if len(parts) >= (2 if has_phrase else LABEL_PARTS):
            break
    return LABEL_SEP.join(parts)


def _best_phrase(
    term: str, phrases: Counter[tuple[str, str]], term_counts: Counter[str] | None, used: set[str]
) -> tuple[str, str] | None:
    found = []
    for pair, n in phrases.items():
        if term not in pair or n < PHRASE_MIN_STATEMENTS or used.intersection(pair):
            continue
        if term_counts is not None:
            rarer = min(term_counts.get(pair[0], n), term_counts.get(pair[1], n))
            if n < PHRASE_MIN_SHARE * rarer:
                continue
        found.append((-n, pair))
    return min(found)[1] if found else None


def label_topics(
    topic_terms: Sequence[Sequence[str]],
    docs: Sequence[Sequence[str]] | None = None,
    assign: Sequence[int] | None = None,
    *,
    function_words: frozenset[str] = frozenset(),
    texts: Sequence[str] | None = None,
    pools: Sequence[Sequence[str]] | None = None,
) -> list[str]:
    """Labels of all topics; phrases are looked for when the training statements are known.

    ``pools`` are longer rankings of each topic's terms (:data:`PHRASE_POOL`) that phrase words
    must come from (default: ``topic_terms``).
    """
    k = len(topic_terms)
    if docs is None or assign is None:
        return [make_label(terms) for terms in topic_terms]
    phrases = topic_phrases(docs, assign, k, function_words=function_words, texts=texts)
    counts = topic_term_counts(docs, assign, k)
    df: Counter[str] = sum(counts, Counter())
    pair_df: Counter[tuple[str, str]] = sum(phrases, Counter())
    n_docs = sum(1 for t in assign if t >= 0)
    weak = {pair for pair, n in pair_df.items() if n * n_docs < PHRASE_MIN_LIFT * df[pair[0]] * df[pair[1]]}
    for counter in phrases:
        for pair in weak & set(counter):
            del counter[pair]
    return [
        make_label(terms, phrases[t], counts[t], None if pools is None else pools[t])
        for t, terms in enumerate(topic_terms)
    ]


def share_function_words(terms: Sequence[str], function_words: frozenset[str]) -> float:
    """Share of ``terms`` (tokens or displayed words/phrases) that are function words."""
    if not terms:
        return 0.0
    hits = sum(1 for t in terms if "_".join(t.lower().split()) in function_words)
    return hits / len(terms)
