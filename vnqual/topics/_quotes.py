"""Quotes worth quoting: typical of the theme, informative, spread over speakers and documents.

A statement is a candidate quote of its theme (the theme of its largest weight) when

* its speaker's role is not one of :data:`NON_QUOTE_ROLES` (the facilitator's or interviewer's
  statements stay in the model when kept, but are never quoted);
* it is not a question (its last sentence ends with ``?``);
* once greetings, thanks, apologies and meta-talk sentences (``Xin chào.``, ``Xin cảm ơn đồng
  chí chủ trì.``, ``Tôi xin nói thêm.``) are set aside, it still holds at least
  :data:`MIN_CONTENT_WORDS` distinct content words (analysis tokens that are not function words).

Candidates are ranked by typicality: topic weight, then the share of the theme's top terms they
hold, then content words. Quotes are then picked in that order, first from speakers (and
documents) not quoted yet, so a theme spoken about by several people is quoted from several.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from vnqual.types import DOC_ID, ROLE, ROLE_FACILITATOR, SPEAKER, TEXT

#: Roles whose statements are never quotes (compared case-insensitively).
NON_QUOTE_ROLES: frozenset[str] = frozenset({ROLE_FACILITATOR, "interviewer", "moderator", "chair"})
#: Distinct content words a quote needs outside its courtesy sentences.
MIN_CONTENT_WORDS = 5
#: Sentences that are courtesy or talk about the talk (matched at the sentence start, lower case).
COURTESY = re.compile(
    r"^\W*(?:(?:dạ|vâng|thưa|kính thưa|xin|em|tôi|cháu|mình|chúng tôi|chúng em)[\s,]+)*"
    r"(?:xin chào|chào|cảm ơn|cám ơn|xin cảm ơn|xin lỗi|xin phép|xin nói thêm|nói thêm|"
    r"xin giới thiệu|giới thiệu|xin phát biểu|phát biểu|xin hỏi|không có thêm ý kiến|"
    r"không có ý kiến|có nghe|nghe rõ|nghe thấy|hết ạ|vâng ạ|dạ vâng|xin có ý kiến|"
    r"xin được|tên (?:tôi|em|là)|mời)",
)
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).lower().split())


def sentences(text: str) -> list[str]:
    """Sentences of a statement (split after ``.``, ``!``, ``?``, ``…``)."""
    return [s.strip() for s in _SENTENCE.findall(str(text)) if s.strip()]


def is_question(text: str) -> bool:
    """True if the statement's last sentence ends with a question mark."""
    return str(text).rstrip().rstrip("\"'”)»").endswith("?")


def substance(text: str) -> str:
    """The statement without its courtesy and meta-talk sentences (normalised, lower case)."""
    return " ".join(s for s in (_norm(x) for x in sentences(text)) if not COURTESY.match(s))


def content_words(tokens: Sequence[str], text: str, function_words: Collection[str]) -> int:
    """Distinct content tokens of a statement written outside its courtesy sentences."""
    body = substance(text)
    return sum(
        1 for t in set(tokens) if t.lower() not in function_words and t.replace("_", " ").lower() in body
    )


