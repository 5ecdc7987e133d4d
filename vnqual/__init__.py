"""vnqual: text mining for Vietnamese qualitative workshop transcripts.

Examples
--------
>>> import vnqual
>>> corpus = vnqual.read_corpus("corpora/toa-dam-boi-duong")  # doctest: +SKIP
>>> corpus.exclude_roles(["facilitator"]).frame[["speaker", "site", "text"]].head()  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from vnqual._version import __version__
from vnqual.corpus import Corpus, Statement
from vnqual.errors import VnqualError, VnqualWarning
from vnqual.io import read_corpus
from vnqual.text import segment_words, tokenize

# Estimators import scikit-learn/gensim; load them on first use so `import vnqual` stays fast.
_LAZY = {
    "TopicModel": "vnqual.topics",
    "Codebook": "vnqual.codebook",
    "CodebookTagger": "vnqual.codebook",
}

__all__ = [
    "Codebook",
    "CodebookTagger",
    "Corpus",
    "Statement",
    "TopicModel",
    "VnqualError",
    "VnqualWarning",
    "__version__",
    "read_corpus",
    "segment_words",
    "tokenize",
]


#: Subpackages reachable as attributes after a bare ``import vnqual`` (``vnqual.agreement``).
_SUBMODULES = ("agreement", "codebook", "crosstab", "export", "keywords", "report", "topics")


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"vnqual.{name}")
    raise AttributeError(f"module 'vnqual' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_SUBMODULES))
