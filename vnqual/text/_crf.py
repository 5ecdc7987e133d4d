"""Exact, faster inference with underthesea's own CRF models (words, POS tags, chunks).

underthesea's ``word_tokenize`` spends most of its time moving strings: its Rust featuriser
returns ~43 feature strings per syllable to Python, and the Rust tagger converts them back.
This module reads the *same* model files (CRFsuite format), computes the same feature scores
with per-n-gram caches, and decodes with the same Viterbi rule (first best label wins a tie).
The output is compared with underthesea's on a built-in sample when a model is loaded
(:func:`self_check`) and on all 13k UIT-VSFC sentences in ``benchmarks/bench_tokenize.py``;
if the sample differs (a future underthesea), vnqual warns and uses underthesea's functions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vnqual.text._crfsuite import CRFTagger

_INT32 = re.compile(r"[+-]?[0-9]+")

#: Sentences whose output is compared with underthesea's when a model is first used.
CHECK_SAMPLE = (
    "Cán bộ công chức cấp xã thiếu kinh phí bồi dưỡng ở Ủy ban nhân dân tỉnh Lai Châu.",
    "Ông Nguyễn Văn An (Sở Nội vụ) nói: chương trình nông thôn mới 2021-2025 đạt 85,5%!",
    "thầy dạy nhiệt tình , dễ hiểu nhưng hơi nhanh colonsmile",
    "Uỷ ban nhân dân xã Hoà Bình khoẻ mạnh... UBND huyện 3 lần họp vào 02/05/2014 :)",
)


# ------------------------------------------------------------------------ feature values
def _rust_istitle(text: str) -> str:
    # underthesea_core CRFFeaturizer: every space-separated part starts with a char that
    # equals its own upper case (digits and punctuation count as "title").
    for part in text.split(" "):
        first = part[:1]
        if first != first.upper():
            return "False"
    return "True"


def _rust_isdigit(text: str) -> str:
    # Rust `text.parse::<i32>().is_ok()`
    if _INT32.fullmatch(text) and -(2**31) <= int(text) < 2**31:
        return "True"
    return "False"


def _py_istitle(text: str) -> str:
    # underthesea.pipeline.pos_tag.tagged_feature.text_istitle
    if not text:
        return "False"
    parts = text.split(" ")
    if any(not p for p in parts):
        return "False"
    return str(all(p[0].istitle() for p in parts))


def _py_isallcap(text: str) -> str:
    return str(all(ch.istitle() for ch in text))


# --------------------------------------------------------------------- underthesea models
def _underthesea_dir() -> Path:
    import underthesea

    return Path(underthesea.__file__).parent


@functools.lru_cache(maxsize=1)
def word_model() -> tuple[CRFTagger, frozenset[str]]:
    """The word-segmentation model of ``underthesea.word_tokenize`` and its lexicon."""
    import joblib  # underthesea ships its templates and lexicon as joblib files

    base = _underthesea_dir() / "pipeline" / "word_tokenize" / "models" / "ws_crf_vlsp2013_20230727"
    templates = joblib.load(base / "features.bin")
    lexicon = frozenset(joblib.load(base / "dictionary.bin"))
    funcs: dict[str, Callable[[str], str]] = {
        "lower": str.lower,
        "isdigit": _rust_isdigit,
        "istitle": _rust_istitle,
        "is_in_dict": lambda text: "True" if text.lower() in lexicon else "False",
    }
    return CRFTagger(base / "models.bin", templates, funcs), lexicon


_PY_FUNCS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "istitle": _py_istitle,
    "isdigit": lambda t: str(t.isdigit()),
    "isallcap": _py_isallcap,
}


@functools.lru_cache(maxsize=1)
def pos_model() -> CRFTagger:
    """The default model of ``underthesea.pos_tag``."""
    from underthesea.pipeline.pos_tag import model_crf

    path = Path(model_crf.__file__).parent / "pos_crf_2017_10_11.bin"
    return CRFTagger(path, _model_template(model_crf.CRFPOSTagPredictor), _PY_FUNCS)


@functools.lru_cache(maxsize=1)
def chunk_model() -> CRFTagger:
    """The model of ``underthesea.chunk``."""
    from underthesea.pipeline.chunking import model_crf

    path = Path(model_crf.__file__).parent / "chunk_crf_2017_10_12.bin"
    return CRFTagger(path, _model_template(model_crf.CRFChunkingPredictor), _PY_FUNCS)


def _model_template(singleton: Any) -> list[str]:
    # The predictors are singletons that load the Rust model in __init__; the template list is
    # the only thing we need, so read it from an instance (cheap: one model load, once).
    return list(singleton.Instance().transformer.template)


# --------------------------------------------------------------------------- tokenisation
@functools.lru_cache(maxsize=1)
def _regex() -> tuple[re.Pattern[str], Callable[[str], str], dict[str, str]]:
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.text_normalize.text_normalizer import token_map
    from underthesea.pipeline.word_tokenize import regex_tokenize

    # Compiled from the module's pattern *string*: underthesea's own tokenize() overwrites its
    # global compiled pattern whenever it is called with fixed_words, and never restores it.
    pattern = re.compile(regex_tokenize.regex_patterns_combine, re.VERBOSE | re.UNICODE)
    return pattern, normalize_characters_in_text, token_map


@functools.lru_cache(maxsize=200_000)
def _token_normalize(token: str) -> str:
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize(token)


_CHUNK = re.compile(r"\S+")


def syllables(text: str) -> list[tuple[str, int, int]]:
    """underthesea's regex tokens of ``text`` with their spans in ``text``.

    The tokens are exactly those of ``underthesea.pipeline.word_tokenize.regex_tokenize
    .tokenize(text)``. Spans index ``text`` itself when it is NFC (underthesea only changes
    ``ð`` to ``đ`` then, one character for one); callers align NFD input first.
    """
    pattern, normalize, _ = _regex()
    norm = normalize(text)
    if len(norm) != len(text):
        raise ValueError("syllables() needs NFC text; align it first")
    out: list[tuple[str, int, int]] = []
    append = out.append
    match = pattern.match
    tnorm = _token_normalize
    for m in _CHUNK.finditer(norm):
        chunk = m.group()
        # No pattern of underthesea's tokeniser splits a run of letters except the
        # 'word' one (\w+), and U+02BA is letter-like but listed as punctuation.
        if chunk.isalpha() and "\u02ba" not in chunk:
            pos, end = m.span()
            append((tnorm(chunk) if end - pos <= 6 else chunk, pos, end))
            continue
        pos, end = m.span()
        while pos < end:
            found = match(norm, pos)  # every non-space character starts some match
            if found is None or found.end() <= pos:
                raise RuntimeError(f"underthesea tokeniser stuck at {norm[pos : pos + 10]!r}")
            tok = found.group()
            append((tnorm(tok) if len(tok) <= 6 else tok, pos, found.end()))
            pos = found.end()
    return out


def word_starts(sentences: Sequence[Sequence[str]]) -> list[list[bool]]:
    """For each regex token of each sentence: does it start a word (not underthesea's I-W)?"""
    model, _ = word_model()
    inside = model.labels.index("I-W")
    return [[i == 0 or y != inside for i, y in enumerate(path)] for path in model.tag_batch(sentences)]


def word_tokenize_batch(texts: Sequence[str]) -> list[list[str]]:
    """``[underthesea.word_tokenize(t) for t in texts]``, computed in one batch."""
    toks = [[t for t, _, _ in syllables(unicodedata.normalize("NFC", text))] for text in texts]
    out = []
    for sent, starts in zip(toks, word_starts(toks)):
        words: list[str] = []
        for tok, start in zip(sent, starts):
            if start or not words:
                words.append(tok)
            else:
                words[-1] += " " + tok
        out.append(words)
    return out


def word_tokenize(text: str) -> list[str]:
    """Same output as ``underthesea.word_tokenize(text)`` (without ``fixed_words``)."""
    return word_tokenize_batch([text])[0]


def pos_tags(words: Sequence[str]) -> list[str]:
    """Same tags as ``underthesea.pos_tag`` gives for this word sequence."""
    return pos_model().tag([(w, "X") for w in words])


def pos_tags_many(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """:func:`pos_tags` of many word sequences (batched, the same tags)."""
    return pos_model().tag_many([[(w, "X") for w in words] for words in sentences])


def chunk_tags_many(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> list[list[str]]:
    """:func:`chunk_tags` of many sentences (batched, the same tags)."""
    return chunk_model().tag_many([[(w, p, "X") for w, p in zip(ws, ts)] for ws, ts in zip(sentences, tags)])


def chunk_tags(words: Sequence[str], tags: Sequence[str]) -> list[str]:
    """Same chunk tags (B-NP, I-NP, ...) as ``underthesea.chunk`` for these words and POS tags."""
    return chunk_model().tag([(w, p, "X") for w, p in zip(words, tags)])


def clear_caches() -> None:
    """Forget cached n-gram scores of the loaded models (benchmarks measure cold runs)."""
    for loader in (word_model, pos_model, chunk_model):
        if loader.cache_info().currsize:
            model = loader()
            (model[0] if isinstance(model, tuple) else model).clear_caches()
    _token_normalize.cache_clear()


@functools.cache
def self_check(kind: str = "words") -> bool:
    """True if this module reproduces underthesea on :data:`CHECK_SAMPLE`.

    ``kind``: ``"words"`` (word_tokenize), ``"pos"`` (pos_tag) or ``"chunk"`` (chunk).
    """
    import underthesea

    for sentence in CHECK_SAMPLE:
        words = word_tokenize(sentence)
        if kind == "words":
            if words != underthesea.word_tokenize(sentence):
                return False
            continue
        tags = pos_tags(words)
        if kind == "pos":
            if underthesea.pos_tag(sentence) != list(zip(words, tags)):
                return False
            continue
        ref = underthesea.chunk(sentence)
        if [(w, p) for w, p, _ in ref] != list(zip(words, tags)):
            return False
        if [c for _, _, c in ref] != chunk_tags(words, tags):
            return False
    return True
