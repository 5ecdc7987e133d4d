"""Topic coherence: NPMI of top-term pairs (gensim ``CoherenceModel``, ``coherence="c_npmi"``)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

#: Coherence is estimated on at most this many statements (evenly spaced, so deterministic).
MAX_COHERENCE_DOCS = 20_000
#: Co-occurrence window in tokens: a statement of up to 40 content words is one window.
WINDOW = 40
#: Below this NPMI a theme is flagged "weak".
WEAK_BELOW = 0.0
#: One-line explanation of the coherence number, printed under the themes and in the report.
NPMI_NOTE = (
    "coherence = NPMI of a theme's top words, -1..1: above 0 they are used together in the same "
    "statements more often than by chance; below 0 = weak (read its quotes before trusting it)"
)
#: The same in Vietnamese (report).
NPMI_NOTE_VI = (
    "Độ gắn kết (NPMI, -1..1) của các từ hàng đầu: trên 0 = các từ thường cùng xuất hiện trong một "
    "phát biểu hơn mức ngẫu nhiên; dưới 0 = chủ đề yếu (weak), hãy đọc trích dẫn trước khi dùng."
)


def coherence_flag(value: float) -> str:
    """Plain words for an NPMI value: ``"weak"`` below :data:`WEAK_BELOW`, else ``"ok"``."""
    return "weak" if value < WEAK_BELOW else "ok"


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    texts: Sequence[Sequence[str]],
    *,
    topn: int = 10,
    max_docs: int = MAX_COHERENCE_DOCS,
) -> np.ndarray:
    """NPMI coherence of each topic's top terms in ``texts`` (-1 .. 1, higher is better).

    Parameters
    ----------
    topics : sequence of sequence of str
        Top terms of each topic (canonical tokens), best first.
    texts : sequence of sequence of str
        Token lists the co-occurrences are counted in (gensim's sliding window of 10 tokens).
    topn : int
        Number of top terms per topic to use.

    Returns
    -------
    numpy.ndarray
        One finite value per topic. A topic with fewer than two of its terms in ``texts``, or
        whose pairs never co-occur in a window (gensim returns NaN on tiny corpora), gets 0.0,
        the value of independent words, so a scan over k never sees NaN.
    """
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    texts = [list(t) for t in texts if len(t) > 0]
    if len(texts) > max_docs:
        step = len(texts) / max_docs
        texts = [texts[int(i * step)] for i in range(max_docs)]
    out = np.zeros(len(topics))
    if not texts:
        return out
    dictionary = Dictionary(texts)
    known = [[t for t in topic[:topn] if t in dictionary.token2id] for topic in topics]
    usable = [i for i, terms in enumerate(known) if len(terms) >= 2]
    if not usable:
        return out
    model = CoherenceModel(
        topics=[known[i] for i in usable],
        texts=texts,
        dictionary=dictionary,
        coherence="c_npmi",
        topn=topn,
        processes=1,
        window_size=WINDOW,
    )
    for i, value in zip(usable, model.get_coherence_per_topic()):
        out[i] = float(value) if value is not None and math.isfinite(value) else 0.0
    return out
