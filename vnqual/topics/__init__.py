"""Themes in short statements: topic models, choosing k, seed words, saved models.

Heavy modules (scikit-learn, gensim) load on first use, so ``import vnqual.topics`` is cheap.

Examples
--------
>>> import vnqual
>>> from vnqual.topics import TopicModel
>>> corpus = vnqual.read_corpus("corpora/toa-dam-boi-duong")  # doctest: +SKIP
>>> tm = TopicModel(6, random_state=1).fit_corpus(corpus)  # doctest: +SKIP
>>> tm.topic_info()[["topic", "size", "label"]]  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

#: Topic methods; ``"dmm"`` (one topic per statement) is the default, see benchmarks/topics.md.
METHODS: tuple[str, ...] = ("dmm", "nmf", "lda")
#: Default seed of ``vnqual topics --seed`` (and of the report's themes).
DEFAULT_SEED = 1

_LAZY = {
    "TopicModel": "vnqual.topics._model",
    "load_model": "vnqual.topics._model",
    "save_model": "vnqual.topics._io",
    "npmi_coherence": "vnqual.topics._coherence",
    "read_seed_words": "vnqual.topics._seeded",
    "scan_k": "vnqual.topics._select",
}

__all__ = ["METHODS", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'vnqual.topics' has no attribute {name!r}")


def __dir__() -> list[str]:  # tab completion and help() see the lazy names
    return sorted(set(globals()) | set(_LAZY))
