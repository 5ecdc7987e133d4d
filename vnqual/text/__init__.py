"""Vietnamese text pipeline: canonical text, speaker turns, word segmentation, analysis tokens.

Modules: :mod:`~vnqual.text.normalize` (canonical and analysis forms), :mod:`~vnqual.text.segment`
(speaker turns, paragraphs, sentences), :mod:`~vnqual.text.tokenize` (words with spans, analysis
tokens), :mod:`~vnqual.text.stopwords`, :mod:`~vnqual.text.phrases`.
"""

from __future__ import annotations

from vnqual.text.tokenize import display, noun_phrases, tokenize, tokenize_with_spans
from vnqual.text.tokenize import segment as segment_words

__all__ = ["display", "noun_phrases", "segment_words", "tokenize", "tokenize_with_spans"]
