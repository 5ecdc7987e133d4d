"""Vietnamese text pipeline: canonical text, word segmentation, analysis tokens."""
from __future__ import annotations

from vnqual.text.tokenize import display, segment, tokenize

__all__ = ["display", "segment", "tokenize"]