def select_quotes(
    W: np.ndarray,
    docs: Sequence[Sequence[str]],
    texts: Sequence[str],
    topic_terms: Sequence[Sequence[str]],
    n: int = 3,
    *,
    speakers: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    roles: Sequence[str] | None = None,
    function_words: Collection[str] = frozenset(),
    exclude_roles: Collection[str] = NON_QUOTE_ROLES,
    min_content_words: int = MIN_CONTENT_WORDS,
) -> list[list[int]]:
    """Row numbers of up to ``n`` quotes per topic (see the module docstring).

    Parameters
    ----------
    W : ndarray of shape (n_statements, n_topics)
        Topic weights; a statement belongs to its largest weight (all-zero rows: no topic).
    docs, texts : sequences
        Analysis tokens and verbatim text of each statement.
    topic_terms : sequence of list of str
        Top terms of each topic.
    speakers, documents, roles : sequences of str, optional
        Speaker, document and role of each statement (spread and role filter).
    exclude_roles : collection of str
        Roles never quoted (default :data:`NON_QUOTE_ROLES`; empty to quote everyone).
    min_content_words : int
        Distinct content words a quote needs (lowered for a theme that has no such statement).

    Returns
    -------
    list of list of int
        Best first; statements with the same bag of words appear once.
    """
    W = np.asarray(W)
    n_rows = len(docs)
    has = W.sum(axis=1) > 0 if W.size else np.zeros(n_rows, dtype=bool)
    assign = np.where(has, W.argmax(axis=1), -1) if W.size else np.full(n_rows, -1)
    banned = {r.lower() for r in exclude_roles}
    role_ok = np.array(
        [roles is None or str(roles[i] or "").strip().lower() not in banned for i in range(n_rows)],
        dtype=bool,
    )
    fw = frozenset(function_words)
    n_content = np.array([content_words(docs[i], texts[i], fw) for i in range(n_rows)])
    question = np.array([is_question(t) for t in texts], dtype=bool)
    out = []
    for t, terms in enumerate(topic_terms):
        top = set(terms)
        rows = np.flatnonzero((assign == t) & role_ok)
        good = rows[(n_content[rows] >= min_content_words) & ~question[rows]]
        if not len(good):  # a theme of short statements: its most informative non-questions
            good = rows[~question[rows]] if (~question[rows]).any() else rows
        hits = np.array([len(top.intersection(docs[i])) / max(len(top), 1) for i in good])
        order = (
            good[
                np.lexsort(
                    (good, -np.minimum(n_content[good], 30), -np.round(hits, 3), -np.round(W[good, t], 2))
                )
            ]
            if len(good)
            else good
        )
        out.append(_spread(order, docs, n, speakers, documents))
    return out


def _spread(
    order: np.ndarray,
    docs: Sequence[Sequence[str]],
    n: int,
    speakers: Sequence[str] | None,
    documents: Sequence[str] | None,
) -> list[int]:
    """Pick ``n`` rows in ``order``: new speaker and document first, then new speaker, then any."""
    picked: list[int] = []
    seen_bags: set[tuple[str, ...]] = set()
    who: set[str] = set()
    where: set[str] = set()

    def fresh(i: int, by_doc: bool) -> bool:
        new_speaker = speakers is None or not str(speakers[i] or "") or str(speakers[i]) not in who
        new_doc = documents is None or str(documents[i]) not in where
        return new_speaker and (new_doc or not by_doc)

    for rule in (lambda i: fresh(i, True), lambda i: fresh(i, False), lambda i: True):
        for i in order:
            i = int(i)
            key = tuple(sorted(docs[i]))
            if len(picked) == n:
                return picked
            if i in picked or key in seen_bags or not rule(i):
                continue
            picked.append(i)
            seen_bags.add(key)
            if speakers is not None:
                who.add(str(speakers[i]))
            if documents is not None:
                where.add(str(documents[i]))
    return picked


def frame_quotes(
    frame: pd.DataFrame,
    W: np.ndarray,
    docs: Sequence[Sequence[str]],
    model: Any,
    n: int = 3,
    *,
    exclude_roles: Collection[str] = NON_QUOTE_ROLES,
    texts: Sequence[str] | None = None,
) -> list[list[int]]:
    """:func:`select_quotes` for the statements table of a corpus and a fitted TopicModel
    (``texts``: the statements' texts, if the caller has them as a list already)."""

    def column(name: str) -> list[str] | None:
        if name not in frame.columns:
            return None
        # one str object per distinct value (a million rows of a few speakers: not a million strs)
        codes, values = pd.factorize(frame[name].fillna("").astype(str))
        return list(map(values.tolist().__getitem__, codes.tolist()))

    return select_quotes(
        W,
        docs,
        texts if texts is not None else frame[TEXT].astype(str).tolist(),
        model.topic_terms_,
        n,
        speakers=column(SPEAKER),
        documents=column(DOC_ID),
        roles=column(ROLE),
        function_words=model._function_words(),
        exclude_roles=exclude_roles,
    )
