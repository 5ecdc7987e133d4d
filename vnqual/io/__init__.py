"""Readers: one per file format, all producing the same statement records."""

from __future__ import annotations

from vnqual.io._read import read_corpus

__all__ = ["read_corpus"]
