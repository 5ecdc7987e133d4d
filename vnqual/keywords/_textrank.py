"""Keyphrases per document or group: TextRank over the words of noun-phrase candidates."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vnqual.errors import InputError
from vnqual.keywords._input import GROUP, check_column, group_labels, is_corpus, minimal_frame
from vnqual.types import DOC_ID, Token

if TYPE_CHECKING:
    from scipy import sparse

    from vnqual.corpus import Corpus

KEYPHRASE_COLUMNS = ("rank", "term", "token", "score", "count", "n_words")
_SEGMENT_KEYS = ("user_dict", "jobs", "cache", "progress")

#: A candidate: its words in canonical form (``("kinh_phí", "bồi_dưỡng")``).
Phrase = tuple[str, ...]


def pagerank(
    weights: sparse.csr_matrix, *, damping: float = 0.85, tol: float = 1e-10, max_iter: int = 200
) -> np.ndarray:
    """PageRank scores of a weighted undirected graph (power iteration, sums to 1).

    Nodes without edges get the teleport share only, as in networkx.
    """
    from scipy import sparse

    weights = sparse.csr_matrix(weights, dtype=np.float64)
    n = weights.shape[0]
    if n == 0:
        return np.zeros(0)
    out = np.asarray(weights.sum(axis=1)).ravel()
    dangling = out == 0
    inv = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    transition = sparse.diags(inv) @ weights  # row-stochastic except dangling rows
    moves = transition.T.tocsr()
    scores = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = (1.0 - damping) / n + damping * (moves @ scores + scores[dangling].sum() / n)
        done = np.abs(new - scores).sum() < tol
        scores = new
        if done:
            break
    return scores


def rank_phrases(
    statements: Sequence[Sequence[Phrase]],
    *,
    top: int | None = 10,
    window: int = 3,
    max_words: int = 4,
    damping: float = 0.85,
    min_count: int = 1,
) -> pd.DataFrame:
    """TextRank keyphrases of one unit (a document or a group of statements).

    1. Nodes: the words of all candidates (noun phrases); edges join two words at most
       ``window - 1`` positions apart in the sequence of candidate words of a statement,
       weighted by how often they co-occur (Mihalcea & Tarau 2004; weights as SingleRank).
    2. PageRank gives each word a score.
    3. A phrase scores the sum of its words' scores (as in TextRank/SingleRank
       implementations such as pke) times ``1 + ln(count)``: without the count factor every
       one-off chain of frequent nouns (``cuối năm xã``) would beat the phrases speakers
       repeat (``Sở Nội vụ``, ``công chức cấp xã``); with the mean instead of the sum only
       single words would be left.
    4. A phrase contained in a better-ranked one is dropped (``Sở Nội vụ`` after ``Sở Nội vụ
       tỉnh Quảng Nam``); a longer phrase containing a better-ranked word is kept.

    Parameters
    ----------
    statements : sequence of sequence of Phrase
        Candidates of each statement in reading order, as tuples of words.
    """
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: Counter[tuple[str, ...]] = Counter()
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    for phrases in statements:
        sequence: list[int] = []
        for words in phrases:
            if not words or len(words) > max_words:
                continue
            key = tuple(w.lower() for w in words)
            counts[key] += 1
            for word, low in zip(words, key):
                spelling[low][word] += 1
                sequence.append(index.setdefault(low, len(index)))
        for dist in range(1, max(window, 2)):
            for a, b in zip(sequence, sequence[dist:]):
                if a != b:
                    rows.append(a)
                    cols.append(b)
    if not counts:
        return _empty()
    from scipy import sparse

    n = len(index)
    edges = sparse.coo_matrix(
        (np.ones(len(rows)), (np.asarray(rows), np.asarray(cols))), shape=(n, n)
    ).tocsr()
    word_scores = pagerank(edges + edges.T, damping=damping)
    keys = sorted(k for k, c in counts.items() if c >= min_count)
    if not keys:
        return _empty()
    scores = np.array([sum(word_scores[index[w]] for w in key) * (1.0 + np.log(counts[key])) for key in keys])
    order = sorted(range(len(keys)), key=lambda i: (-scores[i], -counts[keys[i]], keys[i]))
    chosen: list[int] = []
    for i in order:
        if any(_contains(keys[j], keys[i]) for j in chosen):
            continue
        chosen.append(i)
        if top is not None and len(chosen) == top:
            break
    tokens = ["_".join(_shown(w, spelling) for w in keys[i]) for i in chosen]
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(chosen) + 1, dtype=np.int64),
            "term": [t.replace("_", " ") for t in tokens],
            "token": tokens,
            "score": scores[chosen],
            "count": np.array([counts[keys[i]] for i in chosen], dtype=np.int64),
            "n_words": np.array([len(keys[i]) for i in chosen], dtype=np.int64),
        }
    )


def _empty() -> pd.DataFrame:
    """No keyphrases, with the column types of a ranking (so concatenated rankings keep
    integer ranks and counts)."""
    ints = np.array([], dtype=np.int64)
    return pd.DataFrame(
        {
            "rank": ints,
            "term": pd.Series([], dtype=str),
            "token": pd.Series([], dtype=str),
            "score": np.array([], dtype=float),
            "count": ints,
            "n_words": ints,
        }
    )


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """True if the word sequence ``short`` occurs inside ``long``."""
    return any(long[k : k + len(short)] == short for k in range(len(long) - len(short) + 1))


def _shown(word: str, spelling: Mapping[str, Counter[str]]) -> str:
    """Most frequent spelling (ties: lower case): ``Lai_Châu``, ``xã``."""
    forms = spelling[word]
    return min(forms, key=lambda f: (-forms[f], f != word))


def keyphrases(
    data: Corpus | Sequence[Sequence[Token]],
    *,
    frame: pd.DataFrame | None = None,
    by: str | None = None,
    top: int | None = 10,
    window: int = 3,
    max_words: int = 4,
    min_count: int = 2,
    damping: float = 0.85,
    token_options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Keyphrases of each document (or group): noun phrases ranked by TextRank, deduplicated.

    Parameters
    ----------
    data : Corpus or sequence of list of Token
        A corpus, or the noun-phrase candidates of each statement as returned by
        :func:`vnqual.text.tokenize.noun_phrases` (``Token`` whose ``form`` has the words
        separated by spaces and the syllables by ``_``: ``kinh_phí bồi_dưỡng``).
    frame : pandas.DataFrame, optional
        Statement rows matching candidate lists (``doc_id`` or the ``by`` column); unused with a
        Corpus.
    by : str, optional
        Column forming the groups; default ``doc_id`` (one ranking per document).
    top : int or None
        Phrases kept per document or group.
    window : int
        Co-occurrence window over the candidate words of a statement (2 = adjacent only).
    max_words : int
        Longer candidates are ignored.
    min_count : int
        Only phrases that are a candidate at least this often in the unit (default 2: drops
        one-off chains of nouns; all words still take part in the word graph).
    damping : float
        PageRank damping factor.
    token_options : mapping, optional
        ``user_dict``, ``jobs``, ``cache``, ``progress`` (segmentation) and ``stopwords``: stop
        words are trimmed from both ends of a candidate.

    Returns
    -------
    pandas.DataFrame
        ``doc_id|group, rank, term, token, score, count, n_words``: ``term`` with spaces
        (``kinh phí bồi dưỡng``), ``token`` with ``_`` (``kinh_phí_bồi_dưỡng``), ``count`` how
        often the phrase was a whole candidate in the unit, ``n_words`` its length in words.

    Examples
    --------
    >>> from vnqual.types import Token
    >>> cands = [[Token("kinh_phí bồi_dưỡng", 0, 18), Token("cán_bộ xã", 19, 28)],
    ...          [Token("kinh_phí bồi_dưỡng", 0, 18)], [Token("cán_bộ tỉnh", 0, 11)]]
    >>> keyphrases(cands, top=2, min_count=1)[["term", "count"]]
                     term  count
    0  kinh phí bồi dưỡng      2
    1           cán bộ xã      1
    """
    if window < 2:
        raise InputError(f"window must be >= 2 (adjacent words), got {window}")
    if not 0 < damping < 1:
        raise InputError(f"damping must be between 0 and 1, got {damping}")
    frame, phrases = _phrases(data, frame, token_options, max_words)
    column = DOC_ID if by is None else GROUP
    if by is None:
        check_column(frame, DOC_ID)
        codes, uniques = pd.factorize(frame[DOC_ID].astype(str))
        names = uniques.tolist()
    else:
        codes, names = group_labels(frame, by)
    members: list[list[int]] = [[] for _ in range(len(names))]
    for i, code in enumerate(codes):
        if code >= 0:
            members[code].append(i)
    parts = []
    for name, rows in zip(names, members):
        ranked = rank_phrases(
            [phrases[i] for i in rows],
            top=top,
            window=window,
            max_words=max_words,
            damping=damping,
            min_count=min_count,
        )
        if len(ranked):  # concatenating empty frames would turn integer columns to float
            ranked.insert(0, column, str(name))
            parts.append(ranked)
    if not parts:
        empty = _empty()
        empty.insert(0, column, pd.Series([], dtype=str))
        return empty
    return pd.concat(parts, ignore_index=True)


