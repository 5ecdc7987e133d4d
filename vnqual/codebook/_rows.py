"""Rows of ``codes.csv`` (coded excerpts) and ``hits.csv`` (keyword matches) with evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vnqual.codebook._features import display_feature
from vnqual.codebook._match import Match
from vnqual.codings import METHOD_HUMAN, METHOD_KEYWORD, METHOD_MODEL
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
    Token,
)

if TYPE_CHECKING:
    from vnqual.codebook._tagger import CodebookTagger

#: Leading columns of ``codes.csv``; context and metadata columns of the input follow.
CODE_ROW_COLUMNS = (STATEMENT_ID, "code", "score", "method", "evidence", START_CHAR, END_CHAR, "excerpt")
#: Columns of ``hits.csv``.
HIT_COLUMNS = (STATEMENT_ID, "code", "keyword", "matched", START_CHAR, END_CHAR, "excluded_by")
_CONTEXT = (DOC_ID, SPEAKER, ROLE, SOURCE_FILE)
_EXAMPLE_CHARS = 100


def context_columns(corpus: Corpus) -> list[str]:
    """``doc_id, speaker, role, source_file`` then the input's metadata columns (e.g. ``id``)."""
    out = list(_CONTEXT)
    out += [c for c in corpus.metadata_columns() if c not in out and c not in CODE_ROW_COLUMNS]
    return out


def _coef(model: Any) -> np.ndarray:
    inner = getattr(model, "calibrated_classifiers_", None)
    est = inner[0].estimator if inner else model
    return np.asarray(est.coef_).ravel()


def model_evidence(tagger: CodebookTagger, row: Any, j: int, score: float, n_features: int = 3) -> str:
    """``model: 0.83; top features kinh_phí(+1.2), ...; similar example: '...'``."""
    feat = tagger.featurizer_
    n_word = feat.n_word_features_
    words = row[:, :n_word].tocsr()
    contrib = words.data * _coef(tagger.estimators_[j])[words.indices]
    order = np.argsort(-contrib, kind="stable")[:n_features]
    names = feat.word_names()
    tops = [f"{display_feature(names[words.indices[k]])}({contrib[k]:+.2f})" for k in order if contrib[k] > 0]
    parts = [f"model: {score:.2f}"]
    if tops:
        parts.append("top features " + ", ".join(tops))
    example = _similar_example(tagger, words, str(tagger.classes_[j]))
    if example:
        parts.append(f"similar example: '{example}'")
    return "; ".join(parts)


def _similar_example(tagger: CodebookTagger, words: Any, code: str) -> str:
    from sklearn.preprocessing import normalize

    matrix = tagger._example_matrix
    if matrix is None or words.nnz == 0:
        return ""
    rows = [i for i, codes in enumerate(tagger._example_codes) if code in codes]
    if not rows:
        return ""
    sims = (matrix[rows] @ normalize(words).T).toarray().ravel()
    best = int(np.argmax(sims))
    if sims[best] <= 0:
        return ""
    text = " ".join(tagger._example_texts[rows[best]].split())
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…"


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
    P: np.ndarray,
    hits: list[tuple[list[Match], set[str]]],
    F: Any,
    human: Mapping[str, Sequence[str]],
    human_source: str,
    reviewed: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """One row per (statement, code): human codes, keyword matches, then model suggestions.

    ``reviewed`` (statement id -> :class:`~vnqual.codebook._tagger.PartialLabel`): codes a
    reviewer accepted become human rows, codes they rejected are not suggested again, the
    statement's other codes are suggested as usual.
    """
    reviewed = reviewed or {}
    frame = corpus.frame
    context = context_columns(corpus)
    records: list[dict[str, Any]] = []
    order = {name: j for j, name in enumerate(tagger.classes_)}
    texts = frame[TEXT].tolist()
    starts = frame[START_CHAR].astype(int).tolist()
    ids = frame[STATEMENT_ID].tolist()
    ctx_values = frame[context].to_dict(orient="records")
    for i, sid in enumerate(ids):
        text, start = texts[i], starts[i]
        base = {STATEMENT_ID: sid, START_CHAR: start, END_CHAR: start + len(text), "excerpt": text}
        coded: list[tuple[str, float, str, str]] = []
        if sid in human:
            for code in sorted(set(human[sid]), key=lambda c: order.get(c, len(order))):
                coded.append((code, 1.0, METHOD_HUMAN, f"human: {human_source}"))
        else:
            judged = reviewed.get(sid)
            skip: set[str] = set()
            if judged is not None:
                for code in sorted(set(judged.pos), key=lambda c: order.get(c, len(order))):
                    coded.append((code, 1.0, METHOD_HUMAN, f"human: {human_source} (reviewed)"))
                skip = set(judged.pos) | set(judged.neg)
            by_code: dict[str, list[Match]] = defaultdict(list)
            for m in hits[i][0]:
                by_code[m.key].append(m)
            for j, code in enumerate(tagger.classes_):
                if code in skip:
                    continue
                if code in by_code:
                    evidence = _keyword_evidence(text, start, by_code[code])
                    if tagger.estimators_[j] is not None and F is not None:
                        evidence += f"; model: {P[i, j]:.2f}"
                    coded.append((code, 1.0, METHOD_KEYWORD, evidence))
                elif P[i, j] >= tagger.min_score and P[i, j] > 0:
                    evidence = model_evidence(tagger, F[i], j, float(P[i, j]))
                    coded.append((code, round(float(P[i, j]), 4), METHOD_MODEL, evidence))
        for code, score, method, evidence in coded:
            records.append(
                {
                    **base,
                    "code": code,
                    "score": score,
                    "method": method,
                    "evidence": evidence,
                    **ctx_values[i],
                }
            )
    return pd.DataFrame(records, columns=list(CODE_ROW_COLUMNS) + context)


def hit_rows(tagger: CodebookTagger, corpus: Corpus, docs: list[list[Token]]) -> pd.DataFrame:
    """Every keyword match with its source span; ``excluded_by`` names a vetoing exclude pattern."""
    records = []
    frame = corpus.frame
    for sid, text, start, doc in zip(frame[STATEMENT_ID], frame[TEXT], frame[START_CHAR].astype(int), docs):
        vetoes: dict[str, list[str]] = defaultdict(list)
        for m in tagger.exclude_matcher_.find(doc):
            if m.keyword not in vetoes[m.key]:
                vetoes[m.key].append(m.keyword)
        for m in tagger.keyword_matcher_.find(doc):
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
