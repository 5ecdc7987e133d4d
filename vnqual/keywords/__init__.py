"""Keywords, distinctive words, keyphrases, concordances and collocations of a corpus.

Every function takes a :class:`~vnqual.corpus.Corpus` (or token lists plus a statements frame)
first and returns a :class:`pandas.DataFrame` whose snake_case columns are the same in the CLI
output: ``term`` is the display form (``cán bộ``), ``token`` the canonical one (``cán_bộ``).
"""

from __future__ import annotations

from vnqual.keywords._collocations import collocations
from vnqual.keywords._freq import frequencies
from vnqual.keywords._kwic import kwic
from vnqual.keywords._logodds import log_odds, log_odds_vs_rest
from vnqual.keywords._textrank import keyphrases
from vnqual.keywords._tfidf import tfidf_terms

__all__ = ["collocations", "frequencies", "keyphrases", "kwic", "log_odds", "log_odds_vs_rest", "tfidf_terms"]
