"""Rows of ``codes.csv`` (coded excerpts) and ``hits.csv`` (keyword matches) with evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vnqual.codebook._features import display_feature
from vnqual.codebook._match import Match
from vnqual.codings import (
    APPLIES,
    METHOD,
    METHOD_HUMAN,
    METHOD_KEYWORD,
    METHOD_KEYWORD_MODEL,
    METHOD_MODEL,
    RANK,
    SCORE,
)
from vnqual.corpus import Corpus
from vnqual.types import (
    DOC_ID,
    END_CHAR,
    ROLE,
    SOURCE_FILE,
    SPEAKER,
    START_CHAR,
    STATEMENT_ID,
    TEXT,
)

if TYPE_CHECKING:
    from vnqual.codebook._tagger import CodebookTagger, Decisions, Matches

#: Leading columns of ``codes.csv``; context and metadata columns of the input follow.
#: ``rank`` and ``applies`` (0.2.0) come after the columns of 0.1, so these keep their places.
CODE_ROW_COLUMNS = (
    STATEMENT_ID,
    "code",
    SCORE,
    METHOD,
    "evidence",
    START_CHAR,
    END_CHAR,
    "excerpt",
    RANK,
    APPLIES,
)
#: Columns of ``hits.csv``.
HIT_COLUMNS = (STATEMENT_ID, "code", "keyword", "matched", START_CHAR, END_CHAR, "excluded_by")
_CONTEXT = (DOC_ID, SPEAKER, ROLE, SOURCE_FILE)
_EXAMPLE_CHARS = 100


def context_columns(corpus: Corpus) -> list[str]:
    """``doc_id, speaker, role, source_file`` then the input's metadata columns (e.g. ``id``)."""
    out = list(_CONTEXT)
    out += [c for c in corpus.metadata_columns() if c not in out and c not in CODE_ROW_COLUMNS]
    return out


def model_evidence(
    tagger: CodebookTagger, F: Any, rows: Sequence[int], j: int, n_features: int = 3
) -> list[str]:
    """For statements ``rows`` and code ``j``: ``top features kinh_phí(+1.2), ...; similar
    example: '...'`` -- the words that weighed most for the code and the most similar
    hand-coded statement or codebook example of the code."""
    if not len(rows):
        return []
    n_word = tagger.featurizer_.n_word_features_
    X = F[list(rows)][:, :n_word].tocsr()
    coef = tagger.estimators_[j].coef_[:n_word]
    names = tagger.featurizer_.word_names()
    examples = _similar_examples(tagger, X, str(tagger.classes_[j]))
    out = []
    for r in range(X.shape[0]):
        lo, hi = X.indptr[r], X.indptr[r + 1]
        idx, contrib = X.indices[lo:hi], X.data[lo:hi] * coef[X.indices[lo:hi]]
        order = np.argsort(-contrib, kind="stable")[:n_features]
        tops = [f"{display_feature(names[idx[k]])}({contrib[k]:+.2f})" for k in order if contrib[k] > 0]
        parts = ["top features " + ", ".join(tops)] if tops else []
        if examples[r]:
            parts.append(f"similar example: '{examples[r]}'")
        out.append("; ".join(parts))
    return out


