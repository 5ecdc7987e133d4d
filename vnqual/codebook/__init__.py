"""Codebooks (YAML/CSV/QDC) and tagging statements with codes: keywords plus a learned model."""
from __future__ import annotations

from vnqual.codebook._codebook import Code, Codebook
from vnqual.codebook._match import KeywordMatcher

__all__ = ["Code", "Codebook", "KeywordMatcher"]
