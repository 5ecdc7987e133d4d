"""De-identification: replace names, places and numbers by consistent pseudonyms, and check outputs.

Examples
--------
>>> from vnqual import deid
>>> result = deid.deidentify(corpus, key="deid-key.csv")  # doctest: +SKIP
>>> result.corpus.save("ket_qua/an_danh")  # doctest: +SKIP
>>> deid.check_outputs("ket_qua/an_danh", "deid-key.csv")  # doctest: +SKIP
[]
"""

from __future__ import annotations

from vnqual.deid._apply import OFFSET_MAP_COLUMNS, carry_codings, map_positions, rewrite
from vnqual.deid._check import Finding, check_outputs
from vnqual.deid._detect import CATEGORIES, DEFAULT_CATEGORIES, UNCERTAIN_BELOW, Span
from vnqual.deid._lexicon import KEEP_LEVELS
from vnqual.deid._outputs import deidentify_coded, deidentify_codings, deidentify_corpus
from vnqual.deid._pseudonyms import KEY_COLUMNS, TAGS, Entity, Registry, read_key, write_key
from vnqual.deid._run import (
    AUDIT_COLUMNS,
    DeidResult,
    corpus_key_path,
    deidentify,
    make_scrubber,
    parse_categories,
)

__all__ = [
    "AUDIT_COLUMNS",
    "CATEGORIES",
    "DEFAULT_CATEGORIES",
    "KEEP_LEVELS",
    "KEY_COLUMNS",
    "OFFSET_MAP_COLUMNS",
    "TAGS",
    "UNCERTAIN_BELOW",
    "DeidResult",
    "Entity",
    "Finding",
    "Registry",
    "Span",
    "carry_codings",
    "check_outputs",
    "corpus_key_path",
    "deidentify",
    "deidentify_codings",
    "deidentify_coded",
    "deidentify_corpus",
    "make_scrubber",
    "map_positions",
    "parse_categories",
    "read_key",
    "rewrite",
    "write_key",
]
