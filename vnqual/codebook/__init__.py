"""Codebooks (YAML/CSV/QDC) and tagging statements with codes: keywords plus a learned model."""

from __future__ import annotations

from vnqual.codebook._codebook import Code, Codebook
from vnqual.codebook._match import KeywordMatcher
from vnqual.codebook._output import read_codes, write_tag_dir
from vnqual.codebook._tagger import CodebookTagger

__all__ = ["Code", "Codebook", "CodebookTagger", "KeywordMatcher", "read_codes", "write_tag_dir"]