def _similar_examples(tagger: CodebookTagger, X: Any, code: str, chunk: int = 256) -> list[str]:
    """Most similar example of ``code`` (cosine on word features) for each row of ``X``."""
    from sklearn.preprocessing import normalize

    matrix = tagger._example_matrix
    rows = [i for i, codes in enumerate(tagger._example_codes) if code in codes]
    if matrix is None or not rows:
        return [""] * X.shape[0]
    sub = matrix[rows].T.tocsc()
    Xn = normalize(X)
    out = []
    for lo in range(0, X.shape[0], chunk):
        sims = (Xn[lo : lo + chunk] @ sub).toarray()
        best = sims.argmax(axis=1)
        for r, b in enumerate(best):
            if sims[r, b] <= 0:
                out.append("")
                continue
            text = " ".join(tagger._example_texts[rows[b]].split())
            out.append(text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…")
    return out


def _keyword_evidence(text: str, offset: int, found: Sequence[Match]) -> str:
    """``keywords: kinh phí [120-128], ngân sách [140-149]`` (source offsets).

    A match inside a longer match of the same code (``xã`` inside ``cấp xã``) is not repeated.
    """
    seen = []
    for m in found:
        if any(
            o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in found
        ):
            continue
        item = f"{text[m.start : m.end]} [{offset + m.start}-{offset + m.end}]"
        if item not in seen:
            seen.append(item)
    return "keywords: " + ", ".join(seen)


def tag_rows(
    tagger: CodebookTagger,
    corpus: Corpus,
    decided: Decisions,
    human: Mapping[str, Sequence[str]],
    human_source: str,
    reviewed: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """One row per (statement, code) whose score reaches ``tagger.min_score``, by statement and rank.

    ``score`` is the tagger's score (:meth:`CodebookTagger.predict_proba`), ``rank`` 1 the
    statement's best code (:meth:`CodebookTagger.top_codes`), ``applies`` whether the score
    reaches the code's threshold. A statement in ``human`` gets its human codes instead (score
    1, applies, ranked in codebook order). ``reviewed`` (statement id ->
    :class:`~vnqual.codebook._targets.PartialLabel`): codes a reviewer accepted become human rows
    (ranked first), codes they rejected are not suggested again, the statement's other codes
    are scored as usual and ranked after the accepted ones.
    """
    reviewed = reviewed or {}
    frame = corpus.frame
    context = context_columns(corpus)
    order = {name: j for j, name in enumerate(tagger.classes_)}
    texts = frame[TEXT].tolist()
    starts = frame[START_CHAR].astype(int).tolist()
    ids = frame[STATEMENT_ID].tolist()
    ctx_values = frame[context].to_dict(orient="records")
    S, R, A = decided.scores, decided.ranks, decided.applies
    keep = (float(tagger.min_score) <= S) & np.array([sid not in human for sid in ids], dtype=bool)[:, None]
    # Model evidence, computed per code for all its written rows at once.
    model_text: dict[tuple[int, int], str] = {}
    if decided.features is not None:
        for jj in np.flatnonzero(decided.modelled):
            rows = [int(r) for r in np.flatnonzero(keep[:, jj])]
            for r, text in zip(rows, model_evidence(tagger, decided.features, rows, int(jj))):
                model_text[(r, int(jj))] = text
    records: list[dict[str, Any]] = []
    for i, sid in enumerate(ids):
        text, start = texts[i], starts[i]
        base = {STATEMENT_ID: sid, START_CHAR: start, END_CHAR: start + len(text), "excerpt": text}
        coded: list[tuple[str, float, int, bool, str, str]] = []
        if sid in human:
            codes = sorted(set(human[sid]), key=lambda c: order.get(c, len(order)))
            for rank, code in enumerate(codes, start=1):
                coded.append((code, 1.0, rank, True, METHOD_HUMAN, f"human: {human_source}"))
        else:
            judged = reviewed.get(sid)
            skip: set[str] = set()
            if judged is not None:
                accepted = sorted(set(judged.pos), key=lambda c: order.get(c, len(order)))
                for rank, code in enumerate(accepted, start=1):
                    coded.append((code, 1.0, rank, True, METHOD_HUMAN, f"human: {human_source} (reviewed)"))
                skip = set(judged.pos) | set(judged.neg)
            by_code: dict[str, list[Match]] = defaultdict(list)
            for m in decided.hits[i][0]:
                by_code[m.key].append(m)
            machine = sorted(
                (int(c) for c in np.flatnonzero(keep[i]) if str(tagger.classes_[c]) not in skip),
                key=lambda c: R[i, c],
            )
            first = len(coded)  # reviewed codes rank first; the machine's ranks follow them
            for j in machine:
                code = str(tagger.classes_[j])
                parts = [_keyword_evidence(text, start, by_code[code])] if code in by_code else []
                if decided.modelled[j]:
                    method = METHOD_KEYWORD_MODEL if code in by_code else METHOD_MODEL
                    parts.append(f"model: {S[i, j]:.2f}")
                    if model_text.get((i, j)):
                        parts.append(model_text[(i, j)])
                else:
                    method = METHOD_KEYWORD
                    if not parts:
                        parts.append("keywords: none" + (" (fallback code)" if R[i, j] == 1 else ""))
                score = round(float(S[i, j]), 4)
                rank = int(R[i, j]) if not first else first + 1 + machine.index(j)
                coded.append((code, score, rank, bool(A[i, j]), method, "; ".join(parts)))
        for code, score, rank, applies, method, evidence in coded:
            records.append(
                {
                    **base,
                    "code": code,
                    SCORE: score,
                    RANK: rank,
                    APPLIES: applies,
                    METHOD: method,
                    "evidence": evidence,
                    **ctx_values[i],
                }
            )
    return pd.DataFrame(records, columns=list(CODE_ROW_COLUMNS) + context)


def hit_rows(tagger: CodebookTagger, corpus: Corpus, matches: Matches) -> pd.DataFrame:
    """Every keyword match with its source span; ``excluded_by`` names a vetoing exclude pattern.

    ``matches``: the statements' :class:`~vnqual.codebook._tagger.Matches`.
    """
    records = []
    frame = corpus.frame
    for sid, text, start, found, excluded in zip(
        frame[STATEMENT_ID],
        frame[TEXT],
        frame[START_CHAR].astype(int),
        matches.keyword,
        matches.exclude,
    ):
        vetoes: dict[str, list[str]] = defaultdict(list)
        for m in excluded:
            if m.keyword not in vetoes[m.key]:
                vetoes[m.key].append(m.keyword)
        for m in found:
            records.append(
                {
                    STATEMENT_ID: sid,
                    "code": m.key,
                    "keyword": m.keyword,
                    "matched": text[m.start : m.end],
                    START_CHAR: start + m.start,
                    END_CHAR: start + m.end,
                    "excluded_by": "; ".join(vetoes.get(m.key, ())),
                }
            )
    return pd.DataFrame(records, columns=list(HIT_COLUMNS))
