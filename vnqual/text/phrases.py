"""Collocation merging: recurring word pairs become one canonical token (gensim ``Phrases``).

``kinh_phí`` + ``bồi_dưỡng`` seen together often enough becomes ``kinh_phí_bồi_dưỡng``. The
score is normalised PMI (-1..1), so the threshold does not depend on corpus size; one pass
finds pairs of words (a pair may already be a multi-syllable word). Deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

Row = list[tuple[str, int, int]]


def merge_phrases(
    rows: Sequence[Sequence[tuple[str, int, int]]],
    *,
    min_count: int = 5,
    threshold: float = 0.5,
) -> list[Row]:
    """Merge collocations in tokenised statements, keeping character spans.

    Parameters
    ----------
    rows : sequence of sequence of (form, start, end)
        Analysis tokens of each statement (stop words already removed).
    min_count : int
        A pair must occur at least this often.
    threshold : float
        Minimum normalised PMI (``scoring="npmi"``) of a pair.

    Returns
    -------
    list of list of (form, start, end)
        Merged tokens span from the first word's start to the last word's end.

    Examples
    --------
    >>> rows = [[("kinh_phí", 0, 8), ("bồi_dưỡng", 9, 18), ("thiếu", 19, 24)]] * 6
    >>> merge_phrases(rows)[0]
    [('kinh_phí_bồi_dưỡng', 0, 18), ('thiếu', 19, 24)]
    """
    from gensim.models.phrases import Phrases

    if min_count < 1:
        raise ValueError(f"min_count must be >= 1, got {min_count}")
    docs = [[f for f, _, _ in r] for r in rows]
    # A space never occurs inside a canonical token, so it marks the merge unambiguously.
    model = Phrases(docs, min_count=min_count, threshold=threshold, scoring="npmi", delimiter=" ").freeze()
    out: list[Row] = []
    for row, doc in zip(rows, docs):
        merged: Row = []
        i = 0
        for phrase, _score in model.analyze_sentence(doc):
            n = phrase.count(" ") + 1
            merged.append((phrase.replace(" ", "_"), row[i][1], row[i + n - 1][2]))
            i += n
        out.append(merged)
    return out
