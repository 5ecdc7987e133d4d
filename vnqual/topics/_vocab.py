"""Token lists for topic models: validation and deduplication (counts: :mod:`vnqual.features`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


def unique_rows(docs: Sequence[Sequence[str]]) -> tuple[list[Sequence[str]], np.ndarray, np.ndarray]:
    """Deduplicate token lists (as multisets): ``(unique, inverse, counts)``; ``unique`` holds
    the first token list of each bag of words.

    Identical statements ("Đồng ý.") get identical topic weights, so models are fitted once per
    distinct bag of words, weighted by how often it occurs. A bag is known by a 16-byte hash of
    its sorted tokens (a million statements: no second copy of their tokens).
    """
    seen: dict[bytes, int] = {}
    inverse = np.empty(len(docs), dtype=np.int64)
    unique: list[Sequence[str]] = []
    for i, doc in enumerate(docs):
        key = hashlib.blake2b(
            "\x1f".join(sorted(doc)).encode("utf-8", "surrogatepass"), digest_size=16
        ).digest()
        at = seen.setdefault(key, len(seen))
        if at == len(unique):
            unique.append(doc)
        inverse[i] = at
    counts = np.bincount(inverse, minlength=len(unique)).astype(np.float64)
    return unique, inverse, counts


def check_token_lists(docs: object) -> list[list[str]]:
    """Validate ``docs`` as a sequence of token lists (reject a bare str, like sklearn)."""
    if isinstance(docs, (str, bytes)):
        raise TypeError(
            "expected a list of token lists, got a single str; use "
            "fit_corpus(corpus) or vnqual.tokenize(texts)"
        )
    out = []
    for doc in docs:  # type: ignore[attr-defined]
        if isinstance(doc, str):
            raise TypeError(
                "expected token lists, got texts; segment them first: "
                "TopicModel(...).fit(vnqual.tokenize(texts)), or fit_corpus(corpus)"
            )
        # a list of str is used as it is (a million statements: no second copy of the tokens)
        out.append(doc if type(doc) is list and set(map(type, doc)) <= {str} else [str(t) for t in doc])
    return out