def _phrases(
    data: Any, frame: pd.DataFrame | None, token_options: Mapping[str, Any] | None, max_words: int
) -> tuple[pd.DataFrame, list[list[Phrase]]]:
    if isinstance(data, (str, bytes)):
        raise TypeError("expected a Corpus or a list of candidate lists, got a single str")
    if is_corpus(data):
        if frame is not None:
            raise TypeError("frame= is only used with candidate lists, not with a Corpus")
        return data.frame, corpus_phrases(data.texts(), token_options, max_words=max_words)
    cands = [list(c) for c in data]
    if cands and cands[0] and not isinstance(cands[0][0], Token):
        raise TypeError("expected candidate lists of vnqual.types.Token; for texts pass a Corpus")
    if frame is None:
        frame = minimal_frame(len(cands))
    elif len(frame) != len(cands):
        raise InputError(
            f"{len(cands)} candidate lists but {len(frame)} statement rows; "
            "pass the frame they were made from"
        )
    phrases = [[tuple(t.form.split()) for t in c] for c in cands]
    return frame.reset_index(drop=True), phrases


def corpus_phrases(
    texts: Sequence[str], token_options: Mapping[str, Any] | None, *, max_words: int = 4
) -> list[list[Phrase]]:
    """Keyphrase candidates of each text: noun phrases, adjacent ones joined, stop words out.

    :func:`vnqual.text.tokenize.noun_phrases` (underthesea's chunker) mostly marks each noun as
    its own phrase (``cán_bộ`` | ``xã``). As in TextRank's post-processing (Mihalcea & Tarau
    2004, sec. 3.1), candidates separated only by spaces are joined into one multi-word
    candidate (``cán_bộ xã``, ``kỹ_năng số``); a stop word, punctuation or any other word in
    between breaks the run. Runs longer than ``max_words`` are left as separate candidates.
    """
    from vnqual.text.stopwords import stopword_set
    from vnqual.text.tokenize import noun_phrases

    options = dict(token_options or {})
    stop = frozenset(stopword_set(options.get("stopwords", "default")))
    seg_options = {k: v for k, v in options.items() if k in _SEGMENT_KEYS}
    out = []
    for text, cands in zip(texts, noun_phrases(texts, **seg_options)):
        runs: list[list[tuple[list[str], int, int]]] = []
        for cand in cands:
            words = cand.form.split(" ")
            start, end = cand.start, cand.end
            while words and words[0].lower() in stop:
                words.pop(0)
            while words and words[-1].lower() in stop:
                words.pop()
            if not words or cand.start < (runs[-1][-1][2] if runs else 0):
                continue
            if runs and text[runs[-1][-1][2] : start].isspace():
                runs[-1].append((words, start, end))
            else:
                runs.append([(words, start, end)])
        phrases: list[Phrase] = []
        for run in runs:
            joined = [w for words, _, _ in run for w in words]
            if len(joined) <= max_words:
                phrases.append(tuple(joined))
            else:
                phrases.extend(tuple(words) for words, _, _ in run)
        out.append(phrases)
    return out
