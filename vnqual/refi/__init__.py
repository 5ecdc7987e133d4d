"""REFI-QDA exchange files, read side: ``.qdc`` codebooks and ``.qdpx`` projects.

:func:`read_qdc`, :func:`read_qdpx` and :func:`read_qdpx_cases` are also importable from
:mod:`vnqual.export`, which writes these formats.
"""

from __future__ import annotations

from vnqual.refi._readers import CrlfMode, read_qdc, read_qdpx, read_qdpx_cases

__all__ = ["CrlfMode", "read_qdc", "read_qdpx", "read_qdpx_cases"]
