"""Themes in short statements: topic models, choosing k, seed words, saved models.

Examples
--------
>>> import vnqual
>>> from vnqual.topics import TopicModel
>>> corpus = vnqual.read_corpus("corpora/toa-dam-boi-duong")  # doctest: +SKIP
>>> tm = TopicModel(6, random_state=1).fit_corpus(corpus)  # doctest: +SKIP
>>> tm.topic_info()[["topic", "size", "label"]]  # doctest: +SKIP
"""
from __future__ import annotations

from vnqual.topics._coherence import npmi_coherence
from vnqual.topics._io import load_model, save_model
from vnqual.topics._model import METHODS, TopicModel
from vnqual.topics._seeded import read_seed_words
from vnqual.topics._select import scan_k

__all__ = ["METHODS", "TopicModel", "load_model", "npmi_coherence", "read_seed_words",
           "save_model", "scan_k"]
