"""vnqual: text mining for Vietnamese qualitative workshop transcripts.

Examples
--------
>>> import vnqual
>>> corpus = vnqual.read_corpus("corpora/toa-dam-boi-duong")  # doctest: +SKIP
>>> corpus.frame[["speaker", "text"]].head()  # doctest: +SKIP
"""
from __future__ import annotations

from vnqual._version import __version__
from vnqual.corpus import Corpus, Statement
from vnqual.errors import VnqualError, VnqualWarning
from vnqual.io import read_corpus
from vnqual.text import segment_words, tokenize

__all__ = [
    "Corpus",
    "Statement",
    "VnqualError",
    "VnqualWarning",
    "__version__",
    "read_corpus",
    "segment_words",
    "tokenize",
]
