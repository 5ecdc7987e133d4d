"""Codebooks (YAML/CSV/QDC) and tagging statements with codes: keywords plus a learned model."""

from __future__ import annotations

import importlib
from typing import Any

from vnqual.codebook._codebook import Code, Codebook
from vnqual.codebook._match import KeywordMatcher
from vnqual.codebook._tagger import CodebookTagger

#: The tag folder's reader and writer live with the ``vnqual tag`` job; still importable from here.
_FROM_JOBS = {"read_codes": "vnqual.jobs.tag", "write_tag_dir": "vnqual.jobs.tag"}

__all__ = ["Code", "Codebook", "CodebookTagger", "KeywordMatcher", "read_codes", "write_tag_dir"]


def __getattr__(name: str) -> Any:
    if name in _FROM_JOBS:
        return getattr(importlib.import_module(_FROM_JOBS[name]), name)
    raise AttributeError(f"module 'vnqual.codebook' has no attribute {name!r}")
